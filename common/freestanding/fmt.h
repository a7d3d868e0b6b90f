/* SPDX-License-Identifier: MIT */
/*
 * A small vsnprintf: %s %c %d %u %x %p and %%, with the l and ll length
 * modifiers and a zero-padded width (%08lx).  Shared by the microkernel's
 * console, its user tasks and the Xen PV guest.
 */
#ifndef COMMON_FREESTANDING_FMT_H
#define COMMON_FREESTANDING_FMT_H

#include <stdarg.h>
#include <stddef.h>

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
