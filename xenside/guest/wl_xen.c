/* SPDX-License-Identifier: MIT */
/*
 * wl.h on Xen.  wl_call() copies the request into the next request slot
 * of the channel's ring, notifies the event channel and blocks in
 * SCHEDOP_poll until the response is there, then copies it out: one send
 * and one poll hypercall per side and round trip, plus Xen's switch
 * between the two domains.  The server works in place: its handler reads
 * the request from the slot page and writes the response into the
 * response slot page (shared memory needs no copy on that side).  Waits
 * have no deadline, so no clock read lands in a timed round trip; a peer
 * that never answers is caught by dom0's job timeout.
 * wl_null_call() is the cheapest hypercall, xen_version(XENVER_version).
 * Requests that hand pages over (wl_call_pages) are wl_pages.c's; wl_serve
 * only recognises them (one compare per request) and brackets the handler.
 */
#include "wl_xen.h"
#include "console.h"
#include "hypercall.h"
#include "string.h"
#include "tsc.h"
#include "wl_record.h"
#include "xpages.h"

_Static_assert(WL_MSG_MAX <= XRING_SLOT_SIZE, "a wl.h message must fit in one ring slot");

static int64_t wlx_samples[WL_RECORD_MAX_SAMPLES];
static const char *wlx_system = "xen";
static const char *wlx_unit = WL_UNIT_INSNS;

void wlx_set_names(const char *system, const char *unit)
{
    wlx_system = system;
    wlx_unit = unit;
}

uint64_t wl_cycles(void)
{
    return tsc_read_serialized();
}

long wl_call(wl_chan_t *ch, const void *req, size_t len, void *resp, size_t resp_max)
{
    if (len > WL_MSG_MAX)
        return -XEN_E2BIG;
    return chan_call(&ch->chan, req, len, resp, resp_max, 0);
}

long wl_serve(wl_chan_t *ch, wl_handler_t handler, void *ctx)
{
    int rc = wlx_pages_serve_setup(ch);
    if (rc != 0)
        return rc;
    struct xring_shared *s = ch->chan.ring.shared;
    const struct xpages_area *a = xpages_area(s);
    for (;;) {
        const void *req;
        long n = chan_recv_req(&ch->chan, &req, 0);
        if (n < 0)
            return n;
        /* A request carries pages iff its slot's xpages entry has its id
         * (xpages.h); a failure to take them in is answered at once. */
        struct wl_pages batch, *got = NULL;
        if (a->req[xring_slot(s->req_cons)].id == ch->chan.ring.id) {
            if (wlx_pages_begin(ch, &batch) != 0) {
                rc = chan_send_rsp(&ch->chan, 0);
                if (rc != 0)
                    return rc;
                continue;
            }
            got = &batch;
        }
        long r = handler(ctx, req, (size_t)n, got, chan_rsp_buf(&ch->chan));
        if (got != NULL)
            wlx_pages_end(ch); /* its error goes to the client */
        if (r == WL_STOP)
            return chan_send_rsp(&ch->chan, 0);
        if (r < 0 || r > WL_MSG_MAX)
            return -XEN_EINVAL;
        rc = chan_send_rsp(&ch->chan, (size_t)r);
        if (rc != 0)
            return rc;
    }
}

void wl_null_call(void)
{
    hypercall_xen_version(XENVER_version, NULL);
}

const char *wl_null_call_name(void)
{
    return "null-hypercall";
}

int64_t *wl_sample_buffer(uint32_t n)
{
    return n <= WL_RECORD_MAX_SAMPLES ? wlx_samples : NULL;
}

void wl_console_write(const char *s, size_t len)
{
    console_write(s, len);
}

const char *wl_system(void)
{
    return wlx_system;
}

const char *wl_unit(void)
{
    return wlx_unit;
}

const struct wl_workload *wlx_find_workload(const char *name)
{
    /* pagetest is the page hand-over's test (pagetest.c), no benchmark,
     * so not in workloads/wl_list.h. */
    if (strcmp(name, wlx_pagetest.name) == 0)
        return &wlx_pagetest;
    return wl_find(name);
}
