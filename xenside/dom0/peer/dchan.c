/* SPDX-License-Identifier: MIT */
/*
 * Channels from a dom0 process (dchan.h), following the xring.h rules.
 *
 * Waiting: Linux's evtchn driver masks a port when its event arrives and
 * queues the port number for read(); xenevtchn_pending() reads it (the
 * fd is blocking, so the process sleeps in the kernel, never spins) and
 * xenevtchn_unmask() lets the next event through; one that came while the
 * port was masked stays pending in Xen and is delivered at the unmask.  So
 * consuming and unmasking before the ring is looked at again loses no
 * wakeup, and an event for work already done only costs one more look.
 *
 * Binding: Xen marks the new local port pending at every interdomain bind
 * (it cannot know what the front sent while the port was unbound), so a
 * fresh port always carries one event that is not the peer's.  attach
 * drains it, so the first wait does not count it as a notification.
 *
 * Ring operations: inline in common/xring/xring.h, the guest's code too, so
 * both sides store in the same order; this file adds waiting, notifying and
 * errno values.
 */
#include "dchan.h"
#include "err.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/mman.h>

#define DCHAN_PAGE 4096u

/* Point the ring's slot pages into data: requests, then responses. */
static void dchan_set_pages(struct dchan *c)
{
    for (uint32_t i = 0; i < XRING_SLOTS; i++) {
        c->ring.req_page[i] = c->data + i * DCHAN_PAGE;
        c->ring.rsp_page[i] = c->data + (XRING_SLOTS + i) * DCHAN_PAGE;
    }
}

static int dchan_open_evtchn(struct dchan *c)
{
    c->xce = xenevtchn_open(NULL, 0);
    if (c->xce == NULL)
        return err_set("cannot open /dev/xen/evtchn: %s", strerror(errno));
    return 0;
}

/* Consume every event already queued for us, without blocking. */
static int dchan_drain(struct dchan *c)
{
    struct pollfd p = { .fd = xenevtchn_fd(c->xce), .events = POLLIN };
    while (poll(&p, 1, 0) > 0) {
        xenevtchn_port_or_error_t port = xenevtchn_pending(c->xce);
        if (port < 0 || xenevtchn_unmask(c->xce, (evtchn_port_t)port) < 0)
            return err_set("draining event channel %u: %s", c->port, strerror(errno));
    }
    return 0;
}

int dchan_attach(struct dchan *c, uint32_t peer, uint32_t ring_ref, uint32_t remote_port)
{
    memset(c, 0, sizeof(*c));
    c->peer = peer;
    if (dchan_open_evtchn(c) != 0)
        return -1;
    c->xgt = xengnttab_open(NULL, 0);
    if (c->xgt == NULL)
        return err_set("cannot open /dev/xen/gntdev: %s", strerror(errno));
    c->ring.shared = xengnttab_map_grant_ref(c->xgt, peer, ring_ref, PROT_READ | PROT_WRITE);
    if (c->ring.shared == NULL)
        return err_set("mapping ring ref %u of domain %u: %s", ring_ref, peer, strerror(errno));
    struct xring_shared *s = c->ring.shared;
    if (xring_load(&s->magic) != XRING_MAGIC || s->version != XRING_VERSION ||
        s->slots != XRING_SLOTS || s->slot_size != XRING_SLOT_SIZE)
        return err_set("ring ref %u of domain %u is not an xring v%u with %u slots of %u bytes",
                       ring_ref, peer, XRING_VERSION, XRING_SLOTS, XRING_SLOT_SIZE);
    /* A private copy: the front can write page 0 while we map. */
    uint32_t refs[XRING_DATA_PAGES];
    memcpy(refs, s->data_gref, sizeof(refs));
    c->data = xengnttab_map_domain_grant_refs(c->xgt, XRING_DATA_PAGES, peer, refs,
                                              PROT_READ | PROT_WRITE);
    if (c->data == NULL)
        return err_set("mapping the %u data pages of domain %u: %s", XRING_DATA_PAGES, peer,
                       strerror(errno));
    dchan_set_pages(c);
    c->grefs[0] = ring_ref;
    memcpy(c->grefs + 1, refs, sizeof(refs));
    xenevtchn_port_or_error_t port = xenevtchn_bind_interdomain(c->xce, peer, remote_port);
    if (port < 0)
        return err_set("binding to port %u of domain %u: %s", remote_port, peer, strerror(errno));
    c->port = (evtchn_port_t)port;
    return dchan_drain(c);
}

int dchan_create(struct dchan *c, uint32_t peer)
{
    memset(c, 0, sizeof(*c));
    c->front = 1;
    c->peer = peer;
    if (dchan_open_evtchn(c) != 0)
        return -1;
    c->xgs = xengntshr_open(NULL, 0);
    if (c->xgs == NULL)
        return err_set("cannot open /dev/xen/gntalloc: %s", strerror(errno));
    uint8_t *va = xengntshr_share_pages(c->xgs, peer, XRING_PAGES, c->grefs, 1);
    if (va == NULL)
        return err_set("sharing %u pages with domain %u: %s", XRING_PAGES, peer, strerror(errno));
    c->ring.shared = (struct xring_shared *)va;
    c->data = va + DCHAN_PAGE;
    dchan_set_pages(c);
    struct xring_shared *s = c->ring.shared;
    memcpy(s->data_gref, c->grefs + 1, sizeof(s->data_gref));
    s->version = XRING_VERSION;
    s->slots = XRING_SLOTS;
    s->slot_size = XRING_SLOT_SIZE;
    xring_store(&s->magic, XRING_MAGIC);
    xenevtchn_port_or_error_t port = xenevtchn_bind_unbound_port(c->xce, peer);
    if (port < 0)
        return err_set("allocating a port for domain %u: %s", peer, strerror(errno));
    c->port = (evtchn_port_t)port;
    return 0;
}

void dchan_close(struct dchan *c)
{
    if (c->xce != NULL) {
        if (c->port != 0)
            xenevtchn_unbind(c->xce, c->port);
        xenevtchn_close(c->xce);
    }
    if (c->xgt != NULL) {
        if (c->data != NULL)
            xengnttab_unmap(c->xgt, c->data, XRING_DATA_PAGES);
        if (c->ring.shared != NULL)
            xengnttab_unmap(c->xgt, c->ring.shared, 1);
        xengnttab_close(c->xgt);
    }
    if (c->xgs != NULL) {
        if (c->ring.shared != NULL)
            xengntshr_unshare(c->xgs, c->ring.shared, XRING_PAGES);
        xengntshr_close(c->xgs);
    }
    memset(c, 0, sizeof(*c));
}

/* Block until the peer's index *prod moves past cons (see the top). */
static int dchan_wait(struct dchan *c, const uint32_t *prod, uint32_t cons)
{
    while (xring_load(prod) == cons) {
        xenevtchn_port_or_error_t port = xenevtchn_pending(c->xce);
        if (port < 0) {
            if (errno == EINTR)
                continue;
            return -errno;
        }
        c->events++;
        if (xenevtchn_unmask(c->xce, (evtchn_port_t)port) < 0)
            return -errno;
    }
    return 0;
}

static int dchan_notify(struct dchan *c)
{
    return xenevtchn_notify(c->xce, c->port) < 0 ? -errno : 0;
}

/* An xring.h result as an errno value; lengths pass through. */
static long dchan_err(long r)
{
    switch (r) {
    case XRING_EFULL:
        return -EAGAIN;
    case XRING_ETOOLONG:
        return -E2BIG;
    case XRING_EBADDESC:
        return -EBADMSG;
    default:
        return r;
    }
}

int dchan_send_req(struct dchan *c, const void *req, size_t len)
{
    int rc = xring_send_req(&c->ring, req, len);
    if (rc != 0)
        return (int)dchan_err(rc);
    return dchan_notify(c);
}

long dchan_recv_rsp(struct dchan *c, void *resp, size_t resp_max)
{
    struct xring_shared *s = c->ring.shared;
    int rc = dchan_wait(c, &s->rsp_prod, s->rsp_cons);
    if (rc != 0)
        return rc;
    return dchan_err(xring_take_rsp(&c->ring, resp, resp_max));
}

long dchan_recv_req(struct dchan *c, const void **req)
{
    struct xring_shared *s = c->ring.shared;
    int rc = dchan_wait(c, &s->req_prod, s->req_cons);
    if (rc != 0)
        return rc;
    return dchan_err(xring_peek_req(&c->ring, req));
}

void *dchan_rsp_buf(struct dchan *c)
{
    return xring_rsp_buf(&c->ring);
}

int dchan_send_rsp(struct dchan *c, size_t len)
{
    int rc = xring_send_rsp(&c->ring, len);
    if (rc != 0)
        return (int)dchan_err(rc);
    return dchan_notify(c);
}
