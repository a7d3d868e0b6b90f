/* SPDX-License-Identifier: MIT */
/*
 * One benchmark boot (see run.h).  QEMU runs inside the run directory so
 * its argv names the console log without the temporary directory name;
 * the image and modules are therefore passed as absolute paths.
 */
#include "run.h"

#include "boot.h"
#include "budget.h"
#include "disk.h"
#include "errmsg.h"
#include "mem.h"
#include "meta.h"
#include "mitig.h"
#include "plan.h"
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
#include <unistd.h>

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

static void run_expect(const run_ctx_t *c, const cli_opts_t *o, const system_t *sys,
                       record_expect_t *exp, const char **wl)
{
    for (size_t i = 0; i < o->n_workloads; i++)
        wl[i] = o->workloads[i]->name;
    exp->unit = c->mode->unit;
    exp->system = sys->record_system;
    exp->workloads = wl;
    exp->n_workloads = o->n_workloads;
    exp->iterations = o->iterations;
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

/* What names one boot's files (console-<label>.log, disk-<label>.img,
 * ...): "uk-1" (timing), "uk-1-device", "uk-profile". */
static char *run_label(const system_t *sys, plan_boot_t kind, int run)
{
    switch (kind) {
    case PLAN_DEVICE:
        return mem_printf("%s-%d-device", sys->name, run);
    case PLAN_PROFILE:
        return mem_printf("%s-profile", sys->name);
    case PLAN_TIMING:
        break;
    }
    return mem_printf("%s-%d", sys->name, run);
}

/* -plugin <libwlprof.so>,out=<windows>,<the system's ranges>[,hot=...]:
 * the profile boot and a device boot (plan.h). */
static void run_plugin_args(const cli_opts_t *o, const system_t *sys, plan_boot_t kind,
                            const char *win_name, strlist_t *extra)
{
    char *plugin = run_path(o, "profiler/libwlprof.so");
    char *hot = o->hot && kind == PLAN_PROFILE
                    ? mem_printf(",hot=hot-%s.csv,hot_windows=%ld-%ld,hot_min=%ld", sys->name,
                                 o->hot_first, o->hot_last, o->hot_min)
                    : NULL;

    strlist_push(extra, "-plugin");
    strlist_pushf(extra, "%s,out=%s%s%s%s", plugin, win_name, *sys->profile_args ? "," : "",
                  sys->profile_args, hot ? hot : "");
    free(hot);
    free(plugin);
}

/* The disk as meta.json records it (once: every boot gets the same). */
static void run_note_disk(run_ctx_t *c, const disk_t *d)
{
    json_t *j;

    if (c->disk_noted)
        return;
    c->disk_noted = 1;
    if (!d->direct)
        fprintf(stderr, "[bench] disk: %s, so QEMU opens it without O_DIRECT (%s)\n", d->why,
                disk_drive_options(0));
    j = json_object();
    json_object_set_new(j, "mib", json_integer(disk_mib()));
    json_object_set_new(j, "file", json_string("disk-<system>-<run>[-device].img, a fresh sparse "
                                               "file per boot in the run directory, removed "
                                               "after it"));
    json_object_set_new(j, "drive", json_string(disk_drive_options(d->direct)));
    json_object_set_new(j, "device", json_string(disk_device()));
    json_object_set_new(j, "o_direct", json_boolean(d->direct));
    json_object_set_new(j, "why", json_string(d->direct ? "the run directory takes O_DIRECT"
                                                        : d->why));
    json_object_set_new(c->meta, "disk", j);
}

/* system_boot.<name>: made by the system's first boot, whatever its kind;
 * a device boot adds what differs in it ("device_boot"). */
static int run_note_system(run_ctx_t *c, const cli_opts_t *sub, const system_t *sys,
                           plan_boot_t kind, const char *image, const char *cmdline,
                           const strlist_t *argv, const char *versions, const char *job,
                           long timeout_s)
{
    json_t *all = json_object_get(c->meta, "system_boot");
    int first = json_object_get(all, sys->name) == NULL;

    if (first)
        meta_add_system(c->meta, sys->name, image, cmdline, argv, versions, timeout_s,
                        job ? budget_guest_timeout(sub) : 0);
    if (kind == PLAN_DEVICE && !json_object_get(json_object_get(all, sys->name), "device_boot")) {
        json_t *d = json_object(), *a = json_array();
        for (size_t i = 0; i < argv->n; i++)
            json_array_append_new(a, json_string(argv->v[i]));
        json_object_set_new(d, "cmdline", json_string(cmdline));
        json_object_set_new(d, "qemu_argv", a);
        json_object_set_new(d, "timeout_s", json_integer(timeout_s));
        meta_set_system(c->meta, sys->name, "device_boot", d);
    }
    return first;
}

/*
 * QEMU hands the guest its images' file names: multiboot puts the
 * kernel's path at the head of the kernel's command line and each
 * module's path at the head of the module's string, and Xen's timer
 * phases moved with their length (84 exact rows of a quick Xen run
 * changed when only the build directory's path did).  So a boot names
 * its images by links of fixed names in the run directory, QEMU's working
 * directory: the same strings in every run, wherever the build is.
 */
/* "./": a word with a '/' is a file name to the guests that skip it (the
 * microkernel's root task skips such words of its command line). */
static const char *const run_link_names[] = { "./boot-kernel", "./boot-dom0-kernel",
                                              "./boot-dom0-initrd", "./boot-initrd" };
#define RUN_LINKS (sizeof(run_link_names) / sizeof(run_link_names[0]))

/* Link run_link_names[i] in dir to target (NULL: none); returns the name
 * to give QEMU, target itself if it is NULL, or NULL with err set. */
static const char *run_link(const char *dir, size_t i, const char *target, char *err, size_t len)
{
    char *path;
    int rc;

    if (!target)
        return NULL;
    path = mem_printf("%s/%s", dir, run_link_names[i]);
    unlink(path);
    rc = symlink(target, path);
    if (rc < 0)
        errmsg_set(err, len, "cannot link %s to %s: %s", path, target, strerror(errno));
    free(path);
    return rc < 0 ? NULL : run_link_names[i];
}

static void run_unlink_all(const char *dir)
{
    for (size_t i = 0; i < RUN_LINKS; i++) {
        char *path = mem_printf("%s/%s", dir, run_link_names[i]);
        unlink(path);
        free(path);
    }
}

/* Pool a judged boot's records into the results: a device boot's (and,
 * with --profile-only, the profile boot's) device records carry their
 * windows' instruction totals first (profile.h). */
static run_status_t run_pool(run_ctx_t *c, const system_t *sys, plan_boot_t kind, int run,
                             transcript_t *t, const char *windows, long *idle, char *reason,
                             size_t len)
{
    mode_kind_t m = c->mode->mode;

    if (kind != PLAN_TIMING && profile_window_totals(t, sys->name, windows, idle, reason, len) < 0)
        return RUN_FAILED;
    for (size_t i = 0; i < t->n_recs; i++)
        if (results_add_by(c->results, sys->name, &t->recs[i], run,
                           plan_counted_by_name(t->recs[i].workload, m), reason, len) < 0)
            return RUN_ENV;
    return RUN_OK;
}

/* One boot of kind `kind` (plan.h); run from 1, ignored for the profile
 * boot (run 0 in meta.json). */
static run_status_t run_boot_any(run_ctx_t *c, const system_t *sys, plan_boot_t kind, int run,
                                 char *reason, size_t len, int *sig)
{
    const cli_opts_t *o = c->opts;
    cli_opts_t sub;
    strlist_t extra = { 0 };
    qemu_cfg_t cfg = { o->qemu, c->mode->mode, &extra, o->mitigations, NULL, 0 };
    char *label = run_label(sys, kind, run);
    char *log_name = mem_printf("console-%s.log", label);
    char *err_name = mem_printf("qemu-%s.err", label);
    char *disk_name = mem_printf("disk-%s.img", label);
    char *win_name = kind == PLAN_PROFILE ? mem_printf("windows-%s.csv", sys->name)
                                          : mem_printf("windows-%s.csv", label);
    char *windows = kind != PLAN_TIMING ? results_file(c->results, win_name) : NULL;
    char *log = results_file(c->results, log_name);
    char *err = results_file(c->results, err_name);
    char *image = run_path(o, sys->image), *cmdline;
    char *dom0_kernel = sys->dom0_kernel ? run_path(o, sys->dom0_kernel) : NULL;
    char *dom0_initrd = sys->dom0_initrd ? run_path(o, sys->dom0_initrd) : NULL;
    char *initrd = sys->initrd ? run_path(o, sys->initrd) : NULL;
    char *versions = sys->versions ? run_path(o, sys->versions) : NULL;
    const char *wl[CLI_MAX_WORKLOADS];
    run_status_t rc = RUN_FAILED;
    record_expect_t exp = { 0 };
    strlist_t argv = { 0 };
    boot_result_t b = { 0 };
    transcript_t t = { 0 };
    long idle = -1;
    disk_t disk;
    boot_req_t br;

    plan_opts(o, c->mode->mode, kind, &sub);
    char *job = run_guest_job(&sub, sys);
    long timeout_s = budget_boot_timeout(&sub, sys);
    cmdline = run_cmdline(&sub, sys, c->mode->unit);
    strlist_append(&extra, &o->qemu_extra);
    if (kind != PLAN_TIMING) {
        /* QEMU runs in the run directory (br.cwd below): the plugin gets
         * the file's name, we its path. */
        run_plugin_args(o, sys, kind, win_name, &extra);
        /* The plugin runs several times slower than plain TCG. */
        timeout_s *= 4;
    }
    if (disk_create(&disk, c->results->tmp_path, disk_name, reason, len) < 0) {
        rc = RUN_ENV;
        goto out;
    }
    run_note_disk(c, &disk);
    cfg.disk_file = disk.name;
    cfg.disk_direct = disk.direct;
    const char *dir = c->results->tmp_path;
    const char *l_image = run_link(dir, 0, image, reason, len);
    const char *l_dom0_kernel = run_link(dir, 1, dom0_kernel, reason, len);
    const char *l_dom0_initrd = run_link(dir, 2, dom0_initrd, reason, len);
    const char *l_initrd = run_link(dir, 3, initrd, reason, len);
    if (!l_image || (dom0_kernel && !l_dom0_kernel) || (dom0_initrd && !l_dom0_initrd) ||
        (initrd && !l_initrd)) {
        run_unlink_all(dir);
        disk_remove(&disk);
        rc = RUN_ENV;
        goto out;
    }
    qemu_boot_t qb = { sys->boot, l_image, cmdline, l_dom0_kernel, l_dom0_initrd, job, l_initrd };
    qemu_argv(&argv, &cfg, &qb, log_name);
    int first = (kind != PLAN_PROFILE || o->profile_only) &&
                run_note_system(c, &sub, sys, kind, image, cmdline, &argv, versions, job,
                                timeout_s);
    if (kind == PLAN_TIMING)
        fprintf(stderr, "[bench] %s: boot %d/%ld (time limit %ld s) ...\n", sys->name, run,
                o->runs, timeout_s);
    else if (kind == PLAN_DEVICE)
        fprintf(stderr, "[bench] %s: device boot %d/%ld under the profiler (time limit %ld s) ...\n",
                sys->name, run, o->runs, timeout_s);
    else
        fprintf(stderr, "[bench] %s: profile boot (time limit %ld s) ...\n", sys->name,
                timeout_s);
    br = (boot_req_t){ strlist_argv(&argv), c->results->tmp_path, log, err, timeout_s };
    boot_run(&br, &b);
    /* However the boot ended (a signal too: boot_run returns first). */
    disk_remove(&disk);
    run_unlink_all(dir);
    run_expect(c, &sub, sys, &exp, wl);
    int scanned = transcript_scan_path(log, &exp, &t), scan_errno = errno;
    /* What the system turned on, as its first boot said (mitig.h). */
    if (first)
        meta_set_system(c->meta, sys->name, "mitigations", mitig_of_boot(sys, log, t.meta));
    if (b.end == BOOT_INTERRUPTED) {
        verdict_judge(&b, &t, &exp, timeout_s, reason, len);
        *sig = b.interrupt_sig;
        rc = RUN_INTERRUPTED;
    } else if (scanned < 0 && scan_errno != ENOENT && b.end != BOOT_SPAWN_FAILED) {
        errmsg_set(reason, len, "cannot read the console log %s: %s", log, strerror(scan_errno));
        rc = RUN_ENV;
    } else if (kind != PLAN_TIMING && run_plugin_refused(err, reason, len)) {
        rc = RUN_ENV;
    } else if (verdict_judge(&b, &t, &exp, timeout_s, reason, len) < 0) {
        if (run_disk_full(c->results->tmp_path, reason, len))
            rc = RUN_ENV;
        else
            run_tails(log, err);
    } else if (kind == PLAN_PROFILE) {
        if (profile_add_boot(c->profile, sys->name, &t, windows, reason, len) == 0) {
            /* --profile-only: this boot is the run's only one (run 1). */
            rc = o->profile_only ? run_pool(c, sys, kind, 1, &t, windows, &idle, reason, len)
                                 : RUN_OK;
            if (rc == RUN_OK)
                fprintf(stderr, "[bench] %s: profile of %zu records, %.1f s\n", sys->name,
                        t.n_recs, b.seconds);
        }
    } else {
        rc = run_pool(c, sys, kind, run, &t, windows, &idle, reason, len);
        if (rc == RUN_OK && kind == PLAN_DEVICE)
            fprintf(stderr,
                    "[bench] %s: %zu records counted by the profiler (%ld windows went idle), "
                    "%.1f s\n",
                    sys->name, t.n_recs, idle, b.seconds);
        else if (rc == RUN_OK)
            fprintf(stderr, "[bench] %s: %zu records, %.1f s\n", sys->name, t.n_recs, b.seconds);
    }
    meta_add_boot(c->meta, sys->name, kind == PLAN_PROFILE ? 0 : run, plan_boot_name(kind),
                  log_name, err_name, rc == RUN_OK ? "ok" : reason, b.seconds, t.n_recs,
                  b.exited ? b.exit_status : -1, t.meta);
    /* Device windows that went idle (expected: the guest waited for the
     * host), for the record. */
    if (idle >= 0)
        meta_set_last_boot(c->meta, "idle_windows", json_integer(idle));
out:
    transcript_free(&t);
    strlist_free(&argv);
    strlist_free(&extra);
    free(windows);
    free(win_name);
    free(disk_name);
    free(label);
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
    cli_opts_t sub;
    run_status_t rc = RUN_OK;

    if (plan_opts(c->opts, c->mode->mode, PLAN_TIMING, &sub))
        rc = run_boot_any(c, sys, PLAN_TIMING, run, reason, len, sig);
    if (rc == RUN_OK && plan_opts(c->opts, c->mode->mode, PLAN_DEVICE, &sub)) {
        rc = run_boot_any(c, sys, PLAN_DEVICE, run, reason, len, sig);
        /* "uk boot 1/1: device boot: guest panic: ..." */
        if (rc != RUN_OK && len) {
            char *why = mem_strdup(reason);
            errmsg_set(reason, len, "device boot: %s", why);
            free(why);
        }
    }
    return rc;
}

run_status_t run_profile_boot(run_ctx_t *c, const system_t *sys, char *reason, size_t len,
                              int *sig)
{
    return run_boot_any(c, sys, PLAN_PROFILE, 0, reason, len, sig);
}
