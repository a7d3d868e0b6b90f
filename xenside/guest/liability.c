/* SPDX-License-Identifier: MIT */
/*
 * Liability inversion on Xen (claim C6, issue 13): what a domU sees when
 * a piece of dom0 it depends on fails, and whether another domU notices.
 *
 *   role=liability  (d0) reads its disk xvda (dom0's blkback) and calls
 *                   the dom0 peer process (wl-dom0-server) over an xring
 *                   channel, then has dom0 break each in turn;
 *   role=bystander  (d1, partner=D2) times domU-domU round trips to d2
 *                   all along and says how they fared while each piece
 *                   was broken; role=byserver (d2) echoes them
 *                   (bystander.c).
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
#include "string.h"
#include "time.h"
#include "tsc.h"
#include "wl.h"
#include "xenstore.h"

#define LIAB_WAIT_NS (1 * TIME_S)          /* the client's own bound on a request */
#define LIAB_RECOVER_TRIES 20              /* bounded waits for the service's return */
#define LIAB_WARM 20                       /* requests that must succeed first */
#define LIAB_CHAN_PATH "data/wl-chan-dom0" /* wl-dom0-server's default key */
#define LIAB_BASELINE_NS (300 * TIME_MS)   /* d0 waits: d1's "before" */

static struct chan liab_chan;
static uint8_t liab_buf[WL_MSG_MAX];

/* Block for about ns in SCHEDOP_poll on a port nobody sends to. */
void liab_sleep(evtchn_port_t quiet, uint64_t ns)
{
    uint64_t end = time_now_ns() + ns;
    for (uint64_t now; (now = time_now_ns()) < end;)
        evtchn_wait(quiet, end - now);
}

uint64_t liab_now(void)
{
    return tsc_read_serialized();
}

void liab_line(const char *server, const char *failure, const char *measure, uint64_t value,
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
