/* SPDX-License-Identifier: MIT */
/*
 * One benchmark boot of one system: build its command lines, boot it,
 * judge the console, pool its records into the results and note it in
 * meta.json.  main.c loops over runs and systems; this is the loop body.
 */
#ifndef BENCH_RUN_H
#define BENCH_RUN_H

#include "cli.h"
#include "mode.h"
#include "profile.h"
#include "results.h"
#include "systems.h"

#include <jansson.h>
#include <stddef.h>

typedef struct {
    const cli_opts_t *opts;
    const mode_result_t *mode;
    results_t *results;
    json_t *meta;
    profile_t *profile; /* the profile pass's table (--profile) */
    int disk_noted;     /* meta.json has the disk (run.c) */
} run_ctx_t;

/*
 * RUN_FAILED: the boot failed (the system's fault); RUN_ENV: the host
 * failed it (a full disk, a write error): no system can run after it.
 */
typedef enum { RUN_OK, RUN_FAILED, RUN_ENV, RUN_INTERRUPTED } run_status_t;

/* The guest command line for a benchmark boot; caller frees. */
char *run_cmdline(const cli_opts_t *o, const system_t *sys, const char *unit);
/* The job words of a system that runs a job inside the guest (Xen's dom0:
 * its words plus bench.timeout, budget.h), or NULL; caller frees. */
char *run_guest_job(const cli_opts_t *o, const system_t *sys);
/*
 * <build>/<rel>, absolute if it exists (QEMU runs in the run directory, so
 * the paths it gets must not be relative to ours); caller frees.
 */
char *run_path(const cli_opts_t *o, const char *rel);
/*
 * Run number `run` (from 1) of sys: its timing boot and, under tcg with a
 * device workload chosen, its device boot (plan.h), each skipped when it
 * has no workload.  On failure, reason holds the
 * one-line cause and the console tail has been printed on stderr; on
 * RUN_INTERRUPTED *sig is the signal.
 */
run_status_t run_boot(run_ctx_t *c, const system_t *sys, int run, char *reason, size_t len,
                      int *sig);
/*
 * The profile pass's boot of sys (profile.h): the same boot under the
 * profiler plugin; its records are checked against the plugin's windows
 * and averaged into c->profile, not pooled into the results.
 */
run_status_t run_profile_boot(run_ctx_t *c, const system_t *sys, char *reason, size_t len,
                              int *sig);

#endif
