/* SPDX-License-Identifier: MIT */
/*
 * blkfront: the xenbus handshake and the blkif ring (io/blkif.h,
 * io/ring.h, io/xenbus.h).
 *
 * Each instance is one vbd, named by its id (xen/io/blkif.h's virtual
 * device number: xvda 51712, xvdb 51728), with its own ring page, event
 * channel and grants, so a domain can drive several disks at once.
 *
 * The toolstack (xl, a disk in the domain's config) writes our vbd's
 * directory device/vbd/<id> with "backend" (the backend's directory,
 * /local/domain/0/backend/vbd/<our domid>/<id>) and "backend-id"; blkback
 * reaches InitWait once the hotplug script has named the device
 * (xenside/dom0/rootfs/etc/xen/scripts/block).  We then grant it the ring
 * page, allocate an event channel for it, write ring-ref, event-channel
 * and protocol and switch our "state" to Initialised; blkback maps the
 * ring, binds the port, writes "sectors" and "sector-size" and switches
 * to Connected; we read the size and switch to Connected too.  No
 * xenstore transaction: blkback reads our keys only after "state" changes,
 * and that is written last.
 *
 * Features: by default none asked for.  Without "feature-persistent"
 * blkback maps and unmaps every request's grants itself (grant-table
 * hypercalls in dom0 per request); with it (asked for only when the
 * caller wants it; in use when blkback says it supports it too) blkback
 * keeps each page mapped from its first use on.  Without "ring-page-order" the ring is one page
 * (32 entries); requests carry at most BLKIF_MAX_SEGMENTS_PER_REQUEST
 * (11) pages, no indirect segments.
 *
 * The ring (io/ring.h): we produce requests (req_prod) and consume
 * responses (rsp_cons); blkback notifies us only when rsp_prod passes the
 * rsp_event we set before sleeping, and we notify it only when req_prod
 * passes its req_event.  So a batch of requests costs one notification,
 * or none while blkback is still working through the ring.
 */
#include "blkfront.h"
#include "cmdline.h"
#include "events.h"
#include "fmt.h"
#include "gnttab.h"
#include "mm.h"
#include "string.h"
#include "time.h"
#include "xenstore.h"
#include <xen/io/protocols.h>
#include <xen/io/xenbus.h>

/* Whether a backend "state" value has reached *ctx (or gone past it, e.g.
 * to Closing: the caller checks for the exact state). */
static bool blkfront_state_reached(const char *value, void *ctx)
{
    uint32_t state = 0;
    return parse_u32(value, NULL, &state) && state >= *(const uint32_t *)ctx;
}

static int blkfront_wait_backend(struct blkfront *bf, uint32_t want, uint64_t timeout_ns)
{
    char path[sizeof(bf->back) + 8], value[16];
    fmt_snprintf(path, sizeof(path), "%s/state", bf->back);
    int rc = xs_wait_until(path, blkfront_state_reached, &want, value, sizeof(value), timeout_ns);
    if (rc < 0)
        return rc;
    uint32_t state = 0;
    parse_u32(value, NULL, &state);
    return state == want ? 0 : -XEN_EIO; /* closing or closed */
}

/* Our key = a decimal number. */
static int blkfront_write(const struct blkfront *bf, const char *key, unsigned long v)
{
    char path[sizeof(bf->front) + 16], value[24];
    fmt_snprintf(path, sizeof(path), "%s/%s", bf->front, key);
    fmt_snprintf(value, sizeof(value), "%lu", v);
    return xs_write(path, value);
}

static int blkfront_read_backend(const struct blkfront *bf, const char *key, uint64_t *v)
{
    char path[sizeof(bf->back) + 16];
    fmt_snprintf(path, sizeof(path), "%s/%s", bf->back, key);
    /* "sectors" may exceed 32 bits on a real disk: read it whole. */
    return xs_read_u64(path, v);
}

/* Our vbd `handle` and where its backend is. */
static int blkfront_find(struct blkfront *bf, uint16_t handle)
{
    char path[48];
    bf->handle = handle;
    fmt_snprintf(bf->front, sizeof(bf->front), "device/vbd/%u", (unsigned)handle);
    fmt_snprintf(path, sizeof(path), "%s/backend", bf->front);
    int rc = xs_read(path, bf->back, sizeof(bf->back));
    if (rc == -XEN_ENOENT)
        return -XEN_ENODEV; /* the toolstack gave us no such disk */
    if (rc < 0)
        return rc;
    uint32_t backend_id;
    fmt_snprintf(path, sizeof(path), "%s/backend-id", bf->front);
    rc = xs_read_u32(path, &backend_id);
    if (rc != 0)
        return rc;
    bf->backend_id = (domid_t)backend_id;
    return 0;
}

int blkfront_connect(struct blkfront *bf, uint16_t handle, bool persistent, uint64_t timeout_ns)
{
    int rc = blkfront_find(bf, handle);
    if (rc != 0)
        return rc;
    rc = blkfront_wait_backend(bf, XenbusStateInitWait, timeout_ns);
    if (rc != 0)
        return rc;

    blkif_sring_t *sring = mm_page_alloc();
    if (sring == NULL)
        return -XEN_ENOMEM;
    SHARED_RING_INIT(sring);
    FRONT_RING_INIT(&bf->ring, sring, PAGE_SIZE);
    long ref = gnttab_grant(bf->backend_id, sring, false);
    if (ref < 0)
        return (int)ref;
    bf->ring_ref = (grant_ref_t)ref;
    rc = evtchn_alloc_unbound(bf->backend_id, &bf->port);
    if (rc != 0)
        return rc;

    char path[sizeof(bf->front) + 16];
    fmt_snprintf(path, sizeof(path), "%s/protocol", bf->front);
    rc = blkfront_write(bf, "ring-ref", bf->ring_ref);
    if (rc == 0)
        rc = blkfront_write(bf, "event-channel", bf->port);
    if (rc == 0)
        rc = xs_write(path, XEN_IO_PROTO_ABI_X86_64);
    /* Said before Initialised: blkback reads it when it connects the
     * ring, and writes its own "feature-persistent" only then. */
    if (rc == 0 && persistent)
        rc = blkfront_write(bf, "feature-persistent", 1);
    if (rc == 0)
        rc = blkfront_write(bf, "state", XenbusStateInitialised);
    if (rc != 0)
        return rc;

    rc = blkfront_wait_backend(bf, XenbusStateConnected, timeout_ns);
    uint64_t sector_size = 0;
    if (rc == 0)
        rc = blkfront_read_backend(bf, "sectors", &bf->sectors);
    if (rc == 0)
        rc = blkfront_read_backend(bf, "sector-size", &sector_size);
    if (rc != 0)
        return rc;
    bf->sector_size = (uint32_t)sector_size;
    uint64_t offered = 0;
    bf->persistent = persistent && blkfront_read_backend(bf, "feature-persistent", &offered) == 0 &&
                     offered == 1;
    return blkfront_write(bf, "state", XenbusStateConnected);
}

blkif_request_t *blkfront_next_request(struct blkfront *bf)
{
    if (RING_FULL(&bf->ring))
        return NULL;
    return RING_GET_REQUEST(&bf->ring, bf->ring.req_prod_pvt++);
}

void blkfront_push(struct blkfront *bf)
{
    int notify;
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&bf->ring, notify);
    if (notify)
        evtchn_send(bf->port);
}

bool blkfront_response(struct blkfront *bf, uint64_t *id, int16_t *status)
{
    if (!RING_HAS_UNCONSUMED_RESPONSES(&bf->ring))
        return false;
    xen_rmb(); /* the entry after the producer index that announced it */
    const blkif_response_t *r = RING_GET_RESPONSE(&bf->ring, bf->ring.rsp_cons);
    *id = r->id;
    *status = r->status;
    bf->ring.rsp_cons++;
    return true;
}

int blkfront_wait(struct blkfront *bf, uint64_t deadline_ns)
{
    for (;;) {
        /* Sets rsp_event first: blkback notifies for the next response. */
        int more;
        RING_FINAL_CHECK_FOR_RESPONSES(&bf->ring, more);
        if (more)
            return 0;
        /* A notification since the last look: look again before sleeping. */
        if (evtchn_clear(bf->port))
            continue;
        int rc = evtchn_poll(bf->port, deadline_ns);
        if (rc != 0)
            return rc;
        /* SCHEDOP_poll returns on the event or at the deadline; only the
         * second reads the clock. */
        if (!evtchn_pending(bf->port) && !RING_HAS_UNCONSUMED_RESPONSES(&bf->ring) &&
            time_now_ns() >= deadline_ns)
            return -XEN_ETIMEDOUT;
    }
}
