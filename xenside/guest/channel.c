/* SPDX-License-Identifier: MIT */
/*
 * Channels: an xring (format and ordering rules in common/xring/xring.h)
 * plus one interdomain event channel (events.c), set up with grants
 * (gnttab.c) and found through xenstore (xenstore.c).
 *
 * The front allocates XRING_PAGES pages, grants each to the back's domain
 * (writable: both directions live in them), writes the data pages' refs
 * into page 0 and allocates an unbound port for the back.  The back maps
 * page 0 from the published ref, checks magic and version, maps the data
 * pages it lists and binds to the front's port.  A notify sent by the
 * front before the back has bound is dropped by Xen (an unbound port), so
 * both sides look at the ring before they block.
 *
 * The ring operations are xring.h's (shared with the dom0 peer); this
 * file adds the waiting, the notifying and Xen's error numbers.
 */
#include "channel.h"
#include "cmdline.h"
#include "events.h"
#include "fmt.h"
#include "gnttab.h"
#include "mm.h"
#include "string.h"
#include "xenstore.h"

int chan_create(struct chan *c, domid_t peer)
{
    memset(c, 0, sizeof(*c));
    c->front = true;
    c->peer = peer;
    uint8_t *pages[XRING_PAGES];
    for (unsigned int i = 0; i < XRING_PAGES; i++) {
        pages[i] = mm_page_alloc();
        if (pages[i] == NULL)
            return -XEN_ENOMEM;
        long ref = gnttab_grant(peer, pages[i], false);
        if (ref < 0)
            return (int)ref;
        c->grefs[i] = (grant_ref_t)ref;
    }
    c->ring.shared = (struct xring_shared *)pages[0];
    for (unsigned int i = 0; i < XRING_SLOTS; i++) {
        c->ring.req_page[i] = pages[1 + i];
        c->ring.rsp_page[i] = pages[1 + XRING_SLOTS + i];
    }
    struct xring_shared *s = c->ring.shared;
    for (unsigned int i = 0; i < XRING_DATA_PAGES; i++)
        s->data_gref[i] = c->grefs[1 + i];
    s->version = XRING_VERSION;
    s->slots = XRING_SLOTS;
    s->slot_size = XRING_SLOT_SIZE;
    xring_store(&s->magic, XRING_MAGIC);
    return evtchn_alloc_unbound(peer, &c->port);
}

int chan_attach(struct chan *c, domid_t peer, grant_ref_t ring_ref, evtchn_port_t remote_port)
{
    memset(c, 0, sizeof(*c));
    c->peer = peer;
    uint8_t *va = mm_hole_alloc(XRING_PAGES);
    if (va == NULL)
        return -XEN_ENOMEM;
    int rc = gnttab_map(peer, ring_ref, va, false, &c->handles[0]);
    if (rc != 0)
        return rc;
    c->grefs[0] = ring_ref;
    c->ring.shared = (struct xring_shared *)va;
    struct xring_shared *s = c->ring.shared;
    if (xring_load(&s->magic) != XRING_MAGIC || s->version != XRING_VERSION ||
        s->slots != XRING_SLOTS || s->slot_size != XRING_SLOT_SIZE)
        return -XEN_EBADMSG;
    for (unsigned int i = 0; i < XRING_DATA_PAGES; i++) {
        uint8_t *page = va + (1 + i) * PAGE_SIZE;
        rc = gnttab_map(peer, s->data_gref[i], page, false, &c->handles[1 + i]);
        if (rc != 0)
            return rc;
        c->grefs[1 + i] = s->data_gref[i];
        if (i < XRING_SLOTS)
            c->ring.req_page[i] = page;
        else
            c->ring.rsp_page[i - XRING_SLOTS] = page;
    }
    return evtchn_bind_interdomain(peer, remote_port, &c->port);
}

int chan_publish(const struct chan *c, const char *path)
{
    char value[32];
    fmt_snprintf(value, sizeof(value), "%u %u", (unsigned)c->grefs[0], (unsigned)c->port);
    int rc = xs_write(path, value);
    return rc != 0 ? rc : xs_allow_read(path, c->peer);
}

int chan_lookup(const char *path, grant_ref_t *ring_ref, evtchn_port_t *port, uint64_t timeout_ns)
{
    char value[32];
    int rc = xs_wait(path, value, sizeof(value), timeout_ns);
    if (rc < 0)
        return rc;
    const char *p;
    uint32_t ref, remote;
    if (!parse_u32(value, &p, &ref) || *p != ' ' || !parse_u32(p + 1, &p, &remote) || *p != '\0')
        return -XEN_EINVAL;
    *ring_ref = ref;
    *port = remote;
    return 0;
}

/* Block until the peer's index *prod moves past cons.  A pending notify
 * is consumed before the ring is looked at again, never after (xring.h). */
static int chan_wait(struct chan *c, const uint32_t *prod, uint32_t cons, uint64_t timeout_ns)
{
    while (xring_load(prod) == cons) {
        int rc = evtchn_wait(c->port, timeout_ns);
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* An xring.h result as a Xen error number; lengths pass through. */
static long chan_err(long r)
{
    switch (r) {
    case XRING_EFULL:
        return -XEN_EAGAIN;
    case XRING_ETOOLONG:
        return -XEN_E2BIG;
    case XRING_EBADDESC:
        return -XEN_EBADMSG;
    default:
        return r;
    }
}

int chan_send_req(struct chan *c, const void *req, size_t len)
{
    int rc = xring_send_req(&c->ring, req, len);
    if (rc != 0)
        return (int)chan_err(rc);
    return evtchn_send(c->port);
}

long chan_recv_rsp(struct chan *c, void *resp, size_t resp_max, uint64_t timeout_ns)
{
    struct xring_shared *s = c->ring.shared;
    int rc = chan_wait(c, &s->rsp_prod, s->rsp_cons, timeout_ns);
    if (rc != 0)
        return rc;
    return chan_err(xring_take_rsp(&c->ring, resp, resp_max));
}

long chan_call(struct chan *c, const void *req, size_t len, void *resp, size_t resp_max,
               uint64_t timeout_ns)
{
    int rc = chan_send_req(c, req, len);
    if (rc != 0)
        return rc;
    return chan_recv_rsp(c, resp, resp_max, timeout_ns);
}

long chan_recv_req(struct chan *c, const void **req, uint64_t timeout_ns)
{
    struct xring_shared *s = c->ring.shared;
    int rc = chan_wait(c, &s->req_prod, s->req_cons, timeout_ns);
    if (rc != 0)
        return rc;
    return chan_err(xring_peek_req(&c->ring, req));
}

void *chan_rsp_buf(struct chan *c)
{
    return xring_rsp_buf(&c->ring);
}

int chan_send_rsp(struct chan *c, size_t len)
{
    int rc = xring_send_rsp(&c->ring, len);
    if (rc != 0)
        return (int)chan_err(rc);
    return evtchn_send(c->port);
}

int chan_detach(struct chan *c)
{
    int rc = evtchn_close(c->port);
    uint8_t *va = (uint8_t *)c->ring.shared;
    for (unsigned int i = XRING_PAGES; i-- > 0;) {
        int r = gnttab_unmap(va + i * PAGE_SIZE, c->handles[i]);
        rc = rc != 0 ? rc : r;
    }
    return rc;
}

int chan_destroy(struct chan *c)
{
    int rc = evtchn_close(c->port);
    for (unsigned int i = 0; i < XRING_PAGES; i++) {
        int r = gnttab_end(c->grefs[i]);
        rc = rc != 0 ? rc : r;
    }
    return rc;
}
