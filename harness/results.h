/* SPDX-License-Identifier: MIT */
/*
 * The run directory: <results>/<run-id>/ with samples.csv, summary.csv,
 * meta.json and the console logs.  It is written as <results>/.tmp-<id>
 * and renamed only when complete, so an interrupted or failed run never
 * looks finished and an existing run is never overwritten; then
 * <results>/latest is pointed at it (a relative symlink, replaced by an
 * atomic rename).
 */
#ifndef BENCH_RESULTS_H
#define BENCH_RESULTS_H

#include "record.h"
#include "stats.h"

#include <stdio.h>

/* The parameter columns, one per name of WL_PARAM_NAMES (wl_record.h),
 * empty where a case does not have that parameter; the count columns, one
 * per WL_COUNT_NAMES, per operation (total over the samples / n). */
#define RESULTS_PARAM_COLUMNS "payload,batch,size,pattern,direction,depth"
#define RESULTS_COUNT_COLUMNS "bytes_copied,pages_mapped,pages_unmapped"
#define RESULTS_SAMPLES_HEADER                                                                     \
    "system,workload,variant," RESULTS_PARAM_COLUMNS ",unit,run,iter,value"
/* After the counts: how the row was counted (plan.h: tsc or plugin), its
 * spread over runs (the runs with samples, the least and greatest of
 * their medians) and, for a device workload's rows in cycles, its
 * throughput (size / mean per request). */
#define RESULTS_SPREAD_COLUMNS "counted_by,runs,run_median_min,run_median_max"
#define RESULTS_THROUGHPUT_COLUMNS "bytes_per_s,bytes_per_kcycle"
#define RESULTS_SUMMARY_HEADER                                                                     \
    "system,workload,variant," RESULTS_PARAM_COLUMNS ",unit,n,min,median,mean,p5,p95,stddev,"     \
    "median_per_page," RESULTS_COUNT_COLUMNS "," RESULTS_SPREAD_COLUMNS                           \
    "," RESULTS_THROUGHPUT_COLUMNS
#define RESULTS_TMP_PREFIX ".tmp-"
#define RESULTS_LATEST "latest"

/* All samples of one (system, workload, variant, params), pooled over
 * runs, with the counts their records carried. */
typedef struct {
    char system[WL_RECORD_NAME_MAX + 1];
    char workload[WL_RECORD_NAME_MAX + 1];
    char variant[WL_RECORD_NAME_MAX + 1];
    record_value_t params[RECORD_N_PARAMS];
    long long count_total[RECORD_N_COUNTS];
    size_t count_n[RECORD_N_COUNTS]; /* samples the totals cover */
    char counted_by[8]; /* "tsc" or "plugin" (plan.h) */
    long long *v;
    int *run; /* boot number of each sample */
    size_t n;
    size_t cap;
} results_series_t;

typedef struct {
    char *root;
    char *run_id;     /* final id, suffixed if the default was taken */
    char *tmp_path;   /* <root>/.tmp-<id> */
    char *final_path; /* <root>/<id> */
    char *unit;
    FILE *samples;
    results_series_t *series; /* first-seen order */
    size_t n_series;
    size_t cap;
    int finished;
    /* The guest's TSC rate for bytes per second (tscfreq.h); 0: unknown,
     * bytes per 1000 cycles only. */
    double tsc_hz;
} results_t;

/*
 * Create <root> if needed and <root>/.tmp-<run_id>.  If exclusive, an
 * existing <run_id> (final or temporary) is an error; otherwise "-2",
 * "-3", ... is appended until the name is free.
 */
int results_open(results_t *r, const char *root, const char *run_id, int exclusive,
                 const char *unit, char *err, size_t len);
/* Path of a file in the (temporary) run directory; caller frees. */
char *results_file(const results_t *r, const char *name);
/* Append one record's samples under the harness's system name; -1 with
 * err naming the cause if samples.csv cannot be written. */
int results_add(results_t *r, const char *system, const record_t *rec, int run, char *err,
                size_t len);
/* The same, saying how the samples were counted ("tsc" or "plugin"). */
int results_add_by(results_t *r, const char *system, const record_t *rec, int run,
                   const char *counted_by, char *err, size_t len);
/* Leave a failed system out of the summary and samples.csv (--keep-going:
 * a system is in the results with all its boots or not at all). */
void results_drop_system(results_t *r, const char *system);
/* Writes a file's contents to f from ctx; 0, or -1 with errno set. */
typedef int (*results_fill_t)(const void *ctx, FILE *f);
/* Write name in the run directory with fill(ctx, f), through a temporary
 * file and a rename; -1 with err on failure. */
int results_write_named(const results_t *r, const char *name, results_fill_t fill,
                        const void *ctx, char *err, size_t len);
/* Write summary.csv (from the pooled series); -1 with err on failure. */
int results_write_summary(results_t *r, char *err, size_t len);
int results_summary_csv(const results_t *r, FILE *f);
/* Rewrite samples.csv from the series, close it, rename the run into
 * place, point latest at it; -1 with err on failure. */
int results_finish(results_t *r, char *err, size_t len);
/* Re-point <root>/latest at run_id; -1 with err on failure. */
int results_link_latest(const char *root, const char *run_id, char *err, size_t len);
/* Free memory; an unfinished run stays on disk under its .tmp- name. */
void results_close(results_t *r);

#endif
