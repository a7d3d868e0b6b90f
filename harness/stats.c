/* SPDX-License-Identifier: MIT */
/*
 * Summary statistics (see stats.h for the definitions used).
 */
#include "stats.h"

#include "mem.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int stats_cmp(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;

    return (x > y) - (x < y);
}

double stats_percentile(const long long *sorted, size_t n, unsigned pct)
{
    size_t k = (n - 1) * pct / 100, r = (n - 1) * pct % 100;

    if (r == 0 || k + 1 >= n)
        return (double)sorted[k < n ? k : n - 1];
    return (double)sorted[k] + ((double)sorted[k + 1] - (double)sorted[k]) * (double)r / 100.0;
}

int stats_compute(const long long *v, size_t n, stats_t *out)
{
    long long *s;
    long double sum = 0, sq = 0;

    memset(out, 0, sizeof(*out));
    if (n == 0)
        return -1;
    s = mem_array(NULL, n, sizeof(*s));
    memcpy(s, v, n * sizeof(*s));
    qsort(s, n, sizeof(*s), stats_cmp);
    out->n = n;
    out->min = s[0];
    out->max = s[n - 1];
    out->median = stats_percentile(s, n, 50);
    out->p5 = stats_percentile(s, n, 5);
    out->p95 = stats_percentile(s, n, 95);
    for (size_t i = 0; i < n; i++)
        sum += s[i];
    out->mean = (double)(sum / n);
    for (size_t i = 0; i < n; i++) {
        long double d = s[i] - sum / n;
        sq += d * d;
    }
    out->stddev = n > 1 ? (double)sqrtl(sq / (n - 1)) : 0.0;
    free(s);
    return 0;
}

void stats_format(double x, int decimals, char *buf, size_t len)
{
    if (x == floor(x) && fabs(x) < 9.2e18)
        snprintf(buf, len, "%lld", (long long)x);
    else
        snprintf(buf, len, "%.*f", decimals, x);
}
