/* SPDX-License-Identifier: MIT */
/*
 * The one place that knows QEMU's command line.  Every boot of a run,
 * whatever the system, gets the same machine, memory, clock and CPU flags;
 * only the boot recipe (how the image and its command line are handed
 * over) differs per system.
 */
#ifndef BENCH_QEMU_H
#define BENCH_QEMU_H

#include "mode.h"
#include "strlist.h"
#include "systems.h"

typedef struct {
    const char *qemu;       /* binary */
    mode_kind_t mode;       /* MODE_KVM or MODE_TCG */
    const strlist_t *extra; /* appended last; may be NULL */
} qemu_cfg_t;

/*
 * Fill out (cleared first) with the full argv.  serial_log is the console
 * file name as QEMU will see it (QEMU runs in the run directory).
 */
void qemu_argv(strlist_t *out, const qemu_cfg_t *cfg, system_boot_t boot, const char *image,
               const char *cmdline, const char *serial_log);

#endif
