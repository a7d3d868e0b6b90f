/* SPDX-License-Identifier: MIT */
/*
 * One benchmark boot (see run.h).  QEMU runs inside the run directory so
 * its argv names the console log without the temporary directory name;
 * the image and modules are therefore passed as absolute paths.
 */
#include "run.h"

#include "boot.h"
#include "budget.h"
#include "errmsg.h"
#include "mem.h"
#include "meta.h"
#include "mitig.h"
#include "qemu.h"
#include "report.h"
#include "transcript.h"
#include "verdict.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#define RUN_QEMU_TAIL_LINES 5
/*
 * A boot that failed with less free space than this left: the disk filled
 * up under it (QEMU drops a console write that does not fit whole, and
 * its writes can be tens of KiB, so "no space at all" is not the test).
 */
#define RUN_DISK_FULL_BYTES (1024 * 1024)

char *run_cmdline(const cli_opts_t *o, const system_t *sys, const char *unit)
{
    strlist_t wl = { 0 };
    char *list, *s;

    /* wl=NAME:N:W,... (workloads/wl_spec.h): each workload's own counts. */
    for (size_t i = 0; i < o->n_workloads; i++)
        strlist_pushf(&wl, "%s:%ld:%ld", o->workloads[i]->name, o->iterations[i],
                      o->warmup[i]);
    list = strlist_join(&wl, ",");
    s = mem_printf("bench system=%s unit=%s wl=%s", sys->record_system, unit, list);
    free(list);
    strlist_free(&wl);
    return s;
}

char *run_guest_job(const cli_opts_t *o, const system_t *sys)
{
    strlist_t wl = { 0 };
    char *list, *peer = NULL, *s;

    if (sys->boot != SYSTEM_BOOT_XEN)
        return NULL;
    /* The dom0 peer serves the same workloads, in the same order. */
    if (sys->dom0_peer) {
        for (size_t i = 0; i < o->n_workloads; i++)
            strlist_push(&wl, o->workloads[i]->name);
        list = strlist_join(&wl, ",");
        peer = mem_printf("bench.dom0peer=\"%s -w %s\" ", sys->dom0_peer, list);
        free(list);
        strlist_free(&wl);
    }
    s = mem_printf("%s%s%sbench.timeout=%ld", sys->dom0_job ? sys->dom0_job : "",
                   sys->dom0_job ? " " : "", peer ? peer : "", budget_guest_timeout(o));
    free(peer);
    return s;
}

/*
 * A full disk shows up as a console log cut short, which would be judged
 * a malformed or missing record: when a boot failed on a nearly full
 * disk, name that as the cause, with what the console alone suggested.
 */
static int run_disk_full(const char *dir, char *reason, size_t len)
{
    struct statvfs st;
    unsigned long long left;
    char seen[512];

    if (statvfs(dir, &st) < 0)
        return 0;
    left = (unsigned long long)st.f_bavail * st.f_frsize;
    if (left >= RUN_DISK_FULL_BYTES)
        return 0;
    snprintf(seen, sizeof(seen), "%s", reason);
    errmsg_set(reason, len,
               "disk full: %llu bytes left on the file system of %s, so the console log is "
               "cut short (it reads as: %s); free some space and run again",
               left, dir, seen);
    return 1;
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
    exp->iterations = c->opts->iterations;
}

/* QEMU's own words when it refused the plugin (profiler/README.md), as a
 * reason; 0 if it did not. */
static int run_plugin_refused(const char *err_path, char *reason, size_t len)
{
    FILE *f = fopen(err_path, "r");
    char *line = NULL, own[256] = "";
    size_t cap = 0;
    int found = 0;

    if (!f)
        return 0;
    while (!found && getline(&line, &cap, f) >= 0) {
        line[strcspn(line, "\r\n")] = '\0';
        if (strncmp(line, "wlprof: ", 8) == 0 && !own[0])
            snprintf(own, sizeof(own), "%s", line);
        char *at = strstr(line, "Could not load plugin");
        if (at) {
            errmsg_set(reason, len, "QEMU refused the profiler: %s%s%s%s", at, own[0] ? " (" : "",
                       own, own[0] ? ")" : "");
            found = 1;
        }
    }
    free(line);
    fclose(f);
    return found;
}

/* run = 0: the profile boot. */
static run_status_t run_boot_any(run_ctx_t *c, const system_t *sys, int run, char *reason,
                                 size_t len, int *sig)
{
    const cli_opts_t *o = c->opts;
    strlist_t extra = { 0 };
    qemu_cfg_t cfg = { o->qemu, c->mode->mode, &extra, o->mitigations };
    char *log_name = run ? mem_printf("console-%s-%d.log", sys->name, run)
                         : mem_printf("console-%s-profile.log", sys->name);
    char *err_name = run ? mem_printf("qemu-%s-%d.err", sys->name, run)
                         : mem_printf("qemu-%s-profile.err", sys->name);
    char *windows = NULL;
    char *log = results_file(c->results, log_name);
    char *err = results_file(c->results, err_name);
    char *image = run_path(o, sys->image), *cmdline;
    char *dom0_kernel = sys->dom0_kernel ? run_path(o, sys->dom0_kernel) : NULL;
    char *dom0_initrd = sys->dom0_initrd ? run_path(o, sys->dom0_initrd) : NULL;
    char *initrd = sys->initrd ? run_path(o, sys->initrd) : NULL;
    char *versions = sys->versions ? run_path(o, sys->versions) : NULL;
    char *job = run_guest_job(o, sys);
    long timeout_s = budget_boot_timeout(o, sys);
    const char *wl[CLI_MAX_WORKLOADS];
    run_status_t rc = RUN_FAILED;
    record_expect_t exp = { 0 };
    strlist_t argv = { 0 };
    boot_result_t b;
    boot_req_t br;
    transcript_t t;

    cmdline = run_cmdline(o, sys, c->mode->unit);
    strlist_append(&extra, &o->qemu_extra);
    if (!run) {
        char *plugin = run_path(o, "profiler/libwlprof.so");
        /* QEMU runs in the run directory (br.cwd below): the plugin gets
         * the file's name, we its path. */
        char *win_name = mem_printf("windows-%s.csv", sys->name);
        windows = results_file(c->results, win_name);
        strlist_push(&extra, "-plugin");
        char *hot = o->hot ? mem_printf(",hot=hot-%s.csv,hot_windows=%ld-%ld,hot_min=%ld",
                                        sys->name, o->hot_first, o->hot_last, o->hot_min)
                           : NULL;
        strlist_pushf(&extra, "%s,out=%s%s%s%s", plugin, win_name,
                      *sys->profile_args ? "," : "", sys->profile_args, hot ? hot : "");
        free(win_name);
        free(hot);
        free(plugin);
        /* The plugin runs several times slower than plain TCG. */
        timeout_s *= 4;
    }
    qemu_boot_t qb = { sys->boot, image, cmdline, dom0_kernel, dom0_initrd, job, initrd };
    qemu_argv(&argv, &cfg, &qb, log_name);
    if (run == 1 || (!run && o->profile_only))
        meta_add_system(c->meta, sys->name, image, cmdline, &argv, versions, timeout_s,
                        job ? budget_guest_timeout(o) : 0);
    if (run)
        fprintf(stderr, "[bench] %s: boot %d/%ld (time limit %ld s) ...\n", sys->name, run,
                o->runs, timeout_s);
    else
        fprintf(stderr, "[bench] %s: profile boot (time limit %ld s) ...\n", sys->name,
                timeout_s);
    br = (boot_req_t){ strlist_argv(&argv), c->results->tmp_path, log, err, timeout_s };
    boot_run(&br, &b);
    run_expect(c, sys, &exp, wl);
    int scanned = transcript_scan_path(log, &exp, &t), scan_errno = errno;
    /* What the system turned on, as its first boot said (mitig.h). */
    if (run == 1)
        meta_set_system(c->meta, sys->name, "mitigations", mitig_of_boot(sys, log, t.meta));
    if (b.end == BOOT_INTERRUPTED) {
        verdict_judge(&b, &t, &exp, timeout_s, reason, len);
        *sig = b.interrupt_sig;
        rc = RUN_INTERRUPTED;
    } else if (scanned < 0 && scan_errno != ENOENT && b.end != BOOT_SPAWN_FAILED) {
        errmsg_set(reason, len, "cannot read the console log %s: %s", log, strerror(scan_errno));
        rc = RUN_ENV;
    } else if (!run && run_plugin_refused(err, reason, len)) {
        rc = RUN_ENV;
    } else if (verdict_judge(&b, &t, &exp, timeout_s, reason, len) < 0) {
        if (run_disk_full(c->results->tmp_path, reason, len))
            rc = RUN_ENV;
        else
            run_tails(log, err);
    } else if (!run) {
        if (profile_add_boot(c->profile, sys->name, &t, windows, reason, len) == 0) {
            rc = RUN_OK;
            /* --profile-only: this boot is the run's only one (run 1). */
            for (size_t i = 0; o->profile_only && i < t.n_recs && rc == RUN_OK; i++)
                if (results_add(c->results, sys->name, &t.recs[i], 1, reason, len) < 0)
                    rc = RUN_ENV;
            if (rc == RUN_OK)
                fprintf(stderr, "[bench] %s: profile of %zu records, %.1f s\n", sys->name,
                        t.n_recs, b.seconds);
        }
    } else {
        for (size_t i = 0; i < t.n_recs && rc != RUN_ENV; i++)
            if (results_add(c->results, sys->name, &t.recs[i], run, reason, len) < 0)
                rc = RUN_ENV;
        if (rc != RUN_ENV) {
            fprintf(stderr, "[bench] %s: %zu records, %.1f s\n", sys->name, t.n_recs, b.seconds);
            rc = RUN_OK;
        }
    }
    meta_add_boot(c->meta, sys->name, run, log_name, err_name, rc == RUN_OK ? "ok" : reason,
                  b.seconds, t.n_recs, b.exited ? b.exit_status : -1, t.meta);
    transcript_free(&t);
    strlist_free(&argv);
    strlist_free(&extra);
    free(windows);
    free(job);
    free(cmdline);
    free(versions);
    free(initrd);
    free(dom0_initrd);
    free(dom0_kernel);
    free(image);
    free(err);
    free(log);
    free(err_name);
    free(log_name);
    return rc;
}

run_status_t run_boot(run_ctx_t *c, const system_t *sys, int run, char *reason, size_t len,
                      int *sig)
{
    return run_boot_any(c, sys, run, reason, len, sig);
}

run_status_t run_profile_boot(run_ctx_t *c, const system_t *sys, char *reason, size_t len,
                              int *sig)
{
    return run_boot_any(c, sys, 0, reason, len, sig);
}
