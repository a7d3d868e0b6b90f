/* SPDX-License-Identifier: MIT */
/*
 * The summary table and console tails (see report.h).
 */
#include "report.h"

#include "mem.h"
#include "stats.h"

#include <stdlib.h>
#include <string.h>

#define REPORT_COLS 9
#define REPORT_LINE_MAX 160

static const char *const report_head[REPORT_COLS] = {
    "system", "workload", "variant", "params", "unit", "n", "median", "p5", "p95",
};

/* Numeric columns are right-aligned. */
static const int report_right[REPORT_COLS] = { 0, 0, 0, 0, 0, 1, 1, 1, 1 };

#define REPORT_CELL 64

static void report_row(char cells[REPORT_COLS][REPORT_CELL], const size_t *w, FILE *out)
{
    for (int c = 0; c < REPORT_COLS; c++)
        fprintf(out, "%s%*s", c ? "  " : "", report_right[c] ? (int)w[c] : -(int)w[c], cells[c]);
    fputc('\n', out);
}

void report_table(const results_t *r, FILE *out)
{
    char(*cells)[REPORT_COLS][REPORT_CELL];
    size_t w[REPORT_COLS] = { 0 }, rows = r->n_series + 1;
    stats_t st;

    cells = mem_array(NULL, rows, sizeof(*cells));
    for (int c = 0; c < REPORT_COLS; c++)
        snprintf(cells[0][c], REPORT_CELL, "%s", report_head[c]);
    for (size_t i = 0; i < r->n_series; i++) {
        const results_series_t *s = &r->series[i];
        char(*row)[REPORT_CELL] = cells[i + 1];
        stats_compute(s->v, s->n, &st);
        snprintf(row[0], REPORT_CELL, "%s", s->system);
        snprintf(row[1], REPORT_CELL, "%s", s->workload);
        snprintf(row[2], REPORT_CELL, "%s", s->variant);
        record_params_format(s->params, row[3], REPORT_CELL);
        snprintf(row[4], REPORT_CELL, "%s", r->unit);
        snprintf(row[5], REPORT_CELL, "%zu", st.n);
        stats_format(st.median, 2, row[6], REPORT_CELL);
        stats_format(st.p5, 2, row[7], REPORT_CELL);
        stats_format(st.p95, 2, row[8], REPORT_CELL);
    }
    for (size_t i = 0; i < rows; i++)
        for (int c = 0; c < REPORT_COLS; c++)
            if (strlen(cells[i][c]) > w[c])
                w[c] = strlen(cells[i][c]);
    for (size_t i = 0; i < rows; i++)
        report_row(cells[i], w, out);
    free(cells);
}

static void report_line(const char *line, FILE *out)
{
    size_t len = strlen(line);

    fputs("  | ", out);
    for (size_t i = 0; i < len && i < REPORT_LINE_MAX; i++) {
        unsigned char ch = (unsigned char)line[i];
        fputc(ch >= 0x20 && ch < 0x7f ? ch : '.', out);
    }
    if (len > REPORT_LINE_MAX)
        fprintf(out, " ... (%zu bytes)", len);
    fputc('\n', out);
}

void report_tail(const char *title, const char *path, int nlines, FILE *out)
{
    char **ring = mem_array(NULL, (size_t)nlines, sizeof(*ring));
    char *line = NULL;
    size_t cap = 0;
    long total = 0;
    ssize_t len;
    FILE *f;

    memset(ring, 0, (size_t)nlines * sizeof(*ring));
    f = fopen(path, "r");
    if (!f) {
        fprintf(out, "%s: %s: (no output)\n", title, path);
        free(ring);
        return;
    }
    while ((len = getline(&line, &cap, f)) >= 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        free(ring[total % nlines]);
        ring[total % nlines] = mem_strdup(line);
        total++;
    }
    fclose(f);
    free(line);
    if (total == 0) {
        fprintf(out, "%s: %s: (empty)\n", title, path);
        free(ring);
        return;
    }
    fprintf(out, "%s: last %ld of %ld lines of %s:\n", title, total < nlines ? total : (long)nlines,
            total, path);
    for (long i = total < nlines ? 0 : total - nlines; i < total; i++)
        report_line(ring[i % nlines], out);
    for (int i = 0; i < nlines; i++)
        free(ring[i]);
    free(ring);
}
