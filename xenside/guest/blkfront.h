/* SPDX-License-Identifier: MIT */
/*
 * A block front end: one virtual disk of the domain (device/vbd/<id>),
 * served by a blkback in the backend domain over one shared blkif ring
 * page (xen/io/blkif.h) and one event channel.  Only the transport: the
 * caller fills requests (grant references and sectors, blkif's own
 * format) and matches responses by id; wl_blk_xen.c does that for wl.h.
 */
#ifndef XENGUEST_BLKFRONT_H
#define XENGUEST_BLKFRONT_H

#include "xen_public.h"
#include <stdbool.h>

/* io/ring.h leaves the barriers to its includer.  x86 orders stores with
 * stores and loads with loads, so those two need only stop the compiler;
 * a store followed by a load (publish, then check the other side's event
 * index) needs a real fence. */
#define xen_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define xen_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define xen_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)
#include <xen/io/blkif.h>

struct blkfront {
    domid_t backend_id;
    uint16_t handle;           /* the vbd's id: blkif requests carry it */
    char front[32];            /* our xenstore directory, device/vbd/<id> */
    char back[80];             /* the backend's directory */
    evtchn_port_t port;        /* ours; the backend binds to it */
    grant_ref_t ring_ref;      /* the ring page, granted to the backend */
    blkif_front_ring_t ring;   /* our private indices over the shared page */
    uint64_t sectors;          /* disk size in sector-size units */
    uint32_t sector_size;
    bool persistent;           /* persistent grants negotiated */
};

/* Virtual device numbers (io/blkif.h, "xvd" disks: 202 << 8 | disk << 4)
 * of the two disks xl gives a domain (xenside/dom0/README.md, "Disk"). */
#define BLKFRONT_XVDA 51712u
#define BLKFRONT_XVDB 51728u

/* The xenbus handshake with the backend of our vbd `handle` (e.g.
 * BLKFRONT_XVDA), waiting up to timeout_ns for each of its steps; with
 * persistent, ask for persistent grants if the backend offers them
 * (bf->persistent says whether).  bf is one disk's state (ring, event
 * channel, grants): zeroed, and never shared with another disk's.  0, or
 * a negative errno (-XEN_ENODEV: this domain has no such disk). */
int blkfront_connect(struct blkfront *bf, uint16_t handle, bool persistent, uint64_t timeout_ns);

/* The next request entry of the ring to fill, private until
 * blkfront_push(); NULL if the ring is full. */
blkif_request_t *blkfront_next_request(struct blkfront *bf);
/* Make the filled entries visible to the backend, notifying it only if
 * it asked to be (it sleeps): RING_PUSH_REQUESTS_AND_CHECK_NOTIFY. */
void blkfront_push(struct blkfront *bf);
/* Take one response if there is one: its id and status (BLKIF_RSP_*). */
bool blkfront_response(struct blkfront *bf, uint64_t *id, int16_t *status);
/* Block (SCHEDOP_poll on our port, never spinning) until a response is
 * there or Xen time reaches deadline_ns: 0 or -XEN_ETIMEDOUT. */
int blkfront_wait(struct blkfront *bf, uint64_t deadline_ns);

#endif
