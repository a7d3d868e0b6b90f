/* SPDX-License-Identifier: MIT */
/*
 * Speculative-execution mitigations: which setting a run asks for, and
 * what each system says it turned on.
 *
 * By default every system runs without them ("off"), so the suite
 * compares mechanisms, not mitigations: the kernel command lines of
 * common/qemu/flags.sh carry the words that turn them off
 * (QEMU_MITIGATIONS_OFF: Linux's and dom0's mitigations=off, Xen's
 * spec-ctrl=no), and "default" (--mitigations default) drops those words,
 * so each system runs with its shipped defaults (qemu.c).
 *
 * What a system turned on is read back after its first boot, for
 * meta.json: Linux (native, or as dom0) from the @@META members its
 * program or dom0's job runner printed from
 * /sys/devices/system/cpu/vulnerabilities; Xen from its own boot
 * messages on the console ("Speculative mitigation facilities:" and the
 * indented lines after it); the microkernel has none.
 */
#ifndef BENCH_MITIG_H
#define BENCH_MITIG_H

#include "systems.h"

#include <jansson.h>
#include <stdio.h>

typedef enum { MITIG_OFF, MITIG_DEFAULT } mitig_kind_t;

const char *mitig_name(mitig_kind_t m);
/* -1 if s is not off or default. */
int mitig_parse(const char *s, mitig_kind_t *out);

/*
 * Xen's report from a console log: an object of its lines after
 * "(XEN) Speculative mitigation facilities:", each "Name: value" as
 * "name": "value" with the name in lower case and every run of other
 * characters than letters and digits as one '_' ("Xen settings" ->
 * "xen_settings", "XPTI (64-bit PV only)" -> "xpti_64_bit_pv_only");
 * NULL if the log has no such report.  Caller owns the result.
 */
json_t *mitig_xen_report(FILE *console);
/*
 * What sys turned on, per layer, for meta.json: {"ukernel": "none"};
 * {"linux": {<vulnerability>: <what the kernel says>, ...}}; or
 * {"xen": {...}, "dom0": {...}}.  A layer whose report is missing is
 * "unknown".  guest: the boot's merged @@META members (may be NULL);
 * console: its log's path.
 */
json_t *mitig_of_boot(const system_t *sys, const char *console, json_t *guest);

#endif
