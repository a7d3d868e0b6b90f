/* SPDX-License-Identifier: MIT */
#ifndef XENGUEST_TRAPS_H
#define XENGUEST_TRAPS_H

#include <stdint.h>

/* Register the trap table and the failsafe callback: after this a fault
 * prints a report instead of crashing the domain without a word. */
void traps_init(void);

/* Faults at probe instructions resumed so far (probe.h). */
unsigned long traps_probe_count(void);
/* Called from entry.S. */
void trap_handle(uint64_t *frame);

#endif
