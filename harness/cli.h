/* SPDX-License-Identifier: MIT */
/*
 * bench-run's command line: parsing and validation into one options
 * struct, and the --help text.  Every bad value is caught here with a
 * message naming the option, so the rest of the harness can trust it.
 */
#ifndef BENCH_CLI_H
#define BENCH_CLI_H

#include <stdio.h>

#include "mitig.h"
#include "mode.h"
#include "strlist.h"
#include "systems.h"
#include "wltable.h"

#define CLI_MAX_SYSTEMS 32
#define CLI_MAX_WORKLOADS 32
#define CLI_DEFAULT_CALIB_TIMEOUT 20
#define CLI_MAX_RUNS 1000
#define CLI_MAX_TIMEOUT 86400
#define CLI_RUN_ID_MAX 64

typedef struct {
    const system_t *systems[CLI_MAX_SYSTEMS];
    size_t n_systems;
    const wltable_entry_t *workloads[CLI_MAX_WORKLOADS];
    size_t n_workloads;
    /* Per workload (same index): its own default, --quick's, or the
     * --iterations given for all; warm-up = iterations / 10, at least 10. */
    long iterations[CLI_MAX_WORKLOADS];
    long warmup[CLI_MAX_WORKLOADS];
    long iterations_all; /* --iterations, 0 if not given */
    mode_kind_t mode;
    long runs;
    int quick;
    int keep_going; /* a failed system does not end the run */
    int profile;    /* --profile: one more boot per system under the profiler */
    int profile_only; /* --profile-only: no timing boots; the profile boots' samples pooled */
    int hot;        /* --profile-hot: per-block counts of windows hot_first..hot_last */
    long hot_first, hot_last, hot_min;
    mitig_kind_t mitigations; /* --mitigations: off (default) or each system's defaults */
    const char *results_dir;
    const char *build_dir;
    long timeout_s; /* --timeout; 0: derived per system (budget.h) */
    long calib_timeout_s;
    const char *run_id;   /* NULL: derive from date and mode */
    const char *qemu;     /* --qemu, else $BENCH_QEMU, else on PATH */
    const char *calib;    /* --calib, NULL: next to the bench-run binary */
    strlist_t qemu_extra; /* $BENCH_QEMU_EXTRA words, then --qemu-arg */
} cli_opts_t;

typedef enum { CLI_OK, CLI_HELP, CLI_ERROR } cli_status_t;

/* On CLI_ERROR, err holds a one-line reason. */
cli_status_t cli_parse(int argc, char **argv, cli_opts_t *o, char *err, size_t errlen);
void cli_usage(FILE *f);
void cli_free(cli_opts_t *o);

#endif
