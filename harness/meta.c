/* SPDX-License-Identifier: MIT */
/*
 * Building meta.json (see meta.h).  Facts that cannot be found are
 * recorded as "unknown", never left out, so every meta.json has the same
 * members.
 */
#include "meta.h"

#include "errmsg.h"
#include "proc.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#define META_UNKNOWN "unknown"

void meta_utc_iso8601(time_t t, char *buf, size_t len)
{
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void meta_host_cpu(char *buf, size_t len)
{
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[512];

    snprintf(buf, len, META_UNKNOWN);
    if (!f)
        return;
    while (fgets(line, sizeof(line), f)) {
        char *colon = strchr(line, ':');
        if (strncmp(line, "model name", 10) != 0 || !colon)
            continue;
        colon += 1 + strspn(colon + 1, " \t");
        colon[strcspn(colon, "\n")] = '\0';
        snprintf(buf, len, "%s", colon);
        break;
    }
    fclose(f);
}

/* First line of a command's output, or META_UNKNOWN. */
static void meta_command(char *const argv[], char *buf, size_t len)
{
    if (proc_capture(argv, buf, len) != 0 || !buf[0]) {
        snprintf(buf, len, META_UNKNOWN);
        return;
    }
    buf[strcspn(buf, "\n")] = '\0';
}

void meta_git_revision(char *buf, size_t len)
{
    char *const rev[] = { "git", "rev-parse", "HEAD", NULL };
    char *const st[] = { "git", "status", "--porcelain", "--untracked-files=no", NULL };
    char dirty[64];

    meta_command(rev, buf, len);
    if (strcmp(buf, META_UNKNOWN) == 0)
        return;
    if (proc_capture(st, dirty, sizeof(dirty)) == 0 && dirty[0] && strlen(buf) + 7 < len)
        strcat(buf, "-dirty");
}

/* The compiler that built the guest images: the microkernel's, the
 * Linux port's and the Xen guest's Makefiles all name gcc (CC := gcc),
 * so gcc's own first line, not cc's, is what a version change shows in. */
static void meta_compiler(char *buf, size_t len)
{
    char *const argv[] = { "gcc", "--version", NULL };

    meta_command(argv, buf, len);
}

static json_t *meta_strings(const strlist_t *l)
{
    json_t *a = json_array();

    for (size_t i = 0; i < l->n; i++)
        json_array_append_new(a, json_string(l->v[i]));
    return a;
}

static void meta_host(json_t *meta, const char *qemu)
{
    char *const ver[] = { (char *)qemu, "--version", NULL };
    char *const pkg[] = { "dpkg-query", "-W", "-f=${Version}", "qemu-system-x86", NULL };
    char buf[512];
    struct utsname u;

    meta_host_cpu(buf, sizeof(buf));
    json_object_set_new(meta, "host_cpu", json_string(buf));
    if (uname(&u) == 0)
        snprintf(buf, sizeof(buf), "%s %s %s %s", u.sysname, u.release, u.version, u.machine);
    else
        snprintf(buf, sizeof(buf), META_UNKNOWN);
    json_object_set_new(meta, "host_kernel", json_string(buf));
    meta_command(ver, buf, sizeof(buf));
    json_object_set_new(meta, "qemu_version", json_string(buf));
    meta_command(pkg, buf, sizeof(buf));
    json_object_set_new(meta, "qemu_package", json_string(buf));
    meta_git_revision(buf, sizeof(buf));
    json_object_set_new(meta, "git_revision", json_string(buf));
    meta_compiler(buf, sizeof(buf));
    json_object_set_new(meta, "compiler", json_string(buf));
}

json_t *meta_new(const cli_opts_t *o, const mode_result_t *m, time_t start, int argc, char **argv)
{
    json_t *meta = json_object(), *a, *calib;
    strlist_t cmd = { 0 };
    char date[32], *joined;

    meta_utc_iso8601(start, date, sizeof(date));
    json_object_set_new(meta, "status", json_string("running"));
    json_object_set_new(meta, "date", json_string(date));
    meta_host(meta, o->qemu);
    json_object_set_new(meta, "mode", json_string(mode_name(m->mode)));
    json_object_set_new(meta, "mode_requested", json_string(mode_name(o->mode)));
    json_object_set_new(meta, "unit", json_string(m->unit));
    json_object_set_new(meta, "kvm_detection", json_string(m->reason));
    calib = json_object();
    json_object_set_new(calib, "iters", json_integer(m->calib_iters));
    json_object_set_new(calib, "tsc", json_integer(m->calib_tsc));
    json_object_set_new(calib, "qemu_argv", meta_strings(&m->calib_argv));
    json_object_set_new(meta, "kvm_calibration", calib);
    for (int i = 0; i < argc; i++)
        strlist_push(&cmd, argv[i]);
    json_object_set_new(meta, "command_line", meta_strings(&cmd));
    joined = strlist_join(&cmd, " ");
    json_object_set_new(meta, "command", json_string(joined));
    free(joined);
    strlist_free(&cmd);
    /* Per workload: each has its own counts (wltable.c). */
    json_t *iters = json_object(), *warm = json_object();
    for (size_t i = 0; i < o->n_workloads; i++) {
        json_object_set_new(iters, o->workloads[i]->name, json_integer(o->iterations[i]));
        json_object_set_new(warm, o->workloads[i]->name, json_integer(o->warmup[i]));
    }
    json_object_set_new(meta, "iterations", iters);
    json_object_set_new(meta, "warmup", warm);
    json_object_set_new(meta, "runs", json_integer(o->runs));
    json_object_set_new(meta, "keep_going", json_boolean(o->keep_going));
    /* What each system turned on: system_boot.<name>.mitigations (mitig.h). */
    json_object_set_new(meta, "mitigations", json_string(mitig_name(o->mitigations)));
    /* null: derived per system from the work (system_boot.*.timeout_s). */
    json_object_set_new(meta, "timeout_s",
                        o->timeout_s > 0 ? json_integer(o->timeout_s) : json_null());
    a = json_array();
    for (size_t i = 0; i < o->n_systems; i++)
        json_array_append_new(a, json_string(o->systems[i]->name));
    json_object_set_new(meta, "systems", a);
    a = json_array();
    for (size_t i = 0; i < o->n_workloads; i++)
        json_array_append_new(a, json_string(o->workloads[i]->name));
    json_object_set_new(meta, "workloads", a);
    json_object_set_new(meta, "system_boot", json_object());
    json_object_set_new(meta, "boots", json_array());
    return meta;
}

/* A build may describe an image's size (bytes of code and data, lines of
 * source) in a file beside it: "X.bin" -> "X.size.json".  The size of the
 * kernel is one of the things the suite reports. */
static json_t *meta_image_size(const char *image)
{
    char path[4096];
    size_t n = strlen(image);
    if (n < 4 || strcmp(image + n - 4, ".bin") || n + 16 > sizeof(path))
        return NULL;
    snprintf(path, sizeof(path), "%.*s.size.json", (int)(n - 4), image);
    return json_load_file(path, 0, NULL);
}

void meta_add_system(json_t *meta, const char *name, const char *image, const char *cmdline,
                     const strlist_t *qemu_argv, const char *versions, long timeout_s,
                     long guest_timeout_s)
{
    json_t *s = json_object();

    json_object_set_new(s, "image", json_string(image));
    json_object_set_new(s, "cmdline", json_string(cmdline));
    json_object_set_new(s, "qemu_argv", meta_strings(qemu_argv));
    json_object_set_new(s, "timeout_s", json_integer(timeout_s));
    if (guest_timeout_s > 0)
        json_object_set_new(s, "guest_timeout_s", json_integer(guest_timeout_s));
    json_t *size = meta_image_size(image);
    if (size)
        json_object_set_new(s, "size", size);
    /* A system built from packages (Xen, dom0's Linux) names their
     * versions in a file its build writes (xenside/versions.json). */
    if (versions) {
        json_t *v = json_load_file(versions, 0, NULL);
        json_object_set_new(s, "versions", v ? v : json_string(META_UNKNOWN));
    }
    json_object_set_new(json_object_get(meta, "system_boot"), name, s);
}

void meta_set_system(json_t *meta, const char *name, const char *key, json_t *value)
{
    json_t *s = json_object_get(json_object_get(meta, "system_boot"), name);

    if (s)
        json_object_set_new(s, key, value);
    else
        json_decref(value);
}

void meta_add_boot(json_t *meta, const char *system, int run, const char *kind,
                   const char *console_log,
                   const char *qemu_output, const char *outcome, double seconds, size_t records,
                   int exit_status, json_t *guest)
{
    json_t *b = json_object();

    json_object_set_new(b, "system", json_string(system));
    json_object_set_new(b, "run", json_integer(run));
    json_object_set_new(b, "kind", json_string(kind));
    json_object_set_new(b, "console_log", json_string(console_log));
    json_object_set_new(b, "qemu_output", json_string(qemu_output));
    json_object_set_new(b, "outcome", json_string(outcome));
    json_object_set_new(b, "seconds", json_real(round(seconds * 1000.0) / 1000.0));
    json_object_set_new(b, "records", json_integer((json_int_t)records));
    json_object_set_new(b, "qemu_exit_status",
                        exit_status < 0 ? json_null() : json_integer(exit_status));
    /* What the guest said about itself (@@META lines), e.g. Xen's TSC mode. */
    json_object_set_new(b, "guest", guest ? json_incref(guest) : json_object());
    json_array_append_new(json_object_get(meta, "boots"), b);
}

void meta_set_last_boot(json_t *meta, const char *key, json_t *value)
{
    json_t *boots = json_object_get(meta, "boots");
    size_t n = json_array_size(boots);

    if (n)
        json_object_set_new(json_array_get(boots, n - 1), key, value);
    else
        json_decref(value);
}

void meta_set_status(json_t *meta, const char *status, const char *reason, const char *run_id)
{
    json_object_set_new(meta, "status", json_string(status));
    json_object_set_new(meta, "failure", reason ? json_string(reason) : json_null());
    json_object_set_new(meta, "run_id", json_string(run_id));
    if (!json_object_get(meta, "failed_systems"))
        json_object_set_new(meta, "failed_systems", json_array());
}

void meta_add_failed_system(json_t *meta, const char *system, const char *boot,
                            const char *reason)
{
    json_t *f = json_object(), *list = json_object_get(meta, "failed_systems");

    if (!list) {
        list = json_array();
        json_object_set_new(meta, "failed_systems", list);
    }
    json_object_set_new(f, "system", json_string(system));
    json_object_set_new(f, "boot", json_string(boot));
    json_object_set_new(f, "reason", json_string(reason));
    json_array_append_new(list, f);
}

int meta_write(json_t *meta, const char *path, char *err, size_t len)
{
    char *text = json_dumps(meta, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    FILE *f;
    int ok, e;

    if (!text)
        return errmsg_set(err, len, "cannot write %s: out of memory", path);
    f = fopen(path, "w");
    if (!f) {
        e = errno;
        free(text);
        return errmsg_set(err, len, "cannot write %s: %s", path, strerror(e));
    }
    ok = fputs(text, f) != EOF && fputc('\n', f) != EOF;
    e = errno;
    if (fclose(f) != 0 && ok) {
        ok = 0;
        e = errno;
    }
    free(text);
    if (!ok)
        return errmsg_set(err, len, "cannot write %s: %s", path, strerror(e));
    return 0;
}
