/* SPDX-License-Identifier: MIT */
/*
 * Validating one @@BENCH record (format: workloads/wl_record.h).  Every
 * member is checked for presence, type and range; anything unexpected is
 * an error with a reason naming the member, never a silent default.
 */
#ifndef BENCH_RECORD_H
#define BENCH_RECORD_H

#include "../workloads/wl_record.h"

#include <stddef.h>

/* A parameter or count of a record: absent, a number or a name. */
typedef struct {
    int set;
    long long num;
    char str[WL_RECORD_NAME_MAX + 1]; /* non-empty: the value is this name */
} record_value_t;

#define RECORD_N_PARAMS WL_PARAMS_MAX
#define RECORD_N_COUNTS WL_COUNTS_MAX

typedef struct {
    char system[WL_RECORD_NAME_MAX + 1];
    char workload[WL_RECORD_NAME_MAX + 1];
    char variant[WL_RECORD_NAME_MAX + 1];
    record_value_t params[RECORD_N_PARAMS]; /* indexed as WL_PARAM_NAMES */
    record_value_t counts[RECORD_N_COUNTS]; /* totals; indexed as WL_COUNT_NAMES */
    int version;                            /* the record's "v" */
    int marked; /* "window" present: one profiler window per sample */
    char unit[8];
    long n;
    long long warmup;
    long long overhead;
    long long *samples; /* n values, owned */
    long line;          /* console line it came from */
} record_t;

/* What this boot's records must agree with. */
typedef struct {
    const char *unit;             /* the run's unit */
    const char *system;           /* NULL: any valid name */
    const char *const *workloads; /* requested; NULL: any valid name */
    size_t n_workloads;
    const long *iterations; /* per requested workload; NULL: any n */
} record_expect_t;

/*
 * Parse the JSON text after "@@BENCH ".  Returns 0 and fills *out (free
 * with record_free), or -1 with a one-line reason in why.
 */
int record_parse(const char *json_text, const record_expect_t *exp, record_t *out, char *why,
                 size_t whylen);
void record_free(record_t *r);
/* 0 if s is a valid record name (charset and length). */
int record_name_ok(const char *s);
/* The names of parameter / count i (wl_record.h), in column order. */
const char *record_param_name(int i);
const char *record_count_name(int i);
/* 1 if two parameter sets are the same case. */
int record_params_equal(const record_value_t *a, const record_value_t *b);
/* "payload=0,batch=4" (the set parameters) into buf. */
void record_params_format(const record_value_t *p, char *buf, size_t len);
/* A value as a CSV cell: "" if absent, the name, or the number. */
void record_value_format(const record_value_t *v, char *buf, size_t len);

#endif
