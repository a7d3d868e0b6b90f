/* SPDX-License-Identifier: MIT */
/*
 * Reading a finished run for bench-compare: summary.csv (as results.c
 * writes it: a header naming the columns, no quoting, since every field
 * is a name or a number) and meta.json.  Columns are found by name, so a
 * run written before a column was added still reads; the parameter
 * columns are the ones between "variant" and "unit".  Anything that does
 * not read as expected is a one-line reason, never a silent zero.
 */
#include "compare.h"

#include "errmsg.h"
#include "mem.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_COLUMNS 64

/* The header's columns, by name; -1 where absent. */
typedef struct {
    char *names[MAX_COLUMNS];
    size_t n;
    int system, workload, variant, unit, median, p5, p95;
    int counted_by, runs, run_median_min, run_median_max;
} columns_t;

/* Split line in place at commas; -1 if more than max fields. */
static int split(char *line, char **f, size_t max, size_t *n)
{
    *n = 0;
    for (char *p = line;;) {
        if (*n == max)
            return -1;
        f[(*n)++] = p;
        p = strchr(p, ',');
        if (!p)
            return 0;
        *p++ = '\0';
    }
}

static int column(const columns_t *c, const char *name)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->names[i], name) == 0)
            return (int)i;
    return -1;
}

static int read_header(columns_t *c, char *line, const char *file, char *err, size_t len)
{
    char *f[MAX_COLUMNS];
    if (split(line, f, MAX_COLUMNS, &c->n) < 0)
        return errmsg_set(err, len, "%s: header has more than %d columns", file, MAX_COLUMNS);
    for (size_t i = 0; i < c->n; i++)
        c->names[i] = f[i];
    c->system = column(c, "system");
    c->workload = column(c, "workload");
    c->variant = column(c, "variant");
    c->unit = column(c, "unit");
    c->median = column(c, "median");
    c->p5 = column(c, "p5");
    c->p95 = column(c, "p95");
    c->counted_by = column(c, "counted_by");
    c->runs = column(c, "runs");
    c->run_median_min = column(c, "run_median_min");
    c->run_median_max = column(c, "run_median_max");
    const char *need[] = { "system", "workload", "variant", "unit", "median", "p5", "p95" };
    const int at[] = { c->system, c->workload, c->variant, c->unit, c->median, c->p5, c->p95 };
    for (size_t i = 0; i < sizeof at / sizeof at[0]; i++)
        if (at[i] < 0)
            return errmsg_set(err, len, "%s: no column \"%s\" in the header (not a summary.csv?)",
                              file, need[i]);
    if (c->unit < c->variant)
        return errmsg_set(err, len, "%s: column \"unit\" comes before \"variant\"", file);
    return 0;
}

/* A finite number filling the whole field. */
static int number(const char *s, double *x)
{
    char *end;
    if (!*s)
        return -1;
    errno = 0;
    *x = strtod(s, &end);
    return (*end || errno || !isfinite(*x)) ? -1 : 0;
}

/* One data line into row; -1 with the line and column named. */
static int read_row(const columns_t *c, char *line, compare_row_t *row, const char *file,
                    long lineno, char *err, size_t len)
{
    char *f[MAX_COLUMNS];
    size_t n;
    if (split(line, f, MAX_COLUMNS, &n) < 0 || n != c->n)
        return errmsg_set(err, len, "%s line %ld: %zu fields, the header has %zu", file, lineno,
                          n, c->n);
    const int num_at[] = { c->median, c->p5, c->p95 };
    double *num_to[] = { &row->median, &row->p5, &row->p95 };
    for (size_t i = 0; i < 3; i++)
        if (number(f[num_at[i]], num_to[i]) < 0)
            return errmsg_set(err, len, "%s line %ld: %s \"%s\" is not a number", file, lineno,
                              c->names[num_at[i]], f[num_at[i]]);
    if (!*f[c->system] || !*f[c->workload] || !*f[c->unit])
        return errmsg_set(err, len, "%s line %ld: empty system, workload or unit", file, lineno);
    row->runs = 0;
    if (c->runs >= 0 && c->run_median_min >= 0 && c->run_median_max >= 0 && *f[c->runs]) {
        double runs;
        if (number(f[c->runs], &runs) < 0 || runs < 1 || runs != floor(runs) ||
            number(f[c->run_median_min], &row->run_median_min) < 0 ||
            number(f[c->run_median_max], &row->run_median_max) < 0)
            return errmsg_set(err, len, "%s line %ld: runs, run_median_min, run_median_max "
                              "\"%s\", \"%s\", \"%s\" are not numbers", file, lineno,
                              f[c->runs], f[c->run_median_min], f[c->run_median_max]);
        row->runs = (long)runs;
    }
    /* The key: the three names, then every non-empty parameter as
     * name=value, so two runs whose headers differ in parameter columns
     * still match on the parameters their rows have. */
    char *key = mem_printf("%s %s %s", f[c->system], f[c->workload], f[c->variant]);
    for (int i = c->variant + 1; i < c->unit; i++) {
        if (!*f[i])
            continue;
        char *longer = mem_printf("%s %s=%s", key, c->names[i], f[i]);
        free(key);
        key = longer;
    }
    row->key = key;
    row->system = mem_strdup(f[c->system]);
    row->workload = mem_strdup(f[c->workload]);
    row->unit = mem_strdup(f[c->unit]);
    row->counted_by = mem_strdup(c->counted_by >= 0 && *f[c->counted_by] ? f[c->counted_by]
                                                                          : "tsc");
    return 0;
}

static int load_summary(compare_run_t *r, const char *file, char *err, size_t len)
{
    FILE *f = fopen(file, "r");
    if (!f)
        return errmsg_set(err, len, "%s: %s", file, strerror(errno));
    char *line = NULL;
    size_t cap = 0, alloc = 0;
    long lineno = 0;
    columns_t c = { 0 };
    char *header = NULL;
    int rc = 0;
    ssize_t got;
    while ((got = getline(&line, &cap, f)) >= 0) {
        lineno++;
        if (got > 0 && line[got - 1] == '\n')
            line[--got] = '\0';
        if (memchr(line, '\0', (size_t)got) || strchr(line, '"')) {
            rc = errmsg_set(err, len, "%s line %ld: a NUL byte or a quote (not a summary.csv?)",
                            file, lineno);
            break;
        }
        if (!header) {
            header = mem_strdup(line); /* c.names point into it */
            if ((rc = read_header(&c, header, file, err, len)) < 0)
                break;
            continue;
        }
        if (r->n_rows == alloc) {
            alloc = alloc ? 2 * alloc : 64;
            r->rows = mem_array(r->rows, alloc, sizeof *r->rows);
        }
        compare_row_t *row = &r->rows[r->n_rows];
        memset(row, 0, sizeof *row);
        if ((rc = read_row(&c, line, row, file, lineno, err, len)) < 0)
            break;
        r->n_rows++;
        for (size_t i = 0; i + 1 < r->n_rows; i++)
            if (strcmp(r->rows[i].key, row->key) == 0) {
                rc = errmsg_set(err, len, "%s line %ld: row \"%s\" appears twice", file, lineno,
                                row->key);
                break;
            }
        if (rc < 0)
            break;
    }
    if (rc == 0 && ferror(f))
        rc = errmsg_set(err, len, "%s: %s", file, strerror(errno));
    else if (rc == 0 && !header)
        rc = errmsg_set(err, len, "%s: empty file", file);
    else if (rc == 0 && r->n_rows == 0)
        rc = errmsg_set(err, len, "%s: a header but no rows", file);
    free(line);
    free(header);
    fclose(f);
    return rc;
}

static int load_meta(compare_run_t *r, const char *file, char *err, size_t len)
{
    json_error_t je;
    r->meta = json_load_file(file, 0, &je);
    if (!r->meta)
        return errmsg_set(err, len, "%s: %s (line %d)", file, je.text, je.line);
    const char *mode = json_string_value(json_object_get(r->meta, "mode"));
    const char *unit = json_string_value(json_object_get(r->meta, "unit"));
    if (!mode || !unit)
        return errmsg_set(err, len, "%s: no \"mode\" or \"unit\" string (not a run's meta.json?)",
                          file);
    r->mode = mem_strdup(mode);
    r->unit = mem_strdup(unit);
    return 0;
}

int compare_run_load(compare_run_t *r, const char *path, char *err, size_t len)
{
    memset(r, 0, sizeof *r);
    r->path = mem_strdup(path);
    char *summary = mem_printf("%s/summary.csv", path);
    char *meta = mem_printf("%s/meta.json", path);
    int rc = load_summary(r, summary, err, len);
    if (rc == 0)
        rc = load_meta(r, meta, err, len);
    free(summary);
    free(meta);
    return rc;
}

void compare_run_free(compare_run_t *r)
{
    for (size_t i = 0; i < r->n_rows; i++) {
        free(r->rows[i].key);
        free(r->rows[i].system);
        free(r->rows[i].workload);
        free(r->rows[i].unit);
        free(r->rows[i].counted_by);
    }
    free(r->rows);
    free(r->path);
    free(r->mode);
    free(r->unit);
    if (r->meta)
        json_decref(r->meta);
    memset(r, 0, sizeof *r);
}
