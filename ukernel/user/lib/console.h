/* SPDX-License-Identifier: MIT */
#ifndef UK_USER_CONSOLE_H
#define UK_USER_CONSOLE_H

/* Formatted output on the kernel's debug console (see common/freestanding/fmt.h). */
void console_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
