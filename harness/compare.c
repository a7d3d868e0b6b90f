/* SPDX-License-Identifier: MIT */
/*
 * bench-compare's rule, report and command line (compare.h).  The rule
 * and what each output line means are in harness/README.md, "Comparing
 * runs".
 */
#include "compare.h"

#include "errmsg.h"
#include "mem.h"
#include "stats.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define PROG "bench-compare"

/* The spread a median is judged against: p5..p95 of the pooled samples,
 * widened to the least and greatest run median when the row has them. */
static void spread(const compare_row_t *r, double *lo, double *hi)
{
    *lo = r->p5;
    *hi = r->p95;
    if (r->runs > 0) {
        if (r->run_median_min < *lo)
            *lo = r->run_median_min;
        if (r->run_median_max > *hi)
            *hi = r->run_median_max;
    }
}

compare_status_t compare_classify(const compare_row_t *a, const compare_row_t *b, int exact)
{
    if (a->median == b->median)
        return COMPARE_SAME;
    if (exact)
        return COMPARE_FLAGGED;
    double alo, ahi, blo, bhi;
    spread(a, &alo, &ahi);
    spread(b, &blo, &bhi);
    if (b->median < alo || b->median > ahi || a->median < blo || a->median > bhi)
        return COMPARE_FLAGGED;
    return COMPARE_WITHIN;
}

static const char *status_word(compare_status_t s)
{
    return s == COMPARE_SAME ? "same" : s == COMPARE_WITHIN ? "within" : "FLAG";
}

static char *num(double x)
{
    char buf[64];
    stats_format(x, 2, buf, sizeof buf);
    return mem_strdup(buf);
}

/* "p5..p95 1747..1848" and, with runs, " runs 3: 1800..1848". */
static char *spread_text(const compare_row_t *r)
{
    char *lo = num(r->p5), *hi = num(r->p95);
    char *s = mem_printf("p5..p95 %s..%s", lo, hi);
    free(lo);
    free(hi);
    if (r->runs > 1) {
        lo = num(r->run_median_min);
        hi = num(r->run_median_max);
        char *t = mem_printf("%s, %ld runs' medians %s..%s", s, r->runs, lo, hi);
        free(lo);
        free(hi);
        free(s);
        s = t;
    }
    return s;
}

/* Change from A to B: "+1" and "+0.28%" ("" when A's median is 0). */
static void change_text(const compare_row_t *a, const compare_row_t *b, char **abs, char **pct)
{
    double d = b->median - a->median;
    char *n = num(d);
    *abs = mem_printf("%s%s", d > 0 ? "+" : "", n);
    free(n);
    *pct = a->median != 0 ? mem_printf("%+.2f%%", 100.0 * d / a->median) : mem_strdup("");
}

static const compare_row_t *find(const compare_run_t *r, const char *key)
{
    for (size_t i = 0; i < r->n_rows; i++)
        if (strcmp(r->rows[i].key, key) == 0)
            return &r->rows[i];
    return NULL;
}

/* ---- versions ---------------------------------------------------------- */

/* One recorded name and its value in each run (NULL: not recorded). */
typedef struct {
    char *name, *a, *b;
} version_t;

/* Names in the order first met, so the report follows meta.json's order. */
typedef struct {
    version_t *v;
    size_t n, cap;
} versions_t;

static char *scalar_text(json_t *v)
{
    if (json_is_string(v))
        return mem_strdup(json_string_value(v));
    char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
    char *t = mem_strdup(s ? s : "?");
    free(s);
    return t;
}

/* name's entry in v, added with neither value when new. */
static version_t *version_slot(versions_t *v, const char *name)
{
    for (size_t i = 0; i < v->n; i++)
        if (strcmp(v->v[i].name, name) == 0)
            return &v->v[i];
    if (v->n == v->cap) {
        v->cap = v->cap ? 2 * v->cap : 16;
        v->v = mem_array(v->v, v->cap, sizeof *v->v);
    }
    version_t *e = &v->v[v->n++];
    e->name = mem_strdup(name);
    e->a = e->b = NULL;
    return e;
}

static void versions_free(versions_t *v)
{
    for (size_t i = 0; i < v->n; i++) {
        free(v->v[i].name);
        free(v->v[i].a);
        free(v->v[i].b);
    }
    free(v->v);
}

/* Every scalar under value, named prefix.member.member... */
static void flatten(versions_t *v, int side, const char *prefix, json_t *value)
{
    if (json_is_object(value)) {
        const char *k;
        json_t *m;
        json_object_foreach(value, k, m) {
            char *name = mem_printf("%s.%s", prefix, k);
            flatten(v, side, name, m);
            free(name);
        }
        return;
    }
    version_t *e = version_slot(v, prefix);
    char **slot = side ? &e->b : &e->a;
    free(*slot);
    *slot = scalar_text(value);
}

/* What meta.json records of the software under test: the compiler (when
 * recorded), QEMU, the host kernel (kvm runs on it), each system's
 * versions file (Xen, dom0's and Linux's kernel, busybox). */
static void collect_versions(versions_t *v, int side, json_t *meta)
{
    const char *top[] = { "compiler", "qemu_package", "qemu_version", "host_kernel" };
    for (size_t i = 0; i < sizeof top / sizeof top[0]; i++) {
        json_t *x = json_object_get(meta, top[i]);
        if (x && !json_is_null(x))
            flatten(v, side, top[i], x);
    }
    const char *sys;
    json_t *boot;
    json_object_foreach(json_object_get(meta, "system_boot"), sys, boot) {
        json_t *x = json_object_get(boot, "versions");
        if (x && !json_is_null(x)) {
            char *name = mem_printf("%s:versions", sys);
            flatten(v, side, name, x);
            free(name);
        }
    }
}

/* The run's settings that change what a row measures: a different
 * iteration count moves an exact row's median legitimately. */
static void collect_settings(versions_t *v, int side, json_t *meta)
{
    const char *keys[] = { "iterations", "runs", "mitigations" };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        json_t *x = json_object_get(meta, keys[i]);
        if (x && !json_is_null(x))
            flatten(v, side, keys[i], x);
    }
}

/* One line per name whose values differ (per name with all), then a
 * count; what names "version" or "setting". */
static void print_pairs(FILE *out, const char *what, const compare_run_t *a,
                        const compare_run_t *b, int all,
                        void (*collect)(versions_t *, int, json_t *))
{
    versions_t v = { 0 };
    collect(&v, 0, a->meta);
    collect(&v, 1, b->meta);
    size_t differ = 0;
    for (size_t i = 0; i < v.n; i++) {
        const version_t *e = &v.v[i];
        const char *va = e->a ? e->a : "(not recorded)";
        const char *vb = e->b ? e->b : "(not recorded)";
        int same = strcmp(va, vb) == 0;
        differ += !same;
        if (all || !same)
            fprintf(out, "%s %-7s %s: A %s, B %s\n", what, same ? "same" : "DIFFERS", e->name,
                    va, vb);
    }
    fprintf(out, "%ss: %zu compared, %zu differ\n", what, v.n, differ);
    versions_free(&v);
}

/* ---- rows not compared -------------------------------------------------- */

/*
 * A matched row is skipped, not judged, when its numbers cannot be
 * expected to agree: its workload ran another iteration count in each run
 * (always: a default run against a quick one), its system's recorded
 * versions differ (--match-versions), or it is not exact (--exact-only).
 * Each reason is one "skipped ..." line with its row count.
 */
typedef struct {
    char *what, *why;
    size_t rows;
} skip_t;

/* Reasons in the order first met, so the report follows the rows. */
typedef struct {
    skip_t *v;
    size_t n, cap;
} skips_t;

/* One more row skipped for what (a system, a workload) and why. */
static void skip_add(skips_t *s, const char *what, const char *why)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i].what, what) == 0 && strcmp(s->v[i].why, why) == 0) {
            s->v[i].rows++;
            return;
        }
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 8;
        s->v = mem_array(s->v, s->cap, sizeof *s->v);
    }
    s->v[s->n++] = (skip_t){ .what = mem_strdup(what), .why = mem_strdup(why), .rows = 1 };
}

static void skips_free(skips_t *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].what);
        free(s->v[i].why);
    }
    free(s->v);
}

/* The first difference in v as "NAME X in A, Y in B" (and how many more),
 * or NULL when every name has the same value on both sides. */
static char *first_difference(const versions_t *v)
{
    char *text = NULL;
    size_t more = 0;
    for (size_t i = 0; i < v->n; i++) {
        const version_t *e = &v->v[i];
        const char *va = e->a ? e->a : "(not recorded)";
        const char *vb = e->b ? e->b : "(not recorded)";
        if (strcmp(va, vb) == 0)
            continue;
        if (text)
            more++;
        else
            text = mem_printf("%s %s in A, %s in B", e->name, va, vb);
    }
    if (text && more) {
        char *t = mem_printf("%s (and %zu more difference%s)", text, more, more > 1 ? "s" : "");
        free(text);
        text = t;
    }
    return text;
}

/* Why system's rows are not comparable under --match-versions, or NULL:
 * its system_boot.<sys>.versions, QEMU's package and version, and the
 * compiler when both runs record one (runs before it was recorded have
 * none: that alone is no difference). */
static char *version_mismatch(const compare_run_t *a, const compare_run_t *b, const char *sys)
{
    versions_t v = { 0 };
    const compare_run_t *run[2] = { a, b };
    int both_compiler = json_object_get(a->meta, "compiler") &&
                        json_object_get(b->meta, "compiler");
    const char *top[] = { "qemu_package", "qemu_version", "compiler" };
    for (int side = 0; side < 2; side++) {
        json_t *m = run[side]->meta;
        for (size_t i = 0; i < sizeof top / sizeof top[0]; i++) {
            json_t *x = json_object_get(m, top[i]);
            if (x && (i < 2 || both_compiler))
                flatten(&v, side, top[i], x);
        }
        json_t *x = json_object_get(json_object_get(json_object_get(m, "system_boot"), sys),
                                    "versions");
        if (x)
            flatten(&v, side, "versions", x);
    }
    char *why = first_difference(&v);
    versions_free(&v);
    return why;
}

/* Why workload's rows are not comparable, or NULL: another iteration
 * count in each run moves even an exact row's median. */
static char *iteration_mismatch(const compare_run_t *a, const compare_run_t *b, const char *wl)
{
    json_t *ia = json_object_get(json_object_get(a->meta, "iterations"), wl);
    json_t *ib = json_object_get(json_object_get(b->meta, "iterations"), wl);
    if (!ia || !ib || json_equal(ia, ib))
        return NULL;
    char *ta = scalar_text(ia), *tb = scalar_text(ib);
    char *why = mem_printf("%s iterations in A, %s in B: not comparable", ta, tb);
    free(ta);
    free(tb);
    return why;
}

typedef struct {
    int exact_only, match_versions;
} compare_opts_t;

/* 1 (and the row counted in skips) when the matched pair is not judged. */
static int skip_row(const compare_run_t *a, const compare_run_t *b, const compare_row_t *ra,
                    const compare_row_t *rb, int exact, const compare_opts_t *o, skips_t *skips)
{
    char *why;
    if (o->match_versions && (why = version_mismatch(a, b, ra->system))) {
        skip_add(skips, ra->system, why);
        free(why);
        return 1;
    }
    if ((why = iteration_mismatch(a, b, ra->workload))) {
        skip_add(skips, ra->workload, why);
        free(why);
        return 1;
    }
    if (o->exact_only && !exact) {
        char *what = mem_printf("%s counted by %s/%s", ra->workload, ra->counted_by, rb->counted_by);
        if (strcmp(ra->counted_by, rb->counted_by) == 0) {
            free(what);
            what = mem_printf("%s counted by %s", ra->workload, ra->counted_by);
        }
        why = strcmp(a->mode, "tcg") != 0
                  ? mem_printf("mode %s: not exact (--exact-only)", a->mode)
                  : mem_strdup("not exact (--exact-only)");
        skip_add(skips, what, why);
        free(what);
        free(why);
        return 1;
    }
    return 0;
}

/* ---- the comparison ---------------------------------------------------- */

typedef struct {
    size_t compared, same, within, flagged, only_a, only_b, skipped;
} tally_t;

static void csv_row(FILE *csv, const char *status, const compare_row_t *a,
                    const compare_row_t *b)
{
    if (!csv)
        return;
    const compare_row_t *r = a ? a : b;
    char *abs = mem_strdup(""), *pct = mem_strdup("");
    if (a && b) {
        free(abs);
        free(pct);
        change_text(a, b, &abs, &pct);
    }
    fprintf(csv, "%s,%s,%s", status, r->key, r->unit);
    const compare_row_t *side[2] = { a, b };
    for (int s = 0; s < 2; s++) {
        if (!side[s]) {
            fputs(",,,,,,,", csv);
            continue;
        }
        char *m = num(side[s]->median), *lo = num(side[s]->p5), *hi = num(side[s]->p95);
        fprintf(csv, ",%s,%s,%s,%s", side[s]->counted_by, m, lo, hi);
        free(m);
        free(lo);
        free(hi);
        if (side[s]->runs > 0) {
            lo = num(side[s]->run_median_min);
            hi = num(side[s]->run_median_max);
            fprintf(csv, ",%ld,%s,%s", side[s]->runs, lo, hi);
            free(lo);
            free(hi);
        } else {
            fputs(",,,", csv);
        }
    }
    fprintf(csv, ",%s,%s\n", abs, pct);
    free(abs);
    free(pct);
}

#define CSV_HEADER                                                                                 \
    "status,key,unit,counted_by_a,median_a,p5_a,p95_a,runs_a,run_median_min_a,run_median_max_a,"  \
    "counted_by_b,median_b,p5_b,p95_b,runs_b,run_median_min_b,run_median_max_b,change,change_pct\n"

/* Refuse what cannot be compared: another mode or unit, a row whose unit
 * differs.  -1 with both values named. */
static int comparable(const compare_run_t *a, const compare_run_t *b, char *err, size_t len)
{
    if (strcmp(a->mode, b->mode) != 0)
        return errmsg_set(err, len, "different modes: A is %s, B is %s (insns and cycles "
                          "do not compare)", a->mode, b->mode);
    if (strcmp(a->unit, b->unit) != 0)
        return errmsg_set(err, len, "different units: A is %s, B is %s", a->unit, b->unit);
    for (size_t i = 0; i < a->n_rows; i++) {
        const compare_row_t *rb = find(b, a->rows[i].key);
        if (rb && strcmp(a->rows[i].unit, rb->unit) != 0)
            return errmsg_set(err, len, "row \"%s\": different units: A is %s, B is %s",
                              a->rows[i].key, a->rows[i].unit, rb->unit);
    }
    return 0;
}

static void compare_rows(FILE *out, FILE *csv, const compare_run_t *a, const compare_run_t *b,
                         int all, const compare_opts_t *o, skips_t *skips, tally_t *t)
{
    int tcg = strcmp(a->mode, "tcg") == 0;
    for (size_t i = 0; i < a->n_rows; i++) {
        const compare_row_t *ra = &a->rows[i];
        const compare_row_t *rb = find(b, ra->key);
        if (!rb) {
            t->only_a++;
            fprintf(out, "only-A  %s\n", ra->key);
            csv_row(csv, "only-A", ra, NULL);
            continue;
        }
        int exact = tcg && strcmp(ra->counted_by, "tsc") == 0 &&
                    strcmp(rb->counted_by, "tsc") == 0;
        if (skip_row(a, b, ra, rb, exact, o, skips)) {
            t->skipped++;
            csv_row(csv, "skipped", ra, rb);
            continue;
        }
        compare_status_t s = compare_classify(ra, rb, exact);
        t->compared++;
        t->same += s == COMPARE_SAME;
        t->within += s == COMPARE_WITHIN;
        t->flagged += s == COMPARE_FLAGGED;
        csv_row(csv, status_word(s), ra, rb);
        if (s == COMPARE_SAME && !all)
            continue;
        char *ma = num(ra->median), *mb = num(rb->median), *abs, *pct;
        char *sa = spread_text(ra), *sb = spread_text(rb);
        change_text(ra, rb, &abs, &pct);
        fprintf(out, "%-7s %s (%s%s): %s -> %s %s %s; A %s; B %s\n", status_word(s), ra->key,
                ra->unit, exact ? ", exact" : "", ma, mb, abs, *pct ? pct : "(A is 0)", sa, sb);
        free(ma);
        free(mb);
        free(abs);
        free(pct);
        free(sa);
        free(sb);
    }
    for (size_t i = 0; i < b->n_rows; i++)
        if (!find(a, b->rows[i].key)) {
            t->only_b++;
            fprintf(out, "only-B  %s\n", b->rows[i].key);
            csv_row(csv, "only-B", NULL, &b->rows[i]);
        }
}

/* ---- command line ------------------------------------------------------ */

static int usage(FILE *f, int status)
{
    fprintf(f, "usage: " PROG " [--all] [--exact-only] [--match-versions] [--results DIR] "
               "[--csv OUT] A B\n"
               "  A, B              run directories, or run ids (and latest) under --results\n"
               "  --all             print every row, not only the changed ones, and every "
               "version\n"
               "  --exact-only      judge only exact rows (tcg, counted by tsc); skip the rest\n"
               "  --match-versions  skip a system whose recorded versions differ (its\n"
               "                    system_boot versions, QEMU, the compiler)\n"
               "  --results         where bare run ids are looked up (default results)\n"
               "  --csv OUT         also write the comparison of every row as CSV to OUT\n"
               "A workload run with another iteration count in A and B is always skipped.\n"
               "exit: 0 nothing flagged, 1 a change exceeds its spread, 2 usage, refusal, bad "
               "input\n");
    return status;
}

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* A run directory as given, else (a bare id) <results>/<arg>; NULL with a reason. */
static char *resolve(const char *arg, const char *results, char *err, size_t len)
{
    if (!*arg) {
        errmsg_set(err, len, "an empty run name");
        return NULL;
    }
    if (is_dir(arg))
        return mem_strdup(arg);
    if (strchr(arg, '/')) { /* a path, not a run id */
        errmsg_set(err, len, "run \"%s\": not a directory", arg);
        return NULL;
    }
    char *p = mem_printf("%s/%s", results, arg);
    if (is_dir(p))
        return p;
    errmsg_set(err, len, "run \"%s\": no such directory, nor %s", arg, p);
    free(p);
    return NULL;
}

static void print_run(FILE *out, const char *name, const compare_run_t *r)
{
    const char *id = json_string_value(json_object_get(r->meta, "run_id"));
    const char *git = json_string_value(json_object_get(r->meta, "git_revision"));
    fprintf(out, "%s: %s (run %s, %s, %s, %zu rows, git %s)\n", name, r->path, id ? id : "?",
            r->mode, r->unit, r->n_rows, git ? git : "?");
}

int compare_main(int argc, char **argv, FILE *out, FILE *err)
{
    static const struct option longopts[] = {
        { "all", no_argument, NULL, 'a' },
        { "exact-only", no_argument, NULL, 'e' },
        { "match-versions", no_argument, NULL, 'v' },
        { "results", required_argument, NULL, 'r' },
        { "csv", required_argument, NULL, 'c' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    int all = 0, ch;
    compare_opts_t opts = { 0 };
    const char *results = "results", *csv_path = NULL;
    optind = 0; /* glibc: rescan from the start (the tests call this more than once) */
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (ch) {
        case 'a': all = 1; break;
        case 'e': opts.exact_only = 1; break;
        case 'v': opts.match_versions = 1; break;
        case 'r': results = optarg; break;
        case 'c': csv_path = optarg; break;
        case 'h': return usage(out, 0);
        default:
            fprintf(err, PROG ": unknown option or missing value: %s\n", argv[optind - 1]);
            return usage(err, 2);
        }
    }
    if (argc - optind != 2) {
        fprintf(err, PROG ": need two runs, A and B (got %d)\n", argc - optind);
        return usage(err, 2);
    }

    char msg[512];
    int status = 2;
    compare_run_t a = { 0 }, b = { 0 };
    char *pa = resolve(argv[optind], results, msg, sizeof msg);
    char *pb = pa ? resolve(argv[optind + 1], results, msg, sizeof msg) : NULL;
    FILE *csv = NULL;
    if (!pa || !pb)
        goto fail;
    if (compare_run_load(&a, pa, msg, sizeof msg) < 0 ||
        compare_run_load(&b, pb, msg, sizeof msg) < 0 || comparable(&a, &b, msg, sizeof msg) < 0)
        goto fail;
    if (csv_path) {
        csv = fopen(csv_path, "w");
        if (!csv) {
            errmsg_set(msg, sizeof msg, "%s: %s", csv_path, strerror(errno));
            goto fail;
        }
        fputs(CSV_HEADER, csv);
    }

    print_run(out, "A", &a);
    print_run(out, "B", &b);
    print_pairs(out, "version", &a, &b, all, collect_versions);
    print_pairs(out, "setting", &a, &b, all, collect_settings);
    tally_t t = { 0 };
    skips_t skips = { 0 };
    compare_rows(out, csv, &a, &b, all, &opts, &skips, &t);
    fprintf(out, "%zu rows compared: %zu identical, %zu changed within spread, %zu flagged; "
                 "%zu only in A, %zu only in B",
            t.compared, t.same, t.within, t.flagged, t.only_a, t.only_b);
    if (t.skipped)
        fprintf(out, "; %zu skipped:", t.skipped);
    fputc('\n', out);
    for (size_t i = 0; i < skips.n; i++) {
        const skip_t *k = &skips.v[i];
        fprintf(out, "skipped %s (%zu row%s): %s\n", k->what, k->rows, k->rows == 1 ? "" : "s",
                k->why);
    }
    skips_free(&skips);
    status = t.flagged ? 1 : 0;
    if (csv && fclose(csv) != 0) {
        errmsg_set(msg, sizeof msg, "%s: %s", csv_path, strerror(errno));
        csv = NULL;
        status = 2;
        goto fail;
    }
    csv = NULL;
    goto done;
fail:
    fprintf(err, PROG ": %s\n", msg);
done:
    if (csv)
        fclose(csv);
    compare_run_free(&a);
    compare_run_free(&b);
    free(pa);
    free(pb);
    return status;
}
