/* SPDX-License-Identifier: MIT */
/*
 * A growable list of owned strings.  It carries QEMU argument vectors
 * (kept NULL-terminated so it can go straight to execvp) and the
 * comma-separated lists of the command line.
 */
#ifndef BENCH_STRLIST_H
#define BENCH_STRLIST_H

#include <stddef.h>

typedef struct {
    char **v; /* n strings then NULL; NULL while empty */
    size_t n;
    size_t cap;
} strlist_t;

void strlist_push(strlist_t *l, const char *s);
void strlist_pushf(strlist_t *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strlist_append(strlist_t *l, const strlist_t *from);
int strlist_contains(const strlist_t *l, const char *s);
/* Split on sep and push each item; -1 on an empty item. */
int strlist_split(strlist_t *l, const char *s, char sep);
/* Argument-vector form for execvp; never NULL. */
char *const *strlist_argv(strlist_t *l);
/* Joined with sep; caller frees. */
char *strlist_join(const strlist_t *l, const char *sep);
void strlist_free(strlist_t *l);

#endif
