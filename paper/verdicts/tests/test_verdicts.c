/* SPDX-License-Identifier: MIT */
/*
 * paper-verdicts' rules fed data on either side of each edge: for every
 * claim a run where it holds, one where it does not, and one that lacks
 * what the rule needs ("not decidable: ..."); the two modes' "needs"
 * text; the loader's refusals; the LaTeX escaping; and, when a real run
 * directory exists (VERDICTS_RUN, default tests/data/paper-run), the
 * whole program over it, checking that all 28 macros are written and
 * escaped.  Runs are built in memory from small CSV texts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "latex.h"
#include "rulekit.h"
#include "verdicts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SUMMARY_HEADER                                                                        \
    "system,workload,variant,payload,batch,size,pattern,direction,depth,unit,n,min,median,"    \
    "mean,p5,p95,stddev,median_per_page,bytes_copied,pages_mapped,pages_unmapped,counted_by," \
    "runs,run_median_min,run_median_max,bytes_per_s,bytes_per_kcycle\n"

/* A growing text, the CSV a test builds row by row. */
typedef struct {
    char *s;
    size_t len;
    FILE *f;
} text_t;

static void text_open(text_t *t, const char *header)
{
    t->f = open_memstream(&t->s, &t->len);
    assert_non_null(t->f);
    fputs(header, t->f);
}

static csvtab_t *text_table(text_t *t, const char *name)
{
    char err[512];
    fclose(t->f);
    csvtab_t *tab = csvtab_parse(t->s, name, err, sizeof err);
    if (!tab)
        fail_msg("%s", err);
    free(t->s);
    return tab;
}

/* One summary row: a median with its p5..p95, params as given. */
static void srow(text_t *t, const char *sys, const char *wl, const char *var, const char *payload,
                 const char *batch, const char *size, const char *pattern, const char *dir,
                 const char *depth, double median, double p5, double p95)
{
    fprintf(t->f, "%s,%s,%s,%s,%s,%s,%s,%s,%s,insns,100,%g,%g,%g,%g,%g,0.00,,,,,tsc,1,%g,%g,,\n",
            sys, wl, var, payload, batch, size, pattern, dir, depth, p5, median, median, p5,
            p95, median, median);
}

/* Ping-pong rows at one payload. */
static void pingpong(text_t *t, const char *sys, const char *var, const char *payload,
                     double median, double p5, double p95)
{
    srow(t, sys, "pingpong", var, payload, "", "", "", "", "", median, p5, p95);
}

static void run_init(vd_run_t *run, const char *mode)
{
    memset(run, 0, sizeof *run);
    snprintf(run->mode, sizeof run->mode, "%s", mode);
    snprintf(run->unit, sizeof run->unit, "%s", strcmp(mode, "tcg") ? "cycles" : "insns");
    run->runs = 1;
}

static void judge(vd_run_t *run, vd_rule_fn rule, vd_verdict_t *v)
{
    char err[512];
    if (vd_run_check(run, err, sizeof err))
        fail_msg("%s", err);
    memset(v, 0, sizeof *v);
    rule(run, v);
    assert_true(v->rule[0] != '\0');
}

static int starts(const char *s, const char *prefix)
{
    return !strncmp(s, prefix, strlen(prefix));
}

/* ---- C1 ------------------------------------------------------------------ */

#define PROFILE_HEADER "system,workload,variant,payload,batch,size,pattern,direction,depth,unit,windows,insns,crossings,dom_switches,dom0\n"

/* A run whose profile gives Xen's and uk's depth-1 RAM-disk requests
 * `xen_sw` and 4 domain switches (and a depth-8 case that must not count). */
static void c1_run(vd_run_t *run, const char *mode, double xen_sw)
{
    text_t s, p;
    run_init(run, mode);
    text_open(&s, SUMMARY_HEADER);
    srow(&s, "xen", "blkio", "blkfront-brd", "", "", "4096", "seq", "read", "1", 28000, 28000, 28000);
    run->summary = text_table(&s, "summary.csv");
    text_open(&p, PROFILE_HEADER);
    fprintf(p.f, "xen,blkio,blkfront-brd,,,4096,seq,read,1,insns,32,28000,26,%g,504\n", xen_sw);
    fprintf(p.f, "xen,blkio,blkfront-brd,,,4096,rand,read,1,insns,32,28000,26,%g,504\n", xen_sw + 1);
    fprintf(p.f, "xen,blkio,blkfront-brd,,,4096,seq,read,8,insns,32,9000,3,0,504\n");
    fprintf(p.f, "uk,blkio,ramdisk,,,4096,seq,read,1,insns,32,1476,4,4,191\n");
    run->profile = text_table(&p, "profile.csv");
}

static void c1_not_rare(void **state)
{
    (void)state;
    vd_run_t run;
    vd_verdict_t v;
    c1_run(&run, "tcg", 2);
    judge(&run, vd_c1, &v);
    assert_string_equal(v.verdict, VD_FAILS);
    assert_non_null(strstr(v.evidence, "RAM disk"));
    assert_non_null(strstr(v.evidence, "microkernel"));
    assert_string_equal(v.needs, ""); /* counts are final under tcg */
    vd_run_free(&run);
}

static void c1_rare(void **state)
{
    (void)state;
    vd_run_t run;
    vd_verdict_t v;
    c1_run(&run, "tcg", 1.9); /* 1.9 and 2.9: one case stays below a round trip */
    judge(&run, vd_c1, &v);
    assert_string_equal(v.verdict, VD_HOLDS);
    vd_run_free(&run);
}

static void c1_kvm_and_missing(void **state)
{
    (void)state;
    vd_run_t run;
    vd_verdict_t v;
    c1_run(&run, "kvm", 2);
    judge(&run, vd_c1, &v);
    assert_string_equal(v.verdict, VD_MODE);
    assert_non_null(strstr(v.needs, "tcg"));
    vd_run_free(&run);
    c1_run(&run, "tcg", 2);
    csvtab_free(run.profile);
    run.profile = NULL;
    judge(&run, vd_c1, &v);
    assert_true(starts(v.verdict, "not decidable: no profiler counts"));
    vd_run_free(&run);
}

/* Device windows: 2 cases (depth 1, depth 8) of 3 requests each. */
static void c1_windows_run(vd_run_t *run, int nwin, int sw_depth1)
{
    text_t s, w;
    run_init(run, "tcg");
    run->blkdev_iterations = 3;
    text_open(&s, SUMMARY_HEADER);
    srow(&s, "xen", "blkdev", "blkfront-vda", "", "", "4096", "seq", "read", "1", 43000, 43000, 43000);
    srow(&s, "xen", "blkdev", "blkfront-vda", "", "", "4096", "seq", "read", "8", 9000, 9000, 9000);
    run->summary = text_table(&s, "summary.csv");
    text_open(&w, "window,id,insns,crossings,dom_switches,dom0\n");
    for (int i = 0; i < nwin; i++)
        fprintf(w.f, "%d,0,43000,40,%d,500\n", i, i < 3 ? sw_depth1 + i : 0);
    run->win_xen[0] = text_table(&w, "windows-xen-1-device.csv");
}

static void c1_windows(void **state)
{
    (void)state;
    vd_run_t run;
    vd_verdict_t v;
    c1_windows_run(&run, 6, 2); /* depth-1 windows 2,3,4; depth-8 0,0,0 */
    judge(&run, vd_c1, &v);
    assert_string_equal(v.verdict, VD_FAILS);
    assert_non_null(strstr(v.evidence, "every one of 3 depth-1 requests made at least 2"));
    vd_run_free(&run);
    c1_windows_run(&run, 6, 0); /* 0,1,2: mean 1 */
    judge(&run, vd_c1, &v);
    assert_string_equal(v.verdict, VD_HOLDS);
    vd_run_free(&run);
    c1_windows_run(&run, 5, 2); /* one window short: cannot be matched */
    judge(&run, vd_c1, &v);
    assert_true(starts(v.verdict, "not decidable: windows-xen-1-device.csv has 5 windows"));
    vd_run_free(&run);
}

/* ---- C2 ------------------------------------------------------------------ */

static void c2_run(vd_run_t *run, const char *mode, double xen, double xen_p5, int with_uk)
{
    text_t s;
    run_init(run, mode);
    text_open(&s, SUMMARY_HEADER);
    if (with_uk) {
        pingpong(&s, "uk", "inter-as", "0", 360, 360, 360);
        pingpong(&s, "uk-nofp", "inter-as", "0", 642, 640, 650);
    }
    pingpong(&s, "xen", "domu-domu", "0", xen, xen_p5, xen);
    pingpong(&s, "xen", "domu-dom0", "0", 31170, 31137, 31907);
    pingpong(&s, "xen", "null-hypercall", "0", 284, 284, 284); /* not a round trip */
    run->summary = text_table(&s, "summary.csv");
}

static void c2_sides(void **state)
{
    (void)state;
    vd_run_t run;
    vd_verdict_t v;
    c2_run(&run, "tcg", 11073, 10221, 1);
    judge(&run, vd_c2, &v);
    assert_string_equal(v.verdict, VD_HOLDS);
    assert_non_null(strstr(v.evidence, "4 pairs"));
    assert_non_null(strstr(v.evidence, "11,073"));
    assert_non_null(strstr(v.needs, "kvm"));
    vd_run_free(&run);
    /* Above uk-nofp's 642 by 58, but the spreads are 10 + 100. */
    c2_run(&run, "tcg", 700, 600, 1);
    judge(&run, vd_c2, &v);
    assert_string_equal(v.verdict, VD_FAILS);
    assert_non_null(strstr(v.evidence, "uk-nofp"));
    vd_run_free(&run);
    /* Just above: 642 + 10 (uk-nofp) + 0 < 653. */
    c2_run(&run, "kvm", 653, 653, 1);
    judge(&run, vd_c2, &v);
    assert_string_equal(v.verdict, VD_HOLDS);
    assert_string_equal(v.needs, ""); /* cycles: final */
    vd_run_free(&run);
    c2_run(&run, "tcg", 11073, 10221, 0);
    judge(&run, vd_c2, &v);
    assert_true(starts(v.verdict, "not decidable: no ping-pong rows"));
    vd_run_free(&run);
}

/* ---- C3 ------------------------------------------------------------------ */

/* Xen move-alone over batches 1, 8, 64 and payloads 64, 4096:
 * cost = per_page * batch + per_byte * payload * batch. */
static void c3_run(vd_run_t *run, double per_page, double per_byte, int payloads)
{
    text_t s;
    static const int batches[] = { 1, 8, 64 };
    static const char *const pay[] = { "64", "4096" };
    run_init(run, "tcg");
    text_open(&s, SUMMARY_HEADER);
    for (int p = 0; p < payloads; p++)
        for (int b = 0; b < 3; b++) {
            char batch[8];
            snprintf(batch, sizeof batch, "%d", batches[b]);
            double m = per_page * batches[b] + per_byte * atof(pay[p]) * batches[b];
            srow(&s, "xen", "pageflip", "domu-domu-move-alone", pay[p], batch, "", "", "", "",
                 m, m, m);
            srow(&s, "xen", "pageflip", "domu-domu-copy-alone", pay[p], batch, "", "", "", "",
                 m + atof(pay[p]) * batches[b], m, m);
        }
    run->summary = text_table(&s, "summary.csv");
}

static void c3_sides(void **state)
{
    (void)state;
    vd_run_t run;
    vd_verdict_t v;
    c3_run(&run, 5000, 0, 2);
    judge(&run, vd_c3, &v);
    assert_string_equal(v.verdict, VD_HOLDS);
    assert_non_null(strstr(v.evidence, "grows with the pages, not the bytes"));
    assert_non_null(strstr(v.evidence, "grant copy"));
    assert_non_null(strstr(v.evidence, "between domUs only"));
    assert_non_null(strstr(v.needs, "kvm"));
    vd_run_free(&run);
    /* 0.02 insns per byte: at 4096 bytes +82 per page over 5000 (1.6%). */
    c3_run(&run, 5000, 0.02, 2);
    judge(&run, vd_c3, &v);
    assert_string_equal(v.verdict, VD_FAILS);
    assert_non_null(strstr(v.evidence, "grows with the bytes"));
    vd_run_free(&run);
    /* 0.001 per byte: +4 per page (0.08%), within the 1%. */
    c3_run(&run, 5000, 0.001, 2);
    judge(&run, vd_c3, &v);
    assert_string_equal(v.verdict, VD_HOLDS);
    vd_run_free(&run);
    c3_run(&run, 5000, 0, 1);
    judge(&run, vd_c3, &v);
    assert_true(starts(v.verdict, "not decidable: domu-domu-move-alone has one batch or one payload"));
    vd_run_free(&run);
    c2_run(&run, "tcg", 11073, 10221, 1); /* no page-flip rows at all */
    judge(&run, vd_c3, &v);
    assert_true(starts(v.verdict, "not decidable: no Xen page-move rows"));
    vd_run_free(&run);
}

static void c3_flat_in_pages(void **state)
{
    (void)state;
    vd_run_t run;
    vd_verdict_t v;
    text_t s;
    run_init(&run, "tcg");
    text_open(&s, SUMMARY_HEADER);
    /* The same cost whatever the batch: does not grow with the pages. */
    srow(&s, "xen", "pageflip", "domu-domu-move-alone", "64", "1", "", "", "", "", 7000, 6900, 7100);
    srow(&s, "xen", "pageflip", "domu-domu-move-alone", "64", "64", "", "", "", "", 7100, 7000, 7200);
    srow(&s, "xen", "pageflip", "domu-domu-move-alone", "4096", "1", "", "", "", "", 7000, 6900, 7100);
    srow(&s, "xen", "pageflip", "domu-domu-move-alone", "4096", "64", "", "", "", "", 7100, 7000, 7200);
    run.summary = text_table(&s, "summary.csv");
    judge(&run, vd_c3, &v);
    assert_string_equal(v.verdict, VD_FAILS);
    assert_non_null(strstr(v.evidence, "does not grow with the pages"));
    vd_run_free(&run);
}

/* ---- C4 ------------------------------------------------------------------ */

static void c4_run(vd_run_t *run, double pv, const char *profile_row)
{
    text_t s, p;
    run_init(run, "tcg");
    text_open(&s, SUMMARY_HEADER);
    pingpong(&s, "linux", "null-syscall", "0", 337, 337, 337);
    if (pv > 0)
        pingpong(&s, "linux-pv", "null-syscall", "0", pv, pv - 2, pv + 2);
    pingpong(&s, "uk", "null-syscall", "0", 82, 82, 82);
    run->summary = text_table(&s, "summary.csv");
    if (profile_row) {
        text_open(&p, "system,workload,variant,payload,batch,size,pattern,direction,depth,unit,windows,insns,hyp,u2h\n");
        fprintf(p.f, "%s\n", profile_row);
        run->profile = text_table(&p, "profile.csv");
    }
}

static void c4_sides(void **state)
{
    (void)state;
    vd_run_t run;
    vd_verdict_t v;
    c4_run(&run, 995, NULL);
    judge(&run, vd_c4, &v);
    assert_string_equal(v.verdict, VD_HOLDS);
    assert_non_null(strstr(v.evidence, "658 more"));
    assert_non_null(strstr(v.evidence, "inferred"));
    assert_non_null(strstr(v.needs, "make profile"));
    vd_run_free(&run);
    /* Counted: final, nothing needed. */
    c4_run(&run, 995, "linux-pv,pingpong,null-syscall,0,,,,,,insns,100,995,600,1");
    judge(&run, vd_c4, &v);
    assert_string_equal(v.verdict, VD_HOLDS);
    assert_string_equal(v.needs, "");
    vd_run_free(&run);
    /* Costs more, but no call entered Xen. */
    c4_run(&run, 995, "linux-pv,pingpong,null-syscall,0,,,,,,insns,100,995,0,0");
    judge(&run, vd_c4, &v);
    assert_string_equal(v.verdict, VD_FAILS);
    vd_run_free(&run);
    /* 340 - 337 = 3, within the spreads (4). */
    c4_run(&run, 340, NULL);
    judge(&run, vd_c4, &v);
    assert_string_equal(v.verdict, VD_FAILS);
    vd_run_free(&run);
    c4_run(&run, 0, NULL);
    judge(&run, vd_c4, &v);
    assert_true(starts(v.verdict, "not decidable: no Linux PV null-syscall row"));
    vd_run_free(&run);
}

/* ---- C5 ------------------------------------------------------------------ */

static void c5_run(vd_run_t *run, double uk_depth8_mean, int with_xen)
{
    text_t s;
    run_init(run, "tcg");
    text_open(&s, SUMMARY_HEADER);
    srow(&s, "uk", "blkio", "ramdisk", "", "", "4096", "seq", "read", "1", 1469, 1469, 1469);
    /* depth 8: the mean counts (srow makes mean = median). */
    srow(&s, "uk", "blkio", "ramdisk", "", "", "4096", "seq", "read", "8", uk_depth8_mean,
         uk_depth8_mean, uk_depth8_mean);
    srow(&s, "uk", "blkdev", "virtio-driver", "", "", "4096", "seq", "read", "1", 1754, 1700, 1800);
    if (with_xen) {
        srow(&s, "xen", "blkio", "blkfront-brd", "", "", "4096", "seq", "read", "1", 28766, 28766, 28766);
        srow(&s, "xen", "blkio", "blkfront-brd", "", "", "4096", "seq", "read", "8", 9000, 9000, 9000);
        srow(&s, "xen", "blkdev", "blkfront-vda", "", "", "4096", "seq", "read", "1", 43153, 43000, 44000);
    }
    run->summary = text_table(&s, "summary.csv");
}

static void c5_sides(void **state)
{
    (void)state;
    vd_run_t run;
    vd_verdict_t v;
    c5_run(&run, 1000, 1);
    judge(&run, vd_c5, &v);
    assert_string_equal(v.verdict, VD_HOLDS);
    assert_non_null(strstr(v.evidence, "1,469 against 28,766"));
    assert_non_null(strstr(v.needs, "kvm"));
    vd_run_free(&run);
    c5_run(&run, 9001, 1); /* one case above Xen's, spreads 0 */
    judge(&run, vd_c5, &v);
    assert_string_equal(v.verdict, VD_FAILS);
    assert_non_null(strstr(v.evidence, "1 of 3 cases"));
    vd_run_free(&run);
    c5_run(&run, 9000, 1); /* equal: no more than Xen's */
    judge(&run, vd_c5, &v);
    assert_string_equal(v.verdict, VD_HOLDS);
    vd_run_free(&run);
    c5_run(&run, 1000, 0);
    judge(&run, vd_c5, &v);
    assert_true(starts(v.verdict, "not decidable: no block I/O rows"));
    vd_run_free(&run);
}

/* ---- C6 ------------------------------------------------------------------ */

#define LIABILITY_HEADER "system,server,failure,measure,value,unit,outcome\n"

static void c6_run(vd_run_t *run, const char *rows)
{
    text_t s, l;
    run_init(run, "tcg");
    text_open(&s, SUMMARY_HEADER);
    run->summary = text_table(&s, "summary.csv");
    if (rows) {
        text_open(&l, LIABILITY_HEADER);
        fputs(rows, l.f);
        run->liability = text_table(&l, "liability.csv");
    }
}

#define UK_ROWS                                                            \
    "uk,ramdisk,death,detect,1200345,insns,error UK_ETIMEDOUT\n"           \
    "uk,ramdisk,death,recover,45678,insns,served after root restarted it\n" \
    "uk,ramdisk,death,bystander_before,360,insns,ok\n"                     \
    "uk,ramdisk,death,bystander_during,360,insns,ok\n"                     \
    "uk,ramdisk,death,bystander_ok,1,count,ok\n"

static void c6_sides(void **state)
{
    (void)state;
    vd_run_t run;
    vd_verdict_t v;
    c6_run(&run, UK_ROWS "xen,blkback,stall,detect,,insns,hung\n"
                         "xen,blkback,stall,recover,,insns,no recovery: the domain must be rebooted\n");
    judge(&run, vd_c6, &v);
    assert_string_equal(v.verdict, VD_HOLDS);
    assert_non_null(strstr(v.evidence, "detected in 1,200,345 insns (error UK_ETIMEDOUT)"));
    assert_non_null(strstr(v.evidence, "recovered in 45,678 insns"));
    assert_non_null(strstr(v.evidence, "bystanders unaffected (their round trip 360 before, 360 during)"));
    assert_true(starts(v.evidence, "On the microkernel, ramdisk death: detected"));
    assert_non_null(strstr(v.evidence, ". On Xen, blkback stall: hung, not recovered"));
    assert_non_null(strstr(v.evidence, "not recovered (no recovery: the domain must be rebooted)"));
    assert_non_null(strstr(v.evidence, "virtual clock skips idle time"));
    assert_string_equal(v.needs, "");
    vd_run_free(&run);
    /* Xen's client was served throughout: no inversion there. */
    c6_run(&run, UK_ROWS "xen,dom0-peer,stall,detect,5000,insns,served by a second peer\n");
    judge(&run, vd_c6, &v);
    assert_string_equal(v.verdict, VD_FAILS);
    vd_run_free(&run);
    c6_run(&run, UK_ROWS);
    judge(&run, vd_c6, &v);
    assert_true(starts(v.verdict, "not decidable: liability.csv has no detect row of Xen"));
    vd_run_free(&run);
    c6_run(&run, NULL);
    judge(&run, vd_c6, &v);
    assert_true(starts(v.verdict, "not decidable: liability.csv missing"));
    vd_run_free(&run);
}

static void c6_bad_file(void **state)
{
    (void)state;
    vd_run_t run;
    char err[512];
    c6_run(&run, "uk,ramdisk,melt,detect,1,insns,error\n");
    assert_int_equal(vd_run_check(&run, err, sizeof err), -1);
    assert_string_equal(err, "liability.csv line 2: bad failure 'melt'");
    vd_run_free(&run);
    c6_run(&run, "uk,ramdisk,death,detect,12.5,insns,error\n");
    assert_int_equal(vd_run_check(&run, err, sizeof err), -1);
    assert_string_equal(err, "liability.csv line 2: bad value '12.5'");
    vd_run_free(&run);
}

/* ---- C7 ------------------------------------------------------------------ */

static void c7_run(vd_run_t *run, long syscalls, long xen_tcb, int complete)
{
    text_t s, i;
    run_init(run, "kvm");
    text_open(&s, SUMMARY_HEADER);
    run->summary = text_table(&s, "summary.csv");
    text_open(&i, "component,kind,item,count,unit,source\n");
    fprintf(i.f, "ukernel,syscalls,all,%ld,calls,abi.h\n", syscalls);
    fprintf(i.f, "xen,hypercalls,all,38,calls,xen.h\nxen,operations,all,285,ops,x\n");
    fprintf(i.f, "xen-guest,operations,all,25,ops,x\nukernel,text,kernel,31752,bytes,x\n");
    fprintf(i.f, "tcb,text,ukernel-disk-io,35552,bytes,x\n");
    if (complete)
        fprintf(i.f, "tcb,text,xen-domU-io,%ld,bytes,x\n", xen_tcb);
    run->interface = text_table(&i, "interface.csv");
}

static void c7_sides(void **state)
{
    (void)state;
    vd_run_t run;
    vd_verdict_t v;
    c7_run(&run, 28, 28711087, 1);
    judge(&run, vd_c7, &v);
    assert_string_equal(v.verdict, VD_HOLDS);
    assert_non_null(strstr(v.evidence, "28 system calls"));
    assert_non_null(strstr(v.evidence, "285 operations"));
    assert_non_null(strstr(v.evidence, "28,711,087 bytes"));
    assert_string_equal(v.needs, "");
    vd_run_free(&run);
    c7_run(&run, 285, 28711087, 1); /* as many calls as Xen's operations */
    judge(&run, vd_c7, &v);
    assert_string_equal(v.verdict, VD_FAILS);
    vd_run_free(&run);
    c7_run(&run, 28, 35552, 1); /* Xen's trusted base no larger */
    judge(&run, vd_c7, &v);
    assert_string_equal(v.verdict, VD_FAILS);
    vd_run_free(&run);
    c7_run(&run, 28, 0, 0);
    judge(&run, vd_c7, &v);
    assert_true(starts(v.verdict, "not decidable: interface.csv lacks a row"));
    vd_run_free(&run);
    c7_run(&run, 28, 1, 1);
    csvtab_free(run.interface);
    run.interface = NULL;
    judge(&run, vd_c7, &v);
    assert_true(starts(v.verdict, "not decidable: interface.csv missing"));
    vd_run_free(&run);
}

/* ---- output and the program --------------------------------------------- */

/* tex_text (paper/common/latex.h) as verdicts.tex uses it: every special
 * character escaped, and a line break kept out of the macro's one line. */
static void escape(void **state)
{
    (void)state;
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    assert_non_null(f);
    tex_text(f, "a_b 5% & #1 $x {y} ~ ^ \\ <|>\nz");
    assert_int_equal(fclose(f), 0);
    assert_string_equal(out, "a\\_b 5\\% \\& \\#1 \\$x \\{y\\} \\textasciitilde{} "
                             "\\textasciicircum{} \\textbackslash{} \\textless{}\\textbar{}\\textgreater{} z");
    free(out);
}

static void numbers(void **state)
{
    (void)state;
    char b[NUM_LEN];
    assert_string_equal(rk_num(1234567, b), "1,234,567");
    assert_string_equal(rk_num(5317.03125, b), "5,317.03");
    assert_string_equal(rk_num(-1234, b), "-1,234");
    assert_string_equal(rk_num(999.999, b), "1,000");
    assert_string_equal(rk_num(12, b), "12");
    assert_string_equal(rk_num(NAN, b), "n/a");
    assert_string_equal(rk_num(1e300, b), "1e+300");
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    char *s = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&s, &len);
    int c;
    while ((c = fgetc(f)) != EOF)
        fputc(c, m);
    fclose(f);
    fclose(m);
    return s;
}

static char *tmpdir(void)
{
    char tmpl[] = "/tmp/test_verdicts.XXXXXX";
    char *d = mkdtemp(tmpl);
    assert_non_null(d);
    return strdup(d);
}

static void rm_dir(const char *dir)
{
    char cmd[600];
    assert_true(!strncmp(dir, "/tmp/test_verdicts.", 19));
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

/* Every macro defined once, its text free of unescaped specials. */
static void check_tex(const char *tex)
{
    static const char *const n[7] = { "One", "Two", "Three", "Four", "Five", "Six", "Seven" };
    static const char *const f[4] = { "", "Rule", "Evidence", "Needs" };
    int lines = 0;
    for (const char *p = tex; (p = strstr(p, "\\newcommand{")); p++)
        lines++;
    assert_int_equal(lines, 28);
    for (int c = 0; c < 7; c++)
        for (int k = 0; k < 4; k++) {
            char name[64];
            snprintf(name, sizeof name, "\\newcommand{\\VerdictC%s%s}{", n[c], f[k]);
            const char *p = strstr(tex, name);
            assert_non_null(p);
            /* The body: up to the end of the line, which must end in '}'. */
            p += strlen(name);
            const char *e = strchr(p, '\n');
            assert_non_null(e);
            assert_true(e > p - 1 && e[-1] == '}');
            for (const char *q = p; q < e - 1; q++) {
                if (strchr("_%&#$", *q))
                    assert_true(q > p && q[-1] == '\\');
                assert_false(*q == '<' || *q == '>' || *q == '~' || *q == '^');
            }
            if (k == 0) /* the verdict is one of the four words */
                assert_true(starts(p, "holds}") || starts(p, "does not hold}") ||
                            starts(p, "not decidable in this mode}") ||
                            starts(p, "not decidable: "));
        }
}

static int write_file(const char *dir, const char *name, const char *text)
{
    char path[600];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs(text, f);
    return fclose(f);
}

static int run_main(const char *in, const char *out)
{
    char *argv[] = { "paper-verdicts", (char *)in, (char *)out, NULL };
    return vd_main(3, argv);
}

static void refusals(void **state)
{
    (void)state;
    char *d = tmpdir();
    char *argv[] = { "paper-verdicts", NULL };
    assert_int_equal(vd_main(1, argv), 2);
    assert_int_equal(run_main(d, d), 2); /* no meta.json */
    assert_int_equal(write_file(d, "meta.json", "{\"mode\":\"tcg\",\"unit\":\"insns\"}"), 0);
    assert_int_equal(run_main(d, d), 2); /* no summary.csv */
    assert_int_equal(write_file(d, "summary.csv", "system,workload\nuk,pingpong\n"), 0);
    assert_int_equal(run_main(d, d), 2); /* no median column */
    assert_int_equal(write_file(d, "summary.csv", SUMMARY_HEADER "uk,pingpong,inter-as,0,,,,,,insns,10,1,x,1,1,1,0,,,,,tsc,1,1,1,,\n"), 0);
    assert_int_equal(run_main(d, d), 2); /* median not a number */
    /* The shared reader's strictness (paper/common/csvtab.c). */
    assert_int_equal(write_file(d, "summary.csv", SUMMARY_HEADER "uk,pingpong,short\n"), 0);
    assert_int_equal(run_main(d, d), 2); /* a row with too few fields */
    assert_int_equal(write_file(d, "summary.csv", SUMMARY_HEADER "\"uk\",pingpong,inter-as,0,,,,,,insns,10,1,1,1,1,1,0,,,,,tsc,1,1,1,,\n"), 0);
    assert_int_equal(run_main(d, d), 2); /* a quoted field */
    assert_int_equal(write_file(d, "summary.csv", SUMMARY_HEADER), 0);
    assert_int_equal(run_main(d, d), 0); /* nothing measured: all undecidable, written */
    char path[600];
    snprintf(path, sizeof path, "%s/verdicts.tex", d);
    char *tex = slurp(path);
    assert_non_null(tex);
    check_tex(tex);
    assert_non_null(strstr(tex, "\\newcommand{\\VerdictCTwo}{not decidable: no ping-pong rows"));
    free(tex);
    snprintf(path, sizeof path, "%s/verdicts.csv", d);
    char *csv = slurp(path);
    assert_non_null(csv);
    assert_true(starts(csv, "claim,verdict,rule,evidence,needs\nC1,\"not decidable: "));
    free(csv);
    assert_int_equal(write_file(d, "liability.csv", "system,server\n"), 0);
    assert_int_equal(run_main(d, d), 2); /* an optional file present but malformed */
    rm_dir(d);
    free(d);
}

/* The program over a real run, as is and with a hand-made liability.csv
 * and interface.csv beside links to its files. */
static void real_run(void **state)
{
    (void)state;
    const char *run = getenv("VERDICTS_RUN");
    if (!run) /* the Makefile names the canned run */
        run = "../../tests/data/paper-run";
    char path[600];
    snprintf(path, sizeof path, "%s/summary.csv", run);
    if (access(path, R_OK)) {
        print_message("# no real run at %s (set VERDICTS_RUN): skipped\n", run);
        skip();
    }
    char *out = tmpdir(), *in = tmpdir();
    assert_int_equal(run_main(run, out), 0);
    snprintf(path, sizeof path, "%s/verdicts.tex", out);
    char *tex = slurp(path);
    assert_non_null(tex);
    check_tex(tex);
    assert_non_null(strstr(tex, "\\newcommand{\\VerdictCOne}{does not hold}"));
    assert_non_null(strstr(tex, "\\newcommand{\\VerdictCTwo}{holds}"));
    free(tex);
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "for f in '%s'/*; do ln -s \"$f\" '%s'/; done", run, in);
    assert_int_equal(system(cmd), 0);
    snprintf(path, sizeof path, "%s/liability.csv", in);
    unlink(path);
    assert_int_equal(write_file(in, "liability.csv", LIABILITY_HEADER UK_ROWS
                                "xen,blkback,death,detect,,insns,hung\n"), 0);
    snprintf(path, sizeof path, "%s/interface.csv", in);
    unlink(path);
    assert_int_equal(write_file(in, "interface.csv",
                                "component,kind,item,count,unit,source\n"
                                "ukernel,syscalls,all,28,calls,a\nxen,hypercalls,all,38,calls,b\n"
                                "xen,operations,all,285,ops,c\nxen-guest,operations,all,25,ops,d\n"
                                "ukernel,text,kernel,31752,bytes,e\ntcb,text,ukernel-disk-io,35552,bytes,f\n"
                                "tcb,text,xen-domU-io,28711087,bytes,g\n"), 0);
    assert_int_equal(run_main(in, out), 0);
    snprintf(path, sizeof path, "%s/verdicts.tex", out);
    tex = slurp(path);
    assert_non_null(tex);
    check_tex(tex);
    assert_non_null(strstr(tex, "\\newcommand{\\VerdictCSix}{holds}"));
    assert_non_null(strstr(tex, "\\newcommand{\\VerdictCSeven}{holds}"));
    assert_non_null(strstr(tex, "error UK\\_ETIMEDOUT")); /* escaped */
    free(tex);
    rm_dir(out);
    rm_dir(in);
    free(out);
    free(in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(c1_not_rare),      cmocka_unit_test(c1_rare),
        cmocka_unit_test(c1_kvm_and_missing), cmocka_unit_test(c1_windows),
        cmocka_unit_test(c2_sides),         cmocka_unit_test(c3_sides),
        cmocka_unit_test(c3_flat_in_pages), cmocka_unit_test(c4_sides),
        cmocka_unit_test(c5_sides),         cmocka_unit_test(c6_sides),
        cmocka_unit_test(c6_bad_file),      cmocka_unit_test(c7_sides),
        cmocka_unit_test(escape),           cmocka_unit_test(numbers),           cmocka_unit_test(refusals),
        cmocka_unit_test(real_run),
    };
    return cmocka_run_group_tests_name("paper-verdicts", tests, NULL, NULL);
}
