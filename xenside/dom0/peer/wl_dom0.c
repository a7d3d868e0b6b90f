/* SPDX-License-Identifier: MIT */
/*
 * wl.h in a dom0 process, so that the very same workload code (pingpong.c)
 * serves a domU from dom0 (variant domu-dom0, claim C2: the dom0 round
 * trip of a split driver).  A request travels the guest's xring (shared
 * pages granted by the client domU, mapped here through gntdev) and its
 * notification an interdomain event channel, which here ends in Linux's
 * evtchn driver: one round trip costs the guest's send and poll
 * hypercalls, Xen's switch to dom0, dom0's upcall and interrupt handling,
 * the wakeup of this process, its read() of the port and write() to
 * unmask, the echo, and the notify ioctl back (dchan.c).
 *
 * Like the guest's port, the server works in place (handler reads the
 * request slot page and writes the response slot page) and waits have no
 * deadline: a client that never answers is dom0's job timeout's business.
 * wl_null_call() is the cheapest system call, getppid(): in a PV dom0 a
 * system call enters Xen first, which bounces it to Linux (claim C4).
 * wl_cycles() is lfence;rdtsc (both in workloads/hosted/wl_hosted.c, which
 * linux/port shares); Xen could trap and emulate it for dom0 as
 * it does for a domU in its default tsc_mode, but here a back-to-back pair
 * costs 8 instructions (the client mode's records carry it as overhead).
 */
#include "wl_dom0.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "pagetest.h"
#include "wl_record.h"
#include "xpages.h"

_Static_assert(WL_MSG_MAX <= XRING_SLOT_SIZE, "a wl.h message must fit in one ring slot");

static const char *wld_system = "xen";
static const char *wld_unit = WL_UNIT_INSNS;

void wld_set_names(const char *system, const char *unit)
{
    wld_system = system;
    wld_unit = unit;
}

long wl_call(wl_chan_t *ch, const void *req, size_t len, void *resp, size_t resp_max)
{
    if (len > WL_MSG_MAX)
        return -E2BIG;
    int rc = dchan_send_req(&ch->chan, req, len);
    if (rc != 0)
        return rc;
    return dchan_recv_rsp(&ch->chan, resp, resp_max);
}

long wl_serve(wl_chan_t *ch, wl_handler_t handler, void *ctx)
{
    for (;;) {
        const void *req;
        long n = dchan_recv_req(&ch->chan, &req);
        if (n < 0)
            return n;
        /* A request carries pages iff its slot's xpages entry has its id
         * (xpages.h); one whose pages cannot be taken is answered at once. */
        struct xring_shared *s = ch->chan.ring.shared;
        struct wl_pages batch, *got = NULL;
        if (xpages_area(s)->req[xring_slot(s->req_cons)].id == ch->chan.ring.id) {
            if (wld_pages_begin(ch, &batch) != 0) {
                int rc = dchan_send_rsp(&ch->chan, 0);
                if (rc != 0)
                    return rc;
                continue;
            }
            got = &batch;
        }
        long r = handler(ctx, req, (size_t)n, got, dchan_rsp_buf(&ch->chan));
        if (got != NULL)
            wld_pages_end(ch); /* its error goes to the client */
        ch->served++;
        if (r == WL_STOP)
            return dchan_send_rsp(&ch->chan, 0);
        if (r < 0 || r > WL_MSG_MAX)
            return -EINVAL;
        int rc = dchan_send_rsp(&ch->chan, (size_t)r);
        if (rc != 0)
            return rc;
    }
}

void wl_console_write(const char *s, size_t len)
{
    fwrite(s, 1, len, stdout);
}

const char *wl_system(void)
{
    return wld_system;
}

const char *wl_unit(void)
{
    return wld_unit;
}

const struct wl_workload *wld_find_workload(const char *name)
{
    /* pagetest: the guest's test of the page hand-over (xenside/pagetest/),
     * no benchmark, so not in workloads/wl_list.h; only its server part
     * runs here. */
    static const struct wl_workload pagetest = { .name = "pagetest", .server = pagetest_server };
    if (strcmp(name, pagetest.name) == 0)
        return &pagetest;
    return wl_find(name);
}
