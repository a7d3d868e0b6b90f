/* SPDX-License-Identifier: MIT */
/*
 * Xenstore client over the ring page (io/xs_wire.h).
 *
 * start_info->store_mfn is a page holding struct xenstore_domain_interface:
 * a 1 KiB request ring (we produce req_prod, xenstored consumes req_cons)
 * and a 1 KiB response ring (xenstored produces rsp_prod, we consume
 * rsp_cons); indices are free-running and masked by MASK_XENSTORE_IDX.
 * start_info->store_evtchn is the event channel to xenstored: we notify it
 * after producing requests or consuming responses, it notifies us after
 * doing the same, so a side waiting for data or room blocks on it.
 *
 * A message is struct xsd_sockmsg {type, req_id, tx_id, len} followed by
 * len (<= XENSTORE_PAYLOAD_MAX) payload bytes: READ "path\0" -> value (no
 * NUL); WRITE "path\0value"; SET_PERMS "path\0perm\0perm\0..." where a perm
 * is a letter (n none, r read, w write, b both) and a domid and the first
 * one names the owner and what everybody else may do; WATCH and UNWATCH
 * "path\0token\0"; DIRECTORY "path\0" -> "name\0name\0...".  Errors come back as XS_ERROR with an errno name
 * ("ENOENT\0").  Watch events (XS_WATCH_EVENT "path\0token\0") arrive
 * unsolicited, interleaved with replies; xenstored fires one at once when
 * a watch is set.
 */
#include "xenstore.h"
#include "events.h"
#include "fmt.h"
#include "hypervisor.h"
#include "mm.h"
#include "string.h"
#include "time.h"

#define XS_TIMEOUT_NS (10 * TIME_S)
#define XS_WAIT_TOKEN "xenguest-wait"

static struct xenstore_domain_interface *xs_ring;
static evtchn_port_t xs_port;
static uint32_t xs_req_id;
static bool xs_watch_fired;
static char xs_reply[XENSTORE_PAYLOAD_MAX + 1];

int xs_init(void)
{
    if (xen_start_info->store_mfn == 0)
        return -XEN_ENODEV;
    void *page = mm_hole_alloc(1);
    if (page == NULL)
        return -XEN_ENOMEM;
    int rc = mm_map_mfn(page, xen_start_info->store_mfn, true);
    if (rc != 0)
        return rc;
    xs_port = xen_start_info->store_evtchn;
    xs_ring = page;
    return 0;
}

static int xs_put(const void *data, size_t len)
{
    const char *p = data;
    while (len > 0) {
        XENSTORE_RING_IDX cons = __atomic_load_n(&xs_ring->req_cons, __ATOMIC_ACQUIRE);
        XENSTORE_RING_IDX prod = xs_ring->req_prod;
        size_t room = XENSTORE_RING_SIZE - (prod - cons);
        if (room == 0) {
            evtchn_send(xs_port);
            int rc = evtchn_wait(xs_port, XS_TIMEOUT_NS);
            if (rc != 0)
                return rc;
            continue;
        }
        size_t contiguous = XENSTORE_RING_SIZE - MASK_XENSTORE_IDX(prod);
        size_t n = len < room ? len : room;
        n = n < contiguous ? n : contiguous;
        memcpy(&xs_ring->req[MASK_XENSTORE_IDX(prod)], p, n);
        __atomic_store_n(&xs_ring->req_prod, prod + (XENSTORE_RING_IDX)n, __ATOMIC_RELEASE);
        p += n;
        len -= n;
    }
    return 0;
}

static size_t xs_rsp_avail(void)
{
    return __atomic_load_n(&xs_ring->rsp_prod, __ATOMIC_ACQUIRE) - xs_ring->rsp_cons;
}

/* Take len bytes of the response ring into data (NULL: discard them). */
static int xs_get(void *data, size_t len)
{
    char *p = data;
    while (len > 0) {
        size_t avail = xs_rsp_avail();
        if (avail == 0) {
            int rc = evtchn_wait(xs_port, XS_TIMEOUT_NS);
            if (rc != 0)
                return rc;
            continue;
        }
        XENSTORE_RING_IDX cons = xs_ring->rsp_cons;
        size_t contiguous = XENSTORE_RING_SIZE - MASK_XENSTORE_IDX(cons);
        size_t n = len < avail ? len : avail;
        n = n < contiguous ? n : contiguous;
        if (p != NULL) {
            memcpy(p, &xs_ring->rsp[MASK_XENSTORE_IDX(cons)], n);
            p += n;
        }
        __atomic_store_n(&xs_ring->rsp_cons, cons + (XENSTORE_RING_IDX)n, __ATOMIC_RELEASE);
        len -= n;
    }
    return 0;
}

/* One whole message into xs_reply (NUL-terminated); its header in *hdr. */
static int xs_get_message(struct xsd_sockmsg *hdr)
{
    int rc = xs_get(hdr, sizeof(*hdr));
    if (rc == 0 && hdr->len > XENSTORE_PAYLOAD_MAX)
        rc = -XEN_E2BIG; /* protocol violation: the ring is out of step */
    if (rc == 0)
        rc = xs_get(xs_reply, hdr->len);
    evtchn_send(xs_port); /* room for xenstored's next reply */
    if (rc != 0)
        return rc;
    xs_reply[hdr->len] = '\0';
    if (hdr->type == XS_WATCH_EVENT)
        xs_watch_fired = true;
    return 0;
}

static int xs_errno(const char *name)
{
    static const struct {
        const char *name;
        int err;
    } names[] = {
        { "ENOENT", XEN_ENOENT }, { "EACCES", XEN_EACCES }, { "EEXIST", XEN_EEXIST },
        { "EINVAL", XEN_EINVAL }, { "ENOSPC", XEN_ENOSPC }, { "E2BIG", XEN_E2BIG },
        { "EAGAIN", XEN_EAGAIN }, { "EBUSY", XEN_EBUSY },   { "EPERM", XEN_EPERM },
        { "ENOMEM", XEN_ENOMEM }, { "EISDIR", XEN_EISDIR }, { "ENOSYS", XEN_ENOSYS },
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strcmp(name, names[i].name) == 0)
            return -names[i].err;
    return -XEN_EIO;
}

/* Send type with payload a (alen bytes) and b (blen bytes); wait for the
 * reply, leaving its payload in xs_reply.  Returns its length or < 0. */
static int xs_request(uint32_t type, const void *a, size_t alen, const void *b, size_t blen)
{
    if (xs_ring == NULL)
        return -XEN_ENODEV;
    if (alen + blen > XENSTORE_PAYLOAD_MAX)
        return -XEN_E2BIG;
    struct xsd_sockmsg hdr = { .type = type, .req_id = ++xs_req_id, .len = (uint32_t)(alen + blen) };
    int rc = xs_put(&hdr, sizeof(hdr));
    if (rc == 0)
        rc = xs_put(a, alen);
    if (rc == 0 && blen > 0)
        rc = xs_put(b, blen);
    evtchn_send(xs_port);
    if (rc != 0)
        return rc;
    for (;;) {
        struct xsd_sockmsg reply;
        rc = xs_get_message(&reply);
        if (rc != 0)
            return rc;
        if (reply.type == XS_WATCH_EVENT || reply.req_id != hdr.req_id)
            continue;
        if (reply.type == XS_ERROR)
            return xs_errno(xs_reply);
        return (int)reply.len;
    }
}

int xs_read(const char *path, char *buf, size_t size)
{
    int rc = xs_request(XS_READ, path, strlen(path) + 1, NULL, 0);
    if (rc < 0)
        return rc;
    if (size > 0)
        strlcpy(buf, xs_reply, size);
    return rc;
}

int xs_read_u64(const char *path, uint64_t *value)
{
    char buf[24];
    int rc = xs_read(path, buf, sizeof(buf));
    if (rc < 0)
        return rc;
    uint64_t v = 0;
    if (buf[0] == '\0')
        return -XEN_EINVAL;
    for (const char *p = buf; *p; p++) {
        if (*p < '0' || *p > '9' || v > (UINT64_MAX - 9) / 10)
            return -XEN_EINVAL;
        v = v * 10 + (uint64_t)(*p - '0');
    }
    *value = v;
    return 0;
}

int xs_read_u32(const char *path, uint32_t *value)
{
    uint64_t v;
    int rc = xs_read_u64(path, &v);
    if (rc < 0)
        return rc;
    if (v > UINT32_MAX)
        return -XEN_EINVAL;
    *value = (uint32_t)v;
    return 0;
}

int xs_write(const char *path, const char *value)
{
    int rc = xs_request(XS_WRITE, path, strlen(path) + 1, value, strlen(value));
    return rc < 0 ? rc : 0;
}

int xs_allow_read(const char *path, domid_t reader)
{
    char perms[32];
    int n = fmt_snprintf(perms, sizeof(perms), "n%u", (unsigned)hypervisor_domid());
    n += 1 + fmt_snprintf(perms + n + 1, sizeof(perms) - (size_t)n - 1, "r%u", (unsigned)reader);
    int rc = xs_request(XS_SET_PERMS, path, strlen(path) + 1, perms, (size_t)n + 1);
    return rc < 0 ? rc : 0;
}

static int xs_watch(uint32_t type, const char *path)
{
    char token[] = XS_WAIT_TOKEN;
    int rc = xs_request(type, path, strlen(path) + 1, token, sizeof(token));
    return rc < 0 ? rc : 0;
}

/* Block until a watch event arrives or Xen time reaches deadline. */
static int xs_wait_event(uint64_t deadline)
{
    while (!xs_watch_fired) {
        if (xs_rsp_avail() > 0) {
            struct xsd_sockmsg msg;
            int rc = xs_get_message(&msg);
            if (rc != 0)
                return rc;
            continue;
        }
        uint64_t now = time_now_ns();
        if (now >= deadline)
            return -XEN_ETIMEDOUT;
        int rc = evtchn_wait(xs_port, deadline == UINT64_MAX ? 0 : deadline - now);
        if (rc != 0 && rc != -XEN_ETIMEDOUT)
            return rc;
    }
    return 0;
}

int xs_wait(const char *path, char *buf, size_t size, uint64_t timeout_ns)
{
    return xs_wait_until(path, NULL, NULL, buf, size, timeout_ns);
}

int xs_first_child(const char *path, char *buf, size_t size)
{
    int rc = xs_request(XS_DIRECTORY, path, strlen(path) + 1, NULL, 0);
    if (rc <= 0)
        return rc;
    if (size > 0)
        strlcpy(buf, xs_reply, size); /* up to the first name's NUL */
    return (int)strlen(xs_reply);
}

/* Both waits: watch path, re-read it after every event until accept()
 * takes its value (NULL: any value that exists and we may read). */
int xs_wait_until(const char *path, bool (*accept)(const char *value, void *ctx), void *ctx,
                  char *buf, size_t size, uint64_t timeout_ns)
{
    uint64_t deadline = timeout_ns ? time_now_ns() + timeout_ns : UINT64_MAX;
    int rc = xs_watch(XS_WATCH, path);
    if (rc != 0)
        return rc;
    for (;;) {
        xs_watch_fired = false;
        rc = xs_read(path, buf, size);
        /* Wait on while it is not there yet, not yet readable for us, or
         * not the value. */
        if (rc >= 0 ? accept == NULL || accept(buf, ctx) : rc != -XEN_ENOENT && rc != -XEN_EACCES)
            break;
        int wait_rc = xs_wait_event(deadline);
        if (wait_rc != 0) {
            rc = wait_rc;
            break;
        }
    }
    xs_watch(XS_UNWATCH, path);
    return rc;
}
