/* SPDX-License-Identifier: MIT */
/*
 * Summary statistics of one series of integer samples.
 *
 * Percentiles use linear interpolation between closest ranks (Hyndman and
 * Fan type 7, the default of R, NumPy and spreadsheets): on the sorted
 * samples x[0..n-1], P(p) = x[k] + f * (x[k+1] - x[k]) with h = (n-1) * p,
 * k = floor(h), f = h - k.  So the median of an even count is the mean of
 * the middle two, P(0) is the minimum and P(1) the maximum.  stddev is the
 * sample standard deviation (divisor n-1), 0 for n = 1.
 */
#ifndef BENCH_STATS_H
#define BENCH_STATS_H

#include <stddef.h>

typedef struct {
    size_t n;
    long long min;
    long long max;
    double median;
    double mean;
    double p5;
    double p95;
    double stddev;
} stats_t;

/* -1 if n == 0.  v is not modified. */
int stats_compute(const long long *v, size_t n, stats_t *out);
/*
 * The pct-th percentile (0..100) of sorted samples, n >= 1.  Integer
 * percent keeps h = (n-1) * pct / 100 exact, so a percentile that falls on
 * a sample is exactly that sample.
 */
double stats_percentile(const long long *sorted, size_t n, unsigned pct);
/*
 * Locale-free number text for CSV and tables: an integer when x is
 * integral, otherwise `decimals` places (used for median and percentiles;
 * mean and stddev are always printed with a fixed "%.2f").
 */
void stats_format(double x, int decimals, char *buf, size_t len);

#endif
