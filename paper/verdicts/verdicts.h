/* SPDX-License-Identifier: MIT */
/*
 * paper-verdicts: each claim C1-C7 of DESIGN.md judged by a rule over a
 * finished run directory.  The run is loaded once (load.c) into plain
 * tables whose columns are found by name (csvtab.h, in paper/common:
 * paper-gen reads the run with it too); rules.c holds one function per
 * claim; output.c writes verdicts.tex and verdicts.csv (the contract with
 * the paper: paper/verdicts/README.md).
 */
#ifndef VERDICTS_H
#define VERDICTS_H

#include <stddef.h>

#include "csvtab.h"

#define VD_MAX_RUNS 16

/* Everything a rule may look at.  Optional parts are NULL when absent. */
typedef struct {
    char mode[16];           /* tcg or kvm (meta.json) */
    char unit[16];           /* insns or cycles */
    long runs;               /* boots per system (meta.json runs) */
    long blkdev_iterations;  /* meta.json iterations.blkdev, 0 if not run */
    csvtab_t *summary;       /* required */
    csvtab_t *profile;       /* profile.csv */
    csvtab_t *interface;     /* interface.csv */
    csvtab_t *liability;     /* liability.csv */
    /* windows-<sys>-<run>-device.csv for uk and xen, runs 1..runs */
    csvtab_t *win_uk[VD_MAX_RUNS];
    csvtab_t *win_xen[VD_MAX_RUNS];
} vd_run_t;

/* Load RUN_DIR; 0, or -1 with a one-line reason (unusable input). */
int vd_run_load(const char *dir, vd_run_t *run, char *err, size_t errlen);
/* Check the tables a rule trusts (columns, numbers); used by the loader
 * and by tests that build a run in memory.  0 or -1 with reason. */
int vd_run_check(const vd_run_t *run, char *err, size_t errlen);
void vd_run_free(vd_run_t *run);

#define VD_TEXT 4096

/* One claim's verdict: the words the paper prints. */
typedef struct {
    char verdict[512];  /* holds | does not hold | not decidable in this mode | not decidable: ... */
    char rule[VD_TEXT];
    char evidence[VD_TEXT];
    char needs[VD_TEXT];
} vd_verdict_t;

#define VD_HOLDS "holds"
#define VD_FAILS "does not hold"
#define VD_MODE "not decidable in this mode"

typedef void (*vd_rule_fn)(const vd_run_t *run, vd_verdict_t *v);
void vd_c1(const vd_run_t *run, vd_verdict_t *v);
void vd_c2(const vd_run_t *run, vd_verdict_t *v);
void vd_c3(const vd_run_t *run, vd_verdict_t *v);
void vd_c4(const vd_run_t *run, vd_verdict_t *v);
void vd_c5(const vd_run_t *run, vd_verdict_t *v);
void vd_c6(const vd_run_t *run, vd_verdict_t *v);
void vd_c7(const vd_run_t *run, vd_verdict_t *v);
extern const vd_rule_fn vd_rules[7];

/* Write OUT/verdicts.tex and OUT/verdicts.csv; 0 or -1 with reason. */
int vd_write(const char *out, const vd_verdict_t v[7], char *err, size_t errlen);

/* The whole program (main.c calls it; tests too): exit status. */
int vd_main(int argc, char **argv);

#endif
