/* SPDX-License-Identifier: MIT */
/*
 * The systems under test, as the harness sees them: a name, an image in
 * the build tree, a boot recipe and a boot budget (budget.h).  Adding a
 * system means adding a row here and, if it boots
 * differently, a recipe in qemu.c; nothing else in the harness names a
 * system.  What a system needs built is the top-level Makefile's
 * business (parts_of_<name> there).
 */
#ifndef BENCH_SYSTEMS_H
#define BENCH_SYSTEMS_H

#include <stddef.h>

typedef enum {
    /* -kernel <image> -append <cmdline>: QEMU's multiboot v1 loader. */
    SYSTEM_BOOT_MULTIBOOT,
    /*
     * Xen: <image> is the hypervisor (multiboot v1), dom0's kernel and
     * initrd are its two modules; the benchmark command line reaches the
     * domUs through dom0's job words (xenside/dom0/README.md).
     */
    SYSTEM_BOOT_XEN,
    /*
     * Linux: <image> is the kernel, <initrd> its initramfs, and its
     * command line QEMU_LINUX_CMDLINE followed by the benchmark's words.
     */
    SYSTEM_BOOT_LINUX,
} system_boot_t;

typedef struct {
    const char *name;  /* --systems name and results column */
    const char *image; /* relative to the build root */
    system_boot_t boot;
    const char *record_system; /* "system" its records must carry */
    const char *about;         /* one line for --help */
    /* SYSTEM_BOOT_XEN only; paths relative to the build root. */
    const char *dom0_kernel;
    const char *dom0_initrd;
    /* bench.* words, before bench.timeout=<guest limit> (budget.h) and
     * bench.extra="<cmdline>" */
    const char *dom0_job;
    const char *dom0_peer; /* dom0 program serving d0 (bench.dom0peer), or NULL */
    /* SYSTEM_BOOT_LINUX only: the initramfs, relative to the build root. */
    const char *initrd;
    /* JSON file of package versions for meta.json, relative; may be NULL. */
    const char *versions;
    int optional; /* 1: only when named in --systems, not in the default list */
    /* The profiler's place and domain arguments for this system
     * (profiler/README.md, "Places", "Domains"); "" for its defaults. */
    const char *profile_args;
    /* Wall seconds to boot, set up and power off with no work asked, on a
     * slow host under tcg, generously: the fixed part of the boot's time
     * limit (budget.h). */
    long boot_budget_s;
} system_t;

size_t systems_count(void);
const system_t *systems_at(size_t i);
const system_t *systems_find(const char *name);
/* The files a boot of sys needs, relative to the build root: the image,
 * then any modules.  Returns how many (at most SYSTEMS_MAX_FILES). */
#define SYSTEMS_MAX_FILES 3
size_t systems_files(const system_t *sys, const char *files[SYSTEMS_MAX_FILES]);
/* "uk, uk-nofp": for error messages and --help; caller frees. */
char *systems_names(void);

#endif
