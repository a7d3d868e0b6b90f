/* SPDX-License-Identifier: MIT */
/*
 * Writing a run directory (see results.h).
 */
#include "results.h"
#include "errmsg.h"

#include "mem.h"

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

/* Claim <root>/.tmp-<id>; mkdir's EEXIST makes the claim race-free. */
static int results_claim(results_t *r, const char *id)
{
    char *tmp_name = mem_printf(RESULTS_TMP_PREFIX "%s", id);
    int ok = 0;

    if (!results_exists(r->root, id) && !results_exists(r->root, tmp_name)) {
        r->tmp_path = mem_printf("%s/%s", r->root, tmp_name);
        if (mkdir(r->tmp_path, 0755) == 0) {
            ok = 1;
        } else {
            free(r->tmp_path);
            r->tmp_path = NULL;
        }
    }
    free(tmp_name);
    if (ok) {
        r->run_id = mem_strdup(id);
        r->final_path = mem_printf("%s/%s", r->root, id);
    }
    return ok;
}

int results_open(results_t *r, const char *root, const char *run_id, int exclusive,
                 const char *unit, char *err, size_t len)
{
    memset(r, 0, sizeof(*r));
    r->root = mem_strdup(root);
    r->unit = mem_strdup(unit);
    if (results_mkdir_p(root) < 0)
        return errmsg_set(err, len, "cannot create %s: %s", root, strerror(errno));
    if (!results_claim(r, run_id)) {
        if (exclusive)
            return errmsg_set(err, len,
                              "run %s already exists "
                              "in %s (as %s or %s%s); choose "
                              "another --run-id",
                              run_id, root, run_id, RESULTS_TMP_PREFIX, run_id);
        for (int i = 2; i <= RESULTS_MAX_SUFFIX; i++) {
            char *id = mem_printf("%s-%d", run_id, i);
            int ok = results_claim(r, id);
            free(id);
            if (ok)
                break;
        }
        if (!r->tmp_path)
            return errmsg_set(err, len,
                              "cannot create a run "
                              "directory for %s in %s",
                              run_id, root);
    }
    char *path = results_file(r, "samples.csv");
    r->samples = fopen(path, "w");
    free(path);
    if (!r->samples)
        return errmsg_set(err, len,
                          "cannot create samples.csv in "
                          "%s: %s",
                          r->tmp_path, strerror(errno));
    fputs(RESULTS_SAMPLES_HEADER "\n", r->samples);
    return 0;
}

char *results_file(const results_t *r, const char *name)
{
    return mem_printf("%s/%s", r->tmp_path, name);
}

static results_series_t *results_series(results_t *r, const char *system, const record_t *rec)
{
    results_series_t *s;

    for (size_t i = 0; i < r->n_series; i++) {
        s = &r->series[i];
        if (s->param == rec->param && strcmp(s->system, system) == 0 &&
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
    s->param = rec->param;
    return s;
}

int results_add(results_t *r, const char *system, const record_t *rec, int run)
{
    results_series_t *s = results_series(r, system, rec);

    if (s->n + (size_t)rec->n > s->cap) {
        s->cap = s->n + (size_t)rec->n;
        s->v = mem_array(s->v, s->cap, sizeof(*s->v));
    }
    for (long i = 0; i < rec->n; i++) {
        s->v[s->n++] = rec->samples[i];
        fprintf(r->samples, "%s,%s,%s,%lld,%s,%d,%ld,%lld\n", system, rec->workload, rec->variant,
                rec->param, r->unit, run, i, rec->samples[i]);
    }
    return ferror(r->samples) ? -1 : 0;
}

int results_summary_csv(const results_t *r, FILE *f)
{
    char med[32], p5[32], p95[32];
    stats_t st;

    fputs(RESULTS_SUMMARY_HEADER "\n", f);
    for (size_t i = 0; i < r->n_series; i++) {
        const results_series_t *s = &r->series[i];
        if (stats_compute(s->v, s->n, &st) < 0)
            continue;
        stats_format(st.median, 2, med, sizeof(med));
        stats_format(st.p5, 2, p5, sizeof(p5));
        stats_format(st.p95, 2, p95, sizeof(p95));
        fprintf(f, "%s,%s,%s,%lld,%s,%zu,%lld,%s,%.2f,%s,%s,%.2f\n", s->system, s->workload,
                s->variant, s->param, r->unit, st.n, st.min, med, st.mean, p5, p95, st.stddev);
    }
    return ferror(f) ? -1 : 0;
}

int results_write_summary(results_t *r, char *err, size_t len)
{
    char *path = results_file(r, "summary.csv");
    FILE *f = fopen(path, "w");
    int rc = -1;

    if (f) {
        rc = results_summary_csv(r, f);
        if (fclose(f) != 0)
            rc = -1;
    }
    if (rc < 0)
        errmsg_set(err, len, "cannot write %s: %s", path, strerror(errno));
    free(path);
    return rc;
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
        return errmsg_set(err, len, "cannot write samples.csv: %s", strerror(errno));
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
    for (size_t i = 0; i < r->n_series; i++)
        free(r->series[i].v);
    free(r->series);
    free(r->root);
    free(r->run_id);
    free(r->tmp_path);
    free(r->final_path);
    free(r->unit);
    memset(r, 0, sizeof(*r));
}
