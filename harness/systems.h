/* SPDX-License-Identifier: MIT */
/*
 * The systems under test, as the harness sees them: a name, an image in
 * the build tree, and a boot recipe.  Adding Xen or Linux means adding a
 * row here and, if it boots differently, a recipe in qemu.c; nothing else
 * in the harness names a system.
 */
#ifndef BENCH_SYSTEMS_H
#define BENCH_SYSTEMS_H

#include <stddef.h>

typedef enum {
    /* -kernel <image> -append <cmdline>: QEMU's multiboot v1 loader. */
    SYSTEM_BOOT_MULTIBOOT,
} system_boot_t;

typedef struct {
    const char *name;  /* --systems name and results column */
    const char *image; /* relative to the build root */
    system_boot_t boot;
    const char *record_system; /* "system" its records must carry */
    const char *about;         /* one line for --help */
} system_t;

size_t systems_count(void);
const system_t *systems_at(size_t i);
const system_t *systems_find(const char *name);
/* "uk, uk-nofp": for error messages and --help; caller frees. */
char *systems_names(void);

#endif
