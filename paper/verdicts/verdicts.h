/* SPDX-License-Identifier: MIT */
/*
 * paper-verdicts: each claim C1-C7 of DESIGN.md judged by a rule over a
 * finished run directory.  The run is loaded once (load.c) into plain
 * tables whose columns are found by name; rules.c holds one function per
 * claim; output.c writes verdicts.tex and verdicts.csv (the contract with
 * the paper: paper/verdicts/README.md).
 */
#ifndef VERDICTS_H
#define VERDICTS_H

#include <stddef.h>

/* A CSV file as read: a header naming the columns and rows of fields
 * (no quoting: every file the suite writes holds names and numbers). */
typedef struct {
    char *name;    /* file name, for messages */
    size_t ncols;
    char **cols;   /* header */
    size_t nrows;
    char ***rows;  /* rows[r][c], NUL-terminated strings */
    char *buf;     /* where the fields live */
} vd_table_t;

/* Parse text (modified copy kept); NULL with a one-line reason in err. */
vd_table_t *vd_table_parse(const char *text, const char *name, char *err, size_t errlen);
/* Read and parse a file; NULL with reason.  *absent = 1 when it does not exist. */
vd_table_t *vd_table_read(const char *path, const char *name, int *absent, char *err,
                          size_t errlen);
void vd_table_free(vd_table_t *t);
/* Column index by name, -1 if absent. */
int vd_col(const vd_table_t *t, const char *name);
/* Field of row r in the named column; "" if the column is absent. */
const char *vd_get(const vd_table_t *t, size_t r, const char *col);
/* Field as a number: 1 if it is one, 0 if empty, absent or not a number. */
int vd_num(const vd_table_t *t, size_t r, const char *col, double *out);

#define VD_MAX_RUNS 16

/* Everything a rule may look at.  Optional parts are NULL when absent. */
typedef struct {
    char mode[16];           /* tcg or kvm (meta.json) */
    char unit[16];           /* insns or cycles */
    long runs;               /* boots per system (meta.json runs) */
    long blkdev_iterations;  /* meta.json iterations.blkdev, 0 if not run */
    vd_table_t *summary;     /* required */
    vd_table_t *profile;     /* profile.csv */
    vd_table_t *interface;   /* interface.csv */
    vd_table_t *liability;   /* liability.csv */
    /* windows-<sys>-<run>-device.csv for uk and xen, runs 1..runs */
    vd_table_t *win_uk[VD_MAX_RUNS];
    vd_table_t *win_xen[VD_MAX_RUNS];
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

/* LaTeX-escape src into dst (always terminated); -1 if it did not fit. */
int vd_tex_escape(const char *src, char *dst, size_t len);
/* Write OUT/verdicts.tex and OUT/verdicts.csv; 0 or -1 with reason. */
int vd_write(const char *out, const vd_verdict_t v[7], char *err, size_t errlen);

/* The whole program (main.c calls it; tests too): exit status. */
int vd_main(int argc, char **argv);

#endif
