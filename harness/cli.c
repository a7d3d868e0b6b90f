/* SPDX-License-Identifier: MIT */
/*
 * Command-line parsing for bench-run (see cli.h).
 */
#include "cli.h"
#include "errmsg.h"

#include "../workloads/wl_record.h"
#include "mem.h"

#include <ctype.h>
#include <limits.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

enum {
    OPT_RESULTS = 0x100,
    OPT_BUILD,
    OPT_RUN_ID,
    OPT_QEMU,
    OPT_QEMU_ARG,
    OPT_CALIB,
    OPT_CALIB_TIMEOUT,
    OPT_PROFILE_HOT,
    OPT_PROFILE_ONLY,
    OPT_MITIGATIONS,
};

static const struct option cli_long[] = {
    { "systems", required_argument, NULL, 's' },
    { "workloads", required_argument, NULL, 'w' },
    { "mode", required_argument, NULL, 'm' },
    { "iterations", required_argument, NULL, 'n' },
    { "runs", required_argument, NULL, 'r' },
    { "quick", no_argument, NULL, 'q' },
    { "timeout", required_argument, NULL, 't' },
    { "results", required_argument, NULL, OPT_RESULTS },
    { "build", required_argument, NULL, OPT_BUILD },
    { "run-id", required_argument, NULL, OPT_RUN_ID },
    { "qemu", required_argument, NULL, OPT_QEMU },
    { "qemu-arg", required_argument, NULL, OPT_QEMU_ARG },
    { "calib", required_argument, NULL, OPT_CALIB },
    { "calib-timeout", required_argument, NULL, OPT_CALIB_TIMEOUT },
    { "keep-going", no_argument, NULL, 'k' },
    { "profile", no_argument, NULL, 'p' },
    { "profile-hot", required_argument, NULL, OPT_PROFILE_HOT },
    { "profile-only", no_argument, NULL, OPT_PROFILE_ONLY },
    { "mitigations", required_argument, NULL, OPT_MITIGATIONS },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 },
};

/* Digits only: no sign, no blanks, no hex, no trailing junk. */
static int cli_number(const char *opt, const char *s, long min, long max, long *out, char *err,
                      size_t len)
{
    unsigned long long v;
    char *end;

    if (!*s)
        goto not_number;
    for (const char *p = s; *p; p++)
        if (!isdigit((unsigned char)*p))
            goto not_number;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno == ERANGE || v > (unsigned long long)max || (long)v < min) {
        errmsg_set(err, len, "%s: '%s' is out of range (%ld..%ld)", opt, s, min, max);
        return -1;
    }
    *out = (long)v;
    return 0;
not_number:
    errmsg_set(err, len, "%s: '%s' is not a positive integer", opt, s);
    return -1;
}

/* --profile-hot FIRST-LAST[:MIN]: window indices, FIRST <= LAST; MIN
 * instructions at least. */
static int cli_hot(const char *arg, cli_opts_t *o, char *err, size_t len)
{
    char first[24], last[24];
    const char *dash = strchr(arg, '-'), *colon = strchr(arg, ':');
    size_t n = dash ? (size_t)(dash - arg) : 0;
    size_t m = dash ? (colon ? (size_t)(colon - dash - 1) : strlen(dash + 1)) : 0;

    if (!dash || n == 0 || n >= sizeof(first) || m >= sizeof(last) || (colon && colon < dash)) {
        errmsg_set(err, len, "--profile-hot: '%s' is not FIRST-LAST[:MIN] (window indices, "
                             "instructions)", arg);
        return -1;
    }
    memcpy(first, arg, n);
    first[n] = '\0';
    memcpy(last, dash + 1, m);
    last[m] = '\0';
    o->hot_min = 0;
    if (cli_number("--profile-hot", first, 0, LONG_MAX, &o->hot_first, err, len) < 0 ||
        cli_number("--profile-hot", last, 0, LONG_MAX, &o->hot_last, err, len) < 0 ||
        (colon && cli_number("--profile-hot", colon + 1, 0, LONG_MAX, &o->hot_min, err, len) < 0))
        return -1;
    if (o->hot_last < o->hot_first) {
        errmsg_set(err, len, "--profile-hot: '%s' ends before it starts", arg);
        return -1;
    }
    o->profile = 1;
    o->hot = 1;
    return 0;
}

/* A table the command line names entries of (systems, workloads). */
struct cli_table {
    const char *option, *kind;
    const void *(*find)(const char *name);
    char *(*names)(void);
    size_t max;
};

/* Parse a comma-separated list of names of t into out[0..*n). */
static int cli_names(const struct cli_table *t, const char *arg, const void **out, size_t *n,
                     char *err, size_t len)
{
    strlist_t l = { 0 };
    int rc = -1;

    if (strlist_split(&l, arg, ',') < 0) {
        errmsg_set(err, len, "%s: empty name in '%s'", t->option, arg);
        goto out;
    }
    *n = 0;
    for (size_t i = 0; i < l.n; i++) {
        const void *e = t->find(l.v[i]);
        if (!e) {
            char *known = t->names();
            errmsg_set(err, len, "%s: unknown %s '%s' (known: %s)", t->option, t->kind, l.v[i],
                       known);
            free(known);
            goto out;
        }
        for (size_t j = 0; j < *n; j++)
            if (out[j] == e) {
                errmsg_set(err, len, "%s: '%s' listed twice", t->option, l.v[i]);
                goto out;
            }
        if (*n == t->max) {
            errmsg_set(err, len, "%s: too many %ss", t->option, t->kind);
            goto out;
        }
        out[(*n)++] = e;
    }
    rc = 0;
out:
    strlist_free(&l);
    return rc;
}

static const void *cli_find_system(const char *name)
{
    return systems_find(name);
}

static const void *cli_find_workload(const char *name)
{
    return wltable_find(name);
}

static int cli_systems(cli_opts_t *o, const char *arg, char *err, size_t len)
{
    static const struct cli_table t = { "--systems", "system", cli_find_system, systems_names,
                                        CLI_MAX_SYSTEMS };
    const void *found[CLI_MAX_SYSTEMS];
    size_t n;
    if (cli_names(&t, arg, found, &n, err, len))
        return -1;
    for (o->n_systems = 0; o->n_systems < n; o->n_systems++)
        o->systems[o->n_systems] = found[o->n_systems];
    return 0;
}

static int cli_workloads(cli_opts_t *o, const char *arg, char *err, size_t len)
{
    static const struct cli_table t = { "--workloads", "workload", cli_find_workload, wltable_names,
                                        CLI_MAX_WORKLOADS };
    const void *found[CLI_MAX_WORKLOADS];
    size_t n;
    if (cli_names(&t, arg, found, &n, err, len))
        return -1;
    for (o->n_workloads = 0; o->n_workloads < n; o->n_workloads++)
        o->workloads[o->n_workloads] = found[o->n_workloads];
    return 0;
}

/* A run id becomes a directory name next to others and "latest". */
static int cli_run_id(const char *s, char *err, size_t len)
{
    size_t n = strlen(s);

    if (n == 0 || n > CLI_RUN_ID_MAX || !isalnum((unsigned char)s[0]) || strcmp(s, "latest") == 0)
        goto bad;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && !strchr("._-", s[i]))
            goto bad;
    return 0;
bad:
    errmsg_set(err, len,
               "--run-id: '%s' is not a valid run id (1..%d of "
               "A-Z a-z 0-9 . _ -, starting with a letter or digit, "
               "not 'latest')",
               s, CLI_RUN_ID_MAX);
    return -1;
}

static void cli_defaults(cli_opts_t *o)
{
    const char *env;

    memset(o, 0, sizeof(*o));
    for (size_t i = 0; i < systems_count() && o->n_systems < CLI_MAX_SYSTEMS; i++)
        if (!systems_at(i)->optional)
            o->systems[o->n_systems++] = systems_at(i);
    for (size_t i = 0; i < wltable_count() && o->n_workloads < CLI_MAX_WORKLOADS; i++)
        o->workloads[o->n_workloads++] = wltable_at(i);
    o->mode = MODE_AUTO;
    o->runs = 1;
    o->results_dir = "results";
    o->build_dir = "build";
    o->timeout_s = 0;
    o->calib_timeout_s = CLI_DEFAULT_CALIB_TIMEOUT;
    env = getenv("BENCH_QEMU");
    o->qemu = env && *env ? env : "qemu-system-x86_64";
    env = getenv("BENCH_QEMU_EXTRA");
    if (env) {
        char *copy = mem_strdup(env), *save = NULL;
        for (char *w = strtok_r(copy, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save))
            strlist_push(&o->qemu_extra, w);
        free(copy);
    }
}

static int cli_option(cli_opts_t *o, int c, const char *arg, char *err, size_t len)
{
    switch (c) {
    case 's':
        return cli_systems(o, arg, err, len);
    case 'w':
        return cli_workloads(o, arg, err, len);
    case 'm':
        if (mode_parse(arg, &o->mode) < 0) {
            errmsg_set(err, len,
                       "--mode: '%s' is not auto, kvm or "
                       "tcg",
                       arg);
            return -1;
        }
        return 0;
    case OPT_MITIGATIONS:
        if (mitig_parse(arg, &o->mitigations) < 0) {
            errmsg_set(err, len, "--mitigations: '%s' is not off or default", arg);
            return -1;
        }
        return 0;
    case 'n':
        return cli_number("--iterations", arg, 1, WL_RECORD_MAX_SAMPLES, &o->iterations_all, err,
                          len);
    case 'r':
        return cli_number("--runs", arg, 1, CLI_MAX_RUNS, &o->runs, err, len);
    case 'q':
        o->quick = 1;
        return 0;
    case 'k':
        o->keep_going = 1;
        return 0;
    case 'p':
        o->profile = 1;
        return 0;
    case OPT_PROFILE_HOT:
        return cli_hot(arg, o, err, len);
    case OPT_PROFILE_ONLY:
        o->profile = o->profile_only = 1;
        return 0;
    case 't':
        return cli_number("--timeout", arg, 1, CLI_MAX_TIMEOUT, &o->timeout_s, err, len);
    case OPT_CALIB_TIMEOUT:
        return cli_number("--calib-timeout", arg, 1, CLI_MAX_TIMEOUT, &o->calib_timeout_s, err,
                          len);
    case OPT_RESULTS:
    case OPT_BUILD:
    case OPT_QEMU:
    case OPT_CALIB:
        if (!*arg) {
            errmsg_set(err, len, "empty path argument");
            return -1;
        }
        if (c == OPT_RESULTS)
            o->results_dir = arg;
        else if (c == OPT_BUILD)
            o->build_dir = arg;
        else if (c == OPT_QEMU)
            o->qemu = arg;
        else
            o->calib = arg;
        return 0;
    case OPT_RUN_ID:
        o->run_id = arg;
        return cli_run_id(arg, err, len);
    case OPT_QEMU_ARG:
        strlist_push(&o->qemu_extra, arg);
        return 0;
    }
    return -1;
}

cli_status_t cli_parse(int argc, char **argv, cli_opts_t *o, char *err, size_t errlen)
{
    int c;

    cli_defaults(o);
    optind = 0; /* glibc: full reset, so tests can parse repeatedly */
    opterr = 0; /* we word the errors ourselves */
    while ((c = getopt_long(argc, argv, ":s:w:m:n:r:qt:kph", cli_long, NULL)) != -1) {
        if (c == 'h')
            return CLI_HELP;
        if (c == '?') {
            errmsg_set(err, errlen, "unknown option '%s'", argv[optind - 1]);
            return CLI_ERROR;
        }
        if (c == ':') {
            errmsg_set(err, errlen, "option '%s' needs a value", argv[optind - 1]);
            return CLI_ERROR;
        }
        if (cli_option(o, c, optarg, err, errlen) < 0)
            return CLI_ERROR;
    }
    if (optind < argc) {
        errmsg_set(err, errlen, "unexpected argument '%s'", argv[optind]);
        return CLI_ERROR;
    }
    if (o->profile_only && o->mode == MODE_KVM) {
        errmsg_set(err, errlen, "--profile-only: the profiler is a QEMU TCG plugin, it sees "
                                "nothing under KVM (use --mode tcg, or leave the mode out)");
        return CLI_ERROR;
    }
    if (o->profile_only && o->runs > 1) {
        errmsg_set(err, errlen, "--profile-only boots each system once (no --runs above 1)");
        return CLI_ERROR;
    }
    if (o->profile_only)
        o->mode = MODE_TCG;
    for (size_t i = 0; i < o->n_workloads; i++) {
        const wltable_entry_t *w = o->workloads[i];
        long n = o->iterations_all    ? o->iterations_all
                 : o->quick           ? w->quick_iterations
                                      : w->iterations;
        if (n % w->iter_multiple) {
            /* A multiple either side of n (only the one above if none is below). */
            long hi = n - n % w->iter_multiple + w->iter_multiple, lo = hi - w->iter_multiple;
            char use[48];
            snprintf(use, sizeof(use), lo ? "%ld or %ld" : "%ld", lo ? lo : hi, hi);
            errmsg_set(err, errlen,
                       "--iterations %ld: %s needs a multiple of %ld (use %s, or leave %s out "
                       "with --workloads)",
                       n, w->name, w->iter_multiple, use, w->name);
            return CLI_ERROR;
        }
        o->iterations[i] = n;
        o->warmup[i] = n / 10 < 10 ? 10 : n / 10;
    }
    return CLI_OK;
}

void cli_usage(FILE *f)
{
    fprintf(f,
            "usage: bench-run [options]\n"
            "\n"
            "Boots each system under QEMU, runs the workloads inside it, validates the\n"
            "@@BENCH records it prints on the serial console and writes\n"
            "<results>/<run-id>/{samples.csv,summary.csv,meta.json,console-*.log}.\n"
            "\n"
            "  -s, --systems LIST     comma-separated systems (default: all below but\n"
            "                         the optional ones)\n"
            "  -w, --workloads LIST   comma-separated workloads (default: all below)\n"
            "  -m, --mode MODE        auto, kvm or tcg (default auto: kvm only if a\n"
            "                         calibration boot shows hardware-assisted KVM)\n"
            "  -n, --iterations N     measured iterations per case of every workload,\n"
            "                         1..%d (default: each workload's own, below);\n"
            "                         the guest also runs max(N/10, 10) untimed\n"
            "                         warm-up iterations\n"
            "  -r, --runs R           boots per system, 1..%d; samples are pooled\n"
            "                         in summary.csv (default 1)\n"
            "  -q, --quick            each workload's quick count unless --iterations\n"
            "                         is given\n"
            "  -t, --timeout S        wall-clock limit per boot in seconds (default:\n"
            "                         derived per system from the work asked for, see\n"
            "                         meta.json timeout_s)\n"
            "  -k, --keep-going       a failed system does not end the run: the others\n"
            "                         still run, the run is written and marked partial\n"
            "                         (exit status 4)\n"
            "  -p, --profile          after the timing boots, one more boot per system\n"
            "                         under the profiler (profiler/, a QEMU TCG plugin:\n"
            "                         tcg mode only) writing profile.csv: instructions\n"
            "                         per protection domain, crossings and events per\n"
            "                         operation, each window checked against its sample\n"
            "      --profile-only     the profile pass alone, in tcg mode: one boot per\n"
            "                         system under the profiler, whose samples are the\n"
            "                         run's (the plugin changes no guest instruction\n"
            "                         count; every window is checked against its sample)\n"
            "      --profile-hot FIRST-LAST[:MIN]\n"
            "                         --profile, and each profile boot also writes\n"
            "                         hot-<system>.csv: instructions per code block in\n"
            "                         windows FIRST..LAST (0-based, in boot order) that\n"
            "                         ran at least MIN instructions (default 0);\n"
            "                         profiler/hotspots.sh names their functions\n"
            "      --mitigations M    speculative-execution mitigations: off (default:\n"
            "                         Linux and dom0 mitigations=off, Xen spec-ctrl=no)\n"
            "                         or default (each system's shipped defaults);\n"
            "                         what each system turned on is in meta.json\n"
            "      --results DIR      results directory (default results)\n"
            "      --build DIR        build root holding the system images (default\n"
            "                         build)\n"
            "      --run-id ID        run directory name (default\n"
            "                         YYYYmmdd-HHMMSS-<mode>, UTC, suffixed -2, -3, ...\n"
            "                         if taken); an existing run is never overwritten\n"
            "      --qemu PATH        QEMU binary (default $BENCH_QEMU, else\n"
            "                         qemu-system-x86_64)\n"
            "      --qemu-arg ARG     extra QEMU argument, repeatable; appended after\n"
            "                         the words of $BENCH_QEMU_EXTRA\n"
            "      --calib PATH       calibration image (default calib.bin next to\n"
            "                         bench-run)\n"
            "      --calib-timeout S  limit for the KVM calibration boot (default %d)\n"
            "  -h, --help             this text\n"
            "\n",
            WL_RECORD_MAX_SAMPLES, CLI_MAX_RUNS, CLI_DEFAULT_CALIB_TIMEOUT);
    fputs("Systems (image under the build root):\n", f);
    for (size_t i = 0; i < systems_count(); i++)
        fprintf(f, "  %-10s %s (%s)%s\n", systems_at(i)->name, systems_at(i)->about,
                systems_at(i)->image, systems_at(i)->optional ? ", optional" : "");
    fputs("Workloads (default iterations, with --quick):\n", f);
    for (size_t i = 0; i < wltable_count(); i++)
        fprintf(f, "  %-10s %s (%ld, %ld)%s\n", wltable_at(i)->name, wltable_at(i)->about,
                wltable_at(i)->iterations, wltable_at(i)->quick_iterations,
                wltable_at(i)->exact ? "" : ", a device workload");
    fputs("\n"
          "Units: kvm mode reports TSC cycles (\"cycles\"); tcg mode runs QEMU with\n"
          "-icount shift=0, where the TSC counts guest instructions (\"insns\").\n"
          "Under tcg a device workload runs in a boot of its own per run under the\n"
          "profiler, whose per-window instruction counts are its samples (the\n"
          "virtual clock jumps over the wait for the device): summary.csv\n"
          "counted_by says which rows.  Every boot gets the virtio disk.\n"
          "\n"
          "Exit status: 0 success; 1 a boot failed (guest panic, timeout, no or\n"
          "malformed records, QEMU failure); 2 bad arguments; 3 environment problem\n"
          "(QEMU not found, missing image, unusable forced kvm, results directory\n"
          "or disk); 4 with --keep-going, some systems failed: the run of the\n"
          "others is complete, marked \"partial\" in meta.json, and latest points at\n"
          "it; 128+signal (130, 143) when interrupted.  A failed or interrupted run\n"
          "stays in <results>/.tmp-<run-id> and latest is not changed.\n",
          f);
}

void cli_free(cli_opts_t *o)
{
    strlist_free(&o->qemu_extra);
}
