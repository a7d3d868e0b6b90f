/* SPDX-License-Identifier: MIT */
/*
 * The C string functions freestanding code here needs (microkernel, its
 * tasks, Xen PV guest): standard names, as the compiler emits memcpy and
 * memset calls itself, found as <string.h> through the users' -I path.
 */
#ifndef COMMON_FREESTANDING_STRING_H
#define COMMON_FREESTANDING_STRING_H

#include <stddef.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
/* Copy at most size - 1 bytes and always terminate; returns strlen(src). */
size_t strlcpy(char *dst, const char *src, size_t size);

#endif
