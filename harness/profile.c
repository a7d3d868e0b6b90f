/* SPDX-License-Identifier: MIT */
/*
 * The profile pass's matching, checking and averaging (see profile.h).
 */
#include "profile.h"
#include "errmsg.h"
#include "results.h"
#include "wltable.h"

#include "mem.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The plugin's windows: one row of numbers per window, columns by name. */
typedef struct {
    char **names;
    size_t n_names;
    long long *v; /* n_rows * n_names */
    size_t n_rows, cap;
} profile_csv_t;

static void profile_csv_free(profile_csv_t *c)
{
    for (size_t i = 0; i < c->n_names; i++)
        free(c->names[i]);
    free(c->names);
    free(c->v);
    memset(c, 0, sizeof(*c));
}

static void profile_chomp(char *line)
{
    size_t n = strlen(line);
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = '\0';
}

static int profile_csv_read(const char *path, profile_csv_t *c, char *why, size_t len)
{
    FILE *f = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0;
    long no = 0;
    int rc = 0;

    memset(c, 0, sizeof(*c));
    if (!f)
        return errmsg_set(why, len, "the profiler wrote no %s: %s", path, strerror(errno));
    while (rc == 0 && getline(&line, &cap, f) >= 0) {
        no++;
        profile_chomp(line);
        if (no == 1) {
            for (char *s = line, *tok; (tok = strsep(&s, ",")) != NULL;) {
                c->names = mem_array(c->names, c->n_names + 1, sizeof(*c->names));
                c->names[c->n_names++] = mem_strdup(tok);
            }
            if (c->n_names < 3 || strcmp(c->names[0], "window") || strcmp(c->names[2], "insns"))
                rc = errmsg_set(why, len, "%s: line 1 is not the profiler's header", path);
            continue;
        }
        if (c->n_rows == c->cap) {
            c->cap = c->cap ? 2 * c->cap : 1024;
            c->v = mem_array(c->v, c->cap * c->n_names, sizeof(*c->v));
        }
        long long *row = &c->v[c->n_rows * c->n_names];
        size_t k = 0;
        for (char *s = line, *tok; (tok = strsep(&s, ",")) != NULL; k++) {
            char *end;
            if (k == c->n_names)
                break;
            errno = 0;
            row[k] = strtoll(tok, &end, 10);
            if (!*tok || *end || errno)
                break;
        }
        if (k != c->n_names)
            rc = errmsg_set(why, len, "%s: line %ld has not %zu numbers", path, no, c->n_names);
        else
            c->n_rows++;
    }
    if (rc == 0 && no == 0)
        rc = errmsg_set(why, len, "%s is empty (did QEMU load the plugin?)", path);
    free(line);
    fclose(f);
    if (rc < 0)
        profile_csv_free(c);
    return rc;
}

/* The most frequent value of a[0..n). */
static int profile_cmp_ll(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return (x > y) - (x < y);
}

/* The most frequent value of a[0..n) (n >= 1; on a tie the one nearest
 * zero, since a skew is small): sorted copy, longest run. */
static long long profile_mode(const long long *a, size_t n)
{
    long long *s = mem_array(NULL, n, sizeof(*s));
    long long best = a[0];
    size_t best_n = 0;

    memcpy(s, a, n * sizeof(*s));
    qsort(s, n, sizeof(*s), profile_cmp_ll);
    for (size_t i = 0, j; i < n; i = j) {
        for (j = i + 1; j < n && s[j] == s[i]; j++)
            ;
        if (j - i > best_n || (j - i == best_n && llabs(s[i]) < llabs(best))) {
            best_n = j - i;
            best = s[i];
        }
    }
    free(s);
    return best;
}

/* Where each of this boot's columns (after window,id) goes in the table:
 * systems differ (domain columns only where domains are announced), so
 * the table has the union, in first-seen order. */
static size_t *profile_columns(profile_t *p, const profile_csv_t *c)
{
    size_t *at = mem_array(NULL, c->n_names, sizeof(*at));

    for (size_t i = 2; i < c->n_names; i++) {
        size_t k = 0;
        while (k < p->n_cols && strcmp(p->cols[k], c->names[i]) != 0)
            k++;
        if (k == p->n_cols) {
            p->cols = mem_array(p->cols, p->n_cols + 1, sizeof(*p->cols));
            p->cols[p->n_cols++] = mem_strdup(c->names[i]);
        }
        at[i] = k;
    }
    return at;
}

static profile_row_t *profile_row(profile_t *p, const char *system, const record_t *r)
{
    if (p->n_rows == p->cap) {
        p->cap = p->cap ? 2 * p->cap : 64;
        p->rows = mem_array(p->rows, p->cap, sizeof(*p->rows));
    }
    profile_row_t *row = &p->rows[p->n_rows++];
    memset(row, 0, sizeof(*row));
    snprintf(row->system, sizeof(row->system), "%s", system);
    snprintf(row->workload, sizeof(row->workload), "%s", r->workload);
    snprintf(row->variant, sizeof(row->variant), "%s", r->variant);
    memcpy(row->params, r->params, sizeof(row->params));
    row->n_mean = p->n_cols;
    row->mean = mem_array(NULL, p->n_cols, sizeof(*row->mean));
    row->has = mem_array(NULL, p->n_cols, sizeof(*row->has));
    memset(row->mean, 0, p->n_cols * sizeof(*row->mean));
    memset(row->has, 0, p->n_cols * sizeof(*row->has));
    return row;
}

/* A device workload's record (wl_list.h "exact" 0): its windows are not
 * compared with its samples (plan.h); an unknown workload is exact. */
static int profile_is_device(const record_t *r)
{
    const wltable_entry_t *w = wltable_find(r->workload);
    return w && !w->exact;
}

/* A device record's windows: every one in the means, none compared; those
 * whose TSC delta exceeds their count by PROFILE_IDLE_INSNS or more went
 * idle (expected: the guest waited for the host), counted for the record. */
static void profile_device_record(profile_t *p, profile_row_t *row, const record_t *r,
                                  const long long *w, size_t stride, const size_t *at)
{
    row->device = 1;
    for (long i = 0; i < r->n; i++) {
        const long long *win = &w[(size_t)i * stride];
        row->windows++;
        row->idle += r->samples[i] + r->overhead - win[2] >= PROFILE_IDLE_INSNS;
        for (size_t k = 2; k < stride; k++)
            row->mean[at[k]] += (double)win[k];
    }
    for (size_t k = 2; k < stride; k++) {
        row->has[at[k]] = 1;
        if (row->windows)
            row->mean[at[k]] /= (double)row->windows;
    }
    p->device_windows += row->windows;
    p->device_idle += row->idle;
}

/* Check the windows w[0..n) of record r and average them into a row;
 * at[i] is the table column of the window's column i (from 2). */
static int profile_record(profile_t *p, const char *system, const record_t *r,
                          const long long *w, size_t stride, const size_t *at, size_t cut,
                          char *why, size_t len)
{
    profile_row_t *row = profile_row(p, system, r);

    if (profile_is_device(r)) {
        profile_device_record(p, row, r, w, stride, at);
        return 0;
    }
    long long *skew = mem_array(NULL, (size_t)r->n, sizeof(*skew));
    char params[256];
    int rc = 0;

    record_params_format(r->params, params, sizeof(params));
    for (long i = 0; i < r->n; i++)
        skew[i] = w[(size_t)i * stride + 2] - (r->samples[i] + r->overhead);
    row->skew = profile_mode(skew, (size_t)r->n);
    if (row->skew > PROFILE_MAX_SKEW || row->skew < -PROFILE_MAX_SKEW)
        rc = errmsg_set(why, len,
                        "%s %s/%s/%s: the profiler counts %lld instructions more than the "
                        "guest's samples in most windows, more than the %d of the code around "
                        "the markers",
                        system, r->workload, r->variant, params, row->skew, PROFILE_MAX_SKEW);
    for (long i = 0; i < r->n && rc == 0; i++) {
        const long long *win = &w[(size_t)i * stride];
        long long excess = skew[i] - row->skew;
        if (excess >= 0 && excess <= win[cut]) {
            /* excess > 0: instructions that faulted, seen twice (profile.h) */
            row->windows++;
            row->faulted += excess > 0;
            row->excess += excess;
            for (size_t k = 2; k < stride; k++)
                row->mean[at[k]] += (double)win[k];
        } else if (excess <= -PROFILE_IDLE_INSNS) {
            row->idle++;
        } else {
            rc = errmsg_set(why, len,
                            "%s %s/%s/%s sample %ld (profiler window %lld): the profiler counted "
                            "%lld instructions, the guest's sample says %lld (+%lld around the "
                            "markers; %lld blocks cut short)",
                            system, r->workload, r->variant, params, i, win[0], win[2],
                            r->samples[i] + r->overhead, row->skew, win[cut]);
        }
    }
    for (size_t k = 2; k < stride; k++) {
        row->has[at[k]] = 1;
        if (row->windows)
            row->mean[at[k]] /= (double)row->windows;
    }
    p->windows += row->windows;
    p->idle += row->idle;
    p->faulted += row->faulted;
    free(skew);
    return rc;
}

int profile_add_boot(profile_t *p, const char *system, const transcript_t *t,
                     const char *csv_path, char *why, size_t len)
{
    profile_csv_t c;
    size_t next = 0, need = 0, *at;
    int rc = 0;

    if (profile_csv_read(csv_path, &c, why, len) < 0)
        return -1;
    size_t cut = 0;
    for (size_t i = 2; i < c.n_names; i++)
        if (strcmp(c.names[i], "cut_blocks") == 0)
            cut = i;
    if (!cut) {
        errmsg_set(why, len, "%s has no cut_blocks column: a profiler older than this harness "
                             "(make build-profiler)", csv_path);
        profile_csv_free(&c);
        return -1;
    }
    at = profile_columns(p, &c);
    for (size_t i = 0; i < t->n_recs; i++)
        if (t->recs[i].marked)
            need += (size_t)t->recs[i].n;
    if (rc == 0 && need != c.n_rows)
        rc = errmsg_set(why, len,
                        "the profiler closed %zu windows, the %s boot's marked records hold "
                        "%zu samples",
                        c.n_rows, system, need);
    for (size_t i = 0; i < t->n_recs && rc == 0; i++) {
        const record_t *r = &t->recs[i];
        if (!r->marked)
            continue;
        rc = profile_record(p, system, r, &c.v[next * c.n_names], c.n_names, at, cut, why, len);
        next += (size_t)r->n;
    }
    free(at);
    profile_csv_free(&c);
    return rc;
}

int profile_window_totals(transcript_t *t, const char *system, const char *csv_path, long *idle,
                          char *why, size_t len)
{
    profile_csv_t c;
    size_t next = 0, need = 0;
    int rc = 0;

    *idle = 0;
    for (size_t i = 0; i < t->n_recs; i++) {
        const record_t *r = &t->recs[i];
        if (r->marked)
            need += (size_t)r->n;
        else if (profile_is_device(r))
            return errmsg_set(why, len,
                              "%s %s/%s (console line %ld): a device workload's record "
                              "without \"window\": its samples cannot be counted by the "
                              "profiler",
                              system, r->workload, r->variant, r->line);
    }
    if (profile_csv_read(csv_path, &c, why, len) < 0)
        return -1;
    if (need != c.n_rows)
        rc = errmsg_set(why, len,
                        "the profiler closed %zu windows, the %s boot's marked records hold "
                        "%zu samples",
                        c.n_rows, system, need);
    for (size_t i = 0; i < t->n_recs && rc == 0; i++) {
        record_t *r = &t->recs[i];
        if (!r->marked)
            continue;
        for (long k = 0; k < r->n && profile_is_device(r); k++) {
            long long insns = c.v[(next + (size_t)k) * c.n_names + 2];
            *idle += r->samples[k] + r->overhead - insns >= PROFILE_IDLE_INSNS;
            /* Less the timer's own instructions, which the guest takes
             * off its TSC samples too: device and exact rows compare. */
            r->samples[k] = insns - r->overhead;
        }
        next += (size_t)r->n;
    }
    profile_csv_free(&c);
    return rc;
}

int profile_write_csv(const profile_t *p, const char *unit, FILE *f)
{
    fputs("system,workload,variant," RESULTS_PARAM_COLUMNS ",unit,windows,idle,skew,faulted,excess",
          f);
    for (size_t k = 0; k < p->n_cols; k++)
        fprintf(f, ",%s", p->cols[k]);
    fputc('\n', f);
    for (size_t i = 0; i < p->n_rows; i++) {
        const profile_row_t *row = &p->rows[i];
        fprintf(f, "%s,%s,%s", row->system, row->workload, row->variant);
        for (int k = 0; k < RECORD_N_PARAMS; k++) {
            char v[WL_RECORD_NAME_MAX + 24];
            record_value_format(&row->params[k], v, sizeof(v));
            fprintf(f, ",%s", v);
        }
        fprintf(f, ",%s,%ld,%ld,%lld,%ld,%lld", unit, row->windows, row->idle, row->skew,
                row->faulted, row->excess);
        for (size_t k = 0; k < p->n_cols; k++) {
            if (k < row->n_mean && row->has[k])
                fprintf(f, ",%.2f", row->mean[k]);
            else
                fputs(",", f);
        }
        fputc('\n', f);
    }
    return ferror(f) ? -1 : 0;
}

void profile_free(profile_t *p)
{
    for (size_t i = 0; i < p->n_cols; i++)
        free(p->cols[i]);
    free(p->cols);
    for (size_t i = 0; i < p->n_rows; i++) {
        free(p->rows[i].mean);
        free(p->rows[i].has);
    }
    free(p->rows);
    memset(p, 0, sizeof(*p));
}
