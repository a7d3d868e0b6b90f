/* SPDX-License-Identifier: MIT */
/*
 * Which workloads a boot runs.  Under tcg a TSC sample counts exactly the
 * instructions of its window only when everything runs in the guest; a
 * device workload (wl_list.h "exact" 0: blkdev) waits while QEMU completes
 * its request on the host, and the virtual clock jumps over that idle
 * time.  So under tcg a device workload does not run in the timing boots
 * but in a boot of its own per run under the profiler plugin, whose
 * per-window instruction totals (all places, all domains) become its
 * samples (profile.h).  Under kvm every workload runs in the timing boots
 * (cycles, for every row).  The profile pass (--profile) runs them all.
 *
 *   boot     tcg                kvm
 *   timing   exact workloads    all
 *   device   device workloads   none
 *   profile  all                (no profile pass under kvm)
 */
#ifndef BENCH_PLAN_H
#define BENCH_PLAN_H

#include "cli.h"
#include "mode.h"
#include "wltable.h"

#include <stddef.h>

typedef enum { PLAN_TIMING, PLAN_DEVICE, PLAN_PROFILE } plan_boot_t;

/* "timing", "device" or "profile" (meta.json's boots[].kind). */
const char *plan_boot_name(plan_boot_t b);
/* 1 if workload w runs in a boot of kind b in mode m (MODE_TCG or
 * MODE_KVM). */
int plan_runs_in(const wltable_entry_t *w, mode_kind_t m, plan_boot_t b);
/*
 * *out = *o with only the workloads (and their counts) of boot kind b, in
 * o's order; returns how many.  A shallow copy: it shares o's strings and
 * lists, so it must never be given to cli_free.
 */
size_t plan_opts(const cli_opts_t *o, mode_kind_t m, plan_boot_t b, cli_opts_t *out);
/* How workload w's samples are counted in mode m: "tsc" (the guest's own
 * TSC deltas: instructions or cycles) or "plugin" (the profiler's window
 * totals). */
const char *plan_counted_by(const wltable_entry_t *w, mode_kind_t m);
/* The same by workload name (an unknown name counts as exact). */
const char *plan_counted_by_name(const char *workload, mode_kind_t m);

#endif
