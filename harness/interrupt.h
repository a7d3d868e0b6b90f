/* SPDX-License-Identifier: MIT */
/*
 * SIGINT, SIGTERM and SIGHUP to bench-run must stop the QEMU it started
 * and leave the partial run under its temporary name.  The handler only
 * records the signal; the boot loop notices it, kills QEMU and unwinds.
 */
#ifndef BENCH_INTERRUPT_H
#define BENCH_INTERRUPT_H

void interrupt_install(void);
/* The signal caught so far, 0 if none. */
int interrupt_pending(void);

#endif
