/* SPDX-License-Identifier: MIT */
/*
 * bench-run: boots every selected system under QEMU, collects the records
 * its guests print, and writes one results directory.
 *
 * The order is fixed: parse arguments, check the images exist, choose the
 * execution mode (which fixes the unit), open the temporary run directory,
 * boot run 1 of every system, then run 2 of every system, ... (interleaved
 * so slow drift on a real host spreads over all systems), and only when
 * every boot succeeded write the summary and rename the directory into
 * place.  The first failed boot ends the run with a one-line reason.
 */
#include "cli.h"
#include "interrupt.h"
#include "mem.h"
#include "meta.h"
#include "mode.h"
#include "report.h"
#include "results.h"
#include "run.h"

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

static int bench_die(int code, const char *what, const char *reason)
{
    fprintf(stderr, "bench-run: %s: %s\n", what, reason);
    return code;
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
    return 0;
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

/* The whole loop; returns the exit status.  Leaves a failed run in .tmp-. */
static int bench_runs(const cli_opts_t *o, run_ctx_t *c)
{
    char reason[768], what[128];
    int sig = 0;

    for (long run = 1; run <= o->runs; run++) {
        for (size_t i = 0; i < o->n_systems; i++) {
            const system_t *sys = o->systems[i];
            run_status_t st = run_boot(c, sys, (int)run, reason, sizeof(reason), &sig);
            if (st == RUN_OK)
                continue;
            meta_set_status(c->meta, st == RUN_INTERRUPTED ? "interrupted" : "failed", reason,
                            c->results->run_id);
            meta_write(c->meta, results_file(c->results, "meta.json"));
            fprintf(stderr, "[bench] partial run left in %s\n", c->results->tmp_path);
            snprintf(what, sizeof(what), "%s boot %ld/%ld", sys->name, run, o->runs);
            return bench_die(st == RUN_INTERRUPTED ? 128 + sig : BENCH_EXIT_FAILED, what, reason);
        }
    }
    return BENCH_EXIT_OK;
}

static int bench_finish(run_ctx_t *c)
{
    char err[512];
    char *path;
    int rc;

    if (results_write_summary(c->results, err, sizeof(err)) < 0)
        return bench_die(BENCH_EXIT_ENV, "results", err);
    meta_set_status(c->meta, "complete", NULL, c->results->run_id);
    path = results_file(c->results, "meta.json");
    rc = meta_write(c->meta, path);
    free(path);
    if (rc < 0)
        return bench_die(BENCH_EXIT_ENV, "results", "cannot write meta.json");
    if (results_finish(c->results, err, sizeof(err)) < 0) {
        if (!c->results->finished)
            return bench_die(BENCH_EXIT_ENV, "results", err);
        fprintf(stderr, "bench-run: warning: %s\n", err);
    }
    report_table(c->results, stdout);
    fprintf(stderr, "[bench] results: %s\n", c->results->final_path);
    return BENCH_EXIT_OK;
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
    bench_resolve_qemu(&o);
    if (bench_check_images(&o) < 0)
        return BENCH_EXIT_ENV;
    rc = bench_mode(&o, &m);
    if (rc == -2)
        return bench_die(128 + interrupt_pending(), "mode", m.reason);
    if (rc < 0)
        return bench_die(BENCH_EXIT_ENV, "--mode kvm", m.reason);
    start = time(NULL);
    strftime(default_id, sizeof(default_id), "%Y%m%d-%H%M%S", gmtime(&start));
    snprintf(default_id + strlen(default_id), sizeof(default_id) - strlen(default_id), "-%s",
             mode_name(m.mode));
    if (results_open(&res, o.results_dir, o.run_id ? o.run_id : default_id, o.run_id != NULL,
                     m.unit, err, sizeof(err)) < 0) {
        results_close(&res);
        return bench_die(BENCH_EXIT_ENV, "results", err);
    }
    fprintf(stderr,
            "[bench] run %s: systems %zu, runs %ld, n=%ld, "
            "warmup=%ld\n",
            res.run_id, o.n_systems, o.runs, o.iterations, o.warmup);
    c = (run_ctx_t){ &o, &m, &res, meta_new(&o, &m, start, argc, argv) };
    rc = bench_runs(&o, &c);
    if (rc == BENCH_EXIT_OK)
        rc = bench_finish(&c);
    json_decref(c.meta);
    results_close(&res);
    mode_result_free(&m);
    cli_free(&o);
    return rc;
}
