/* SPDX-License-Identifier: MIT */
/*
 * Time limits that scale with the work asked for, so a large
 * --iterations never needs a hand-set --timeout.  A limit is a backstop
 * against a hung guest, never a measurement: it is derived from upper
 * bounds (each workload's most expensive iteration, wltable.h; each
 * system's boot time, systems.h) and rates far below what any host
 * reaches, and it is recorded in meta.json.
 */
#ifndef BENCH_BUDGET_H
#define BENCH_BUDGET_H

#include "cli.h"
#include "systems.h"

/*
 * Guest instructions per wall-clock second that even a slow host
 * reaches under tcg with icount (ours: ~100 million; kvm: billions).
 */
#define BUDGET_MIN_HOST_RATE 20000000LL
/*
 * Guest instructions per guest second at least: under icount shift=0
 * one instruction is one virtual nanosecond (1e9 per second), and real
 * CPUs under kvm run faster still.
 */
#define BUDGET_MIN_GUEST_RATE 100000000LL
/* Guest seconds a guest-side watchdog allows beyond the work itself. */
#define BUDGET_GUEST_BASE_S 60

/* Guest instructions one boot runs at most: every workload's measured and
 * warm-up iterations times its cost bound. */
long long budget_work_insns(const cli_opts_t *o);
/* The wall-clock limit of one boot of sys: --timeout if given, else the
 * system's boot budget plus the work at BUDGET_MIN_HOST_RATE. */
long budget_boot_timeout(const cli_opts_t *o, const system_t *sys);
/* The limit, in guest seconds, for a guest that watches its own job
 * (Xen's dom0 job runner: bench.timeout): the work at
 * BUDGET_MIN_GUEST_RATE plus BUDGET_GUEST_BASE_S. */
long budget_guest_timeout(const cli_opts_t *o);

#endif
