/* SPDX-License-Identifier: MIT */
#ifndef XENGUEST_TRAPS_H
#define XENGUEST_TRAPS_H

/* Register the trap table and the failsafe callback: after this a fault
 * prints a report instead of crashing the domain without a word. */
void traps_init(void);

#endif
