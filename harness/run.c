/* SPDX-License-Identifier: MIT */
/*
 * One benchmark boot (see run.h).  QEMU runs inside the run directory so
 * its argv names the console log without the temporary directory name;
 * the image and modules are therefore passed as absolute paths.
 */
#include "run.h"

#include "boot.h"
#include "mem.h"
#include "meta.h"
#include "qemu.h"
#include "report.h"
#include "transcript.h"
#include "verdict.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define RUN_QEMU_TAIL_LINES 5

char *run_cmdline(const cli_opts_t *o, const system_t *sys, const char *unit)
{
    strlist_t wl = { 0 };
    char *list, *s;

    for (size_t i = 0; i < o->n_workloads; i++)
        strlist_push(&wl, o->workloads[i]->name);
    list = strlist_join(&wl, ",");
    s = mem_printf("bench system=%s unit=%s n=%ld warmup=%ld wl=%s", sys->record_system, unit,
                   o->iterations, o->warmup, list);
    free(list);
    strlist_free(&wl);
    return s;
}

char *run_path(const cli_opts_t *o, const char *rel)
{
    char *path = mem_printf("%s/%s", o->build_dir, rel), abs[PATH_MAX];

    if (!realpath(path, abs))
        return path;
    free(path);
    return mem_strdup(abs);
}

static void run_tails(const char *log, const char *err)
{
    struct stat st;

    report_tail("console", log, REPORT_TAIL_LINES, stderr);
    if (stat(err, &st) == 0 && st.st_size > 0)
        report_tail("qemu output", err, RUN_QEMU_TAIL_LINES, stderr);
}

static void run_expect(const run_ctx_t *c, const system_t *sys, record_expect_t *exp,
                       const char **wl)
{
    for (size_t i = 0; i < c->opts->n_workloads; i++)
        wl[i] = c->opts->workloads[i]->name;
    exp->unit = c->mode->unit;
    exp->system = sys->record_system;
    exp->workloads = wl;
    exp->n_workloads = c->opts->n_workloads;
}

run_status_t run_boot(run_ctx_t *c, const system_t *sys, int run, char *reason, size_t len,
                      int *sig)
{
    const cli_opts_t *o = c->opts;
    qemu_cfg_t cfg = { o->qemu, c->mode->mode, &o->qemu_extra };
    char *log_name = mem_printf("console-%s-%d.log", sys->name, run);
    char *err_name = mem_printf("qemu-%s-%d.err", sys->name, run);
    char *log = results_file(c->results, log_name);
    char *err = results_file(c->results, err_name);
    char *image = run_path(o, sys->image), *cmdline;
    char *dom0_kernel = sys->dom0_kernel ? run_path(o, sys->dom0_kernel) : NULL;
    char *dom0_initrd = sys->dom0_initrd ? run_path(o, sys->dom0_initrd) : NULL;
    char *versions = sys->versions ? run_path(o, sys->versions) : NULL;
    const char *wl[CLI_MAX_WORKLOADS];
    run_status_t rc = RUN_FAILED;
    record_expect_t exp;
    strlist_t argv = { 0 };
    boot_result_t b;
    boot_req_t br;
    transcript_t t;

    cmdline = run_cmdline(o, sys, c->mode->unit);
    qemu_boot_t qb = { sys->boot, image, cmdline, dom0_kernel, dom0_initrd, sys->dom0_job };
    qemu_argv(&argv, &cfg, &qb, log_name);
    if (run == 1)
        meta_add_system(c->meta, sys->name, image, cmdline, &argv, versions);
    fprintf(stderr, "[bench] %s: boot %d/%ld ...\n", sys->name, run, o->runs);
    br = (boot_req_t){ strlist_argv(&argv), c->results->tmp_path, log, err, o->timeout_s };
    boot_run(&br, &b);
    run_expect(c, sys, &exp, wl);
    transcript_scan_path(log, &exp, &t);
    if (verdict_judge(&b, &t, &exp, o->timeout_s, reason, len) == 0) {
        for (size_t i = 0; i < t.n_recs; i++)
            results_add(c->results, sys->name, &t.recs[i], run);
        fprintf(stderr, "[bench] %s: %zu records, %.1f s\n", sys->name, t.n_recs, b.seconds);
        rc = RUN_OK;
    } else if (b.end == BOOT_INTERRUPTED) {
        *sig = b.interrupt_sig;
        rc = RUN_INTERRUPTED;
    } else {
        run_tails(log, err);
    }
    meta_add_boot(c->meta, sys->name, run, log_name, err_name, rc == RUN_OK ? "ok" : reason,
                  b.seconds, t.n_recs, b.exited ? b.exit_status : -1, t.meta);
    transcript_free(&t);
    strlist_free(&argv);
    free(cmdline);
    free(versions);
    free(dom0_initrd);
    free(dom0_kernel);
    free(image);
    free(err);
    free(log);
    free(err_name);
    free(log_name);
    return rc;
}
