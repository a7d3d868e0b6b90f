/* SPDX-License-Identifier: MIT */
/*
 * A request-response channel between two domains: an xring
 * (common/xring/xring.h) granted by the front (client) and mapped by the
 * back (server), plus one interdomain event channel.  Rendezvous through
 * xenstore: the front publishes "<ring grant ref> <its port>" at a path
 * the back can read.  Built for the wl.h port: a client's wl_call is
 * chan_call, a server loops over chan_recv_req / chan_send_rsp.
 */
#ifndef XENGUEST_CHANNEL_H
#define XENGUEST_CHANNEL_H

#include "xen_public.h"
#include "xring.h"
#include <stdbool.h>

struct chan {
    bool front;
    domid_t peer;
    evtchn_port_t port;    /* our end of the event channel */
    struct xring_end ring; /* the mapped pages and the current id (xring.h) */
    grant_ref_t grefs[XRING_PAGES];      /* front: [0] is the ring page */
    grant_handle_t handles[XRING_PAGES]; /* back: map handles, same order */
};

/* Front: allocate and grant the pages to peer, allocate an unbound port. */
int chan_create(struct chan *c, domid_t peer);
/* Back: map the front's ring and data pages, bind to its port. */
int chan_attach(struct chan *c, domid_t peer, grant_ref_t ring_ref, evtchn_port_t remote_port);
/* Front: write "<ring ref> <port>" at path, readable by the peer. */
int chan_publish(const struct chan *c, const char *path);
/* Back: wait (up to timeout_ns, 0: forever) for path and parse it. */
int chan_lookup(const char *path, grant_ref_t *ring_ref, evtchn_port_t *port, uint64_t timeout_ns);

/* Front: send len bytes from req (len <= XRING_SLOT_SIZE), block for the
 * response and copy up to resp_max bytes of it into resp.  Returns the
 * response length or a negative errno. */
long chan_call(struct chan *c, const void *req, size_t len, void *resp, size_t resp_max,
               uint64_t timeout_ns);
/* Front, split in two (a loopback test drives both ends from one vCPU). */
int chan_send_req(struct chan *c, const void *req, size_t len);
long chan_recv_rsp(struct chan *c, void *resp, size_t resp_max, uint64_t timeout_ns);

/* Back: block for the next request; *req points at its bytes in the slot
 * (valid until chan_send_rsp).  Returns its length or a negative errno. */
long chan_recv_req(struct chan *c, const void **req, uint64_t timeout_ns);
/* Back: where the response to the current request is to be written. */
void *chan_rsp_buf(struct chan *c);
/* Back: publish len bytes of chan_rsp_buf() and retire the request. */
int chan_send_rsp(struct chan *c, size_t len);

/* Teardown: the back unmaps and closes; the front then withdraws its
 * grants (-XEN_EBUSY while the back still maps them) and closes. */
int chan_detach(struct chan *c);
int chan_destroy(struct chan *c);

#endif
