/* SPDX-License-Identifier: MIT */
/*
 * The rules: one function per claim of DESIGN.md's table, each turning a
 * loaded run into a verdict, the rule in one sentence, the numbers behind
 * it and, when the verdict rests on what a unit hides, why a kvm run
 * (cycles) is needed to make it final.  Each rule's reasoning is the
 * comment above it; tests/test_verdicts.c feeds each one data on either
 * side of its edge.
 *
 * Two facts every rule leans on (README.md, "Modes and units"):
 *  - under tcg a row counted by the TSC is an exact instruction count, so
 *    a spread is the workload's own, not noise; but an address-space
 *    switch, a TLB flush, a page walk and a trap's entry cost no more
 *    than the instructions that do them, so any claim about the cost of
 *    crossings is a claim in instructions until a kvm run counts cycles;
 *  - the profiler (windows, profile.csv) runs only under tcg: counts of
 *    crossings and domain switches exist only in tcg runs, and they are
 *    counts, final whatever the unit.
 *
 * "Spread" of a summary row, as bench-compare defines it: the width of
 * [min(p5, run_median_min), max(p95, run_median_max)].  "A exceeds B by
 * more than the spread of both": A - B > spread(A) + spread(B).
 */
#include "rulekit.h"
#include "verdicts.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- verdict helpers ---------------------------------------------------- */

static void set(vd_verdict_t *v, const char *verdict, const char *rule)
{
    snprintf(v->verdict, sizeof v->verdict, "%s", verdict);
    snprintf(v->rule, sizeof v->rule, "%s", rule);
    v->evidence[0] = v->needs[0] = '\0';
}

static void undecidable(vd_verdict_t *v, const char *missing)
{
    snprintf(v->verdict, sizeof v->verdict, "not decidable: %.400s", missing);
    if (!v->evidence[0]) /* the paper prints "Evidence:" in any case */
        snprintf(v->evidence, VD_TEXT, "none in this run (see the verdict).");
}

/* ---- C1 ------------------------------------------------------------------
 * Hand: IPC performance is irrelevant for a VMM because VM-to-VM
 * communication is rare.  On a split-driver VMM every block request of a
 * guest goes to the backend in dom0 and comes back: if that is so,
 * communication between domains is on the path of every request, not
 * rare, and its cost is part of every request's cost.  The profiler
 * counts, per request, the switches between domains (dom_switches:
 * changes of domain between consecutive non-hypervisor blocks; a request
 * that leaves the guest and comes back makes at least 2) and the share
 * of instructions outside the client's domain.
 *
 * Rule: C1 does not hold if, for some block workload on Xen, the depth-1
 * requests switch domains at least twice per request on average in every
 * case measured (a round trip to another domain per request); it holds if
 * every workload has a case whose requests stay, on average, in the
 * guest.  Depth 1 only: at depth 8 a request's window may carry only its
 * completion (workloads/blkio.c).  Sources: the raw windows of the
 * virtio disk's device boot (windows-xen-<run>-device.csv: every request,
 * so "every request" can be checked one by one), else profile.csv's means
 * (blkio and blkdev).  The microkernel's counts are evidence, not rule:
 * its requests cross to the server task as well (Heiser's point: both
 * need fast IPC).  Counts are counts: final under tcg; under kvm there is
 * no profiler, so the claim is not decidable in that mode.
 */
typedef struct {
    int have;             /* some depth-1 case measured */
    const char *source;   /* file name, for the evidence */
    long cases, requests; /* depth-1 cases and requests (windows only) */
    double min_case_mean; /* least per-case mean of dom_switches per request */
    double min_window;    /* least dom_switches of one request (windows only; else NAN) */
    double crossings;     /* mean crossings per request over the cases */
    double outside;       /* share of instructions outside the client domain */
} c1_stat_t;

static void c1_case(c1_stat_t *s, double sw, double cross, double insns, double client)
{
    if (!s->have || sw < s->min_case_mean)
        s->min_case_mean = sw;
    s->crossings = (s->crossings * (double)s->cases + cross) / (double)(s->cases + 1);
    s->outside = (s->outside * (double)s->cases + (insns > 0 ? 1 - client / insns : 0)) /
                 (double)(s->cases + 1);
    s->cases++;
    s->have = 1;
}

/* From the raw windows of sys's device boots: 0, or -1 with a reason when
 * they do not line up with the summary's rows. */
static int c1_from_windows(const vd_run_t *run, const char *sys, csvtab_t *const *win,
                           c1_stat_t *s, char *why, size_t whylen)
{
    const csvtab_t *t = run->summary;
    long iters = run->blkdev_iterations;
    if (!win[0] || iters <= 0)
        return 0;
    long cases = 0;
    for (size_t r = 0; r < t->nrows; r++)
        cases += rk_is_row(t, r, sys, "blkdev");
    for (long k = 0; k < run->runs; k++) {
        const csvtab_t *w = win[k];
        if (!w || (long)w->nrows != cases * iters) {
            snprintf(why, whylen, "windows-%s-%ld-device.csv has %zu windows, the summary's %ld blkdev cases of %ld need %ld",
                     sys, k + 1, w ? w->nrows : 0, cases, iters, cases * iters);
            return -1;
        }
    }
    /* Case i of the summary's blkdev rows (first-seen = console order)
     * owns windows i*iters .. (i+1)*iters-1 of every run's file. */
    long i = -1;
    s->min_window = NAN;
    for (size_t r = 0; r < t->nrows; r++) {
        if (!rk_is_row(t, r, sys, "blkdev"))
            continue;
        i++;
        if (N(t, r, "depth") != 1)
            continue;
        double sw = 0, cross = 0, insns = 0, client = 0, n = 0;
        for (long k = 0; k < run->runs; k++)
            for (long j = i * iters; j < (i + 1) * iters; j++) {
                double x = N(win[k], (size_t)j, "dom_switches");
                if (isnan(s->min_window) || x < s->min_window)
                    s->min_window = x;
                sw += x;
                cross += N(win[k], (size_t)j, "crossings");
                insns += N(win[k], (size_t)j, "insns");
                client += N(win[k], (size_t)j, "dom0"); /* NAN without domains */
                n++;
            }
        c1_case(s, sw / n, cross / n, insns / n, client / n);
        s->requests += (long)n;
    }
    s->source = "device windows";
    return 0;
}

static void c1_from_profile(const vd_run_t *run, const char *sys, const char *wl, c1_stat_t *s)
{
    const csvtab_t *p = run->profile;
    if (!p || csvtab_col(p, "dom_switches") < 0)
        return;
    s->min_window = NAN;
    for (size_t r = 0; r < p->nrows; r++)
        if (rk_is_row(p, r, sys, wl) && N(p, r, "depth") == 1 && !isnan(N(p, r, "dom_switches")))
            c1_case(s, N(p, r, "dom_switches"), N(p, r, "crossings"), N(p, r, "insns"),
                    N(p, r, "dom0"));
    s->source = "profile.csv";
}

static void c1_describe(char *buf, const char *sys, const char *path, const c1_stat_t *s)
{
    char a[NUM_LEN], b[NUM_LEN], c[NUM_LEN];
    if (!isnan(s->min_window) && s->requests)
        rk_add(buf, "%s %s: every one of %s depth-1 requests made at least %s domain switches (%s on average in the fewest case), ",
            sys, path, rk_num((double)s->requests, a), rk_num(s->min_window, b), rk_num(s->min_case_mean, c));
    else
        rk_add(buf, "%s %s: at least %s domain switches per depth-1 request on average in each of %ld cases (%s), ",
            sys, path, rk_num(s->min_case_mean, a), s->cases, s->source);
    rk_add(buf, "%s crossings per request", rk_num(s->crossings, b));
    if (!isnan(s->outside))
        rk_add(buf, ", %s%% of its instructions outside the client's domain", rk_num(100 * s->outside, c));
}

void vd_c1(const vd_run_t *run, vd_verdict_t *v)
{
    set(v, VD_FAILS,
        "C1 does not hold if some block path of Xen makes a round trip to another domain (at least two domain switches) per depth-1 request on average in every case measured, so that VM-to-VM communication is on the path of every request; it holds if every path has requests that stay in the guest.");
    if (!rk_tcg(run)) {
        snprintf(v->verdict, sizeof v->verdict, "%s", VD_MODE);
        snprintf(v->needs, VD_TEXT, "The crossings are counted by the profiler, a QEMU TCG plugin: this claim needs a tcg run (make bench MODE=tcg or make profile); its counts are final whatever the unit.");
        return;
    }
    static const struct {
        const char *wl, *path;
    } paths[] = { { "blkdev", "virtio disk" }, { "blkio", "RAM disk" } };
    c1_stat_t xen[2] = { 0 }, uk[2] = { 0 };
    char why[512] = "";
    for (int k = 0; k < 2; k++) {
        /* The raw windows when they match the summary; else profile.csv's
         * means, and only without those is the mismatch the answer. */
        if (!strcmp(paths[k].wl, "blkdev") &&
            (c1_from_windows(run, "xen", run->win_xen, &xen[k], why, sizeof why) ||
             c1_from_windows(run, "uk", run->win_uk, &uk[k], why, sizeof why))) {
            xen[k] = uk[k] = (c1_stat_t){ 0 };
            c1_from_profile(run, "xen", paths[k].wl, &xen[k]);
            c1_from_profile(run, "uk", paths[k].wl, &uk[k]);
            if (!xen[k].have) {
                undecidable(v, why);
                return;
            }
        }
        if (!xen[k].have)
            c1_from_profile(run, "xen", paths[k].wl, &xen[k]);
        if (!uk[k].have)
            c1_from_profile(run, "uk", paths[k].wl, &uk[k]);
    }
    int any = 0, every_request = 0;
    for (int k = 0; k < 2; k++) {
        any |= xen[k].have;
        every_request |= xen[k].have && xen[k].min_case_mean >= 2;
    }
    if (!any) {
        undecidable(v, "no profiler counts of Xen's block requests (windows-xen-1-device.csv of make bench, or profile.csv of make profile with blkio or blkdev)");
        return;
    }
    snprintf(v->verdict, sizeof v->verdict, "%s", every_request ? VD_FAILS : VD_HOLDS);
    for (int k = 0; k < 2; k++)
        if (xen[k].have) {
            c1_describe(v->evidence, "Xen's", paths[k].path, &xen[k]);
            rk_add(v->evidence, "; ");
        }
    for (int k = 0; k < 2; k++)
        if (uk[k].have) {
            c1_describe(v->evidence, "the microkernel's", paths[k].path, &uk[k]);
            /* Xen's hypervisor blocks are no domain; the microkernel's are. */
            rk_add(v->evidence, " (its kernel counted as a domain of its own); ");
        }
    size_t n = strlen(v->evidence);
    v->evidence[n - 2] = '.';
    v->evidence[n - 1] = '\0';
}

/* ---- C2 ------------------------------------------------------------------
 * Heiser: Xen's performance-critical mechanisms (event channels, round
 * trips to dom0) are IPC, and cost more than a microkernel's IPC.
 *
 * Rule (issue 13): C2 holds if every Xen path's round trip (pingpong
 * domu-domu, domu-dom0) exceeds the microkernel's inter-address-space
 * round trip by more than the spread of both, at every payload both
 * measured, against every microkernel build in the run (uk with its
 * fastpath and uk-nofp without it: the slower build is the fair bound).
 * It does not hold if some pair does not.
 *
 * Under tcg the numbers are instructions: each address-space switch and
 * kernel entry counts a few instructions but costs hundreds of cycles and
 * TLB refills, and Xen's and the microkernel's round trips make different
 * numbers of them; the verdict is final only in cycles.
 */
void vd_c2(const vd_run_t *run, vd_verdict_t *v)
{
    set(v, VD_HOLDS,
        "C2 holds if every Xen round trip (domU-domU event channel, domU-dom0) exceeds the microkernel's inter-address-space IPC round trip, at the same payload, by more than the spread of both rows, for every microkernel build measured.");
    const csvtab_t *t = run->summary;
    static const char *const uks[] = { "uk", "uk-nofp" };
    long pairs = 0, fails = 0;
    double min_ratio = INFINITY, max_ratio = 0;
    char first_fail[512] = "";
    for (size_t x = 0; x < t->nrows; x++) {
        if (!rk_is_row(t, x, "xen", "pingpong") || !strcmp(S(t, x, "variant"), "null-hypercall"))
            continue;
        for (int u = 0; u < 2; u++) {
            long m = rk_find(t, uks[u], "pingpong", "inter-as", (long)x);
            if (m < 0)
                continue;
            double xm = N(t, x, "median"), um = N(t, (size_t)m, "median");
            double gap = xm - um, room = rk_spread(t, x) + rk_spread(t, (size_t)m);
            pairs++;
            if (um > 0) {
                min_ratio = fmin(min_ratio, xm / um);
                max_ratio = fmax(max_ratio, xm / um);
            }
            char a[NUM_LEN], b[NUM_LEN], c[NUM_LEN], d[NUM_LEN];
            if (gap <= room && !fails++)
                snprintf(first_fail, sizeof first_fail,
                         "Xen %s at payload %s B: %s %s against %s's %s, a gap of %s within the spreads' %s",
                         S(t, x, "variant"), S(t, x, "payload"), rk_num(xm, a), run->unit, uks[u],
                         rk_num(um, b), rk_num(gap, c), rk_num(room, d));
        }
    }
    if (!pairs) {
        undecidable(v, "no ping-pong rows of both Xen (domu-domu, domu-dom0) and the microkernel (inter-as) with a common payload");
        return;
    }
    /* The headline pair: payload 0 of each Xen path against uk. */
    char a[NUM_LEN], b[NUM_LEN], c[NUM_LEN];
    long dd = -1, d0 = -1, ukr = -1;
    for (size_t r = 0; r < t->nrows; r++)
        if (rk_is_row(t, r, "xen", "pingpong") && !strcmp(S(t, r, "payload"), "0")) {
            if (!strcmp(S(t, r, "variant"), "domu-domu"))
                dd = (long)r;
            if (!strcmp(S(t, r, "variant"), "domu-dom0"))
                d0 = (long)r;
        }
    ukr = dd >= 0 ? rk_find(t, "uk", "pingpong", "inter-as", dd) : -1;
    if (fails) {
        snprintf(v->verdict, sizeof v->verdict, "%s", VD_FAILS);
        rk_add(v->evidence, "%ld of %ld Xen-microkernel pairs do not exceed by the spread; first: %s.",
            fails, pairs, first_fail);
    } else {
        rk_add(v->evidence, "In all %ld pairs of Xen path, microkernel build and payload Xen's round trip exceeds by more than the spreads, %s to %s times the microkernel's",
            pairs, rk_num(min_ratio, a), rk_num(max_ratio, b));
        if (ukr >= 0 && d0 >= 0)
            rk_add(v->evidence, "; empty message: uk %s, Xen domU-domU %s, domU-dom0 %s %s",
                rk_num(N(t, (size_t)ukr, "median"), a), rk_num(N(t, (size_t)dd, "median"), b),
                rk_num(N(t, (size_t)d0, "median"), c), run->unit);
        rk_add(v->evidence, ".");
    }
    if (rk_tcg(run))
        snprintf(v->needs, VD_TEXT, "In instructions only: a round trip's address-space switches, kernel and hypervisor entries and the TLB refills after them cost a few instructions each under tcg but hundreds of cycles on hardware, and the two systems make different numbers of them; a kvm run (cycles) makes the verdict final.");
}

/* ---- C3 ------------------------------------------------------------------
 * Heiser citing Cherkasova and Gardner: dom0's CPU time is proportional
 * to the number of page flips, irrespective of the message size.
 *
 * The transfer paths the suite has: Xen's page move between domUs
 * (GNTTABOP_transfer, pageflip variant domu-domu-move) and any other
 * Xen *-move variant.  Their "-alone" rows are the mechanism's part of
 * each operation (wl_page_counts.mech_time), without the server reading
 * the payload, which the whole hand-over does on purpose and which does
 * grow with the bytes.  Rule: C3 holds if, on every Xen page-move path,
 * (a) the cost grows with the pages: at every payload the largest batch
 * exceeds the smallest by more than both spreads, and no batch costs
 * less than the one before beyond their spreads; and (b) it does not
 * grow with the bytes: at every batch the payloads' medians differ by no
 * more than their spreads plus 1% of the cheaper (a move touches no
 * payload byte; the 1% allows for a cache line's worth of alignment in
 * cycles).  Needs at least two batches and two payloads.  The copy
 * path's growth with the bytes is shown as the contrast.
 *
 * Under tcg a page flip's TLB invalidation and the page walks after it
 * cost no instruction: whether the cost per page stays the dominant
 * term, and whether a batch shares one flush, is a question of cycles.
 */
typedef struct {
    double batch, payload, median, spread;
} c3_point_t;

void vd_c3(const vd_run_t *run, vd_verdict_t *v)
{
    set(v, VD_HOLDS,
        "C3 holds if on every Xen page-move path the mechanism's cost per operation grows with the pages moved (the largest batch above the smallest by more than both spreads, never falling beyond the spreads) and not with the bytes they carry (at each batch the payloads' costs within their spreads plus 1%).");
    const csvtab_t *t = run->summary;
    c3_point_t pts[256];
    char paths[8][64];
    int npaths = 0;
    for (size_t r = 0; r < t->nrows && npaths < 8; r++) {
        const char *var = S(t, r, "variant");
        if (!rk_is_row(t, r, "xen", "pageflip") || !rk_ends_with(var, "-move-alone"))
            continue;
        int seen = 0;
        for (int p = 0; p < npaths; p++)
            seen |= !strcmp(paths[p], var);
        if (!seen)
            snprintf(paths[npaths++], sizeof paths[0], "%s", var);
    }
    if (!npaths) {
        undecidable(v, "no Xen page-move rows (workload pageflip, variant domu-domu-move-alone)");
        return;
    }
    char a[NUM_LEN], b[NUM_LEN], c[NUM_LEN], d[NUM_LEN];
    int fails = 0;
    for (int p = 0; p < npaths; p++) {
        size_t n = 0;
        double bmin = INFINITY, bmax = 0, pmin = INFINITY, pmax = 0;
        for (size_t r = 0; r < t->nrows && n < 256; r++)
            if (rk_is_row(t, r, "xen", "pageflip") && !strcmp(S(t, r, "variant"), paths[p])) {
                pts[n] = (c3_point_t){ N(t, r, "batch"), N(t, r, "payload"), N(t, r, "median"),
                                       rk_spread(t, r) };
                if (isnan(pts[n].batch) || isnan(pts[n].payload))
                    continue;
                bmin = fmin(bmin, pts[n].batch), bmax = fmax(bmax, pts[n].batch);
                pmin = fmin(pmin, pts[n].payload), pmax = fmax(pmax, pts[n].payload);
                n++;
            }
        if (bmin == bmax || pmin == pmax) {
            char why[256];
            snprintf(why, sizeof why, "%s has one batch or one payload only; the sweep needs two of each", paths[p]);
            undecidable(v, why);
            return;
        }
        /* (a) growth with pages, per payload; (b) flat in bytes, per batch. */
        int grows = 1, flat = 1;
        double worst_bytes = 0;
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++) {
                const c3_point_t *x = &pts[i], *y = &pts[j];
                if (x->payload == y->payload && x->batch == bmin && y->batch == bmax &&
                    !(y->median - x->median > x->spread + y->spread))
                    grows = 0;
                if (x->payload == y->payload && y->batch > x->batch &&
                    y->median < x->median - (x->spread + y->spread)) {
                    int between = 0; /* consecutive batches only */
                    for (size_t k = 0; k < n; k++)
                        between |= pts[k].payload == x->payload && pts[k].batch > x->batch &&
                                   pts[k].batch < y->batch;
                    if (!between)
                        grows = 0;
                }
                if (x->batch == y->batch && y->median > x->median) {
                    double diff = y->median - x->median;
                    worst_bytes = fmax(worst_bytes, diff / x->median);
                    if (diff > x->spread + y->spread + 0.01 * x->median)
                        flat = 0;
                }
            }
        fails += !grows || !flat;
        double lo1 = NAN, lo64 = NAN, hi64 = NAN;
        for (size_t i = 0; i < n; i++) {
            if (pts[i].batch == bmin && pts[i].payload == pmin)
                lo1 = pts[i].median;
            if (pts[i].batch == bmax && pts[i].payload == pmin)
                lo64 = pts[i].median;
            if (pts[i].batch == bmax && pts[i].payload == pmax)
                hi64 = pts[i].median;
        }
        char e[6][NUM_LEN];
        rk_add(v->evidence, "%sXen %s: %s %s for %s page%s and %s for %s (%s per page) at %s-byte payloads, %s at %s-byte payloads (%s times the bytes; at most +%s%% in cost at any batch): %s",
            p ? " " : "", paths[p], rk_num(lo1, a), run->unit, rk_num(bmin, b), bmin == 1 ? "" : "s",
            rk_num(lo64, c), rk_num(bmax, d), rk_num(lo64 / bmax, e[0]), rk_num(pmin, e[1]),
            rk_num(hi64, e[2]), rk_num(pmax, e[3]), rk_num(pmax / pmin, e[4]),
            rk_num(100 * worst_bytes, e[5]),
            grows && flat ? "it grows with the pages, not the bytes."
            : !grows      ? "it does not grow with the pages beyond its spread."
                          : "it grows with the bytes beyond the spread.");
    }
    /* The contrast: the copy path at the largest batch. */
    long c1 = -1, c2 = -1;
    double bmax = 0, pmin = INFINITY, pmax = 0;
    for (size_t r = 0; r < t->nrows; r++)
        if (rk_is_row(t, r, "xen", "pageflip") && !strcmp(S(t, r, "variant"), "domu-domu-copy-alone")) {
            bmax = fmax(bmax, N(t, r, "batch"));
            pmin = fmin(pmin, N(t, r, "payload"));
            pmax = fmax(pmax, N(t, r, "payload"));
        }
    for (size_t r = 0; r < t->nrows; r++)
        if (rk_is_row(t, r, "xen", "pageflip") && !strcmp(S(t, r, "variant"), "domu-domu-copy-alone") &&
            N(t, r, "batch") == bmax) {
            if (N(t, r, "payload") == pmin)
                c1 = (long)r;
            if (N(t, r, "payload") == pmax)
                c2 = (long)r;
        }
    if (c1 >= 0 && c2 >= 0 && c1 != c2)
        rk_add(v->evidence, " The grant copy of the same pages, by contrast, grows with the bytes: %s to %s %s at %s pages.",
            rk_num(N(t, (size_t)c1, "median"), a), rk_num(N(t, (size_t)c2, "median"), b), run->unit,
            rk_num(bmax, c));
    int dom0_move = 0;
    for (int p = 0; p < npaths; p++)
        dom0_move |= strstr(paths[p], "dom0") != NULL;
    if (!dom0_move)
        rk_add(v->evidence, " The suite moves pages between domUs only: the rule judges the hypervisor's flip, not the dom0 CPU time of Cherkasova and Gardner's netback.");
    if (fails)
        snprintf(v->verdict, sizeof v->verdict, "%s", VD_FAILS);
    if (rk_tcg(run))
        snprintf(v->needs, VD_TEXT, "In instructions only: a page flip's TLB invalidation and the page walks after it cost no instruction under tcg, and a copy's bytes cost instructions rather than memory bandwidth; whether the cost stays proportional to the pages (or one flush serves a whole batch) needs a kvm run (cycles).");
}

/* ---- C4 ------------------------------------------------------------------
 * Heiser: on x86_64 every system call of a PV guest traps into the VMM
 * (its kernel runs in ring 3: the syscall instruction enters Xen, which
 * bounces it to the guest kernel; there is no trap-gate shortcut as on
 * 32-bit).  The same Linux, the same null system call, native and as a
 * PV domain: rows pingpong null-syscall of linux and linux-pv.
 *
 * Rule: C4 holds if linux-pv's null system call exceeds native Linux's by
 * more than the spread of both, and, when profile.csv has the linux-pv
 * row, each call runs hypervisor code (hyp > 0) and enters it from user
 * mode (u2h >= 1 per call on average); it does not hold if either fails.
 * Without profile.csv the trap is inferred from the cost (the only
 * difference between the two boots is Xen underneath); with it, the trap
 * is counted, and a count is final under tcg.  A trap's entry and exit
 * cost cycles that instructions do not show, so the size of the
 * overhead, not the verdict, is what a kvm run adds.
 */
void vd_c4(const vd_run_t *run, vd_verdict_t *v)
{
    set(v, VD_HOLDS,
        "C4 holds if Linux's null system call as a Xen PV domain exceeds native Linux's by more than the spread of both and, where the profiler ran, every call runs hypervisor code entered from user mode.");
    const csvtab_t *t = run->summary;
    long nat = rk_find(t, "linux", "pingpong", "null-syscall", -1);
    long pv = rk_find(t, "linux-pv", "pingpong", "null-syscall", -1);
    if (nat < 0 || pv < 0) {
        undecidable(v, nat < 0 ? "no native Linux null-syscall row (system linux, workload pingpong)"
                               : "no Linux PV null-syscall row (system linux-pv, workload pingpong)");
        return;
    }
    char a[NUM_LEN], b[NUM_LEN], c[NUM_LEN], d[NUM_LEN];
    double n = N(t, (size_t)nat, "median"), p = N(t, (size_t)pv, "median");
    double room = rk_spread(t, (size_t)nat) + rk_spread(t, (size_t)pv);
    int costs = p - n > room;
    rk_add(v->evidence, "Null system call: native Linux %s, Linux as a PV domain %s %s (%s more; spreads %s)",
        rk_num(n, a), rk_num(p, b), run->unit, rk_num(p - n, c), rk_num(room, d));
    long ukr = rk_find(t, "uk", "pingpong", "null-syscall", -1);
    if (ukr >= 0)
        rk_add(v->evidence, "; the microkernel's %s", rk_num(N(t, (size_t)ukr, "median"), a));
    long pr = -1;
    if (run->profile)
        for (size_t r = 0; r < run->profile->nrows; r++)
            if (rk_is_row(run->profile, r, "linux-pv", "pingpong") &&
                !strcmp(S(run->profile, r, "variant"), "null-syscall"))
                pr = (long)r;
    int traps = 1;
    if (pr >= 0) {
        double hyp = N(run->profile, (size_t)pr, "hyp"), u2h = N(run->profile, (size_t)pr, "u2h");
        traps = hyp > 0 && u2h >= 1;
        rk_add(v->evidence, "; per call the profiler counted %s hypervisor instructions and %s entries from user mode into Xen",
            rk_num(hyp, a), rk_num(u2h, b));
    } else {
        rk_add(v->evidence, " (profile.csv has no linux-pv null-syscall row: the trap is inferred from the cost)");
    }
    rk_add(v->evidence, ".");
    if (!costs || !traps)
        snprintf(v->verdict, sizeof v->verdict, "%s", VD_FAILS);
    if (rk_tcg(run) && pr < 0 && costs)
        snprintf(v->needs, VD_TEXT, "Inferred, not counted: make profile WORKLOADS=pingpong counts the hypervisor's instructions per call (final under tcg); a kvm run (cycles) gives the trap's real cost, which instructions understate (ring transitions cost no more than an instruction under tcg).");
}

/* ---- C5 ------------------------------------------------------------------
 * Heiser: a microkernel is a fine base for OS components, drivers
 * included.  The suite's test: a block request down the microkernel's
 * user-level path (the RAM-disk server, blkio ramdisk; the user-level
 * virtio driver, blkdev virtio-driver) against the same request down
 * Xen's split driver (blkfront to blkback in dom0: blkio blkfront-brd,
 * blkdev blkfront-vda), case by case (size, pattern, direction, depth).
 *
 * Rule: C5 holds if in every matched case the microkernel's cost per
 * request does not exceed Xen's by more than the spread of both (the
 * median at depth 1; at depth 8 the mean, the figure of merit there,
 * workloads/blkio.c); it does not hold if some case does.
 *
 * Under tcg the virtio rows are the profiler's instruction counts: the
 * device's latency is not in them (the virtual clock jumps over it), nor
 * the cycles of the user-level driver's address-space switches; a kvm
 * run gives latency, throughput and cycles.
 */
void vd_c5(const vd_run_t *run, vd_verdict_t *v)
{
    set(v, VD_HOLDS,
        "C5 holds if in every matched block I/O case (size, pattern, direction, depth) the microkernel's user-level path (RAM-disk server, virtio driver) costs per request no more than Xen's split driver plus the spread of both.");
    static const struct {
        const char *wl, *uk, *xen, *name;
    } paths[] = { { "blkio", "ramdisk", "blkfront-brd", "RAM disk" },
                  { "blkdev", "virtio-driver", "blkfront-vda", "virtio disk" } };
    const csvtab_t *t = run->summary;
    char a[NUM_LEN], b[NUM_LEN], c[NUM_LEN], d[NUM_LEN];
    long total = 0, worse = 0;
    char first_worse[512] = "";
    for (int k = 0; k < 2; k++) {
        long cases = 0;
        double rmin = INFINITY, rmax = 0;
        long head = -1, headx = -1;
        for (size_t u = 0; u < t->nrows; u++) {
            if (!rk_is_row(t, u, "uk", paths[k].wl) || strcmp(S(t, u, "variant"), paths[k].uk))
                continue;
            long x = rk_find(t, "xen", paths[k].wl, paths[k].xen, (long)u);
            if (x < 0)
                continue;
            const char *col = N(t, u, "depth") > 1 ? "mean" : "median";
            double um = N(t, u, col), xm = N(t, (size_t)x, col);
            cases++;
            if (um > 0) {
                rmin = fmin(rmin, xm / um);
                rmax = fmax(rmax, xm / um);
            }
            if (um - xm > rk_spread(t, u) + rk_spread(t, (size_t)x) && !worse++)
                snprintf(first_worse, sizeof first_worse, "%s %s-byte %s %s at depth %s: the microkernel %s, Xen %s %s",
                         paths[k].name, S(t, u, "size"), S(t, u, "pattern"), S(t, u, "direction"),
                         S(t, u, "depth"), rk_num(um, a), rk_num(xm, b), run->unit);
            if (!strcmp(S(t, u, "size"), "4096") && !strcmp(S(t, u, "direction"), "read") &&
                !strcmp(S(t, u, "pattern"), "seq") && N(t, u, "depth") == 1)
                head = (long)u, headx = x;
        }
        if (!cases)
            continue;
        total += cases;
        rk_add(v->evidence, "%s: %ld cases, Xen %s to %s times the microkernel", paths[k].name,
            cases, rk_num(rmin, a), rk_num(rmax, b));
        if (head >= 0)
            rk_add(v->evidence, " (a 4 KiB sequential read at depth 1: %s against %s %s)",
                rk_num(N(t, (size_t)head, "median"), c), rk_num(N(t, (size_t)headx, "median"), d),
                run->unit);
        rk_add(v->evidence, "; ");
    }
    if (!total) {
        undecidable(v, "no block I/O rows of both the microkernel and Xen (workloads blkio, blkdev)");
        return;
    }
    size_t n = strlen(v->evidence);
    v->evidence[n - 2] = '.';
    v->evidence[n - 1] = '\0';
    if (worse) {
        snprintf(v->verdict, sizeof v->verdict, "%s", VD_FAILS);
        rk_add(v->evidence, " The microkernel costs more in %ld of %ld cases; first: %s.", worse,
            total, first_worse);
    }
    if (rk_tcg(run))
        snprintf(v->needs, VD_TEXT, "In instructions only: the virtio disk's latency is skipped by the virtual clock and the user-level driver's address-space switches cost a few instructions under tcg; a kvm run (cycles) gives latency, throughput and those switches' real cost.");
}

/* ---- C6 ------------------------------------------------------------------
 * Both: liability inversion exists on both systems: a client depends on
 * a server (a user-level server task on the microkernel, a backend in
 * dom0 on Xen) whose failure takes its service away.  liability.csv
 * (scripts/liability.sh) has, per system, server and failure, the time
 * to detect (the client's bounded error, or "hung"), to recover, and
 * whether an unrelated pair was affected.
 *
 * Rule: C6 holds if on both systems some server failure took a client's
 * service away (a detect row whose outcome is an error or a hang); it
 * does not hold if a system's every failure left its clients served.
 * What differs (bounded error and restart on the microkernel; on Xen a
 * hang or a domain to reboot) is the evidence.  Whether the service was
 * lost is not a matter of the unit: final in both modes.  Under tcg the
 * times are guest ticks with idle time skipped (a detect time is about
 * the client's timeout), which the evidence says.
 */
static int c6_lost(const char *outcome)
{
    return !strncmp(outcome, "error", 5) || !strcmp(outcome, "hung") ||
           strstr(outcome, "hung") != NULL;
}

static void c6_system(const vd_run_t *run, const char *sys, const char *name, int *has,
                      int *lost, char *ev)
{
    const csvtab_t *l = run->liability;
    char a[NUM_LEN], b[NUM_LEN];
    *has = *lost = 0;
    for (size_t r = 0; r < l->nrows; r++) {
        if (strcmp(S(l, r, "system"), sys) || strcmp(S(l, r, "measure"), "detect"))
            continue;
        const char *server = S(l, r, "server"), *failure = S(l, r, "failure");
        rk_add(ev, "%s%s %s: ", *has ? "; " : name, server, failure);
        *has = 1;
        *lost |= c6_lost(S(l, r, "outcome"));
        double x, before = NAN, during = NAN;
        if (csvtab_num(l, r, "value", &x))
            rk_add(ev, "detected in %s %s (%s)", rk_num(x, a), S(l, r, "unit"), S(l, r, "outcome"));
        else
            rk_add(ev, "%s", S(l, r, "outcome"));
        /* The same scenario's other measures. */
        for (size_t q = 0; q < l->nrows; q++) {
            if (strcmp(S(l, q, "system"), sys) || strcmp(S(l, q, "server"), server) ||
                strcmp(S(l, q, "failure"), failure))
                continue;
            const char *m = S(l, q, "measure");
            int have = csvtab_num(l, q, "value", &x);
            if (!strcmp(m, "recover")) {
                if (have)
                    rk_add(ev, ", recovered in %s %s (%s)", rk_num(x, a), S(l, q, "unit"), S(l, q, "outcome"));
                else
                    rk_add(ev, ", not recovered (%s)", S(l, q, "outcome"));
            } else if (!strcmp(m, "bystander_ok") && have) {
                rk_add(ev, x == 1 ? ", bystanders unaffected" : ", bystanders affected");
            } else if (!strcmp(m, "bystander_before") && have) {
                before = x;
            } else if (!strcmp(m, "bystander_during") && have) {
                during = x;
            }
        }
        if (!isnan(before) && !isnan(during))
            rk_add(ev, " (their round trip %s before, %s during)", rk_num(before, a), rk_num(during, b));
    }
    if (*has)
        rk_add(ev, ". ");
}

void vd_c6(const vd_run_t *run, vd_verdict_t *v)
{
    set(v, VD_HOLDS,
        "C6 holds if on both the microkernel and Xen a client loses its service when its server or backend fails (it gets an error or hangs).");
    if (!run->liability) {
        undecidable(v, "liability.csv missing (make liability)");
        return;
    }
    int uk_has, uk_lost, xen_has, xen_lost;
    c6_system(run, "uk", "On the microkernel, ", &uk_has, &uk_lost, v->evidence);
    c6_system(run, "xen", "On Xen, ", &xen_has, &xen_lost, v->evidence);
    if (!uk_has || !xen_has) {
        undecidable(v, !uk_has && !xen_has ? "liability.csv has no detect rows"
                       : !uk_has          ? "liability.csv has no detect row of the microkernel (uk)"
                                          : "liability.csv has no detect row of Xen (xen)");
        return;
    }
    if (!uk_lost || !xen_lost)
        snprintf(v->verdict, sizeof v->verdict, "%s", VD_FAILS);
    if (rk_tcg(run))
        rk_add(v->evidence, "Times in guest instructions: under tcg the virtual clock skips idle time, so a detect time is about the client's timeout in guest ticks.");
    else {
        size_t n = strlen(v->evidence);
        if (n)
            v->evidence[n - 1] = '\0';
    }
}

/* ---- C7 ------------------------------------------------------------------
 * Heiser: VMMs offer many primitives, microkernels one (IPC): RISC
 * against CISC.  interface.csv (scripts/interface.sh) counts, from the
 * sources and the binaries booted, the microkernel's system calls, the
 * hypercalls and sub-operations Xen offers a PV guest, and the trusted
 * base of each system's I/O in bytes of code.
 *
 * Rule: C7 holds if Xen offers more operations (hypercalls plus their
 * sub-operations) than the microkernel has system calls, and the code a
 * Xen domain's I/O trusts (Xen, dom0's kernel, modules, toolstack, peer)
 * is larger than the microkernel's with its disk driver.  Counts of code
 * are not measurements of time: final in both modes.
 */
static long c7_count(const csvtab_t *t, const char *comp, const char *kind, const char *item)
{
    for (size_t r = 0; r < t->nrows; r++)
        if (!strcmp(S(t, r, "component"), comp) && !strcmp(S(t, r, "kind"), kind) &&
            !strcmp(S(t, r, "item"), item))
            return (long)N(t, r, "count");
    return -1;
}

void vd_c7(const vd_run_t *run, vd_verdict_t *v)
{
    set(v, VD_HOLDS,
        "C7 holds if Xen offers a PV guest more operations (hypercalls and their sub-operations) than the microkernel has system calls, and the code a Xen domain's I/O must trust is larger than the microkernel's with its disk driver.");
    const csvtab_t *t = run->interface;
    if (!t) {
        undecidable(v, "interface.csv missing (make interface)");
        return;
    }
    long sys = c7_count(t, "ukernel", "syscalls", "all");
    long hc = c7_count(t, "xen", "hypercalls", "all");
    long ops = c7_count(t, "xen", "operations", "all");
    long used = c7_count(t, "xen-guest", "operations", "all");
    long uk_tcb = c7_count(t, "tcb", "text", "ukernel-disk-io");
    long xen_tcb = c7_count(t, "tcb", "text", "xen-domU-io");
    long kern = c7_count(t, "ukernel", "text", "kernel");
    if (sys < 0 || ops < 0 || uk_tcb < 0 || xen_tcb < 0) {
        undecidable(v, "interface.csv lacks a row it needs (ukernel syscalls, xen operations, tcb ukernel-disk-io or xen-domU-io)");
        return;
    }
    char a[NUM_LEN], b[NUM_LEN], c[NUM_LEN], d[NUM_LEN];
    rk_add(v->evidence, "The microkernel has %s system calls; Xen offers %s hypercalls with %s operations in all (our PV guest uses %s)",
        rk_num((double)sys, a), rk_num((double)hc, b), rk_num((double)ops, c), rk_num((double)used, d));
    rk_add(v->evidence, ". Trusted code for I/O: the microkernel %s bytes (kernel %s with its virtio driver), a Xen domain %s bytes (Xen, dom0's kernel, modules, toolstack and peer), %s times as much.",
        rk_num((double)uk_tcb, a), rk_num((double)kern, b), rk_num((double)xen_tcb, c),
        rk_num((double)xen_tcb / (double)uk_tcb, d));
    if (!(ops > sys && xen_tcb > uk_tcb))
        snprintf(v->verdict, sizeof v->verdict, "%s", VD_FAILS);
}

const vd_rule_fn vd_rules[7] = { vd_c1, vd_c2, vd_c3, vd_c4, vd_c5, vd_c6, vd_c7 };
