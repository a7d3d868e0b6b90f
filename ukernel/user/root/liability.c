/* SPDX-License-Identifier: MIT */
/*
 * The liability scenario (liability.h).  Per server, with the tasks
 * at TASK_PRIO and root above them all (it runs whenever it is woken):
 *
 *   1. root starts the server with RD_FLAG_STALL and the bystander pair,
 *      and lets the bystander do its first burst (before any failure);
 *   2. the client connects (the stalling server answers connects), wakes
 *      the bystander for its second burst and reads: the server receives
 *      the request and never answers, the call ends with UK_ETIMEOUT
 *      after the client's own timeout (detect, stall); meanwhile the
 *      bystander's burst runs (it must fit inside the stall);
 *   3. the client tells root and reads again; root waits a tick, so the
 *      call is pending in the stalled server, and kills the server: the
 *      call fails with UK_EABORT (detect, death: from the kill to the
 *      error); root wakes the bystander's third burst, sees the server's
 *      exit and restarts it (vb_restart(), rd_restart());
 *   4. the client retries (a RAM-disk client connects again first) until
 *      served: recover is from the kill to that first served request;
 *      then a write is read back to show the service is whole.
 * Everything is timed with the TSC of the task that saw it (one CPU: one
 * clock).  Every wait of root's is bounded: a hang is a @@PANIC.
 */
#include "liability.h"
#include "console.h"
#include "fmt.h"
#include "ramdisk.h"
#include "ramdisk_start.h"
#include "selftest_blk.h"
#include "string.h"
#include "task.h"
#include "virtioblk.h"
#include "virtioblk_start.h"

#define LB_SHARED_VA 0x500000ull /* the page(s) root shares with client and bystander */
#define LB_SHARED_PAGES 8
#define LB_BY_SLOT 2     /* the bystander pair's endpoint */
#define LB_ROOT_SLOT 8   /* client, bystander: send to root's notification */
#define LB_GO_SLOT 9     /* client: send, bystander: wait; starts a burst */
#define LB_BY_N 1000u    /* round trips per burst */
#define LB_BY_TICKS 100u /* a bystander round trip's timeout: one second */
#define LB_BURSTS 3      /* before, during the stall, from the death on */
#define LB_RETRIES 3     /* the client's tries after the death */
/* Longer than anything root waits for may take (three of the virtio
 * client's timeouts, with restart=0): beyond it, something hangs. */
#define LB_WAIT_TICKS (5 * VB_TIMEOUT_TICKS)

/* Badges on root's notification. */
#define LB_CLIENT_EXIT 1u
#define LB_SERVER_EXIT 2u
#define LB_DETECTED 4u
#define LB_BY_DONE 8u
#define LB_BY_EXIT 16u

struct lb_shared {
    volatile uint64_t kill_tsc;                 /* root: when it killed the server */
    volatile uint64_t stall_req, stall_err_tsc; /* client: the stalled call */
    volatile int64_t stall_err;
    volatile uint64_t death_err_tsc; /* client: the call pending at the death */
    volatile int64_t death_err;
    volatile uint64_t served_tsc, retries; /* client: the first served retry */
    volatile int64_t retry_err;
    volatile uint64_t by_bursts; /* bystander: bursts done */
    volatile uint64_t by_ok[LB_BURSTS], by_start[LB_BURSTS], by_end[LB_BURSTS];
    volatile uint64_t by_rt[LB_BURSTS][LB_BY_N];
};
_Static_assert(sizeof(struct lb_shared) <= LB_SHARED_PAGES * UK_PAGE_SIZE, "shared pages");

#define LB_SH ((struct lb_shared *)LB_SHARED_VA)

/* ---- the tasks ---- */

static long lb_read(wl_blk_t *b, uint64_t sector)
{
    struct wl_blk_req r = { WL_BLK_READ, 1, 4096, 1, sector };
    uint32_t tag;
    long st = 0, e = wl_blk_submit(b, &r);
    if (!e)
        e = wl_blk_complete(b, &tag, &st);
    return e ? e : st;
}

static void lb_client(uint64_t args_va)
{
    struct lb_shared *sh = LB_SH;
    bool ram = !((const struct wluk_args *)args_va)->vblk_pages;
    wl_blk_t *b = rdt_open(args_va);
    /* Under kvm the virtual clock is real time and the host's emulation
     * of the device no longer stretches it: the driver's bound of
     * VB_TIMEOUT_TICKS (set for tcg, virtioblk.h) would make the stall
     * last five minutes; the RAM disk's second is plenty. */
    if (!strcmp(((const struct wluk_args *)args_va)->unit, "cycles"))
        FAIL_IF(wluk_blk_set_timeout(b, RD_TIMEOUT_TICKS));
    sh->stall_req = wl_cycles();
    FAIL_IF(uk_notify(LB_GO_SLOT)); /* the bystander's burst runs while this waits */
    sh->stall_err = lb_read(b, 8);
    sh->stall_err_tsc = wl_cycles();
    FAIL_IF(uk_notify(LB_ROOT_SLOT));
    sh->death_err = lb_read(b, 8); /* pending when root kills the server */
    sh->death_err_tsc = wl_cycles();
    for (uint64_t n = 0; n < LB_RETRIES && !sh->served_tsc; n++) {
        long e = ram ? wluk_blk_reconnect(b) : 0; /* a new RAM-disk server knows no buffers */
        if (!e)
            e = lb_read(b, 8);
        sh->retries = n + 1;
        sh->retry_err = e;
        if (!e)
            sh->served_tsc = wl_cycles();
    }
    FAIL_IF(!sh->served_tsc);
    for (uint32_t i = 0; i < 4096; i++)
        wl_blk_buffer(b, 0)[i] = rdt_byte(0, i);
    memset(wl_blk_buffer(b, 1), 0, 4096);
    FAIL_IF(rdt_one(b, WL_BLK_WRITE, 0, 4096, 64));
    FAIL_IF(rdt_one(b, WL_BLK_READ, 1, 4096, 64));
    FAIL_IF(memcmp(wl_blk_buffer(b, 0), wl_blk_buffer(b, 1), 4096));
    uk_thread_exit(0);
}

/* The bystander's server: echoes until its endpoint goes. */
static void lb_by_server(uint64_t unused)
{
    (void)unused;
    struct uk_msg m;
    long e = uk_recv(LB_BY_SLOT, 0, &m, NULL, 0, NULL);
    while (!e)
        e = uk_reply_recv(LB_BY_SLOT, &m, NULL, NULL, 0, NULL);
    uk_thread_exit((uint64_t)e);
}

/* The bystander's client: a burst of LB_BY_N timed round trips per go. */
static void lb_by_client(uint64_t unused)
{
    (void)unused;
    struct lb_shared *sh = LB_SH;
    for (unsigned k = 0; k < LB_BURSTS; k++) {
        uint64_t bits, ok = 0;
        FAIL_IF(uk_wait(LB_GO_SLOT, 0, &bits));
        sh->by_start[k] = wl_cycles();
        for (uint64_t i = 0; i < LB_BY_N; i++) {
            struct uk_msg m = { 0, { i, 0, 0, 0 } };
            uint64_t t0 = wl_cycles();
            long e = uk_call_timeout(LB_BY_SLOT, &m, NULL, NULL, 0, LB_BY_TICKS);
            sh->by_rt[k][i] = wl_cycles() - t0;
            ok += !e && m.mr[0] == i;
        }
        sh->by_end[k] = wl_cycles();
        sh->by_ok[k] = ok;
        sh->by_bursts = k + 1;
        FAIL_IF(uk_notify(LB_ROOT_SLOT));
    }
    uk_thread_exit(0);
}

/* ---- root's side ---- */

struct lb_server {
    const char *name;
    bool virtio;
    struct rd_server rd;
    struct vb_driver vb;
};

static long srv_start(struct lb_server *s, uint64_t exit_cap)
{
    return s->virtio ? vb_start(&s->vb, RD_FLAG_STALL, exit_cap)
                     : rd_start(&s->rd, RD_FLAG_STALL, exit_cap);
}

static long srv_give(struct lb_server *s, struct task *t, struct wluk_args *a)
{
    return s->virtio ? vb_give(&s->vb, t, a) : rd_give(&s->rd, t, a);
}

static void srv_kill(struct lb_server *s)
{
    if (s->virtio)
        vb_kill(&s->vb);
    else
        rd_kill(&s->rd);
}

static long srv_restart(struct lb_server *s)
{
    if (!s->virtio)
        console_printf("root: the RAM-disk server ended; restarting it\n");
    return s->virtio ? vb_restart(&s->vb) : rd_restart(&s->rd);
}

static void srv_stop(struct lb_server *s)
{
    if (s->virtio)
        vb_stop(&s->vb);
    else
        rd_stop(&s->rd);
}

struct lb_run {
    const struct liability_opts *o;
    struct lb_server *srv;
    struct lb_shared *sh; /* root's view */
    uint64_t ntfn, seen;  /* root's notification, the badges seen so far */
    unsigned deaths, restarts;
};

static int lb_fail(const struct lb_run *r, const char *what, long code)
{
    console_printf("@@PANIC liability: %s: %s (%ld)\n", r->srv->name, what, code);
    return -1;
}

/* Wait for the next event (bounded), restarting the server whenever it
 * ends; `what` names what root waits for, for the message if it hangs. */
static int lb_step(struct lb_run *r, const char *what)
{
    uint64_t bits = 0;
    long e = uk_wait_timeout(r->ntfn, LB_WAIT_TICKS, &bits);
    if (e == UK_ETIMEOUT) {
        console_printf("@@PANIC liability: %s: hung: no %s within %u timer ticks\n", r->srv->name,
                       what, (unsigned)LB_WAIT_TICKS);
        return -1;
    }
    if (e)
        return lb_fail(r, "waiting failed", e);
    r->seen |= bits;
    if (bits & LB_SERVER_EXIT) {
        r->deaths++;
        if (!r->o->restart)
            console_printf("root: the %s ended; not restarting it (restart=0)\n", r->srv->name);
        else if ((e = srv_restart(r->srv)))
            return lb_fail(r, "cannot restart the server", e);
        else
            r->restarts++;
    }
    return 0;
}

static const char *lb_err_name(long e)
{
    switch (e) {
    case UK_OK:
        return "no error";
    case UK_ETIMEOUT:
        return "UK_ETIMEOUT";
    case UK_EABORT:
        return "UK_EABORT";
    case UK_ECAP:
        return "UK_ECAP";
    case UK_EINVAL:
        return "UK_EINVAL";
    case UK_EFAULT:
        return "UK_EFAULT";
    default:
        return "another error";
    }
}

/* The median of a burst's round trips (sorts a copy). */
static uint64_t lb_median(const volatile uint64_t *rt)
{
    static uint64_t v[LB_BY_N];
    for (unsigned i = 0; i < LB_BY_N; i++) {
        uint64_t x = rt[i];
        unsigned j = i;
        for (; j > 0 && v[j - 1] > x; j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
    return (v[LB_BY_N / 2 - 1] + v[LB_BY_N / 2]) / 2;
}

static void lb_row(const struct lb_run *r, const char *failure, const char *measure, uint64_t value,
                   const char *unit, const char *outcome)
{
    console_printf("# liability: row uk,%s,%s,%s,%lu,%s,%s\n", r->srv->name, failure, measure,
                   (unsigned long)value, unit, outcome);
}

/* The rows, once every check passed. */
static void lb_report(const struct lb_run *r, const char *unit)
{
    const struct lb_shared *sh = r->sh;
    static const char *const failures[2] = { "stall", "death" };
    uint64_t before = lb_median(sh->by_rt[0]);
    uint64_t recover = sh->served_tsc - sh->kill_tsc;
    char ok[2][48];
    for (unsigned f = 0; f < 2; f++)
        fmt_snprintf(ok[f], sizeof(ok[f]), "%lu of %u round trips", (unsigned long)sh->by_ok[1 + f],
                     LB_BY_N);
    lb_row(r, "stall", "detect", sh->stall_err_tsc - sh->stall_req, unit, "error UK_ETIMEOUT");
    lb_row(r, "death", "detect", sh->death_err_tsc - sh->kill_tsc, unit,
           "error UK_EABORT (from the death)");
    lb_row(r, "stall", "recover", recover, unit, "served after root killed and restarted it");
    lb_row(r, "death", "recover", recover, unit, "served after root restarted it");
    for (unsigned f = 0; f < 2; f++) {
        lb_row(r, failures[f], "bystander_before", before, unit, "median of 1000 round trips");
        lb_row(r, failures[f], "bystander_during", lb_median(sh->by_rt[1 + f]), unit,
               f ? "median of 1000 round trips from the death on"
                 : "median of 1000 round trips inside the stall");
        lb_row(r, failures[f], "bystander_ok", sh->by_ok[1 + f] == LB_BY_N, "count", ok[f]);
    }
    console_printf("# liability: %s: detect %lu (stall) and %lu (death), recover %lu %s; "
                   "bystander median %lu before, %lu stalled, %lu dead; %u restart(s)\n",
                   r->srv->name, (unsigned long)(sh->stall_err_tsc - sh->stall_req),
                   (unsigned long)(sh->death_err_tsc - sh->kill_tsc), (unsigned long)recover, unit,
                   (unsigned long)before, (unsigned long)lb_median(sh->by_rt[1]),
                   (unsigned long)lb_median(sh->by_rt[2]), r->restarts);
}

/* What went as it must; a @@PANIC for the first thing that did not. */
static int lb_check(const struct lb_run *r, const struct uk_thread_status *cli)
{
    const struct lb_shared *sh = r->sh;
    char why[128];
    if (cli->state == UK_THREAD_KILLED)
        return lb_fail(r, "the client was killed by an exception", (long)cli->vector);
    if (!(r->seen & LB_DETECTED)) {
        fmt_snprintf(why, sizeof(why),
                     "the client ended at line %lu of liability.c before its "
                     "stalled call ended",
                     (unsigned long)cli->value);
        return lb_fail(r, why, sh->stall_err);
    }
    if (!sh->served_tsc) {
        fmt_snprintf(why, sizeof(why),
                     "the client was never served again after the death (%lu tries, last: %s)%s",
                     (unsigned long)sh->retries, lb_err_name(sh->retry_err),
                     r->o->restart ? "" : ": root did not restart the server (restart=0)");
        return lb_fail(r, why, sh->retry_err);
    }
    if (cli->value) {
        fmt_snprintf(why, sizeof(why), "the client failed at line %lu of liability.c",
                     (unsigned long)cli->value);
        return lb_fail(r, why, 0);
    }
    if (sh->stall_err != UK_ETIMEOUT)
        return lb_fail(r, "the stalled call did not end with UK_ETIMEOUT", sh->stall_err);
    if (sh->death_err != UK_EABORT)
        return lb_fail(r, "the call pending at the death did not end with UK_EABORT",
                       sh->death_err);
    if (r->deaths != 1 || r->restarts != 1)
        return lb_fail(r, "the server must have died and been restarted once", r->restarts);
    if (sh->by_ok[0] != LB_BY_N)
        return lb_fail(r, "the bystander's first burst failed", (long)sh->by_ok[0]);
    if (sh->by_start[1] < sh->stall_req || sh->by_end[1] > sh->stall_err_tsc)
        return lb_fail(r, "the bystander's second burst did not fall inside the stall", 0);
    if (sh->kill_tsc <= sh->stall_err_tsc || sh->served_tsc <= sh->kill_tsc)
        return lb_fail(r, "the events are out of order", 0);
    return 0;
}

/* Caps root made for one scenario, deleted at its end. */
#define LB_CAPS 24

struct lb_caps {
    uint64_t slot[LB_CAPS];
    unsigned n;
};

/* e is the result of the call that filled *slot (read after it ran). */
static long lb_keep(struct lb_caps *c, long e, const uint64_t *slot)
{
    if (!e && c->n < LB_CAPS)
        c->slot[c->n++] = *slot;
    return e;
}

/* A task for the scenario with the shared pages at LB_SHARED_VA. */
static long lb_task(struct lb_caps *c, struct task *t, void *shared)
{
    long e = lb_keep(c, task_create(t), &t->space);
    return e ? e : uk_map(t->space, (uint64_t)shared, LB_SHARED_VA, LB_SHARED_PAGES, UK_MAP_WRITE);
}

static long lb_thread(struct lb_caps *c, struct task *t, void (*fn)(uint64_t), uint64_t arg,
                      uint64_t exit_cap, uint64_t *slot)
{
    long e = lb_keep(c, task_thread(t, fn, arg, TASK_PRIO, exit_cap, slot), slot);
    return e ? e : uk_thread_start(*slot);
}

static long lb_mint(struct lb_caps *c, uint64_t src, unsigned rights, uint64_t badge,
                    uint64_t *slot)
{
    return lb_keep(c, root_mint(src, rights, badge, slot), slot);
}

static int lb_scenario(const struct liability_opts *o, struct lb_server *srv, const char *unit)
{
    static struct lb_shared *shared;
    struct lb_caps caps = { .n = 0 };
    struct lb_run r = { .o = o, .srv = srv };
    struct task bys, byc, cli;
    uint64_t go, sleep, n_cli, n_srv, n_det, n_by, n_byx, go_send, by_ep, th_bys, th_byc, th_cli;
    struct uk_thread_status st;
    long e;

    console_printf("# liability: %s: stall, then death\n", srv->name);
    if (!shared && !(shared = pool_alloc(LB_SHARED_PAGES)))
        return lb_fail(&r, "no memory for the shared pages", UK_ENOMEM);
    memset(shared, 0, sizeof(*shared));
    r.sh = shared;
    if ((e = lb_keep(&caps, uk_notification_create(&r.ntfn), &r.ntfn)) ||
        (e = lb_keep(&caps, uk_notification_create(&go), &go)) ||
        (e = lb_keep(&caps, uk_notification_create(&sleep), &sleep)) ||
        (e = lb_keep(&caps, uk_endpoint_create(&by_ep), &by_ep)) ||
        (e = lb_mint(&caps, r.ntfn, UK_RIGHT_SEND, LB_CLIENT_EXIT, &n_cli)) ||
        (e = lb_mint(&caps, r.ntfn, UK_RIGHT_SEND, LB_SERVER_EXIT, &n_srv)) ||
        (e = lb_mint(&caps, r.ntfn, UK_RIGHT_SEND, LB_DETECTED, &n_det)) ||
        (e = lb_mint(&caps, r.ntfn, UK_RIGHT_SEND, LB_BY_DONE, &n_by)) ||
        (e = lb_mint(&caps, r.ntfn, UK_RIGHT_SEND, LB_BY_EXIT, &n_byx)) ||
        (e = lb_mint(&caps, go, UK_RIGHT_SEND, 1, &go_send)))
        return lb_fail(&r, "cannot make the scenario's objects", e);
    if ((e = srv_start(srv, n_srv)))
        return lb_fail(&r, "cannot start the server", e);
    /* The bystander pair: its own endpoint, nothing of the server's. */
    if ((e = lb_task(&caps, &bys, shared)) || (e = lb_task(&caps, &byc, shared)) ||
        (e = uk_cap_copy(bys.space, LB_BY_SLOT, by_ep, UK_RIGHT_RECV, 0, NULL)) ||
        (e = uk_cap_copy(byc.space, LB_BY_SLOT, by_ep, UK_RIGHT_SEND, 0, NULL)) ||
        (e = uk_cap_copy(byc.space, LB_ROOT_SLOT, n_by, UK_RIGHT_SEND, 0, NULL)) ||
        (e = uk_cap_copy(byc.space, LB_GO_SLOT, go, UK_RIGHT_RECV, 0, NULL)) ||
        (e = lb_thread(&caps, &bys, lb_by_server, 0, UK_CAP_ANY, &th_bys)) ||
        (e = lb_thread(&caps, &byc, lb_by_client, 0, n_byx, &th_byc)))
        return lb_fail(&r, "cannot start the bystander", e);
    if ((e = uk_notify(go_send)))
        return lb_fail(&r, "cannot start the bystander's first burst", e);
    while (shared->by_bursts < 1)
        if (lb_step(&r, "end of the bystander's first burst"))
            return -1;
    /* The client. */
    struct wluk_args *a;
    if ((e = lb_task(&caps, &cli, shared)))
        return lb_fail(&r, "cannot make the client", e);
    if (!(a = rdt_solo_args(&cli)))
        return lb_fail(&r, "cannot map the client's arguments", UK_ENOMEM);
    strlcpy(a->unit, unit, sizeof(a->unit));
    if ((e = srv_give(srv, &cli, a)) ||
        (e = uk_cap_copy(cli.space, LB_ROOT_SLOT, n_det, UK_RIGHT_SEND, 0, NULL)) ||
        (e = uk_cap_copy(cli.space, LB_GO_SLOT, go_send, UK_RIGHT_SEND, 0, NULL)) ||
        (e = lb_thread(&caps, &cli, lb_client, WLUK_ARGS_VA, n_cli, &th_cli)))
        return lb_fail(&r, "cannot start the client", e);
    while (!(r.seen & (LB_DETECTED | LB_CLIENT_EXIT)))
        if (lb_step(&r, "error for the stalled call"))
            return -1;
    if (r.seen & LB_DETECTED) {
        /* A tick's sleep: the client's next call reaches the stalled
         * server and waits there; then the server dies under it. */
        uint64_t bits;
        if ((e = uk_wait_timeout(sleep, 1, &bits)) != UK_ETIMEOUT)
            return lb_fail(&r, "root's sleep did not time out", e);
        shared->kill_tsc = wl_cycles();
        srv_kill(srv);
        if ((e = uk_notify(go_send)))
            return lb_fail(&r, "cannot start the bystander's last burst", e);
    }
    while (!(r.seen & LB_CLIENT_EXIT))
        if (lb_step(&r, "end of the client"))
            return -1;
    if ((e = uk_thread_status(th_cli, &st)))
        return lb_fail(&r, "no status of the client", e);
    if (lb_check(&r, &st))
        return -1;
    while (!(r.seen & LB_BY_EXIT))
        if (lb_step(&r, "end of the bystander's bursts"))
            return -1;
    lb_report(&r, unit);
    srv_stop(srv);
    for (unsigned i = caps.n; i-- > 0;)
        uk_cap_delete(caps.slot[i]);
    return 0;
}

int liability_option(struct liability_opts *o, const char *key, const char *value)
{
    if (!strcmp(key, "restart")) {
        if (strcmp(value, "0") && strcmp(value, "1")) {
            console_printf("@@PANIC root: restart= must be 0 or 1, not \"%s\"\n", value);
            return -1;
        }
        o->restart = value[0] == '1';
        return 1;
    }
    if (strcmp(key, "servers"))
        return 0;
    o->servers = 0;
    for (const char *p = value; *p;) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n == 9 && !strncmp(p, "virtioblk", n))
            o->servers |= LB_SERVER_VIRTIO;
        else if (n == 7 && !strncmp(p, "ramdisk", n))
            o->servers |= LB_SERVER_RAMDISK;
        else {
            console_printf("@@PANIC root: servers= is a list of virtioblk and ramdisk, not "
                           "\"%s\"\n",
                           value);
            return -1;
        }
        p += n + (end ? 1 : 0);
    }
    if (!o->servers) {
        console_printf("@@PANIC root: servers= names no server\n");
        return -1;
    }
    return 1;
}

int liability_run(const struct liability_opts *o, const char *unit)
{
    static struct lb_server servers[2] = { { .name = "virtioblk", .virtio = true },
                                           { .name = "ramdisk", .virtio = false } };
    const struct vb_dev *dev;
    if (o->servers & LB_SERVER_VIRTIO && vb_probe(&dev)) {
        console_printf("@@PANIC liability: virtioblk: the machine has no virtio disk\n");
        return -1;
    }
    for (unsigned i = 0; i < 2; i++)
        if (o->servers & (i ? LB_SERVER_RAMDISK : LB_SERVER_VIRTIO) &&
            lb_scenario(o, &servers[i], unit))
            return -1;
    console_printf("# liability: ok\n");
    return 0;
}
