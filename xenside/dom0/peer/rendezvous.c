/* SPDX-License-Identifier: MIT */
/*
 * Xenstore rendezvous for dom0 peers (rendezvous.h) over libxenstore.
 *
 * The lookup never spins: it watches the front's domain home
 * /local/domain/<id>, which fires when the key appears and when the
 * toolstack removes the home of a domain that died, and sleeps in poll()
 * on the watch fd until then or the deadline.  A watch also fires once
 * when it is set, so the first look costs nothing extra.  The xenstore
 * connection is closed before the caller goes on: nothing of it (the
 * library's reader thread, the socket) stays alive while round trips are
 * being timed.
 */
#include "rendezvous.h"
#include "err.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xenstore.h>

#define RENDEZVOUS_TOKEN "wl-dom0"

static double rendezvous_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A decimal uint32_t at *s, digits only; advances *s past it. */
static int rendezvous_u32(const char **s, uint32_t *out)
{
    uint64_t v = 0;
    const char *p = *s;
    if (*p < '0' || *p > '9')
        return -1;
    for (; *p >= '0' && *p <= '9'; p++) {
        v = v * 10 + (uint64_t)(*p - '0');
        if (v > UINT32_MAX)
            return -1;
    }
    *s = p;
    *out = (uint32_t)v;
    return 0;
}

/* "<u32> <u32>" exactly. */
static int rendezvous_parse(const char *s, uint32_t *a, uint32_t *b)
{
    if (rendezvous_u32(&s, a) != 0 || *s++ != ' ' || rendezvous_u32(&s, b) != 0 || *s != '\0')
        return -1;
    return 0;
}

/* 1: the key's value is in *value (malloc'd); 0: not yet; -1: error. */
static int rendezvous_look(struct xs_handle *h, uint32_t domid, const char *home, const char *path,
                           char **value)
{
    unsigned int len;
    *value = xs_read(h, XBT_NULL, path, &len);
    if (*value != NULL)
        return 1;
    if (errno != ENOENT)
        return err_set("reading %s: %s", path, strerror(errno));
    char *dir = xs_read(h, XBT_NULL, home, &len);
    if (dir == NULL)
        return err_set("domain %u is gone and never wrote %s", domid, path);
    free(dir);
    return 0;
}

/* Sleep until a watch fires or `left` seconds pass; swallow the events. */
static int rendezvous_sleep(struct xs_handle *h, double left)
{
    struct pollfd p = { .fd = xs_fileno(h), .events = POLLIN };
    int ms = left > 3600 ? 3600 * 1000 : (int)(left * 1000) + 1;
    if (poll(&p, 1, ms) < 0 && errno != EINTR)
        return err_set("waiting for xenstore: %s", strerror(errno));
    char **w;
    while ((w = xs_check_watch(h)) != NULL)
        free(w);
    return 0;
}

int rendezvous_lookup(uint32_t domid, const char *key, unsigned int timeout_s, uint32_t *ring_ref,
                      uint32_t *port)
{
    char home[64], path[192];
    snprintf(home, sizeof(home), "/local/domain/%u", domid);
    snprintf(path, sizeof(path), "%s/data/%s", home, key);
    struct xs_handle *h = xs_open(0);
    if (h == NULL)
        return err_set("cannot connect to xenstore: %s", strerror(errno));
    if (!xs_watch(h, home, RENDEZVOUS_TOKEN)) {
        err_set("cannot watch %s: %s", home, strerror(errno));
        xs_close(h);
        return -1;
    }
    double deadline = rendezvous_now() + timeout_s;
    char *value = NULL;
    int rc;
    while ((rc = rendezvous_look(h, domid, home, path, &value)) == 0) {
        double left = deadline - rendezvous_now();
        if (left <= 0) {
            rc = err_set("no %s within %u s", path, timeout_s);
            break;
        }
        if (rendezvous_sleep(h, left) != 0) {
            rc = -1;
            break;
        }
    }
    xs_close(h);
    if (rc < 0)
        return -1;
    rc = rendezvous_parse(value, ring_ref, port);
    if (rc != 0)
        err_set("%s is \"%.40s\", not \"<ring ref> <port>\"", path, value);
    free(value);
    return rc;
}

int rendezvous_publish(const char *key, uint32_t reader, uint32_t ring_ref, uint32_t port)
{
    char path[192], value[32];
    snprintf(path, sizeof(path), "/local/domain/0/data/%s", key);
    int n = snprintf(value, sizeof(value), "%u %u", ring_ref, port);
    struct xs_permissions perms[2] = {
        { .id = 0, .perms = XS_PERM_NONE },
        { .id = reader, .perms = XS_PERM_READ },
    };
    struct xs_handle *h = xs_open(0);
    if (h == NULL)
        return err_set("cannot connect to xenstore: %s", strerror(errno));
    int rc = 0;
    if (!xs_write(h, XBT_NULL, path, value, (unsigned int)n) ||
        !xs_set_permissions(h, XBT_NULL, path, perms, 2))
        rc = err_set("cannot publish %s: %s", path, strerror(errno));
    xs_close(h);
    return rc;
}
