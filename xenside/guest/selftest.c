/* SPDX-License-Identifier: MIT */
/*
 * Self-tests that need no second domain: every connection is made to
 * ourselves (an event channel bound to our own unbound port, a page granted
 * to our own domid and mapped back, a channel whose front and back are
 * both here).  Works as dom0 with no xenstore and as a domU (which also
 * tests its disk: selftest_blk.c); output is TAP
 * ("ok N - what" / "not ok N - what (detail)", then "1..N").
 */
#include "selftest.h"
#include "channel.h"
#include "console.h"
#include "events.h"
#include "gnttab.h"
#include "hypervisor.h"
#include "mm.h"
#include "string.h"
#include "time.h"
#include "xenstore.h"

static int selftest_count;
static int selftest_failed;

static void check(bool ok, const char *what, long detail)
{
    selftest_count++;
    if (ok) {
        cprintf("ok %d - %s\n", selftest_count, what);
        return;
    }
    selftest_failed++;
    cprintf("not ok %d - %s (%ld)\n", selftest_count, what, detail);
}

void selftest_check(bool ok, const char *what, long detail)
{
    check(ok, what, detail);
}

static void selftest_handler(evtchn_port_t port, void *ctx)
{
    (void)port;
    (*(volatile int *)ctx)++;
}

static void selftest_events(void)
{
    domid_t self = hypervisor_domid();
    evtchn_port_t a = 0, b = 0;
    int rc = evtchn_alloc_unbound(self, &a);
    check(rc == 0, "evtchn: alloc_unbound for our own domain", rc);
    rc = evtchn_bind_interdomain(self, a, &b);
    check(rc == 0 && a != b, "evtchn: bind_interdomain to it", rc);
    evtchn_clear(a);
    evtchn_clear(b);

    rc = evtchn_send(b);
    check(rc == 0 && evtchn_pending(a) && !evtchn_pending(b), "evtchn: send raises the other end", rc);
    rc = evtchn_wait(a, 10 * TIME_MS);
    check(rc == 0 && !evtchn_pending(a), "evtchn: wait consumes the pending event", rc);

    uint64_t t0 = time_now_ns();
    rc = evtchn_wait(a, 5 * TIME_MS);
    uint64_t waited = time_now_ns() - t0;
    check(rc == -XEN_ETIMEDOUT && waited >= 5 * TIME_MS,
          "evtchn: wait on a quiet port blocks until its timeout (SCHEDOP_poll)", rc);

    static volatile int fired;
    rc = evtchn_set_handler(a, selftest_handler, (void *)&fired);
    unsigned long upcalls = events_upcalls();
    events_enable();
    evtchn_send(b);
    events_disable();
    check(rc == 0 && fired == 1 && events_upcalls() > upcalls,
          "evtchn: upcall runs the port's handler", fired);
    evtchn_set_handler(a, NULL, NULL);

    rc = evtchn_close(a);
    int rc2 = evtchn_close(b);
    check(rc == 0 && rc2 == 0, "evtchn: close both ends", rc ? rc : rc2);
}

static void selftest_gnttab(void)
{
    domid_t self = hypervisor_domid();
    uint8_t *page = mm_page_alloc();
    uint8_t *hole = mm_hole_alloc(1);
    for (unsigned int i = 0; i < PAGE_SIZE; i++)
        page[i] = (uint8_t)(i * 7);
    long ref = gnttab_grant(self, page, false);
    check(ref >= GNTTAB_NR_RESERVED_ENTRIES, "gnttab: grant a page", ref);

    grant_handle_t handle = 0;
    int rc = gnttab_map(self, (grant_ref_t)ref, hole, false, &handle);
    check(rc == 0, "gnttab: map the granted page (GNTTABOP_map_grant_ref)", rc);
    if (rc == 0) {
        check(memcmp(hole, page, PAGE_SIZE) == 0, "gnttab: mapping shows the page's bytes", 0);
        hole[0] = 0x5a;
        check(page[0] == 0x5a, "gnttab: writes through the mapping reach the page", page[0]);
        rc = gnttab_end((grant_ref_t)ref);
        check(rc == -XEN_EBUSY, "gnttab: a mapped grant cannot be ended", rc);
        rc = gnttab_unmap(hole, handle);
        check(rc == 0, "gnttab: unmap", rc);
    }
    rc = gnttab_end((grant_ref_t)ref);
    check(rc == 0, "gnttab: end the grant", rc);

    uint8_t *dest = mm_page_alloc();
    ref = gnttab_grant(self, dest, false);
    rc = ref < 0 ? (int)ref : gnttab_copy_to(self, (grant_ref_t)ref, 100, page + 8, 64);
    check(rc == 0 && memcmp(dest + 100, page + 8, 64) == 0, "gnttab: GNTTABOP_copy into a grant", rc);
    if (ref >= 0)
        gnttab_end((grant_ref_t)ref);
}

static void selftest_channel(void)
{
    static struct chan front, back;
    static uint8_t req[XRING_SLOT_SIZE], resp[XRING_SLOT_SIZE];
    domid_t self = hypervisor_domid();
    int rc = chan_create(&front, self);
    check(rc == 0, "chan: front creates and grants the ring", rc);
    rc = chan_attach(&back, self, front.grefs[0], front.port);
    check(rc == 0, "chan: back maps it and binds the port", rc);
    if (rc != 0)
        return;
    evtchn_clear(front.port);
    evtchn_clear(back.port);

    static const size_t sizes[] = { 0, 1, 100, XRING_SLOT_SIZE };
    bool ok = true;
    long detail = 0;
    for (unsigned int round = 0; round < 3 * XRING_SLOTS && ok; round++) {
        size_t len = sizes[round % 4];
        for (size_t i = 0; i < len; i++)
            req[i] = (uint8_t)(round + i);
        long got = chan_send_req(&front, req, len);
        const void *in = NULL;
        if (got == 0)
            got = chan_recv_req(&back, &in, 10 * TIME_MS);
        if (got != (long)len || memcmp(in, req, len) != 0) {
            ok = false, detail = got;
            break;
        }
        uint8_t *out = chan_rsp_buf(&back);
        for (size_t i = 0; i < len; i++)
            out[i] = (uint8_t)~((const uint8_t *)in)[i];
        got = chan_send_rsp(&back, len);
        if (got == 0)
            got = chan_recv_rsp(&front, resp, sizeof(resp), 10 * TIME_MS);
        ok = got == (long)len;
        for (size_t i = 0; ok && i < len; i++)
            ok = (uint8_t)(resp[i] ^ req[i]) == 0xff;
        detail = got;
    }
    check(ok, "chan: requests and responses of 0..4096 bytes round the ring 3 times", detail);
    rc = chan_detach(&back);
    check(rc == 0, "chan: back unmaps and closes", rc);
    rc = chan_destroy(&front);
    check(rc == 0, "chan: front ends its grants and closes", rc);
}

static void selftest_xenstore(void)
{
    char buf[64];
    uint32_t id = 0;
    int rc = xs_read_u32("domid", &id);
    check(rc == 0 && id == hypervisor_domid(), "xenstore: read our domid", rc);
    rc = xs_write("data/xenguest-test", "hello");
    check(rc == 0, "xenstore: write data/xenguest-test", rc);
    rc = xs_read("data/xenguest-test", buf, sizeof(buf));
    check(rc == 5 && strcmp(buf, "hello") == 0, "xenstore: read it back", rc);
    rc = xs_wait("data/xenguest-test", buf, sizeof(buf), 100 * TIME_MS);
    check(rc == 5, "xenstore: wait for a key that exists returns at once", rc);
    uint64_t t0 = time_now_ns();
    rc = xs_wait("data/xenguest-absent", buf, sizeof(buf), 20 * TIME_MS);
    check(rc == -XEN_ETIMEDOUT && time_now_ns() - t0 >= 20 * TIME_MS,
          "xenstore: wait for an absent key blocks until its timeout", rc);
}

int selftest_run(void)
{
    selftest_events();
    selftest_gnttab();
    selftest_channel();
    selftest_pages();
    if (!hypervisor_is_dom0()) {
        selftest_xenstore();
        selftest_blk();
    }
    cprintf("1..%d\n", selftest_count);
    return selftest_failed;
}
