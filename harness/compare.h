/* SPDX-License-Identifier: MIT */
/*
 * bench-compare: two finished runs side by side (make compare A= B=).
 *
 * A run is read from its summary.csv (one row per system, workload,
 * variant and parameters) and its meta.json (mode, unit, versions).  Rows
 * are matched by that key; each matched row's median change is judged
 * against both runs' spreads (compare_classify, the rule in
 * harness/README.md, "Comparing runs").
 */
#ifndef BENCH_COMPARE_H
#define BENCH_COMPARE_H

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>

/* One summary.csv row, as far as a comparison needs it. */
typedef struct {
    char *key;       /* "system workload variant name=value ...", non-empty parameters */
    char *system, *workload;
    char *unit;      /* insns or cycles */
    char *counted_by; /* tsc or plugin; "tsc" when the column is absent (older runs) */
    double median, p5, p95;
    long runs;       /* 0: the run-spread columns are absent or empty */
    double run_median_min, run_median_max;
} compare_row_t;

typedef struct {
    char *path;      /* the run directory */
    char *mode;      /* meta.json mode: tcg or kvm */
    char *unit;      /* meta.json unit */
    json_t *meta;
    compare_row_t *rows; /* summary.csv order */
    size_t n_rows;
} compare_run_t;

/* Read path/summary.csv and path/meta.json; -1 with a one-line reason. */
int compare_run_load(compare_run_t *r, const char *path, char *err, size_t len);
void compare_run_free(compare_run_t *r);

typedef enum {
    COMPARE_SAME,    /* equal medians */
    COMPARE_WITHIN,  /* the medians differ, but within the spread */
    COMPARE_FLAGGED, /* the change exceeds the spread */
} compare_status_t;

/*
 * Judge one matched row.  exact: both runs are tcg and both rows are
 * counted by the TSC, so the medians are instruction counts icount makes
 * deterministic and any change is real (flagged).  Otherwise flagged when
 * either median lies outside the other run's spread, the interval from
 * min(p5, run_median_min) to max(p95, run_median_max) (the run medians
 * only when the row has them).
 */
compare_status_t compare_classify(const compare_row_t *a, const compare_row_t *b, int exact);

/*
 * The whole tool: bench-compare [--all] [--exact-only] [--match-versions]
 * [--results DIR] [--csv OUT] A B.
 * Report on out, errors (one line each) on err.  Returns the exit status:
 * 0 nothing flagged, 1 something flagged, 2 usage, refusal or bad input.
 */
int compare_main(int argc, char **argv, FILE *out, FILE *err);

#endif
