/* SPDX-License-Identifier: MIT */
/*
 * bench-run: boots every selected system under QEMU, collects the records
 * its guests print, and writes one results directory.
 *
 * The order is fixed: parse arguments, check that QEMU and the images
 * exist (before anything is created), choose the execution mode (which
 * fixes the unit), open the temporary run directory, boot run 1 of every
 * system, then run 2 of every system, ... (interleaved so slow drift on a
 * real host spreads over all systems), and only when every boot succeeded
 * write the summary and rename the directory into place.  The first
 * failed boot ends the run with a one-line reason; with --keep-going it
 * ends only that system's part, and the others' results are written as a
 * run marked partial.
 */
#include "cli.h"
#include "interrupt.h"
#include "mem.h"
#include "meta.h"
#include "mode.h"
#include "report.h"
#include "plan.h"
#include "results.h"
#include "run.h"
#include "tscfreq.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BENCH_EXIT_OK 0
#define BENCH_EXIT_FAILED 1
#define BENCH_EXIT_USAGE 2
#define BENCH_EXIT_ENV 3
#define BENCH_EXIT_PARTIAL 4

static int bench_die(int code, const char *what, const char *reason)
{
    fprintf(stderr, "bench-run: %s: %s\n", what, reason);
    return code;
}

/*
 * QEMU must exist before anything is created: a missing tool is an
 * environment problem, not a failed boot in a half-made run directory.
 */
static int bench_check_qemu(const cli_opts_t *o)
{
    const char *path = getenv("PATH");
    char *copy, *save = NULL;
    int found = 0;

    if (strchr(o->qemu, '/')) {
        if (access(o->qemu, X_OK) == 0)
            return 0;
        fprintf(stderr, "bench-run: QEMU not found: %s: %s (install qemu-system-x86: make deps)\n",
                o->qemu, strerror(errno));
        return -1;
    }
    copy = mem_strdup(path && *path ? path : "/usr/bin:/bin");
    for (char *dir = strtok_r(copy, ":", &save); dir && !found; dir = strtok_r(NULL, ":", &save)) {
        char *full = mem_printf("%s/%s", *dir ? dir : ".", o->qemu);
        found = access(full, X_OK) == 0;
        free(full);
    }
    free(copy);
    if (found)
        return 0;
    fprintf(stderr,
            "bench-run: QEMU not found: no %s on PATH (install qemu-system-x86: make deps; "
            "or name one with --qemu or $BENCH_QEMU)\n",
            o->qemu);
    return -1;
}

/* calib.bin is built next to bench-run (harness/Makefile). */
static char *bench_calib_path(const cli_opts_t *o)
{
    char exe[PATH_MAX];
    ssize_t n;

    if (o->calib)
        return mem_strdup(o->calib);
    n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n <= 0)
        return mem_strdup("calib.bin");
    exe[n] = '\0';
    return mem_printf("%s/calib.bin", dirname(exe));
}

/*
 * QEMU runs inside the run directory, so a QEMU given by a relative path
 * (--qemu tests/data/fake-qemu.sh) must be made absolute first.
 */
static void bench_resolve_qemu(cli_opts_t *o)
{
    static char path[PATH_MAX];

    if (strchr(o->qemu, '/') && realpath(o->qemu, path))
        o->qemu = path;
}

static int bench_check_images(const cli_opts_t *o)
{
    const char *files[SYSTEMS_MAX_FILES];

    for (size_t i = 0; i < o->n_systems; i++) {
        size_t n = systems_files(o->systems[i], files);
        for (size_t f = 0; f < n; f++) {
            char *path = run_path(o, files[f]);
            int ok = access(path, R_OK) == 0;
            if (!ok)
                fprintf(stderr,
                        "bench-run: image not found: %s "
                        "(system %s; build it first, or pass --build "
                        "DIR)\n",
                        path, o->systems[i]->name);
            free(path);
            if (!ok)
                return -1;
        }
    }
    if (o->profile) {
        char *path = run_path(o, "profiler/libwlprof.so");
        int ok = access(path, R_OK) == 0;
        if (!ok)
            fprintf(stderr,
                    "bench-run: the profiler plugin is not built: %s (make build-profiler, "
                    "or pass --build DIR)\n",
                    path);
        free(path);
        if (!ok)
            return -1;
    }
    return 0;
}

/*
 * Under tcg a device workload runs in a boot of its own under the
 * profiler (plan.h), so the plugin must exist even without --profile.
 */
static int bench_check_device_plugin(const cli_opts_t *o, mode_kind_t m)
{
    cli_opts_t dev;
    char *path;
    int ok;

    if (o->profile || !plan_opts(o, m, PLAN_DEVICE, &dev))
        return 0;
    path = run_path(o, "profiler/libwlprof.so");
    ok = access(path, R_OK) == 0;
    if (!ok)
        fprintf(stderr,
                "bench-run: the profiler plugin is not built: %s (under tcg %s is counted by "
                "the profiler; make build-profiler, or pass --build DIR)\n",
                path, dev.workloads[0]->name);
    free(path);
    return ok ? 0 : -1;
}

/*
 * How each workload's samples are counted (plan.h), and, under kvm with a
 * device workload, the TSC rate its throughput in bytes per second needs
 * (tscfreq.h): both into meta.json.
 */
static void bench_counting(const cli_opts_t *o, const mode_result_t *m, results_t *res,
                           json_t *meta)
{
    json_t *by = json_object();
    int device = 0;
    char source[256];

    for (size_t i = 0; i < o->n_workloads; i++) {
        json_object_set_new(by, o->workloads[i]->name,
                            json_string(plan_counted_by(o->workloads[i], m->mode)));
        device |= !o->workloads[i]->exact;
    }
    json_object_set_new(meta, "counted_by", by);
    if (m->mode != MODE_KVM || !device)
        return;
    res->tsc_hz = tscfreq_host(source, sizeof(source));
    json_object_set_new(meta, "tsc_hz", res->tsc_hz > 0 ? json_real(res->tsc_hz) : json_null());
    json_object_set_new(meta, "tsc_hz_source", json_string(source));
    if (res->tsc_hz > 0)
        fprintf(stderr, "[bench] TSC rate %.0f Hz (%s)\n", res->tsc_hz, source);
    else
        fprintf(stderr, "[bench] TSC rate %s: device throughput in bytes per 1000 cycles only\n",
                source);
}

static int bench_mode(const cli_opts_t *o, mode_result_t *m)
{
    char *calib = bench_calib_path(o);
    mode_req_t req = {
        .want = o->mode,
        .qemu = o->qemu,
        .qemu_extra = &o->qemu_extra,
        .calib_image = calib,
        .kvm_dev = "/dev/kvm",
        .timeout_s = (int)o->calib_timeout_s,
    };
    int rc;

    if (o->mode != MODE_TCG)
        fprintf(stderr, "[bench] checking kvm with %s ...\n", calib);
    rc = mode_detect(&req, m);
    free(calib);
    if (rc == 0)
        fprintf(stderr, "[bench] mode: %s, unit: %s (%s)\n", mode_name(m->mode), m->unit,
                m->reason);
    return rc;
}

/* Write meta.json into the run directory; -1 after saying why. */
static int bench_write_meta(run_ctx_t *c)
{
    char err[768], *path = results_file(c->results, "meta.json");
    int rc = meta_write(c->meta, path, err, sizeof(err));

    free(path);
    if (rc < 0)
        fprintf(stderr, "bench-run: results: %s\n", err);
    return rc;
}

/* A run that cannot go on: say why in meta.json and on stderr. */
static int bench_stop(run_ctx_t *c, int code, const char *status, const char *what,
                      const char *reason)
{
    meta_set_status(c->meta, status, reason, c->results->run_id);
    bench_write_meta(c);
    fprintf(stderr, "[bench] partial run left in %s\n", c->results->tmp_path);
    return bench_die(code, what, reason);
}

/*
 * The whole loop; returns the exit status.  Leaves a failed run in .tmp-.
 * With --keep-going a failed system's later boots are skipped, its
 * earlier ones dropped, and the others go on; failed[i] is set for it.
 */
static int bench_runs(const cli_opts_t *o, run_ctx_t *c, int *failed, size_t *n_failed)
{
    char reason[768], what[128];
    int sig = 0;

    for (long run = 1; run <= o->runs; run++) {
        for (size_t i = 0; i < o->n_systems; i++) {
            const system_t *sys = o->systems[i];
            if (failed[i])
                continue;
            run_status_t st = run_boot(c, sys, (int)run, reason, sizeof(reason), &sig);
            if (st == RUN_OK)
                continue;
            snprintf(what, sizeof(what), "%s boot %ld/%ld", sys->name, run, o->runs);
            if (st == RUN_INTERRUPTED)
                return bench_stop(c, 128 + sig, "interrupted", what, reason);
            if (st == RUN_ENV)
                return bench_stop(c, BENCH_EXIT_ENV, "failed", what, reason);
            if (!o->keep_going)
                return bench_stop(c, BENCH_EXIT_FAILED, "failed", what, reason);
            bench_die(0, what, reason);
            fprintf(stderr, "[bench] --keep-going: %s left out of this run; going on\n",
                    sys->name);
            snprintf(what, sizeof(what), "%ld/%ld", run, o->runs);
            meta_add_failed_system(c->meta, sys->name, what, reason);
            results_drop_system(c->results, sys->name);
            failed[i] = 1;
            (*n_failed)++;
        }
    }
    if (*n_failed == o->n_systems)
        return bench_stop(c, BENCH_EXIT_FAILED, "failed", "every system",
                          "failed (reasons above)");
    return BENCH_EXIT_OK;
}

/*
 * The profile pass (--profile, profile.h): one boot per system that did
 * not fail, under the plugin; tcg only.  Its outcome goes to meta.json
 * ("profile").
 */
static int bench_profile(const cli_opts_t *o, run_ctx_t *c, const int *failed)
{
    json_t *p = json_object(), *args = json_object();
    char reason[768], what[128];
    int sig = 0;

    json_object_set_new(c->meta, "profile", p);
    if (!o->profile) {
        json_object_set_new(p, "ran", json_false());
        json_object_set_new(p, "why", json_string("not asked for (--profile, PROFILE=1)"));
        json_decref(args);
        return BENCH_EXIT_OK;
    }
    if (c->mode->mode != MODE_TCG) {
        const char *why = "the profiler is a QEMU TCG plugin, and under KVM the hardware runs "
                          "the guest, so a plugin sees nothing; profile with --mode tcg "
                          "(MODE=tcg)";
        fprintf(stderr, "[bench] profile: unavailable in %s mode: %s\n", mode_name(c->mode->mode),
                why);
        json_object_set_new(p, "ran", json_false());
        json_object_set_new(p, "why", json_string(why));
        json_decref(args);
        return BENCH_EXIT_OK;
    }
    char *plugin = run_path(o, "profiler/libwlprof.so");
    json_object_set_new(p, "plugin", json_string(plugin));
    free(plugin);
    json_object_set_new(p, "args", args);
    json_object_set_new(p, "samples_from",
                        json_string(o->profile_only
                                        ? "the profile boots (--profile-only): the plugin "
                                          "changes no guest instruction count, and every "
                                          "window of an exact workload is checked against "
                                          "its sample; a device workload's samples are its "
                                          "windows' totals"
                                        : "the timing boots; the profile boots' samples are "
                                          "only checked against their windows"));
    for (size_t i = 0; i < o->n_systems; i++) {
        const system_t *sys = o->systems[i];
        if (failed[i])
            continue;
        json_object_set_new(args, sys->name, json_string(sys->profile_args));
        run_status_t st = run_profile_boot(c, sys, reason, sizeof(reason), &sig);
        if (st == RUN_OK)
            continue;
        json_object_set_new(p, "ran", json_false());
        json_object_set_new(p, "why", json_string(reason));
        snprintf(what, sizeof(what), "%s profile boot", sys->name);
        if (st == RUN_INTERRUPTED)
            return bench_stop(c, 128 + sig, "interrupted", what, reason);
        return bench_stop(c, st == RUN_ENV ? BENCH_EXIT_ENV : BENCH_EXIT_FAILED, "failed", what,
                          reason);
    }
    json_object_set_new(p, "ran", json_true());
    json_object_set_new(p, "windows", json_integer(c->profile->windows));
    json_object_set_new(p, "idle_windows", json_integer(c->profile->idle));
    json_object_set_new(p, "faulted_windows", json_integer(c->profile->faulted));
    /* Device rows' windows: kept, not compared (profile.h). */
    json_object_set_new(p, "device_windows", json_integer(c->profile->device_windows));
    json_object_set_new(p, "device_idle_windows", json_integer(c->profile->device_idle));
    fprintf(stderr,
            "[bench] profile: %ld windows checked against their samples (%ld with faults seen "
            "twice), %ld idle\n",
            c->profile->windows, c->profile->faulted, c->profile->idle);
    if (c->profile->device_windows)
        fprintf(stderr,
                "[bench] profile: %ld windows of device workloads counted, not compared (%ld "
                "went idle)\n",
                c->profile->device_windows, c->profile->device_idle);
    return BENCH_EXIT_OK;
}

static int bench_write_profile_csv(const void *ctx, FILE *f)
{
    const run_ctx_t *c = ctx;
    return profile_write_csv(c->profile, c->results->unit, f);
}

static int bench_finish(run_ctx_t *c, const int *failed, size_t n_failed)
{
    const cli_opts_t *o = c->opts;
    char err[768];

    if (results_write_summary(c->results, err, sizeof(err)) < 0)
        return bench_stop(c, BENCH_EXIT_ENV, "failed", "results", err);
    if (c->profile->n_rows &&
        results_write_named(c->results, "profile.csv", bench_write_profile_csv, c, err,
                            sizeof(err)) < 0)
        return bench_stop(c, BENCH_EXIT_ENV, "failed", "results", err);
    meta_set_status(c->meta, n_failed ? "partial" : "complete", NULL, c->results->run_id);
    if (bench_write_meta(c) < 0)
        return BENCH_EXIT_ENV;
    if (results_finish(c->results, err, sizeof(err)) < 0) {
        if (!c->results->finished)
            return bench_die(BENCH_EXIT_ENV, "results", err);
        fprintf(stderr, "bench-run: warning: %s\n", err);
    }
    report_table(c->results, stdout);
    fprintf(stderr, "[bench] results: %s\n", c->results->final_path);
    if (!n_failed)
        return BENCH_EXIT_OK;
    for (size_t i = 0; i < o->n_systems; i++)
        if (failed[i])
            fprintf(stderr, "[bench] partial run: %s failed and is missing (meta.json: "
                            "failed_systems)\n",
                    o->systems[i]->name);
    return BENCH_EXIT_PARTIAL;
}

int main(int argc, char **argv)
{
    char err[512], default_id[64];
    mode_result_t m;
    results_t res;
    cli_opts_t o;
    run_ctx_t c;
    time_t start;
    int rc;

    switch (cli_parse(argc, argv, &o, err, sizeof(err))) {
    case CLI_HELP:
        cli_usage(stdout);
        cli_free(&o);
        return BENCH_EXIT_OK;
    case CLI_ERROR:
        fprintf(stderr,
                "bench-run: bad arguments: %s (see "
                "bench-run --help)\n",
                err);
        cli_free(&o);
        return BENCH_EXIT_USAGE;
    case CLI_OK:
        break;
    }
    interrupt_install();
    if (bench_check_qemu(&o) < 0)
        return BENCH_EXIT_ENV;
    bench_resolve_qemu(&o);
    if (bench_check_images(&o) < 0)
        return BENCH_EXIT_ENV;
    rc = bench_mode(&o, &m);
    if (rc == -2)
        return bench_die(128 + interrupt_pending(), "mode", m.reason);
    if (rc < 0)
        return bench_die(BENCH_EXIT_ENV, "--mode kvm", m.reason);
    if (bench_check_device_plugin(&o, m.mode) < 0)
        return BENCH_EXIT_ENV;
    start = time(NULL);
    strftime(default_id, sizeof(default_id), "%Y%m%d-%H%M%S", gmtime(&start));
    snprintf(default_id + strlen(default_id), sizeof(default_id) - strlen(default_id), "-%s",
             mode_name(m.mode));
    if (results_open(&res, o.results_dir, o.run_id ? o.run_id : default_id, o.run_id != NULL,
                     m.unit, err, sizeof(err)) < 0) {
        results_close(&res);
        return bench_die(BENCH_EXIT_ENV, "results", err);
    }
    fprintf(stderr, "[bench] run %s: systems %zu, runs %ld%s\n", res.run_id, o.n_systems, o.runs,
            o.keep_going ? ", keep going" : "");
    for (size_t i = 0; i < o.n_workloads; i++)
        fprintf(stderr, "[bench]   %s: n=%ld, warmup=%ld\n", o.workloads[i]->name, o.iterations[i],
                o.warmup[i]);
    profile_t prof = { 0 };
    c = (run_ctx_t){ .opts = &o,
                     .mode = &m,
                     .results = &res,
                     .meta = meta_new(&o, &m, start, argc, argv),
                     .profile = &prof };
    bench_counting(&o, &m, &res, c.meta);
    int failed[CLI_MAX_SYSTEMS] = { 0 };
    size_t n_failed = 0;
    rc = o.profile_only ? BENCH_EXIT_OK : bench_runs(&o, &c, failed, &n_failed);
    if (rc == BENCH_EXIT_OK)
        rc = bench_profile(&o, &c, failed);
    if (rc == BENCH_EXIT_OK)
        rc = bench_finish(&c, failed, n_failed);
    profile_free(&prof);
    json_decref(c.meta);
    results_close(&res);
    mode_result_free(&m);
    cli_free(&o);
    return rc;
}
