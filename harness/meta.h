/* SPDX-License-Identifier: MIT */
/*
 * meta.json: everything needed to interpret or repeat a run - when and
 * where it ran, which mode and unit and why, which QEMU, which source
 * revision, the exact command lines, and how each boot ended.
 */
#ifndef BENCH_META_H
#define BENCH_META_H

#include "cli.h"
#include "mode.h"
#include "strlist.h"

#include <jansson.h>
#include <time.h>

/* Static facts about the run; boots and outcome are added as they happen. */
json_t *meta_new(const cli_opts_t *o, const mode_result_t *m, time_t start, int argc, char **argv);
/* versions: a JSON file of package versions to copy in, or NULL;
 * timeout_s the boot's wall-clock limit, guest_timeout_s the guest-side
 * one (0: none). */
void meta_add_system(json_t *meta, const char *name, const char *image, const char *cmdline,
                     const strlist_t *qemu_argv, const char *versions, long timeout_s,
                     long guest_timeout_s);
/* Set member key of system_boot.<name> (added by meta_add_system) to
 * value, whose reference it takes. */
void meta_set_system(json_t *meta, const char *name, const char *key, json_t *value);
/* kind: "timing", "device" or "profile" (plan.h). */
void meta_add_boot(json_t *meta, const char *system, int run, const char *kind,
                   const char *console_log,
                   const char *qemu_output, const char *outcome, double seconds, size_t records,
                   int exit_status, json_t *guest);
/* Set member key of the last boot added to value (its reference taken). */
void meta_set_last_boot(json_t *meta, const char *key, json_t *value);
/* status "complete", "partial" (--keep-going, failed_systems says which),
 * "failed" or "interrupted"; reason may be NULL. */
void meta_set_status(json_t *meta, const char *status, const char *reason, const char *run_id);
/* One entry of "failed_systems": the system, its boot ("2/3"), why. */
void meta_add_failed_system(json_t *meta, const char *system, const char *boot,
                            const char *reason);
/* -1 with err naming the file and the cause if it cannot be written. */
int meta_write(json_t *meta, const char *path, char *err, size_t len);

/* Pieces, exposed for tests. */
void meta_host_cpu(char *buf, size_t len);
void meta_git_revision(char *buf, size_t len);
void meta_utc_iso8601(time_t t, char *buf, size_t len);

#endif
