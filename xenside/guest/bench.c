/* SPDX-License-Identifier: MIT */
/*
 * The benchmark driver of the Xen guest:
 *   role=client peer=D [system=xen] [unit=insns] [n=10000] [warmup=1000]
 *               [wl=pingpong] [variant=domu-domu]
 *   role=server peer=D [wl=pingpong] [n=...] [warmup=...]
 * The client creates a channel to domain D (its front), publishes it at
 * data/wl-chan, and runs every workload's client part over it under
 * `variant`, then the workload's solo part as "null-hypercall"; it ends
 * with "@@DONE {"records":K}".  The server attaches to
 * /local/domain/D/data/wl-chan and runs the server parts in the same
 * order.  Only the client prints @@DONE: dom0 relays every domain's
 * console into one log, and a run has exactly one.  Both refuse to run
 * when Xen emulates rdtsc (tsc_mode "default" here): every figure would
 * carry ~1,300 instructions of emulation.
 */
#include "bench.h"
#include "cmdline.h"
#include "console.h"
#include "fmt.h"
#include "pair.h"
#include "string.h"
#include "time.h"
#include "wl_record.h"
#include "wl_xen.h"

#define BENCH_PATH "data/wl-chan"
#define BENCH_RENDEZVOUS_NS (120 * TIME_S)

struct bench_opts {
    char system[WL_RECORD_NAME_MAX + 1];
    char unit[16];
    char workloads[128];
    char variant[WL_RECORD_NAME_MAX + 1];
    struct wl_config cfg;
};

static struct wl_chan bench_chan;

static int bench_fail(const char *what, long code)
{
    cprintf(WL_PANIC_PREFIX " xenguest: %s (%ld)\n", what, code);
    return 1;
}

static int bench_options(struct bench_opts *o)
{
    strlcpy(o->system, "xen", sizeof(o->system));
    strlcpy(o->unit, WL_UNIT_INSNS, sizeof(o->unit));
    strlcpy(o->workloads, "pingpong", sizeof(o->workloads));
    strlcpy(o->variant, "domu-domu", sizeof(o->variant));
    cmdline_get("system", o->system, sizeof(o->system));
    cmdline_get("unit", o->unit, sizeof(o->unit));
    cmdline_get("wl", o->workloads, sizeof(o->workloads));
    cmdline_get("variant", o->variant, sizeof(o->variant));
    o->cfg.iterations = cmdline_get_u32("n", 10000);
    o->cfg.warmup = cmdline_get_u32("warmup", 1000);
    if (strcmp(o->unit, WL_UNIT_INSNS) != 0 && strcmp(o->unit, WL_UNIT_CYCLES) != 0)
        return bench_fail("unit must be insns or cycles", 0);
    if (o->cfg.iterations == 0 || o->cfg.iterations > WL_RECORD_MAX_SAMPLES)
        return bench_fail("n out of range", o->cfg.iterations);
    struct time_tsc_info tsc;
    if (time_tsc_info(&tsc) && tsc.emulated)
        return bench_fail("Xen emulates rdtsc in this domain (set tsc_mode=\"native\")",
                          tsc.tsc_mode);
    wlx_set_names(o->system, o->unit);
    return 0;
}

static int bench_connect(bool client, domid_t peer)
{
    struct chan *c = &bench_chan.chan;
    if (client) {
        int rc = chan_create(c, peer);
        if (rc == 0)
            rc = chan_publish(c, BENCH_PATH);
        return rc != 0 ? bench_fail("channel setup failed", rc) : 0;
    }
    char path[64];
    grant_ref_t ref;
    evtchn_port_t port;
    fmt_snprintf(path, sizeof(path), "/local/domain/%u/" BENCH_PATH, (unsigned)peer);
    int rc = chan_lookup(path, &ref, &port, BENCH_RENDEZVOUS_NS);
    if (rc == 0)
        rc = chan_attach(c, peer, ref, port);
    return rc != 0 ? bench_fail("attaching to the client's channel failed", rc) : 0;
}

int bench_run(bool client)
{
    struct bench_opts o;
    domid_t peer;
    if (bench_options(&o) != 0)
        return 1;
    int rc = pair_peer(&peer);
    if (rc != 0)
        return bench_fail("no peer domid (peer= or data/peer)", rc);
    if (bench_connect(client, peer) != 0)
        return 1;

    int records = 0;
    for (char *name = o.workloads, *next; name != NULL && *name; name = next) {
        next = strchr(name, ',');
        if (next != NULL)
            *next++ = '\0';
        const struct wl_workload *w = wlx_find_workload(name);
        if (w == NULL)
            return bench_fail("unknown workload", 0);
        cprintf("bench: %s %s\n", name, client ? o.variant : "server");
        if (!client) {
            rc = w->server(&bench_chan, &o.cfg);
            if (rc != 0)
                return bench_fail("workload server failed", rc);
            continue;
        }
        rc = w->client(&bench_chan, o.variant, &o.cfg);
        if (rc < 0)
            return bench_fail("workload client failed", rc);
        records += rc;
        if (w->solo != NULL) {
            rc = w->solo("null-hypercall", &o.cfg);
            if (rc < 0)
                return bench_fail("workload solo part failed", rc);
            records += rc;
        }
    }
    if (client)
        cprintf(WL_DONE_PREFIX "{\"records\":%d}\n", records);
    return 0;
}
