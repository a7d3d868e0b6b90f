/* SPDX-License-Identifier: MIT */
/*
 * Growable string lists (see strlist.h).
 */
#include "strlist.h"

#include "mem.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void strlist_take(strlist_t *l, char *s)
{
    if (l->n + 2 > l->cap) {
        l->cap = l->cap ? 2 * l->cap : 8;
        l->v = mem_array(l->v, l->cap, sizeof(*l->v));
    }
    l->v[l->n++] = s;
    l->v[l->n] = NULL;
}

void strlist_push(strlist_t *l, const char *s)
{
    strlist_take(l, mem_strdup(s));
}

void strlist_pushf(strlist_t *l, const char *fmt, ...)
{
    va_list ap;
    char *s;

    va_start(ap, fmt);
    if (vasprintf(&s, fmt, ap) < 0)
        s = mem_strdup(""); /* unreachable short of OOM */
    va_end(ap);
    strlist_take(l, s);
}

void strlist_append(strlist_t *l, const strlist_t *from)
{
    for (size_t i = 0; i < from->n; i++)
        strlist_push(l, from->v[i]);
}

int strlist_contains(const strlist_t *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i], s) == 0)
            return 1;
    return 0;
}

int strlist_split(strlist_t *l, const char *s, char sep)
{
    const char *end;

    for (;;) {
        end = strchr(s, sep);
        size_t len = end ? (size_t)(end - s) : strlen(s);
        if (len == 0)
            return -1;
        char *item = mem_alloc(len + 1);
        memcpy(item, s, len);
        item[len] = '\0';
        strlist_take(l, item);
        if (!end)
            return 0;
        s = end + 1;
    }
}

char *const *strlist_argv(strlist_t *l)
{
    static char *const empty[] = { NULL };

    return l->v ? l->v : empty;
}

char *strlist_join(const strlist_t *l, const char *sep)
{
    size_t len = 1, seplen = strlen(sep);
    char *out, *p;

    for (size_t i = 0; i < l->n; i++)
        len += strlen(l->v[i]) + seplen;
    p = out = mem_alloc(len);
    *p = '\0';
    for (size_t i = 0; i < l->n; i++) {
        if (i)
            p = stpcpy(p, sep);
        p = stpcpy(p, l->v[i]);
    }
    return out;
}

void strlist_free(strlist_t *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}
