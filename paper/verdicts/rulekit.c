/* SPDX-License-Identifier: MIT */
/*
 * What the rules (rules.c) share: fixed-buffer text, numbers as the paper
 * prints them, and the summary's rows found by system, workload, variant
 * and parameters, with the spread bench-compare uses.
 */
#include "rulekit.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Append to a fixed buffer (truncates, always terminated). */
void rk_add(char *buf, const char *fmt, ...)
{
    size_t n = strlen(buf);
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(buf + n, VD_TEXT - n, fmt, ap);
    va_end(ap);
    if (w < 0 || (size_t)w >= VD_TEXT - n) /* cut: say so, never silently */
        memcpy(buf + VD_TEXT - 4, "...", 4);
}

/* A number as the paper prints it: 12,345 or 12,345.67 (rounded). */
const char *rk_num(double x, char buf[NUM_LEN])
{
    char raw[NUM_LEN];
    if (!isfinite(x) || fabs(x) >= 1e15) { /* no grouping: it would not fit */
        snprintf(buf, NUM_LEN, isnan(x) ? "n/a" : "%g", x);
        return buf;
    }
    int integral = fabs(x - round(x)) < 0.005;
    snprintf(raw, sizeof raw, integral ? "%.0f" : "%.2f", integral ? round(x) : x);
    const char *digits = raw + (raw[0] == '-');
    size_t intlen = strcspn(digits, ".");
    char *o = buf;
    if (raw[0] == '-')
        *o++ = '-';
    for (size_t i = 0; digits[i]; i++) {
        if (i < intlen && i > 0 && (intlen - i) % 3 == 0)
            *o++ = ',';
        *o++ = digits[i];
    }
    *o = '\0';
    return buf;
}

int rk_tcg(const vd_run_t *run)
{
    return !strcmp(run->mode, "tcg");
}

int rk_is_row(const csvtab_t *t, size_t r, const char *sys, const char *wl)
{
    return !strcmp(S(t, r, "system"), sys) && !strcmp(S(t, r, "workload"), wl);
}

/* Width of a summary row's spread (see the top). */
double rk_spread(const csvtab_t *t, size_t r)
{
    double lo = N(t, r, "p5"), hi = N(t, r, "p95"), x;
    if (csvtab_num(t, r, "run_median_min", &x) && x < lo)
        lo = x;
    if (csvtab_num(t, r, "run_median_max", &x) && x > hi)
        hi = x;
    return hi - lo;
}

/* Same parameters: the summary's columns between variant and unit. */
int rk_same_params(const csvtab_t *t, size_t a, size_t b)
{
    int first = csvtab_col(t, "variant") + 1, last = csvtab_col(t, "unit");
    for (int c = first; c < last; c++)
        if (strcmp(t->rows[a][c], t->rows[b][c]))
            return 0;
    return 1;
}

/* The row of sys/wl/variant with the parameters of row `like` of the same
 * table (like < 0: any parameters); -1 if none. */
long rk_find(const csvtab_t *t, const char *sys, const char *wl, const char *variant,
                 long like)
{
    for (size_t r = 0; r < t->nrows; r++)
        if (rk_is_row(t, r, sys, wl) && !strcmp(S(t, r, "variant"), variant) &&
            (like < 0 || rk_same_params(t, r, (size_t)like)))
            return (long)r;
    return -1;
}

int rk_ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), m = strlen(tail);
    return n >= m && !strcmp(s + n - m, tail);
}

