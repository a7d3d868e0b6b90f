/* SPDX-License-Identifier: MIT */
/* Helpers of the rules (rulekit.c); only rules.c includes this. */
#ifndef RULEKIT_H
#define RULEKIT_H

#include "verdicts.h"

#include <math.h>

/* Append to a VD_TEXT buffer; a cut text ends in "...". */
void rk_add(char *buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A number as the paper prints it: 12,345 or 12,345.67. */
#define NUM_LEN 40
const char *rk_num(double x, char buf[NUM_LEN]);

/* The run is in tcg mode (instructions). */
int rk_tcg(const vd_run_t *run);
/* Row r of t is of system sys and workload wl. */
int rk_is_row(const csvtab_t *t, size_t r, const char *sys, const char *wl);
/* Width of a summary row's spread: [min(p5, run_median_min), max(p95, run_median_max)]. */
double rk_spread(const csvtab_t *t, size_t r);
/* Rows a and b have the same parameters (the columns between variant and unit). */
int rk_same_params(const csvtab_t *t, size_t a, size_t b);
/* The row of sys/wl/variant with the parameters of row like (like < 0: any); -1 if none. */
long rk_find(const csvtab_t *t, const char *sys, const char *wl, const char *variant, long like);
int rk_ends_with(const char *s, const char *tail);

static inline const char *S(const csvtab_t *t, size_t r, const char *c)
{
    return csvtab_get(t, r, c);
}

static inline double N(const csvtab_t *t, size_t r, const char *c)
{
    double x = NAN;
    csvtab_num(t, r, c, &x);
    return x;
}

#endif
