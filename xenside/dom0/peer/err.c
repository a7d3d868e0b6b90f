/* SPDX-License-Identifier: MIT */
/*
 * The last error message (err.h).  The first failure wins: a cleanup step
 * that fails after it must not hide the cause.
 */
#include "err.h"

#include <stdarg.h>
#include <stdio.h>

static char err_msg[256];

int err_set(const char *fmt, ...)
{
    if (err_msg[0] != '\0')
        return -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err_msg, sizeof(err_msg), fmt, ap);
    va_end(ap);
    return -1;
}

const char *err_get(void)
{
    return err_msg[0] != '\0' ? err_msg : "unknown error";
}
