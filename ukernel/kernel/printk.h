/* SPDX-License-Identifier: MIT */
#ifndef KERNEL_PRINTK_H
#define KERNEL_PRINTK_H

#include <stdnoreturn.h>

void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print "@@PANIC <message>" (the harness's failure marker) and stop QEMU. */
noreturn void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define PANIC_EXIT_CODE 0x7f

#endif
