/* SPDX-License-Identifier: MIT */
/*
 * Allocation that cannot fail quietly.  bench-run is a short-lived host
 * tool: when memory runs out there is nothing sensible to do but say so
 * and stop, so callers never carry NULL checks for small allocations.
 */
#ifndef BENCH_MEM_H
#define BENCH_MEM_H

#include <stddef.h>

void *mem_alloc(size_t size);
void *mem_realloc(void *p, size_t size);
void *mem_array(void *p, size_t count, size_t size);
char *mem_strdup(const char *s);
char *mem_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
