/* SPDX-License-Identifier: MIT */
/*
 * Liability inversion on Xen (claim C6, issue 13): what a domU sees when
 * a piece of dom0 it depends on fails, and whether another domU notices.
 *
 *   role=liability  (d0) reads its disk xvda (dom0's blkback) and calls
 *                   the dom0 peer process (wl-dom0-server) over an xring
 *                   channel, then has dom0 break each in turn;
 *   role=bystander  (d1, partner=D2) times domU-domU round trips to d2
 *                   all along (its own xring channel, event channel,
 *                   SCHEDOP_poll; nothing of dom0 on the path) and says
 *                   how they fared while each piece was broken;
 *   role=byserver   (d2, peer=D1) echoes d1's requests.
 * With three domains dom0 introduces no peers: d0 has peer=<d1's domid>,
 * d1 peer=<d0's domid> (whose windows it reads).
 *
 * d0 drives dom0 through xenstore (dom0's bench-job, job word
 * bench.d0.faults=1): it writes data/fault = a command and, where it must
 * know the deed is done, waits for data/fault-ack = the same command.
 *   blkstall   blkback lets go of xvda (sysfs unbind); nothing tells us
 *   blkresume  blkback takes xvda again (sysfs bind)
 *   peerkill   the peer process is killed (SIGKILL)
 *   peerstart  the peer is started again, on our published channel
 *   dom0crash  (crashdom0=1 only, at the end: an experiment, no row)
 *              dom0's kernel crashes; Xen takes the machine down
 * Measured on our TSC (shared by every domain: tsc_mode native):
 *   detect   a request made after the failure, to the bounded error we
 *            get: blkfront's 1 s wait (-110); for the peer our own 1 s
 *            wait, then EVTCHNOP_status says the port is unbound (Xen
 *            tells the domU nothing when the peer's port closes)
 *   recover  from the end of the stall (our blkresume order), or from the
 *            death (our peerkill order), to the moment the request still
 *            pending on the ring is answered: a rebound blkback and a
 *            restarted peer both pick the ring up where it was.
 * Each failure window (from the ack of the failure to the order that ends
 * it) goes to data/liab-win, readable by d1, which then prints its side;
 * d0 stays until d1 says in its data/liab-seen that it has read them (a
 * domain's xenstore home goes with it).
 * Results are "@@LIAB server=S failure=F measure=M value=V outcome=TEXT"
 * lines (scripts/liability-xen.sh makes them CSV rows); a scenario that
 * does not go as described fails with @@PANIC and says where.
 */
#include "liability.h"
#include "channel.h"
#include "cmdline.h"
#include "console.h"
#include "events.h"
#include "fmt.h"
#include "pair.h"
#include "shutdown.h"
#include "sort.h"
#include "string.h"
#include "time.h"
#include "tsc.h"
#include "wl.h"
#include "xenstore.h"

#define LIAB_WAIT_NS (1 * TIME_S) /* the client's own bound on a request */
#define LIAB_ACK_NS (30 * TIME_S) /* dom0's reaction to a command */
#define LIAB_RECOVER_TRIES 20     /* bounded waits for the service's return */
#define LIAB_WARM 20              /* requests that must succeed first */
#define LIAB_WIN_PATH "data/liab-win"
#define LIAB_SEEN_PATH "data/liab-seen"    /* the bystander has the windows */
#define LIAB_CHAN_PATH "data/wl-chan-dom0" /* wl-dom0-server's default key */
#define LIAB_PING_LEN 8
#define LIAB_STOP_LEN 1 /* pingpong's stop request */

#define LIAB_BY_PATH "data/liab-chan"   /* d1's channel to d2 */
#define LIAB_BY_WAIT_NS (100 * TIME_MS) /* a bystander round trip's bound */
#define LIAB_BATCH 32                   /* bystander round trips per batch */
#define LIAB_BATCHES 4096               /* batches kept */
#define LIAB_GAP_NS (5 * TIME_MS)       /* idle between batches */
#define LIAB_BY_LIMIT_NS (600 * TIME_S)
#define LIAB_BASELINE_NS (300 * TIME_MS) /* d0 waits: d1's "before" */

static struct chan liab_chan;
static uint8_t liab_buf[WL_MSG_MAX];

/* Block for about ns in SCHEDOP_poll on a port nobody sends to. */
static void liab_sleep(evtchn_port_t quiet, uint64_t ns)
{
    uint64_t end = time_now_ns() + ns;
    for (uint64_t now; (now = time_now_ns()) < end;)
        evtchn_wait(quiet, end - now);
}

static uint64_t liab_now(void)
{
    return tsc_read_serialized();
}

static void liab_line(const char *server, const char *failure, const char *measure, uint64_t value,
                      bool have, const char *outcome)
{
    if (have)
        cprintf("@@LIAB server=%s failure=%s measure=%s value=%lu outcome=%s\n", server, failure,
                measure, (unsigned long)value, outcome);
    else
        cprintf("@@LIAB server=%s failure=%s measure=%s value= outcome=%s\n", server, failure,
                measure, outcome);
}

static bool liab_accept_same(const char *value, void *ctx)
{
    return strcmp(value, (const char *)ctx) == 0;
}

/* Order dom0 to do cmd; with wait, block until it says it has. */
static void liab_order(const char *cmd, bool wait)
{
    int rc = xs_write("data/fault", cmd);
    if (rc != 0)
        guest_panic("liability: writing data/fault=%s failed: %d", cmd, rc);
    if (!wait)
        return;
    char buf[32];
    rc = xs_wait_until("data/fault-ack", liab_accept_same, (void *)cmd, buf, sizeof(buf),
                       LIAB_ACK_NS);
    if (rc < 0)
        guest_panic("liability: dom0 did not do %s (no data/fault-ack, bench.d0.faults=1?): %d",
                    cmd, rc);
}

/* One 4 KiB read of sector 0 and its completion; 0 or the error. */
static long liab_read(wl_blk_t *b)
{
    struct wl_blk_req r = { .op = WL_BLK_READ, .slot = 0, .sector = 0, .bytes = 4096, .tag = 1 };
    long rc = wl_blk_submit(b, &r);
    if (rc != 0)
        return rc;
    uint32_t tag;
    long status;
    rc = wl_blk_complete(b, &tag, &status);
    return rc != 0 ? rc : status;
}

/* blkback stalls: detect, then recover once it is bound again. */
static void liab_blk(wl_blk_t *b, uint64_t win[2])
{
    for (int i = 0; i < LIAB_WARM; i++) {
        long rc = liab_read(b);
        if (rc != 0)
            guest_panic("liability: a read before the stall failed: %ld", rc);
    }
    liab_order("blkstall", true);
    win[0] = liab_now();
    uint64_t t0 = liab_now();
    long rc = liab_read(b);
    uint64_t t1 = liab_now();
    if (rc != -XEN_ETIMEDOUT)
        guest_panic("liability: a read during the stall gave %ld, not -110", rc);
    liab_line("blkback", "stall", "detect", t1 - t0, true, "error -110 (ETIMEDOUT)");

    /* The request stays on the ring; a rebound blkback re-attaches to it. */
    win[1] = liab_now();
    liab_order("blkresume", false);
    uint32_t tag;
    long status = 0;
    rc = -XEN_ETIMEDOUT;
    for (int i = 0; i < LIAB_RECOVER_TRIES && rc == -XEN_ETIMEDOUT; i++)
        rc = wl_blk_complete(b, &tag, &status);
    uint64_t t2 = liab_now();
    if (rc == 0 && status == 0) {
        liab_line("blkback", "stall", "recover", t2 - win[1], true,
                  "pending request served after dom0 rebound blkback");
    } else {
        cprintf("liability: after blkresume: rc %ld status %ld\n", rc, status);
        liab_line("blkback", "stall", "recover", 0, false,
                  "no recovery: the domain must be rebooted");
        return;
    }
    rc = liab_read(b);
    if (rc != 0)
        guest_panic("liability: a fresh read after the recovery failed: %ld", rc);
}

/* One ping over the channel to dom0's peer: the response length or the
 * error (our own bound: Xen never answers for a dead peer). */
static long liab_ping(uint32_t len)
{
    return chan_call(&liab_chan, liab_buf, len, liab_buf, sizeof(liab_buf), LIAB_WAIT_NS);
}

/* The dom0 peer dies: detect, then recover once dom0 starts it again. */
static void liab_peer(uint64_t win[2])
{
    for (int i = 0; i < LIAB_WARM; i++) {
        /* The first call waits for the peer to attach (it may be slow). */
        long r = i == 0 ? chan_call(&liab_chan, liab_buf, LIAB_PING_LEN, liab_buf, sizeof(liab_buf),
                                    LIAB_ACK_NS)
                        : liab_ping(LIAB_PING_LEN);
        if (r != LIAB_PING_LEN)
            guest_panic("liability: a ping before the peer's death gave %ld", r);
    }
    uint64_t death = liab_now();
    liab_order("peerkill", true);
    win[0] = liab_now();
    uint64_t t0 = liab_now();
    long r = liab_ping(LIAB_PING_LEN);
    uint32_t state = 0;
    int src = evtchn_state(liab_chan.port, &state);
    uint64_t t1 = liab_now();
    if (r != -XEN_ETIMEDOUT)
        guest_panic("liability: a ping to the dead peer gave %ld, not -110", r);
    if (src != 0 || state != EVTCHNSTAT_unbound)
        guest_panic("liability: after the peer's death our port's state is %u (rc %d), not unbound",
                    (unsigned)state, src);
    liab_line("dom0-peer", "death", "detect", t1 - t0, true,
              "own timeout -110 then port found unbound");

    win[1] = liab_now();
    liab_order("peerstart", false);
    r = -XEN_ETIMEDOUT;
    for (int i = 0; i < LIAB_RECOVER_TRIES && r == -XEN_ETIMEDOUT; i++)
        r = chan_recv_rsp(&liab_chan, liab_buf, sizeof(liab_buf), LIAB_WAIT_NS);
    uint64_t t2 = liab_now();
    if (r != LIAB_PING_LEN) {
        cprintf("liability: after peerstart: %ld\n", r);
        liab_line("dom0-peer", "death", "recover", 0, false, "no recovery: nothing restarts it");
        return;
    }
    cprintf("liability: the restarted peer answered %lu ticks after peerstart\n",
            (unsigned long)(t2 - win[1]));
    liab_line("dom0-peer", "death", "recover", t2 - death, true,
              "pending request served after dom0 restarted the peer");
    if (liab_ping(LIAB_PING_LEN) != LIAB_PING_LEN)
        guest_panic("liability: a fresh ping after the restart failed");
    liab_ping(LIAB_STOP_LEN); /* the peer ends (status 0) */
}

int liability_run(void)
{
    domid_t by;
    int rc = pair_peer(&by);
    if (rc != 0)
        guest_panic("liability: no bystander domid (data/peer): %d", rc);
    rc = chan_create(&liab_chan, 0);
    if (rc == 0)
        rc = chan_publish(&liab_chan, LIAB_CHAN_PATH);
    if (rc != 0)
        guest_panic("liability: the channel to dom0's peer: %d", rc);
    const char *variant;
    uint64_t sectors;
    wl_blk_t *b = wl_blk_open(WL_BLK_DISK_RAM, &variant, &sectors);
    if (b == NULL)
        guest_panic("liability: xvda did not open");
    uint64_t blk[2], peer[2];
    console_hold(); /* the bystander measures: no relay in dom0 meanwhile */
    /* Let the bystander take its baseline before anything fails (an
     * idle wait: cheap under icount). */
    evtchn_port_t quiet;
    rc = evtchn_alloc_unbound(0, &quiet);
    if (rc != 0)
        guest_panic("liability: a port to sleep on: %d", rc);
    liab_sleep(quiet, LIAB_BASELINE_NS);
    liab_blk(b, blk);
    liab_peer(peer);
    console_release();
    char win[96];
    fmt_snprintf(win, sizeof(win), "%lu %lu %lu %lu", (unsigned long)blk[0], (unsigned long)blk[1],
                 (unsigned long)peer[0], (unsigned long)peer[1]);
    rc = xs_write(LIAB_WIN_PATH, win);
    if (rc == 0)
        rc = xs_allow_read(LIAB_WIN_PATH, by);
    if (rc != 0)
        guest_panic("liability: writing %s: %d", LIAB_WIN_PATH, rc);
    cprintf("liability: windows %s\n", win);
    /* Our xenstore home goes with us: stay until the bystander has read
     * the windows (it says so in its own data/liab-seen). */
    char seen[64], buf[8];
    fmt_snprintf(seen, sizeof(seen), "/local/domain/%u/" LIAB_SEEN_PATH, (unsigned)by);
    rc = xs_wait(seen, buf, sizeof(buf), LIAB_ACK_NS);
    if (rc < 0)
        guest_panic("liability: the bystander did not read the windows: %d", rc);
    if (cmdline_get_u32("crashdom0", 0) != 0) {
        /* An experiment, no row: what a dom0 failure means for every
         * domain.  Xen should take the machine down within seconds. */
        cprintf("liability: ordering dom0's crash\n");
        liab_sleep(quiet, 3 * TIME_S); /* dom0 relays what we said (tail -s 1) */
        liab_order("dom0crash", false);
        liab_sleep(quiet, 30 * TIME_S);
        guest_panic("liability: still running 30 s after ordering dom0's crash");
    }
    return 0;
}

/* The bystander's batches: when, median round trip, failures. */
struct liab_batch {
    uint64_t t0, t1, median;
    uint32_t failed;
};
static struct liab_batch liab_batches[LIAB_BATCHES];
static uint64_t liab_samples[LIAB_BATCH];
static uint64_t liab_meds[LIAB_BATCHES];

/* Median of batch medians over batches inside [a, b], ending before a
 * if before; *n how many, *failed their failures. */
static uint64_t liab_window(unsigned int nb, uint64_t a, uint64_t b, bool before, unsigned int *n,
                            uint32_t *failed)
{
    unsigned int k = 0;
    *failed = 0;
    for (unsigned int i = 0; i < nb; i++) {
        const struct liab_batch *x = &liab_batches[i];
        bool in = before ? x->t1 < a : x->t0 >= a && x->t1 <= b;
        if (!before && x->t0 < b && x->t1 > a)
            *failed += x->failed; /* any overlap counts for failures */
        if (in)
            liab_meds[k++] = x->median;
    }
    *n = k;
    if (k == 0)
        return 0;
    sort_u64(liab_meds, k);
    return liab_meds[k / 2];
}

/* One failure's three bystander rows: "before" is the same baseline for
 * both failures, the batches that ended before the first one began. */
static void liab_by_report(unsigned int nb, const char *server, const char *failure, uint64_t first,
                           uint64_t a, uint64_t b)
{
    unsigned int n0, n1;
    uint32_t f0, f1;
    uint64_t m0 = liab_window(nb, first, 0, true, &n0, &f0);
    uint64_t m1 = liab_window(nb, a, b, false, &n1, &f1);
    cprintf("bystander: %s %s: %u batches before, %u during, %u failed round trips during\n",
            server, failure, n0, n1, (unsigned)f1);
    liab_line(server, failure, "bystander_before", m0, n0 > 0, "domU-domU round trip d1-d2");
    liab_line(server, failure, "bystander_during", m1, n1 > 0, "domU-domU round trip d1-d2");
    liab_line(server, failure, "bystander_ok", n1 > 0 && f1 == 0, true,
              n1 == 0   ? "no round trip fell in the window"
              : f1 == 0 ? "every round trip completed"
                        : "round trips failed");
}

static bool liab_parse_win(const char *s, uint64_t w[4])
{
    for (int i = 0; i < 4; i++) {
        uint64_t v = 0;
        if (*s < '0' || *s > '9')
            return false;
        while (*s >= '0' && *s <= '9')
            v = v * 10 + (uint64_t)(*s++ - '0');
        w[i] = v;
        if (i < 3 && *s++ != ' ')
            return false;
    }
    return *s == '\0' && w[0] <= w[1] && w[1] <= w[2] && w[2] <= w[3];
}

/* d2: echo d1's requests until the stop request. */
int byserver_run(void)
{
    domid_t d1;
    int rc = pair_peer(&d1);
    if (rc != 0)
        guest_panic("byserver: no peer domid (peer=): %d", rc);
    char path[64];
    grant_ref_t ref;
    evtchn_port_t port;
    fmt_snprintf(path, sizeof(path), "/local/domain/%u/" LIAB_BY_PATH, (unsigned)d1);
    static struct chan c;
    rc = chan_lookup(path, &ref, &port, LIAB_ACK_NS);
    if (rc == 0)
        rc = chan_attach(&c, d1, ref, port);
    if (rc != 0)
        guest_panic("byserver: attaching to %s: %d", path, rc);
    unsigned long served = 0;
    for (;;) {
        const void *req;
        long n = chan_recv_req(&c, &req, 0);
        if (n < 0)
            guest_panic("byserver: receiving: %ld", n);
        if (n > 0)
            memcpy(chan_rsp_buf(&c), req, (size_t)n);
        rc = chan_send_rsp(&c, (size_t)n);
        if (rc != 0)
            guest_panic("byserver: answering: %d", rc);
        if (n == LIAB_STOP_LEN)
            break;
        served++;
    }
    cprintf("byserver: served %lu round trips\n", served);
    return 0;
}

/* d1: round trips to d2 in batches until d0's windows appear. */
int bystander_run(void)
{
    domid_t d0;
    int rc = pair_peer(&d0);
    if (rc != 0)
        guest_panic("bystander: no peer domid (peer=, d0's): %d", rc);
    uint32_t partner = cmdline_get_u32("partner", UINT32_MAX);
    if (partner >= DOMID_FIRST_RESERVED)
        guest_panic("bystander: no partner= (d2's domid)");
    evtchn_port_t quiet;
    rc = chan_create(&liab_chan, (domid_t)partner);
    if (rc == 0)
        rc = chan_publish(&liab_chan, LIAB_BY_PATH);
    if (rc == 0)
        rc = evtchn_alloc_unbound(0, &quiet); /* nobody sends to it: our sleep */
    if (rc != 0)
        guest_panic("bystander: channel to d2: %d", rc);
    /* The first call waits for d2 to attach. */
    if (chan_call(&liab_chan, liab_buf, LIAB_PING_LEN, liab_buf, sizeof(liab_buf), LIAB_ACK_NS) !=
        LIAB_PING_LEN)
        guest_panic("bystander: d2 did not answer");
    char path[64], buf[96];
    fmt_snprintf(path, sizeof(path), "/local/domain/%u/" LIAB_WIN_PATH, (unsigned)d0);
    uint64_t w[4];
    uint64_t limit = time_now_ns() + LIAB_BY_LIMIT_NS;
    unsigned int nb = 0;
    for (;;) {
        struct liab_batch *x = &liab_batches[nb % LIAB_BATCHES];
        x->failed = 0;
        x->t0 = liab_now();
        for (unsigned int i = 0; i < LIAB_BATCH; i++) {
            uint64_t t0 = liab_now();
            long r = chan_call(&liab_chan, liab_buf, LIAB_PING_LEN, liab_buf, sizeof(liab_buf),
                               LIAB_BY_WAIT_NS);
            uint64_t t1 = liab_now();
            liab_samples[i] = t1 - t0;
            if (r != LIAB_PING_LEN)
                x->failed++;
        }
        x->t1 = liab_now();
        sort_u64(liab_samples, LIAB_BATCH);
        x->median = liab_samples[LIAB_BATCH / 2];
        if (nb < LIAB_BATCHES)
            nb++;
        liab_sleep(quiet, LIAB_GAP_NS);
        if (nb % 8 == 0 || nb == LIAB_BATCHES) {
            rc = xs_read(path, buf, sizeof(buf));
            if (rc >= 0)
                break;
            if (rc != -XEN_ENOENT && rc != -XEN_EACCES)
                guest_panic("bystander: reading %s: %d", path, rc);
            if (nb == LIAB_BATCHES)
                guest_panic("bystander: %u batches and still no %s", nb, path);
            if (time_now_ns() > limit)
                guest_panic("bystander: no %s within the limit", path);
        }
    }
    rc = xs_write(LIAB_SEEN_PATH, "1");
    if (rc == 0)
        rc = xs_allow_read(LIAB_SEEN_PATH, d0);
    if (rc != 0)
        guest_panic("bystander: writing %s: %d", LIAB_SEEN_PATH, rc);
    chan_call(&liab_chan, liab_buf, LIAB_STOP_LEN, liab_buf, sizeof(liab_buf), LIAB_ACK_NS);
    if (!liab_parse_win(buf, w))
        guest_panic("bystander: malformed windows \"%s\"", buf);
    cprintf("bystander: %u batches of %u round trips to domain %u\n", nb, LIAB_BATCH,
            (unsigned)partner);
    liab_by_report(nb, "blkback", "stall", w[0], w[0], w[1]);
    liab_by_report(nb, "dom0-peer", "death", w[0], w[2], w[3]);
    return 0;
}
