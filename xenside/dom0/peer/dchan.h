/* SPDX-License-Identifier: MIT */
/*
 * A channel seen from a dom0 process: the guest's xring (common/xring/
 * xring.h, the one definition of the format) reached through Linux's
 * gntdev/gntalloc and evtchn devices (libxengnttab, libxenevtchn) instead
 * of hypercalls.  The back (server) maps a front's pages; the front
 * (client) shares its own.  Either way one interdomain event channel
 * carries the notifications.  The ring operations are the guest's too
 * (inline in common/xring/xring.h, shared with the guest).
 */
#ifndef PEER_DCHAN_H
#define PEER_DCHAN_H

#include "xring.h"

#include <stddef.h>
#include <stdint.h>
#include <xenevtchn.h>
#include <xengnttab.h>

struct dchan {
    int front;     /* 1: we granted the pages (client), 0: we map (server) */
    uint32_t peer; /* the other domain */
    xenevtchn_handle *xce;
    xengnttab_handle *xgt; /* back: the mappings */
    xengntshr_handle *xgs; /* front: the shared pages */
    evtchn_port_t port;    /* our end of the event channel */
    struct xring_end ring; /* page 0, the slot pages in data, the id (xring.h) */
    uint8_t *data;               /* XRING_DATA_PAGES pages: requests, then responses */
    uint32_t grefs[XRING_PAGES]; /* front: [0] the ring page, then the data pages */
    unsigned long events;        /* notifications consumed (spurious ones included) */
};

/* Back: map the ring page (ring_ref), check it, map the data pages it
 * lists, bind to remote_port and drop the event the bind leaves pending. */
int dchan_attach(struct dchan *c, uint32_t peer, uint32_t ring_ref, uint32_t remote_port);
/* Front: share XRING_PAGES pages with peer, fill page 0, allocate an
 * unbound port for peer. */
int dchan_create(struct dchan *c, uint32_t peer);
/* Undo attach or create (unmap or unshare, unbind, close). */
void dchan_close(struct dchan *c);

/* Front: send a request, then block for its response (copied out, at most
 * resp_max bytes).  Returns the response length or -errno. */
int dchan_send_req(struct dchan *c, const void *req, size_t len);
long dchan_recv_rsp(struct dchan *c, void *resp, size_t resp_max);

/* Back: block for the next request; *req points into its slot page.
 * Returns its length or -errno. */
long dchan_recv_req(struct dchan *c, const void **req);
/* Back: the slot page the current response goes into. */
void *dchan_rsp_buf(struct dchan *c);
/* Back: publish len bytes of dchan_rsp_buf() and retire the request. */
int dchan_send_rsp(struct dchan *c, size_t len);

#endif
