/* SPDX-License-Identifier: MIT */
/*
 * Allocation helpers that stop bench-run with a message instead of
 * returning NULL (see mem.h).
 */
#include "mem.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Exit status for environment failures; matches main.c's BENCH_EXIT_ENV. */
#define MEM_EXIT 3

static void mem_die(void)
{
    fputs("bench-run: out of memory\n", stderr);
    exit(MEM_EXIT);
}

void *mem_alloc(size_t size)
{
    void *p = malloc(size ? size : 1);

    if (!p)
        mem_die();
    return p;
}

void *mem_realloc(void *p, size_t size)
{
    p = realloc(p, size ? size : 1);
    if (!p)
        mem_die();
    return p;
}

void *mem_array(void *p, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        mem_die();
    return mem_realloc(p, count * size);
}

char *mem_strdup(const char *s)
{
    size_t len = strlen(s) + 1;

    return memcpy(mem_alloc(len), s, len);
}

char *mem_printf(const char *fmt, ...)
{
    va_list ap;
    char *s;
    int len;

    va_start(ap, fmt);
    len = vasprintf(&s, fmt, ap);
    va_end(ap);
    if (len < 0)
        mem_die();
    return s;
}
