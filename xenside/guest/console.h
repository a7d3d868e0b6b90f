/* SPDX-License-Identifier: MIT */
/*
 * Console output: the HYPERVISOR_console_io hypercall for dom0, the PV
 * console ring for a domU (a release Xen refuses a domU's console_io with
 * -EPERM).
 */
#ifndef XENGUEST_CONSOLE_H
#define XENGUEST_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>

/* Pick the backend; for a domU map the ring page from start_info. */
void console_init(void);
void console_write(const char *s, size_t len);
/* Keep what is written from now on in memory (up to 4 MiB, then it goes
 * out) until console_release() or console_flush(), so that dom0's console
 * relay does not run while a benchmark measures. */
void console_hold(void);
void console_release(void);
int cprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Wait (blocking, bounded) until the console daemon has consumed all
 * output; false if it did not within the bound.  Call before shutdown:
 * xenconsoled stops reading a domain that is gone. */
bool console_flush(void);

#endif
