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

typedef struct {
    char system[WL_RECORD_NAME_MAX + 1];
    char workload[WL_RECORD_NAME_MAX + 1];
    char variant[WL_RECORD_NAME_MAX + 1];
    long long param;
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

#endif
