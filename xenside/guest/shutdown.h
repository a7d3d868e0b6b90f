/* SPDX-License-Identifier: MIT */
/*
 * Ending the guest: print the exit status, drain the console, shut the
 * domain down (poweroff for status 0, crash otherwise).
 */
#ifndef XENGUEST_SHUTDOWN_H
#define XENGUEST_SHUTDOWN_H

#include <stdnoreturn.h>

#define GUEST_PANIC_STATUS 0x7f

noreturn void guest_exit(int status);
/* Print "@@PANIC <message>" (the harness's failure marker) and exit with
 * GUEST_PANIC_STATUS. */
noreturn void guest_panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
