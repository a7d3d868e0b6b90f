/* SPDX-License-Identifier: MIT */
/*
 * Writing a run directory (see results.h).
 */
#include "results.h"
#include "errmsg.h"

#include "mem.h"
#include "wltable.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define RESULTS_MAX_SUFFIX 1000

static int results_mkdir_p(const char *path)
{
    char *p = mem_strdup(path);
    int rc = 0;

    for (char *s = p + 1; *s && rc == 0; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0755) < 0 && errno != EEXIST)
            rc = -1;
        *s = '/';
    }
    if (rc == 0 && mkdir(p, 0755) < 0 && errno != EEXIST)
        rc = -1;
    free(p);
    return rc;
}

static int results_exists(const char *root, const char *name)
{
    char *p = mem_printf("%s/%s", root, name);
    struct stat st;
    int found = lstat(p, &st) == 0;

    free(p);
    return found;
}

/*
 * Claim <root>/.tmp-<id>; mkdir's EEXIST makes the claim race-free.
 * Returns 1 when claimed, 0 when the id is taken, -1 (errno set) when
 * the directory cannot be made for another reason.
 */
static int results_claim(results_t *r, const char *id)
{
    char *tmp_name = mem_printf(RESULTS_TMP_PREFIX "%s", id);
    int rc = 0;

    if (!results_exists(r->root, id) && !results_exists(r->root, tmp_name)) {
        r->tmp_path = mem_printf("%s/%s", r->root, tmp_name);
        if (mkdir(r->tmp_path, 0755) == 0) {
            rc = 1;
        } else {
            int e = errno;
            free(r->tmp_path);
            r->tmp_path = NULL;
            errno = e;
            rc = e == EEXIST ? 0 : -1;
        }
    }
    free(tmp_name);
    if (rc == 1) {
        r->run_id = mem_strdup(id);
        r->final_path = mem_printf("%s/%s", r->root, id);
    }
    return rc;
}

int results_open(results_t *r, const char *root, const char *run_id, int exclusive,
                 const char *unit, char *err, size_t len)
{
    int claimed;

    memset(r, 0, sizeof(*r));
    r->root = mem_strdup(root);
    r->unit = mem_strdup(unit);
    if (results_mkdir_p(root) < 0)
        return errmsg_set(err, len, "cannot create %s: %s", root, strerror(errno));
    claimed = results_claim(r, run_id);
    if (claimed < 0)
        return errmsg_set(err, len, "cannot create the run directory %s/%s%s: %s", root,
                          RESULTS_TMP_PREFIX, run_id, strerror(errno));
    if (claimed == 0 && exclusive)
        return errmsg_set(err, len,
                          "run %s already exists in %s (as %s or %s%s); choose another "
                          "--run-id",
                          run_id, root, run_id, RESULTS_TMP_PREFIX, run_id);
    for (int i = 2; claimed == 0 && i <= RESULTS_MAX_SUFFIX; i++) {
        char *id = mem_printf("%s-%d", run_id, i);
        claimed = results_claim(r, id);
        if (claimed < 0)
            errmsg_set(err, len, "cannot create the run directory %s/%s%s: %s", root,
                       RESULTS_TMP_PREFIX, id, strerror(errno));
        free(id);
    }
    if (claimed < 0)
        return -1;
    if (claimed == 0)
        return errmsg_set(err, len,
                          "cannot create a run directory for %s in %s: %s and %s-2 to %s-%d "
                          "are all taken",
                          run_id, root, run_id, run_id, run_id, RESULTS_MAX_SUFFIX);
    char *path = results_file(r, "samples.csv");
    r->samples = fopen(path, "w");
    free(path);
    if (!r->samples)
        return errmsg_set(err, len, "cannot create samples.csv in %s: %s", r->tmp_path,
                          strerror(errno));
    if (fputs(RESULTS_SAMPLES_HEADER "\n", r->samples) == EOF || fflush(r->samples) == EOF)
        return errmsg_set(err, len, "cannot write samples.csv in %s: %s", r->tmp_path,
                          strerror(errno));
    return 0;
}

char *results_file(const results_t *r, const char *name)
{
    return mem_printf("%s/%s", r->tmp_path, name);
}

/* The parameter cells of a CSV row: ",v1,v2,..." */
static void results_param_cells(const record_value_t *p, char *buf, size_t len)
{
    size_t used = 0;

    buf[0] = '\0';
    for (int i = 0; i < RECORD_N_PARAMS && used < len; i++) {
        char v[WL_RECORD_NAME_MAX + 24];
        record_value_format(&p[i], v, sizeof(v));
        int w = snprintf(buf + used, len - used, ",%s", v);
        if (w < 0)
            break;
        used += (size_t)w;
    }
}

static results_series_t *results_series(results_t *r, const char *system, const record_t *rec)
{
    results_series_t *s;

    for (size_t i = 0; i < r->n_series; i++) {
        s = &r->series[i];
        if (record_params_equal(s->params, rec->params) && strcmp(s->system, system) == 0 &&
            strcmp(s->workload, rec->workload) == 0 && strcmp(s->variant, rec->variant) == 0)
            return s;
    }
    if (r->n_series == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 16;
        r->series = mem_array(r->series, r->cap, sizeof(*r->series));
    }
    s = &r->series[r->n_series++];
    memset(s, 0, sizeof(*s));
    snprintf(s->system, sizeof(s->system), "%s", system);
    snprintf(s->workload, sizeof(s->workload), "%s", rec->workload);
    snprintf(s->variant, sizeof(s->variant), "%s", rec->variant);
    memcpy(s->params, rec->params, sizeof(s->params));
    return s;
}

int results_add(results_t *r, const char *system, const record_t *rec, int run, char *err,
                size_t len)
{
    return results_add_by(r, system, rec, run, "tsc", err, len);
}

int results_add_by(results_t *r, const char *system, const record_t *rec, int run,
                   const char *counted_by, char *err, size_t len)
{
    results_series_t *s = results_series(r, system, rec);

    if (s->n + (size_t)rec->n > s->cap) {
        s->cap = s->n + (size_t)rec->n;
        s->v = mem_array(s->v, s->cap, sizeof(*s->v));
        s->run = mem_array(s->run, s->cap, sizeof(*s->run));
    }
    char cells[RECORD_N_PARAMS * (WL_RECORD_NAME_MAX + 2)];
    results_param_cells(rec->params, cells, sizeof(cells));
    if (!s->counted_by[0])
        snprintf(s->counted_by, sizeof(s->counted_by), "%s", counted_by);
    for (int k = 0; k < RECORD_N_COUNTS; k++) {
        if (rec->counts[k].set) {
            s->count_total[k] += rec->counts[k].num;
            s->count_n[k] += (size_t)rec->n;
        }
    }
    for (long i = 0; i < rec->n; i++) {
        s->run[s->n] = run;
        s->v[s->n++] = rec->samples[i];
        fprintf(r->samples, "%s,%s,%s%s,%s,%d,%ld,%lld\n", system, rec->workload, rec->variant,
                cells, r->unit, run, i, rec->samples[i]);
    }
    /* Flushed per record, so a full disk is seen now and by its name. */
    if (fflush(r->samples) == EOF || ferror(r->samples))
        return errmsg_set(err, len, "cannot write samples.csv in %s: %s", r->tmp_path,
                          strerror(errno));
    return 0;
}

void results_drop_system(results_t *r, const char *system)
{
    size_t kept = 0;

    for (size_t i = 0; i < r->n_series; i++) {
        if (strcmp(r->series[i].system, system) == 0) {
            free(r->series[i].v);
            free(r->series[i].run);
            continue;
        }
        r->series[kept++] = r->series[i];
    }
    r->n_series = kept;
}

/* samples.csv from the pooled series, in their order; iter counts from 0
 * within each run. */
static int results_samples_csv(const results_t *r, FILE *f)
{
    if (fputs(RESULTS_SAMPLES_HEADER "\n", f) == EOF)
        return -1;
    for (size_t i = 0; i < r->n_series; i++) {
        const results_series_t *s = &r->series[i];
        char cells[RECORD_N_PARAMS * (WL_RECORD_NAME_MAX + 2)];
        long iter = 0;
        results_param_cells(s->params, cells, sizeof(cells));
        for (size_t k = 0; k < s->n; k++) {
            iter = k > 0 && s->run[k] == s->run[k - 1] ? iter + 1 : 0;
            if (fprintf(f, "%s,%s,%s%s,%s,%d,%ld,%lld\n", s->system, s->workload, s->variant,
                        cells, r->unit, s->run[k], iter, s->v[k]) < 0)
                return -1;
        }
    }
    return ferror(f) ? -1 : 0;
}

/* Write name in the run directory through a temporary file and a rename,
 * so it is never left half written.  -1 with err naming the cause. */
static int results_write_file(const results_t *r, const char *name, results_fill_t fill,
                              const void *ctx, char *err, size_t len)
{
    char *path = results_file(r, name), *tmp = mem_printf("%s.part", path);
    FILE *f = fopen(tmp, "w");
    int rc = -1;

    if (!f) {
        errmsg_set(err, len, "cannot create %s: %s", tmp, strerror(errno));
    } else {
        int filled = fill(ctx, f), e = errno;
        if (fclose(f) != 0 && filled == 0) {
            filled = -1;
            e = errno;
        }
        if (filled < 0)
            errmsg_set(err, len, "cannot write %s: %s", path, strerror(e));
        else if (rename(tmp, path) < 0)
            errmsg_set(err, len, "cannot rename %s to %s: %s", tmp, path, strerror(errno));
        else
            rc = 0;
        if (rc < 0)
            unlink(tmp);
    }
    free(tmp);
    free(path);
    return rc;
}

/* A per-operation value: exact integers stay integers. */
static void results_ratio(long long total, size_t n, char *buf, size_t len)
{
    if (n == 0)
        snprintf(buf, len, "%s", "");
    else if (total % (long long)n == 0)
        snprintf(buf, len, "%lld", total / (long long)n);
    else
        snprintf(buf, len, "%.2f", (double)total / (double)n);
}

/*
 * The spread across runs: how many runs have samples in s, and the least
 * and greatest of their medians (each run's samples are contiguous in s,
 * results_add; a run seen twice is still one run).
 */
static void results_run_spread(const results_series_t *s, size_t *runs, double *lo, double *hi)
{
    long long *one = mem_array(NULL, s->n ? s->n : 1, sizeof(*one));

    *runs = 0;
    *lo = *hi = 0;
    for (size_t i = 0; i < s->n; i++) {
        size_t n = 0, seen = 0;
        stats_t st;
        for (size_t k = 0; k < i && !seen; k++)
            seen = s->run[k] == s->run[i];
        if (seen)
            continue;
        for (size_t k = i; k < s->n; k++)
            if (s->run[k] == s->run[i])
                one[n++] = s->v[k];
        stats_compute(one, n, &st);
        if (!*runs || st.median < *lo)
            *lo = st.median;
        if (!*runs || st.median > *hi)
            *hi = st.median;
        (*runs)++;
    }
    free(one);
}

/*
 * Throughput of a device workload's row in cycles: its size over its
 * mean per request (at depth 8 a request's window is its share of the
 * batch, so the mean is the cost per request of a full queue), as bytes
 * per second with the TSC rate, and bytes per 1000 cycles; both empty for
 * other rows, bytes per second also when the rate is unknown.
 */
static void results_throughput(const results_t *r, const results_series_t *s, double mean,
                               char *per_s, char *per_kc, size_t len)
{
    const wltable_entry_t *w = wltable_find(s->workload);
    int kz = 0;

    per_s[0] = per_kc[0] = '\0';
    while (kz < RECORD_N_PARAMS && strcmp(record_param_name(kz), "size") != 0)
        kz++;
    if (!w || w->exact || strcmp(r->unit, WL_UNIT_CYCLES) != 0 || kz == RECORD_N_PARAMS ||
        !s->params[kz].set || s->params[kz].str[0] || mean <= 0)
        return;
    double bytes = (double)s->params[kz].num;
    snprintf(per_kc, len, "%.2f", bytes * 1000.0 / mean);
    if (r->tsc_hz > 0)
        snprintf(per_s, len, "%.0f", bytes * r->tsc_hz / mean);
}

int results_summary_csv(const results_t *r, FILE *f)
{
    char med[32], p5[32], p95[32], per_page[32];
    char cells[RECORD_N_PARAMS * (WL_RECORD_NAME_MAX + 2)];
    int kb = 0;
    stats_t st;

    while (strcmp(record_param_name(kb), "batch") != 0)
        kb++;

    fputs(RESULTS_SUMMARY_HEADER "\n", f);
    for (size_t i = 0; i < r->n_series; i++) {
        const results_series_t *s = &r->series[i];
        if (stats_compute(s->v, s->n, &st) < 0)
            continue;
        stats_format(st.median, 2, med, sizeof(med));
        stats_format(st.p5, 2, p5, sizeof(p5));
        stats_format(st.p95, 2, p95, sizeof(p95));
        results_param_cells(s->params, cells, sizeof(cells));
        const record_value_t *batch = &s->params[kb];
        per_page[0] = '\0';
        if (batch->set && !batch->str[0] && batch->num > 0)
            snprintf(per_page, sizeof(per_page), "%.2f", st.median / (double)batch->num);
        fprintf(f, "%s,%s,%s%s,%s,%zu,%lld,%s,%.2f,%s,%s,%.2f,%s", s->system, s->workload,
                s->variant, cells, r->unit, st.n, st.min, med, st.mean, p5, p95, st.stddev,
                per_page);
        for (int k = 0; k < RECORD_N_COUNTS; k++) {
            char c[32];
            results_ratio(s->count_total[k], s->count_n[k], c, sizeof(c));
            fprintf(f, ",%s", c);
        }
        size_t runs;
        double lo, hi;
        char lo_s[32], hi_s[32], per_s[48], per_kc[48];
        results_run_spread(s, &runs, &lo, &hi);
        stats_format(lo, 2, lo_s, sizeof(lo_s));
        stats_format(hi, 2, hi_s, sizeof(hi_s));
        results_throughput(r, s, st.mean, per_s, per_kc, sizeof(per_s));
        fprintf(f, ",%s,%zu,%s,%s,%s,%s\n", s->counted_by[0] ? s->counted_by : "tsc", runs, lo_s,
                hi_s, per_s, per_kc);
    }
    return ferror(f) ? -1 : 0;
}

int results_write_named(const results_t *r, const char *name, results_fill_t fill,
                        const void *ctx, char *err, size_t len)
{
    return results_write_file(r, name, fill, ctx, err, len);
}

static int results_fill_summary(const void *r, FILE *f)
{
    return results_summary_csv(r, f);
}

static int results_fill_samples(const void *r, FILE *f)
{
    return results_samples_csv(r, f);
}

int results_write_summary(results_t *r, char *err, size_t len)
{
    return results_write_file(r, "summary.csv", results_fill_summary, r, err, len);
}

int results_link_latest(const char *root, const char *run_id, char *err, size_t len)
{
    char *tmp = mem_printf("%s/.%s-%ld", root, RESULTS_LATEST, (long)getpid());
    char *link = mem_printf("%s/%s", root, RESULTS_LATEST);
    int rc = 0;

    unlink(tmp);
    if (symlink(run_id, tmp) < 0 || rename(tmp, link) < 0) {
        rc = errmsg_set(err, len, "cannot point %s at %s: %s", link, run_id, strerror(errno));
        unlink(tmp);
    }
    free(tmp);
    free(link);
    return rc;
}

int results_finish(results_t *r, char *err, size_t len)
{
    int rc = fclose(r->samples);

    r->samples = NULL;
    if (rc != 0)
        return errmsg_set(err, len, "cannot write samples.csv in %s: %s", r->tmp_path,
                          strerror(errno));
    /* Rewritten from the series: without the systems that were dropped. */
    if (results_write_file(r, "samples.csv", results_fill_samples, r, err, len) < 0)
        return -1;
    /* RENAME_NOREPLACE: an empty directory must not be replaced either. */
    if (renameat2(AT_FDCWD, r->tmp_path, AT_FDCWD, r->final_path, RENAME_NOREPLACE) < 0)
        return errmsg_set(err, len, "cannot rename %s to %s: %s", r->tmp_path, r->final_path,
                          strerror(errno));
    r->finished = 1;
    return results_link_latest(r->root, r->run_id, err, len);
}

void results_close(results_t *r)
{
    if (r->samples)
        fclose(r->samples);
    for (size_t i = 0; i < r->n_series; i++) {
        free(r->series[i].v);
        free(r->series[i].run);
    }
    free(r->series);
    free(r->root);
    free(r->run_id);
    free(r->tmp_path);
    free(r->final_path);
    free(r->unit);
    memset(r, 0, sizeof(*r));
}
