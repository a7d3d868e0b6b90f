/* SPDX-License-Identifier: MIT */
/*
 * Loading a run directory: meta.json (mode, unit, runs, the virtio disk's
 * iteration count), summary.csv (required), and the optional files each
 * claim may need: profile.csv, windows-<sys>-<run>-device.csv (uk, xen),
 * interface.csv (scripts/interface.sh), liability.csv (the C6 contract).
 * An absent optional file is NULL, for the rules to call "not decidable";
 * a file that exists but does not read as its format says is an error:
 * a paper must not quietly drop what the run measured.
 */
#include "verdicts.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Columns a table must have; NULL-terminated. */
static int need_cols(const csvtab_t *t, const char *const *cols, char *err, size_t errlen)
{
    for (; *cols; cols++)
        if (csvtab_col(t, *cols) < 0) {
            snprintf(err, errlen, "%s: no column '%s' in the header", t->name, *cols);
            return -1;
        }
    return 0;
}

/* Every row's fields in cols must be numbers (empty allowed if may_empty). */
static int need_nums(const csvtab_t *t, const char *const *cols, int may_empty, char *err,
                     size_t errlen)
{
    for (size_t r = 0; r < t->nrows; r++)
        for (const char *const *c = cols; *c; c++) {
            double v;
            if (may_empty && !*csvtab_get(t, r, *c))
                continue;
            if (!csvtab_num(t, r, *c, &v)) {
                snprintf(err, errlen, "%s line %zu: %s '%s' is not a number", t->name, r + 2,
                         *c, csvtab_get(t, r, *c));
                return -1;
            }
        }
    return 0;
}

static int one_of(const char *s, const char *const *set)
{
    for (; *set; set++)
        if (!strcmp(s, *set))
            return 1;
    return 0;
}

/* liability.csv: the contract's columns, in order, and its vocabularies. */
static int check_liability(const csvtab_t *t, char *err, size_t errlen)
{
    static const char *const cols[] = { "system", "server", "failure", "measure",
                                        "value",  "unit",   "outcome" };
    static const char *const systems[] = { "uk", "xen", NULL };
    static const char *const servers[] = { "ramdisk", "virtioblk", "blkback", "dom0-peer", NULL };
    static const char *const failures[] = { "stall", "death", NULL };
    static const char *const measures[] = { "detect", "recover", "bystander_before",
                                            "bystander_during", "bystander_ok", NULL };
    static const char *const units[] = { "insns", "cycles", "count", NULL };
    if (t->ncols != 7)
        goto header;
    for (size_t c = 0; c < 7; c++)
        if (strcmp(t->head[c], cols[c]))
            goto header;
    /* Column index and the words it may hold (NULL: the value column). */
    const struct {
        int col;
        const char *const *set;
    } rules[] = { { 0, systems }, { 1, servers }, { 2, failures }, { 3, measures },
                  { 5, units },   { 4, NULL } };
    for (size_t r = 0; r < t->nrows; r++)
        for (size_t k = 0; k < sizeof rules / sizeof rules[0]; k++) {
            const char *f = t->rows[r][rules[k].col];
            double v;
            int ok = rules[k].set
                         ? one_of(f, rules[k].set)
                         : !*f || (csvtab_num(t, r, "value", &v) && v == (double)(long long)v);
            if (!ok) {
                snprintf(err, errlen, "%s line %zu: bad %s '%s'", t->name, r + 2,
                         cols[rules[k].col], f);
                return -1;
            }
        }
    return 0;
header:
    snprintf(err, errlen, "%s: header is not system,server,failure,measure,value,unit,outcome",
             t->name);
    return -1;
}

int vd_run_check(const vd_run_t *run, char *err, size_t errlen)
{
    static const char *const sum_cols[] = { "system", "workload", "variant", "unit", "n",
                                            "median", "mean", "p5", "p95", NULL };
    static const char *const sum_nums[] = { "n", "median", "mean", "p5", "p95", NULL };
    static const char *const sum_opt[] = { "run_median_min", "run_median_max", NULL };
    static const char *const prof_cols[] = { "system", "workload", "variant", "insns", NULL };
    static const char *const if_cols[] = { "component", "kind", "item", "count", "unit", NULL };
    static const char *const if_nums[] = { "count", NULL };
    static const char *const win_cols[] = { "insns", "crossings", "dom_switches", NULL };
    if (!run->summary) {
        snprintf(err, errlen, "no summary.csv");
        return -1;
    }
    if (need_cols(run->summary, sum_cols, err, errlen) ||
        need_nums(run->summary, sum_nums, 0, err, errlen) ||
        need_nums(run->summary, sum_opt, 1, err, errlen))
        return -1;
    if (run->profile && need_cols(run->profile, prof_cols, err, errlen))
        return -1;
    if (run->interface && (need_cols(run->interface, if_cols, err, errlen) ||
                           need_nums(run->interface, if_nums, 0, err, errlen)))
        return -1;
    if (run->liability && check_liability(run->liability, err, errlen))
        return -1;
    for (int i = 0; i < VD_MAX_RUNS; i++) {
        const csvtab_t *w[2] = { run->win_uk[i], run->win_xen[i] };
        for (int k = 0; k < 2; k++)
            if (w[k] && (need_cols(w[k], win_cols, err, errlen) ||
                         need_nums(w[k], win_cols, 0, err, errlen)))
                return -1;
    }
    return 0;
}

static int load_meta(const char *dir, vd_run_t *run, char *err, size_t errlen)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/meta.json", dir);
    json_error_t je;
    json_t *m = json_load_file(path, 0, &je);
    if (!m) {
        snprintf(err, errlen, "%s: %s", path, je.text);
        return -1;
    }
    const char *mode = json_string_value(json_object_get(m, "mode"));
    const char *unit = json_string_value(json_object_get(m, "unit"));
    json_t *runs = json_object_get(m, "runs");
    json_t *it = json_object_get(json_object_get(m, "iterations"), "blkdev");
    int ok = mode && unit && (!strcmp(mode, "tcg") || !strcmp(mode, "kvm")) &&
             (!strcmp(unit, "insns") || !strcmp(unit, "cycles"));
    if (!ok) {
        snprintf(err, errlen, "%s: no mode tcg|kvm and unit insns|cycles", path);
        json_decref(m);
        return -1;
    }
    snprintf(run->mode, sizeof run->mode, "%s", mode);
    snprintf(run->unit, sizeof run->unit, "%s", unit);
    run->runs = json_is_integer(runs) ? (long)json_integer_value(runs) : 1;
    run->blkdev_iterations = json_is_integer(it) ? (long)json_integer_value(it) : 0;
    json_decref(m);
    if (run->runs < 1 || run->runs > VD_MAX_RUNS) {
        snprintf(err, errlen, "%s: runs %ld outside 1..%d", path, run->runs, VD_MAX_RUNS);
        return -1;
    }
    return 0;
}

/* An optional file: NULL when absent, -1 when present but unreadable. */
static int load_opt(const char *dir, const char *file, csvtab_t **out, char *err,
                    size_t errlen)
{
    char path[4096];
    int absent;
    snprintf(path, sizeof path, "%s/%s", dir, file);
    *out = csvtab_load(path, file, &absent, err, errlen);
    return *out || absent ? 0 : -1;
}

int vd_run_load(const char *dir, vd_run_t *run, char *err, size_t errlen)
{
    memset(run, 0, sizeof *run);
    char path[4096];
    if (load_meta(dir, run, err, errlen))
        return -1;
    snprintf(path, sizeof path, "%s/summary.csv", dir);
    run->summary = csvtab_load(path, "summary.csv", NULL, err, errlen);
    if (!run->summary)
        return -1;
    if (load_opt(dir, "profile.csv", &run->profile, err, errlen) ||
        load_opt(dir, "interface.csv", &run->interface, err, errlen) ||
        load_opt(dir, "liability.csv", &run->liability, err, errlen))
        return -1;
    for (long r = 1; r <= run->runs; r++) {
        char file[64];
        snprintf(file, sizeof file, "windows-uk-%ld-device.csv", r);
        if (load_opt(dir, file, &run->win_uk[r - 1], err, errlen))
            return -1;
        snprintf(file, sizeof file, "windows-xen-%ld-device.csv", r);
        if (load_opt(dir, file, &run->win_xen[r - 1], err, errlen))
            return -1;
    }
    return vd_run_check(run, err, errlen);
}

void vd_run_free(vd_run_t *run)
{
    csvtab_free(run->summary);
    csvtab_free(run->profile);
    csvtab_free(run->interface);
    csvtab_free(run->liability);
    for (int i = 0; i < VD_MAX_RUNS; i++) {
        csvtab_free(run->win_uk[i]);
        csvtab_free(run->win_xen[i]);
    }
    memset(run, 0, sizeof *run);
}
