/* SPDX-License-Identifier: MIT */
/*
 * Memory probes that survive a fault (probe.S, traps.c): whether a byte
 * can be read or written at addr right now.
 */
#ifndef XENGUEST_PROBE_H
#define XENGUEST_PROBE_H

#include <stdint.h>

/* 0 if the access worked, 1 if it faulted (page fault or #GP). */
int probe_read(const void *addr);
int probe_write(void *addr);

/* Fixup table: a fault at insn resumes at fixup. */
struct probe_fixup {
    uintptr_t insn;
    uintptr_t fixup;
};
extern const struct probe_fixup probe_fixups[], probe_fixups_end[];

#endif
