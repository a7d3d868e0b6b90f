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
 * The JSON object of a @@BENCH line has exactly these members:
 *
 *   "v"        integer   schema version, WL_RECORD_VERSION
 *   "system"   string    system under test, e.g. "uk", "uk-nofp", "xen"
 *   "workload" string    e.g. "pingpong"
 *   "variant"  string    which path was measured, e.g. "inter-as"
 *   "param"    integer   the swept parameter (payload bytes, batch ...), >= 0
 *   "unit"     string    "cycles" (real TSC) or "insns" (TSC under QEMU
 *                        -icount shift=0, which counts guest instructions)
 *   "n"        integer   number of samples, 1..WL_RECORD_MAX_SAMPLES
 *   "warmup"   integer   untimed iterations run before the first sample
 *   "overhead" integer   cost of one back-to-back timestamp pair, already
 *                        subtracted from every sample
 *   "samples"  array     n integers, one per measured iteration, in the
 *                        unit above, overhead subtracted (may be negative
 *                        only through timer noise in "cycles" mode)
 *
 * Names (system, workload, variant) match WL_RECORD_NAME_CHARS and are at
 * most WL_RECORD_NAME_MAX bytes long.  Members appear in the order above;
 * the parser does not rely on the order.
 */
#ifndef WL_RECORD_H
#define WL_RECORD_H

#define WL_RECORD_VERSION 1
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
