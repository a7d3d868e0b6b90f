/* SPDX-License-Identifier: MIT */
/* User-level console output through UK_SYS_DEBUG_WRITE. */
#include "console.h"
#include "fmt.h"
#include "uk.h"

void console_printf(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    uk_debug_write(buf, n < (int)sizeof(buf) ? (uint64_t)n : sizeof(buf) - 1);
}
