/* SPDX-License-Identifier: MIT */
/* Macros from meta.json: mode, unit, versions, settings: what "how to
 * reproduce" and every caption's unit need.  A field an older run lacks
 * becomes visible text ("not recorded ..."), never an empty macro. */
#include <string.h>

#include "gen.h"
#include "tex.h"

/* The string or number at PATH (keys separated by '.') of ROOT, or NULL. */
static const char *meta_at(json_t *root, const char *path, char *buf, size_t len)
{
    char key[128];
    json_t *v = root;
    while (v && *path) {
        size_t n = strcspn(path, ".");
        if (n >= sizeof key)
            return NULL;
        memcpy(key, path, n);
        key[n] = '\0';
        v = json_object_get(v, key);
        path += n + (path[n] == '.');
    }
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_integer(v)) {
        snprintf(buf, len, "%lld", (long long)json_integer_value(v));
        return buf;
    }
    if (json_is_boolean(v))
        return json_is_true(v) ? "yes" : "no";
    return NULL;
}

/* \NAME from PATH: a number or text, else the words in MISSING. */
static void def(FILE *fp, const run_t *run, const char *name, const char *path, const char *missing)
{
    char buf[64];
    const char *v = meta_at(run->meta, path, buf, sizeof buf);
    /* A field this run lacks (an older meta.json, a system not run):
     * short plain words, since these macros sit inside sentences. */
    if (!v || !*v)
        tex_def_text(fp, name, missing);
    else if (tex_is_num(v))
        tex_def_num(fp, name, v);
    else
        tex_def_text(fp, name, v);
}

/* A JSON array of strings joined with ", ". */
static void def_list(FILE *fp, const run_t *run, const char *name, const char *key)
{
    json_t *a = json_object_get(run->meta, key);
    fprintf(fp, "\\newcommand{\\%s}{", name);
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v) {
        if (i)
            fputs(", ", fp);
        tex_text(fp, json_is_string(v) ? json_string_value(v) : "?");
    }
    if (!json_array_size(a))
        fputs("(none recorded in meta.json)", fp);
    fputs("}\n", fp);
}

const char *gen_unit_words(const run_t *run)
{
    char buf[8];
    const char *u = meta_at(run->meta, "unit", buf, sizeof buf);
    return u && strcmp(u, "cycles") == 0 ? "TSC cycles" : "guest instructions";
}

void gen_meta(FILE *fp, const run_t *run)
{
    const char *old = "not recorded in this run's meta.json";
    def(fp, run, "RunId", "run_id", old);
    def(fp, run, "RunDate", "date", old);
    def(fp, run, "RunStatus", "status", old);
    def(fp, run, "Mode", "mode", old);
    def(fp, run, "ModeRequested", "mode_requested", old);
    def(fp, run, "Unit", "unit", old);
    tex_def_text(fp, "UnitWords", gen_unit_words(run));
    def(fp, run, "KvmDetection", "kvm_detection", old);
    def(fp, run, "HostCpu", "host_cpu", old);
    def(fp, run, "HostKernel", "host_kernel", old);
    def(fp, run, "QemuPackage", "qemu_package", old);
    def(fp, run, "QemuVersion", "qemu_version", old);
    def(fp, run, "GitRevision", "git_revision", old);
    def(fp, run, "Compiler", "compiler", old);
    def(fp, run, "Mitigations", "mitigations", old);
    def(fp, run, "Runs", "runs", old);
    def(fp, run, "Command", "command", old);
    def_list(fp, run, "Systems", "systems");
    def_list(fp, run, "Workloads", "workloads");
    const char *wl[][2] = { { "Pingpong", "pingpong" }, { "Pageflip", "pageflip" },
                            { "Blkio", "blkio" }, { "Blkdev", "blkdev" } };
    for (size_t i = 0; i < sizeof wl / sizeof wl[0]; i++) {
        char name[64], path[64];
        snprintf(name, sizeof name, "Iter%s", wl[i][0]);
        snprintf(path, sizeof path, "iterations.%s", wl[i][1]);
        def(fp, run, name, path, "(not in this run)");
        snprintf(name, sizeof name, "Warm%s", wl[i][0]);
        snprintf(path, sizeof path, "warmup.%s", wl[i][1]);
        def(fp, run, name, path, "(not in this run)");
    }
    /* Guest software versions: Xen's from the xen system, the kernel of
     * native Linux from linux (the same package as dom0's when both ran). */
    const char *nox = "(Xen not in this run)";
    def(fp, run, "XenVersion", "system_boot.xen.versions.xen.version", nox);
    def(fp, run, "XenPackage", "system_boot.xen.versions.xen.package", nox);
    def(fp, run, "XenToolsVersion", "system_boot.xen.versions.xen_tools.version", nox);
    def(fp, run, "DomZeroKernel", "system_boot.xen.versions.dom0_kernel.package", nox);
    def(fp, run, "DomZeroKernelVersion", "system_boot.xen.versions.dom0_kernel.version", nox);
    const char *nol = "(native Linux not in this run)";
    def(fp, run, "LinuxKernel", "system_boot.linux.versions.kernel.package", nol);
    def(fp, run, "LinuxKernelVersion", "system_boot.linux.versions.kernel.version", nol);
    def(fp, run, "Busybox", "system_boot.linux.versions.busybox.version", nol);
    const char *nou = "(microkernel not in this run)";
    def(fp, run, "UkTextBytes", "system_boot.uk.size.text_bytes", nou);
    def(fp, run, "UkDataBytes", "system_boot.uk.size.data_bytes", nou);
    def(fp, run, "UkSourceLines", "system_boot.uk.size.source_lines", nou);
    def(fp, run, "UkSourceFiles", "system_boot.uk.size.source_files", nou);
    /* The map cost the root task measures at boot (boots[].guest). */
    json_t *boots = json_object_get(run->meta, "boots"), *b, *one = NULL;
    size_t i;
    json_array_foreach(boots, i, b) {
        json_t *g = json_object_get(b, "guest");
        const char *sys = json_string_value(json_object_get(b, "system"));
        if (!one && sys && strcmp(sys, "uk") == 0 && json_object_get(g, "map_per_page_1"))
            one = g;
    }
    run_t fake = *run;
    fake.meta = one;
    def(fp, &fake, "UkMapOne", "map_per_page_1", nou);
    def(fp, &fake, "UkMapSixtyFour", "map_per_page_64", nou);
}
