/* SPDX-License-Identifier: MIT */
/*
 * Kernel console output.  Messages are formatted into a small buffer and
 * written to the serial port; a panic uses the "@@PANIC" marker that the
 * host harness recognises, then powers the machine off with a failure code.
 */
#include "printk.h"
#include "cpu.h"
#include "fmt.h"
#include "serial.h"
#include "string.h"

static void vprint(const char *fmt, va_list ap)
{
    char buf[256];
    int n = fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
    serial_write(buf, n < (int)sizeof(buf) ? (uint64_t)n : sizeof(buf) - 1);
}

void kprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprint(fmt, ap);
    va_end(ap);
}

noreturn void panic(const char *fmt, ...)
{
    va_list ap;
    serial_write("\n@@PANIC ", 9);
    va_start(ap, fmt);
    vprint(fmt, ap);
    va_end(ap);
    serial_write("\n", 1);
    cpu_power_off(PANIC_EXIT_CODE);
}
