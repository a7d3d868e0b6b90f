/* SPDX-License-Identifier: MIT */
/*
 * The bystanders of claim C6 on Xen (liability.c says what d0 does):
 *   role=bystander peer=D0 partner=D2  (d1) makes domU-domU round trips
 *       to d2 all along (its own xring channel, event channel,
 *       SCHEDOP_poll, Xen's scheduler; nothing of dom0 on the path), in
 *       batches of LIAB_BATCH with an idle gap between them, each round
 *       trip bounded; once d0's failure windows appear in its
 *       data/liab-win it says in its own data/liab-seen that it has them
 *       (d0 waits for that: its xenstore home goes with it), stops d2 and
 *       prints, for each failure, the median of the batches' medians
 *       before the first failure and during that one, and whether every
 *       round trip during it completed ("@@LIAB" lines, as d0's);
 *   role=byserver peer=D1  (d2) echoes d1's requests until the stop.
 * Every domain reads the same TSC (tsc_mode native), so d0's windows and
 * d1's batches are on one clock.
 */
#include "channel.h"
#include "cmdline.h"
#include "console.h"
#include "events.h"
#include "fmt.h"
#include "liability.h"
#include "pair.h"
#include "shutdown.h"
#include "sort.h"
#include "string.h"
#include "time.h"
#include "wl.h"
#include "xenstore.h"

#define LIAB_BY_PATH "data/liab-chan"   /* d1's channel to d2 */
#define LIAB_BY_WAIT_NS (100 * TIME_MS) /* a bystander round trip's bound */
#define LIAB_BATCH 32                   /* bystander round trips per batch */
#define LIAB_BATCHES 4096               /* batches kept */
#define LIAB_GAP_NS (5 * TIME_MS)       /* idle between batches */
#define LIAB_BY_LIMIT_NS (600 * TIME_S)

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

static struct chan by_chan;
static uint8_t by_buf[WL_MSG_MAX];

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
    rc = chan_create(&by_chan, (domid_t)partner);
    if (rc == 0)
        rc = chan_publish(&by_chan, LIAB_BY_PATH);
    if (rc == 0)
        rc = evtchn_alloc_unbound(0, &quiet); /* nobody sends to it: our sleep */
    if (rc != 0)
        guest_panic("bystander: channel to d2: %d", rc);
    /* The first call waits for d2 to attach. */
    if (chan_call(&by_chan, by_buf, LIAB_PING_LEN, by_buf, sizeof(by_buf), LIAB_ACK_NS) !=
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
            long r =
                chan_call(&by_chan, by_buf, LIAB_PING_LEN, by_buf, sizeof(by_buf), LIAB_BY_WAIT_NS);
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
    chan_call(&by_chan, by_buf, LIAB_STOP_LEN, by_buf, sizeof(by_buf), LIAB_ACK_NS);
    if (!liab_parse_win(buf, w))
        guest_panic("bystander: malformed windows \"%s\"", buf);
    cprintf("bystander: %u batches of %u round trips to domain %u\n", nb, LIAB_BATCH,
            (unsigned)partner);
    liab_by_report(nb, "blkback", "stall", w[0], w[0], w[1]);
    liab_by_report(nb, "dom0-peer", "death", w[0], w[2], w[3]);
    return 0;
}
