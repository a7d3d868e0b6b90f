/* SPDX-License-Identifier: MIT */
/*
 * What the user reads: the summary table on stdout at the end of a run,
 * and the tail of a console log on stderr after a failure.
 */
#ifndef BENCH_REPORT_H
#define BENCH_REPORT_H

#include "results.h"

#include <stdio.h>

#define REPORT_TAIL_LINES 15

/* system, workload, variant, params, unit, n, median, p5, p95. */
void report_table(const results_t *r, FILE *out);
/*
 * Print the last nlines lines of a file, each indented and cut to a
 * terminal-friendly width, control characters shown as '.'.
 */
void report_tail(const char *title, const char *path, int nlines, FILE *out);

#endif
