/* SPDX-License-Identifier: MIT */
/*
 * The client part of pagetest (xenside/pagetest/pagetest.h) and the
 * guest's workload entry for it: wl_call_pages with each mechanism, n = 1
 * and 64, bytes = 64 and 4096, checking what the server saw (its reply),
 * what came back, the counts, and through the port's test seam
 * (wlx_send_hook) that moved pages are gone from our address space and
 * cannot be transferred a second time, and that a server given spoiled
 * grant references answers with an error.  Towards dom0 (variant
 * domu-dom0) MOVE must be refused with WLX_ENOMOVE and leave the pages
 * as they were.  Output: TAP lines "ok N - pagetest <variant>: ..." and
 * one line per case with its raw round-trip time and counts; the client
 * fails (exit status 1) if any check failed.  No records.
 */
#include "console.h"
#include "fmt.h"
#include "hypercall.h"
#include "pagetest.h"
#include "probe.h"
#include "sort.h"
#include "string.h"
#include "wl_xen.h"

static int pt_count, pt_failed;
static const char *pt_variant;

static void pt_check(bool ok, const char *what, long detail)
{
    pt_count++;
    if (!ok)
        pt_failed++;
    cprintf("%sok %d - pagetest %s: %s", ok ? "" : "not ", pt_count, pt_variant, what);
    cprintf(ok ? "\n" : " (%ld)\n", detail);
}

/* What the send hook saw or is to do. */
static struct {
    bool spoil;        /* replace the first page reference by a bad one */
    unsigned int gone; /* MOVE: our pages that fault after the transfer */
    int again;         /* MOVE: status of transferring the first frame again */
} pt_hook;

static int pt_send_hook(const struct wl_pages *give, uint32_t *gref, const xen_pfn_t *old_mfns,
                        domid_t peer, const grant_ref_t *peer_accept)
{
    if (pt_hook.spoil)
        gref[0] = 1u << 20;
    if (old_mfns == NULL)
        return 0;
    pt_hook.gone = 0;
    for (uint32_t i = 0; i < give->n; i++)
        pt_hook.gone += (unsigned int)probe_read(give->base + i * WL_PAGE_SIZE);
    /* The frame is the server's now: Xen must refuse it from us. */
    gnttab_transfer_t op = { .mfn = old_mfns[0], .domid = peer, .ref = peer_accept[0] };
    long rc = hypercall_grant_table_op(GNTTABOP_transfer, &op, 1);
    pt_hook.again = rc != 0 ? (int)rc : op.status;
    return 0;
}

static void pt_fill(uint8_t *base, uint32_t n, uint32_t seed)
{
    for (uint32_t i = 0; i < n; i++)
        for (uint32_t j = 0; j < WL_PAGE_SIZE; j++)
            base[(size_t)i * WL_PAGE_SIZE + j] = pagetest_byte(seed, i, j);
}

/* Whether the pages hold the client's bytes, or (marked) the server's
 * mark over the first `bytes` of each. */
static bool pt_holds(const uint8_t *base, uint32_t n, uint32_t seed, uint32_t bytes, bool marked)
{
    for (uint32_t i = 0; i < n; i++)
        for (uint32_t j = 0; j < WL_PAGE_SIZE; j++) {
            uint8_t want = marked && j < bytes ? pagetest_mark(seed, i, j) : pagetest_byte(seed, i, j);
            if (base[(size_t)i * WL_PAGE_SIZE + j] != want)
                return false;
        }
    return true;
}

static const char *const pt_names[] = { "none", "move", "share", "copy" };

static void pt_case(wl_chan_t *ch, uint8_t *base, enum wl_page_mech mech, uint32_t n,
                    uint32_t bytes, bool dom0, uint32_t *seed)
{
    char what[128];
    uint64_t best = UINT64_MAX;
    struct wl_page_counts k = { 0 };
    for (unsigned int rep = 0; rep < 3; rep++) {
        uint32_t s = ++*seed;
        pt_fill(base, n, s);
        uint32_t sum = pagetest_sum(base, n, bytes);
        struct wl_pages give = { .mech = mech, .base = base, .n = n, .bytes = bytes };
        struct pagetest_req req = { .magic = PAGETEST_MAGIC, .seed = s };
        struct pagetest_reply rep_ = { 0 };
        pt_hook.gone = 0;
        pt_hook.again = 1;
        uint64_t t0 = wl_cycles();
        long rc = wl_call_pages(ch, &give, &req, sizeof(req), &rep_, sizeof(rep_), &k);
        uint64_t t1 = wl_cycles();
        fmt_snprintf(what, sizeof(what), "%s n=%u bytes=%u (round %u)", pt_names[mech], n, bytes,
                     rep);
        if (mech == WL_PAGES_MOVE && dom0) {
            pt_check(rc == WLX_ENOMOVE && pt_holds(base, n, s, bytes, false) &&
                         probe_write(base) == 0,
                     "move towards dom0 is refused, pages untouched", rc);
            return;
        }
        bool ok = rc == (long)sizeof(rep_) && rep_.magic == PAGETEST_MAGIC && rep_.mech == mech &&
                  rep_.n == n && rep_.bytes == bytes && rep_.sum == sum;
        pt_check(ok, what, rc);
        pt_check(pt_holds(base, n, s, bytes, mech == WL_PAGES_MOVE) &&
                     probe_write(base + (n - 1) * WL_PAGE_SIZE) == 0,
                 mech == WL_PAGES_MOVE ? "  the pages came back with the server's bytes"
                                       : "  our pages are as they were",
                 0);
        bool counts_ok = k.mech_time > 0;
        if (mech == WL_PAGES_MOVE)
            counts_ok = counts_ok && k.pages_mapped == 2 * n && k.pages_unmapped == 2 * n &&
                        k.bytes_copied == 0;
        else if (mech == WL_PAGES_SHARE)
            counts_ok = counts_ok && k.pages_mapped == n && k.pages_unmapped == n &&
                        k.bytes_copied == 0;
        else
            counts_ok = counts_ok && k.pages_mapped == 0 && k.pages_unmapped == 0 &&
                        k.bytes_copied == (uint64_t)n * bytes;
        pt_check(counts_ok, "  counts", (long)k.pages_mapped);
        if (mech == WL_PAGES_MOVE)
            pt_check(pt_hook.gone == n && pt_hook.again == GNTST_bad_page,
                     "  while moved our pages fault, and a second transfer is refused",
                     (long)pt_hook.gone * 1000 + pt_hook.again);
        if (t1 - t0 < best)
            best = t1 - t0;
    }
    cprintf("pagetest: %s %s n=%u bytes=%u: round trip (raw, min of 3) %lu, mech_time %ld, "
            "mapped %lu, unmapped %lu, copied %lu\n",
            pt_variant, pt_names[mech], n, bytes, (unsigned long)best, (long)k.mech_time,
            (unsigned long)k.pages_mapped, (unsigned long)k.pages_unmapped,
            (unsigned long)k.bytes_copied);
}

/* Timing: n = 1, bytes = 64, no hook, no probes, a handler that answers
 * at once; raw round trips (timer pair included), min and median of
 * PT_TIMED after PT_WARM untimed. */
#define PT_WARM 5
#define PT_TIMED 21
static void pt_timing(wl_chan_t *ch, uint8_t *base, enum wl_page_mech mech)
{
    uint64_t t[PT_TIMED];
    struct wl_page_counts k = { 0 };
    struct wl_pages give = { .mech = mech, .base = base, .n = 1, .bytes = 64 };
    struct pagetest_req req = { .magic = PAGETEST_MAGIC, .quiet = 1 };
    char out[8];
    long rc = 0;
    for (unsigned int i = 0; i < PT_WARM + PT_TIMED && rc >= 0; i++) {
        uint64_t t0 = wl_cycles();
        rc = wl_call_pages(ch, &give, &req, sizeof(req), out, sizeof(out), &k);
        uint64_t t1 = wl_cycles();
        if (i >= PT_WARM)
            t[i - PT_WARM] = t1 - t0;
    }
    pt_check(rc == 0, pt_names[mech], rc);
    if (rc != 0)
        return;
    sort_u64(t, PT_TIMED);
    cprintf("pagetest: %s timing %s n=1 bytes=64: round trip (raw) min %lu median %lu, "
            "mech_time %ld (both sides)\n",
            pt_variant, pt_names[mech], (unsigned long)t[0], (unsigned long)t[PT_TIMED / 2],
            (long)k.mech_time);
}

static int pt_client(wl_chan_t *ch, const char *variant, const struct wl_config *cfg)
{
    (void)cfg;
    static uint8_t *base;
    static uint32_t seed;
    pt_variant = variant;
    bool dom0 = strcmp(variant, "domu-dom0") == 0;
    if (base == NULL)
        base = wl_pages_alloc(WL_PAGES_MAX);
    if (base == NULL)
        return -1;
    wlx_send_hook = pt_send_hook;
    static const enum wl_page_mech mechs[] = { WL_PAGES_MOVE, WL_PAGES_SHARE, WL_PAGES_COPY };
    static const uint32_t ns[] = { 1, WL_PAGES_MAX }, sizes[] = { 64, WL_PAGE_SIZE };
    for (unsigned int m = 0; m < 3; m++)
        for (unsigned int a = 0; a < 2; a++)
            for (unsigned int b = 0; b < 2; b++)
                pt_case(ch, base, mechs[m], ns[a], sizes[b], dom0, &seed);

    struct wl_page_counts k;
    struct pagetest_reply out;
    struct wl_pages bad = { .mech = WL_PAGES_SHARE, .base = base, .n = 0, .bytes = 64 };
    long rc = wl_call_pages(ch, &bad, NULL, 0, &out, sizeof(out), &k);
    pt_check(rc == -XEN_EINVAL, "n = 0 is refused", rc);
    bad.n = 1;
    bad.base = base + 1;
    rc = wl_call_pages(ch, &bad, NULL, 0, &out, sizeof(out), &k);
    pt_check(rc == -XEN_EINVAL, "a batch not page aligned is refused", rc);
    bad.base = (uint8_t *)0x1000;
    rc = wl_call_pages(ch, &bad, NULL, 0, &out, sizeof(out), &k);
    pt_check(rc == -XEN_EINVAL, "a batch outside our image is refused", rc);
    for (unsigned int m = 1; m < 3; m++) {
        struct wl_pages give = { .mech = mechs[m], .base = base, .n = 2, .bytes = 64 };
        pt_hook.spoil = true;
        rc = wl_call_pages(ch, &give, NULL, 0, &out, sizeof(out), &k);
        pt_hook.spoil = false;
        pt_check(rc < 0, mechs[m] == WL_PAGES_SHARE
                                                  ? "share with a bad grant ref: the server says no"
                                                  : "copy with a bad grant ref: the server says no",
                 rc);
        pt_fill(base, 2, 99);
        struct pagetest_req req = { .magic = PAGETEST_MAGIC, .seed = 99 };
        rc = wl_call_pages(ch, &give, &req, sizeof(req), &out, sizeof(out), &k);
        pt_check(rc == (long)sizeof(out) && out.sum == pagetest_sum(base, 2, 64),
                 "  and the next call works", rc);
    }
    wlx_send_hook = NULL;
    for (unsigned int m = 0; m < 3; m++)
        if (!(dom0 && mechs[m] == WL_PAGES_MOVE))
            pt_timing(ch, base, mechs[m]);
    rc = wl_call(ch, "stop", 4, &out, sizeof(out));
    pt_check(rc == 0, "the server stops", rc);
    cprintf("pagetest %s: %d checks, %d failed\n", variant, pt_count, pt_failed);
    return pt_failed != 0 ? -1 : 0;
}

/* Every unmapped or returned page is probed, except in timing runs. */
static void pt_quiet(int on)
{
    wlx_pages_paranoid = !on;
}

static int pt_server(wl_chan_t *ch, const struct wl_config *cfg)
{
    (void)cfg;
    return pagetest_serve(ch, pt_quiet);
}

const struct wl_workload wlx_pagetest = {
    .name = "pagetest",
    .client = pt_client,
    .server = pt_server,
};
