/* SPDX-License-Identifier: MIT */
/*
 * The one place in the harness that builds QEMU's command line.  Every
 * boot of a run, whatever the system, gets the same machine, memory, clock
 * and CPU flags (common/qemu/flags.sh, shared with the shell users); only
 * the boot recipe (how the image and its command line are handed over)
 * differs per system.
 */
#ifndef BENCH_QEMU_H
#define BENCH_QEMU_H

#include "mitig.h"
#include "mode.h"
#include "strlist.h"
#include "systems.h"

typedef struct {
    const char *qemu;       /* binary */
    mode_kind_t mode;       /* MODE_KVM or MODE_TCG */
    const strlist_t *extra; /* appended last; may be NULL */
    /* MITIG_DEFAULT: the kernels' lines without the words that turn
     * their mitigations off (QEMU_MITIGATIONS_OFF, mitig.h) */
    mitig_kind_t mitigations;
    /* The virtio disk (disk.h), as QEMU names it; NULL: none (the
     * calibration boot).  disk_direct: the file takes O_DIRECT. */
    const char *disk_file;
    int disk_direct;
} qemu_cfg_t;

/* What to boot; paths as QEMU will open them (absolute in bench-run). */
typedef struct {
    system_boot_t kind;
    const char *image;   /* the multiboot kernel: the system's kernel, or Xen */
    const char *cmdline; /* the benchmark command line */
    /* SYSTEM_BOOT_XEN only. */
    const char *dom0_kernel;
    const char *dom0_initrd;
    const char *dom0_job; /* may be NULL */
    /* SYSTEM_BOOT_LINUX only. */
    const char *initrd;
} qemu_boot_t;

/*
 * Fill out (cleared first) with the full argv.  serial_log is the console
 * file name as QEMU will see it (QEMU runs in the run directory).
 */
void qemu_argv(strlist_t *out, const qemu_cfg_t *cfg, const qemu_boot_t *boot,
               const char *serial_log);

#endif
