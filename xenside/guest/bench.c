/* SPDX-License-Identifier: MIT */
/*
 * The benchmark driver of the Xen guest:
 *   role=client peer=D [system=xen] [unit=insns] [wl=pingpong:N:W]
 *               [n=10000] [warmup=1000] [variant=domu-domu] [dom0peer=1]
 *   role=server peer=D [wl=pingpong:N:W] [n=...] [warmup=...]
 * wl= names the workloads with their own iteration counts
 * (workloads/wl_spec.h); n= and warmup= give the counts of entries that
 * name none.
 * The client creates a channel to domain D (its front), publishes it at
 * data/wl-chan, and runs every workload's client part over it under
 * `variant`.  With dom0peer=1 it then waits until the domU server has gone
 * and dom0 has cleaned up after it, creates a second channel, to domain 0,
 * published at data/wl-chan-dom0, and runs the client parts again against
 * a dom0 process (xenside/dom0/peer) as "domu-dom0".  A workload with no
 * client part (blkio: its solo part drives the disk) is skipped there and
 * on the server.  Then every workload's solo part (which names its own
 * variants; pingpong's null
 * call is "null-hypercall", wl_null_call_name()).  It ends with
 * "@@DONE {"records":K}", K counting all of them.  The server attaches to
 * /local/domain/D/data/wl-chan and runs the server parts in the same
 * order.  Only the client prints @@DONE: dom0 relays every domain's
 * console into one log, and a run has exactly one.  Both refuse to run
 * when Xen emulates rdtsc (tsc_mode "default" here): every figure would
 * carry ~1,300 instructions of emulation.
 */
#include "bench.h"
#include "cmdline.h"
#include "events.h"
#include "console.h"
#include "fmt.h"
#include "pair.h"
#include "string.h"
#include "time.h"
#include "wl_record.h"
#include "wl_spec.h"
#include "wl_xen.h"

#define BENCH_PATH "data/wl-chan"
#define BENCH_DOM0_PATH "data/wl-chan-dom0"
#define BENCH_DOM0_VARIANT "domu-dom0"
#define BENCH_MAX_WORKLOADS 8
#define BENCH_GONE_NS (30 * TIME_S)
#define BENCH_SETTLE_NS (500 * TIME_MS)
#define BENCH_RENDEZVOUS_NS (120 * TIME_S)

struct bench_opts {
    char system[WL_RECORD_NAME_MAX + 1];
    char unit[16];
    char workloads[256];
    char variant[WL_RECORD_NAME_MAX + 1];
    bool dom0peer; /* also measure against a dom0 process */
    struct wl_config cfg;
};

static struct wl_chan bench_chan;
static struct wl_chan bench_dom0_chan;

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
    if (strlen(o->workloads) == sizeof(o->workloads) - 1)
        return bench_fail("wl= is too long (bytes at most)", sizeof(o->workloads) - 2);
    cmdline_get("variant", o->variant, sizeof(o->variant));
    o->cfg.iterations = cmdline_get_u32("n", 10000);
    o->cfg.warmup = cmdline_get_u32("warmup", 1000);
    o->dom0peer = cmdline_get_u32("dom0peer", 0) != 0;
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

/* Sleep about ns in SCHEDOP_poll on a port nobody sends to any more
 * (DESIGN.md: block, never spin; under icount an idle wait is cheap). */
static void bench_sleep(evtchn_port_t quiet_port, uint64_t ns)
{
    uint64_t end = time_now_ns() + ns;
    for (uint64_t now; (now = time_now_ns()) < end;)
        evtchn_wait(quiet_port, end - now);
}

/* Before the dom0 part: wait until the domU server is gone (Xen closed its
 * end of our event channel when it destroyed the domain) and give dom0
 * BENCH_SETTLE_NS more to clean up after it; otherwise xl's teardown of
 * that domain (~20 million instructions) lands in the timed round trips. */
static int bench_settle(void)
{
    evtchn_port_t port = bench_chan.chan.port;
    uint64_t deadline = time_now_ns() + BENCH_GONE_NS;
    for (;;) {
        uint32_t state;
        int rc = evtchn_state(port, &state);
        if (rc != 0)
            return bench_fail("EVTCHNOP_status failed", rc);
        if (state != EVTCHNSTAT_interdomain)
            break;
        if (time_now_ns() >= deadline)
            return bench_fail("the domU server did not go away (s)", BENCH_GONE_NS / TIME_S);
        bench_sleep(port, 10 * TIME_MS);
    }
    bench_sleep(port, BENCH_SETTLE_NS);
    return 0;
}

/* The channel to dom0's peer process.  Its first call waits (no deadline)
 * until the process has attached; a process that fails is caught by dom0's
 * job runner. */
static int bench_dom0_connect(void)
{
    struct chan *c = &bench_dom0_chan.chan;
    int rc = chan_create(c, 0); /* dom0 is domain 0 */
    if (rc == 0)
        rc = chan_publish(c, BENCH_DOM0_PATH);
    return rc != 0 ? bench_fail("channel setup to dom0 failed", rc) : 0;
}

/* A workload named by wl= and its iteration counts. */
struct bench_wl {
    const struct wl_workload *w;
    struct wl_config cfg;
};

/* The workloads named by wl=, in order; returns how many or -1. */
static int bench_workloads(const struct bench_opts *o, struct bench_wl *list)
{
    const char *s = o->workloads;
    struct wl_spec spec;
    int n = 0, rc;
    while ((rc = wl_spec_next(&s, &o->cfg, &spec)) > 0) {
        if (n == BENCH_MAX_WORKLOADS)
            return bench_fail("too many workloads", n), -1;
        list[n].w = wlx_find_workload(spec.name);
        list[n].cfg = spec.cfg;
        if (list[n].w == NULL)
            return bench_fail("unknown workload", n), -1;
        n++;
    }
    if (rc < 0)
        return bench_fail("malformed wl= list at entry", n), -1;
    return n;
}

/* Each workload's client part over ch as variant; returns records or -1. */
static int bench_clients(const struct bench_wl *list, int n, struct wl_chan *ch,
                         const char *variant)
{
    int records = 0;
    for (int i = 0; i < n; i++) {
        if (list[i].w->client == NULL) /* solo only (blkio) */
            continue;
        cprintf("bench: %s %s\n", list[i].w->name, variant);
        int rc = list[i].w->client(ch, variant, &list[i].cfg);
        if (rc < 0)
            return bench_fail("workload client failed", rc), -1;
        records += rc;
    }
    return records;
}

/* The client: every workload against the domU server, then (dom0peer=1)
 * against dom0's process, then alone.  Returns the exit status. */
static int bench_client(const struct bench_wl *list, int n, const struct bench_opts *o)
{
    /* Records go out when everything is measured (console_hold). */
    console_hold();
    int records = bench_clients(list, n, &bench_chan, o->variant);
    if (records < 0)
        return 1;
    if (o->dom0peer) {
        if (bench_settle() != 0 || bench_dom0_connect() != 0)
            return 1;
        int rc = bench_clients(list, n, &bench_dom0_chan, BENCH_DOM0_VARIANT);
        if (rc < 0)
            return 1;
        records += rc;
    }
    for (int i = 0; i < n; i++) {
        if (list[i].w->solo == NULL)
            continue;
        int rc = list[i].w->solo(&list[i].cfg);
        if (rc < 0)
            return bench_fail("workload solo part failed", rc);
        records += rc;
    }
    console_release();
    cprintf(WL_DONE_PREFIX "{\"records\":%d}\n", records);
    return 0;
}

/* For the profiler (profiler/README.md): tell it which machine pages our
 * code runs from, so the client's and the server's instructions count as
 * two domains although both run this binary at the same addresses: the
 * client is domain 0, the server domain 1.  Two marker instructions per
 * page, once, before any window. */
static void bench_announce(bool client)
{
    extern const char _image_start[], _text_end[];
    if (client)
        wl_mark_domain_code(0, _image_start, _text_end);
    else
        wl_mark_domain_code(1, _image_start, _text_end);
}

int bench_run(bool client)
{
    struct bench_opts o;
    bench_announce(client);
    struct bench_wl list[BENCH_MAX_WORKLOADS];
    domid_t peer;
    if (bench_options(&o) != 0)
        return 1;
    int n = bench_workloads(&o, list);
    if (n < 0)
        return 1;
    int rc = pair_peer(&peer);
    if (rc != 0)
        return bench_fail("no peer domid (peer= or data/peer)", rc);
    if (bench_connect(client, peer) != 0)
        return 1;
    if (client)
        return bench_client(list, n, &o);
    for (int i = 0; i < n; i++) {
        if (list[i].w->server == NULL) /* solo only: the client runs it alone */
            continue;
        cprintf("bench: %s server\n", list[i].w->name);
        rc = list[i].w->server(&bench_chan, &list[i].cfg);
        if (rc != 0)
            return bench_fail("workload server failed", rc);
    }
    return 0;
}
