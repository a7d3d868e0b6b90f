/* SPDX-License-Identifier: MIT */
/*
 * Two domUs meet through xenstore and talk over a channel.  Each learns
 * the other's domid from the command line (peer=<domid>) or, without it,
 * from its own xenstore key data/peer, which dom0 can write after creating
 * both.  The front creates the channel and publishes data/xring (readable
 * by the peer); the back waits for /local/domain/<front>/data/xring,
 * attaches, and echoes requests until the 4-byte request "stop".
 *
 * The front times PAIR_ROUNDS empty round trips (lfence;rdtsc around
 * chan_call, the timer pair included) and prints min and median: a quick
 * look at what the wl.h port (bench.c) records, not a record.  A few
 * untimed round trips come last so that the back's exit never falls into
 * the timed window.
 */
#include "sort.h"
#include "pair.h"
#include "channel.h"
#include "cmdline.h"
#include "console.h"
#include "fmt.h"
#include "hypervisor.h"
#include "string.h"
#include "time.h"
#include "tsc.h"
#include "xenstore.h"

#define PAIR_ROUNDS 200
#define PAIR_WARMUP 20
#define PAIR_TAIL 3
#define PAIR_RENDEZVOUS_NS (120 * TIME_S)
#define PAIR_CALL_NS (10 * TIME_S)

static struct chan pair_chan;
static uint64_t pair_samples[PAIR_ROUNDS];

int pair_peer(domid_t *peer)
{
    uint32_t id = cmdline_get_u32("peer", UINT32_MAX);
    if (id == UINT32_MAX) {
        char buf[16];
        const char *end;
        int rc = xs_wait("data/peer", buf, sizeof(buf), PAIR_RENDEZVOUS_NS);
        if (rc < 0)
            return rc;
        if (!parse_u32(buf, &end, &id) || *end != '\0')
            return -XEN_EINVAL;
    }
    if (id >= DOMID_FIRST_RESERVED)
        return -XEN_EINVAL;
    *peer = (domid_t)id;
    return 0;
}

static int pair_front(domid_t peer)
{
    struct chan *c = &pair_chan;
    int rc = chan_create(c, peer);
    if (rc == 0)
        rc = chan_publish(c, "data/xring");
    if (rc != 0) {
        cprintf("xenguest: front: channel setup failed: %d\n", rc);
        return 1;
    }
    cprintf("xenguest: front: published data/xring for domain %u\n",
            (unsigned)peer);
    char resp[8];
    for (unsigned int i = 0; i < PAIR_WARMUP + PAIR_ROUNDS + PAIR_TAIL; i++) {
        uint64_t t0 = tsc_read_serialized();
        /* The first call also waits for the back to attach; the others
         * wait without a deadline, so no clock read joins the timed path
         * (dom0's job timeout catches a peer that never answers). */
        long n = chan_call(c, NULL, 0, resp, sizeof(resp), i == 0 ? PAIR_RENDEZVOUS_NS : 0);
        uint64_t t1 = tsc_read_serialized();
        if (n != 0) {
            cprintf("xenguest: front: call %u failed: %ld\n", i, n);
            return 1;
        }
        if (i >= PAIR_WARMUP && i < PAIR_WARMUP + PAIR_ROUNDS)
            pair_samples[i - PAIR_WARMUP] = t1 - t0;
    }
    long n = chan_call(c, "stop", 4, resp, sizeof(resp), PAIR_CALL_NS);
    sort_u64(pair_samples, PAIR_ROUNDS);
    cprintf("xenguest: front: empty round trip to domain %u (raw): min %lu median %lu ticks, n=%u\n",
            (unsigned)peer, (unsigned long)pair_samples[0],
            (unsigned long)pair_samples[PAIR_ROUNDS / 2], PAIR_ROUNDS);
    return n == 0 ? 0 : 1;
}

static int pair_back(domid_t peer)
{
    struct chan *c = &pair_chan;
    char path[64];
    grant_ref_t ref;
    evtchn_port_t port;
    fmt_snprintf(path, sizeof(path), "/local/domain/%u/data/xring", (unsigned)peer);
    int rc = chan_lookup(path, &ref, &port, PAIR_RENDEZVOUS_NS);
    if (rc == 0)
        rc = chan_attach(c, peer, ref, port);
    if (rc != 0) {
        cprintf("xenguest: back: attaching to %s failed: %d\n", path, rc);
        return 1;
    }
    cprintf("xenguest: back: attached to domain %u (ring ref %u, port %u)\n", (unsigned)peer,
            (unsigned)ref, (unsigned)port);
    unsigned long served = 0;
    for (;;) {
        const void *req;
        long n = chan_recv_req(c, &req, 0);
        if (n < 0) {
            cprintf("xenguest: back: receive failed: %ld\n", n);
            return 1;
        }
        bool stop = n == 4 && memcmp(req, "stop", 4) == 0;
        chan_send_rsp(c, 0);
        served++;
        if (stop)
            break;
    }
    cprintf("xenguest: back: served %lu requests\n", served);
    rc = chan_detach(c);
    return rc == 0 ? 0 : 1;
}

int pair_run(bool front)
{
    domid_t peer;
    int rc = pair_peer(&peer);
    if (rc != 0) {
        cprintf("xenguest: no peer domid (peer= or data/peer): %d\n", rc);
        return 1;
    }
    return front ? pair_front(peer) : pair_back(peer);
}
