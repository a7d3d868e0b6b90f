/* SPDX-License-Identifier: MIT */
/*
 * The one definition of how guests report results to the host.
 *
 * Every guest (microkernel task, Xen PV domain, Linux process) prints its
 * results on its console as lines of the form
 *
 *   @@BENCH <json object>\n
 *
 * and finishes a successful run with exactly one line
 *
 *   @@DONE {"records":K}\n
 *
 * where K is the number of @@BENCH lines it printed.  A kernel that gives
 * up prints "@@PANIC <free text>" first.  Facts about the system under test
 * that the numbers depend on (the TSC mode Xen gives a domain, whether the
 * IPC fastpath is compiled in, ...) go on lines
 *
 *   @@META <json object of string, number or boolean members>
 *
 * which the harness merges, in console order, into the boot's entry of
 * meta.json (member "guest").  Nothing else on the console is parsed; the host harness (harness/record.c) validates every field below
 * and rejects a malformed line by its line number.
 *
 * The JSON object of a @@BENCH line (version 2) has exactly these members:
 *
 *   "v"        integer   schema version, WL_RECORD_VERSION (2)
 *   "system"   string    system under test, e.g. "uk", "uk-nofp", "xen"
 *   "workload" string    e.g. "pingpong"
 *   "variant"  string    which path was measured, e.g. "inter-as"
 *   "params"   object    the case's parameters, at least one: each member
 *                        is one of WL_PARAM_NAMES (below) and its value an
 *                        integer >= 0 or a name (WL_RECORD_NAME_CHARS)
 *   "unit"     string    "cycles" (real TSC) or "insns" (TSC under QEMU
 *                        -icount shift=0, which counts guest instructions)
 *   "n"        integer   number of samples, 1..WL_RECORD_MAX_SAMPLES
 *   "warmup"   integer   untimed iterations run before the first sample
 *   "overhead" integer   cost of one back-to-back timestamp pair, already
 *                        subtracted from every sample
 *   "window"   integer   optional, 0: every sample was timed as a window
 *                        marked for the profiler (wl.h, wl_marker.h), one
 *                        window per sample, in order
 *   "counts"   object    optional: what the n measured operations did,
 *                        counted by the port (never estimated), as totals
 *                        over all n: members from WL_COUNT_NAMES, integers
 *                        >= 0
 *   "samples"  array     n integers, one per measured operation, in the
 *                        unit above, overhead subtracted (may be negative
 *                        only through timer noise in "cycles" mode)
 *
 * The parameters (WL_PARAM_NAMES, in the column order of summary.csv):
 *   payload    bytes carried: per message (pingpong), per page (pageflip)
 *   batch      pages per operation
 *   size       bytes per request (block I/O)
 *   pattern    access pattern, a name (block I/O: seq, rand)
 *   direction  a name (block I/O: read, write)
 *   depth      requests in flight (block I/O)
 * The counts (WL_COUNT_NAMES):
 *   bytes_copied    bytes any copy on the path moved (kernel, hypervisor or
 *                   port; both directions)
 *   pages_mapped    page-table entries created for the hand-over
 *   pages_unmapped  page-table entries removed
 *
 * Version 1 (still read by the harness) had one integer "param" instead of
 * "params" and no "counts"; the harness files its value under the
 * workload's first parameter (harness/wltable.c).
 *
 * Names (system, workload, variant) match WL_RECORD_NAME_CHARS and are at
 * most WL_RECORD_NAME_MAX bytes long.  Members appear in the order above;
 * the parser does not rely on the order.
 */
#ifndef WL_RECORD_H
#define WL_RECORD_H

#define WL_RECORD_VERSION 2
#define WL_RECORD_VERSION_OLDEST 1
#define WL_PARAM_NAMES "payload", "batch", "size", "pattern", "direction", "depth"
#define WL_PARAMS_MAX 6
#define WL_COUNT_NAMES "bytes_copied", "pages_mapped", "pages_unmapped"
#define WL_COUNTS_MAX 3
#define WL_RECORD_PREFIX "@@BENCH "
#define WL_DONE_PREFIX "@@DONE "
#define WL_PANIC_PREFIX "@@PANIC"
#define WL_META_PREFIX "@@META "
#define WL_RECORD_MAX_SAMPLES 100000
#define WL_RECORD_NAME_MAX 32
#define WL_RECORD_NAME_CHARS "abcdefghijklmnopqrstuvwxyz0123456789-_"
#define WL_UNIT_CYCLES "cycles"
#define WL_UNIT_INSNS "insns"

#endif
