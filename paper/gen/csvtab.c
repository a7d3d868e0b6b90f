/* SPDX-License-Identifier: MIT */
/* The run's CSV files, read strictly (csvtab.h). */
#include "csvtab.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n);
    if (!q) {
        fputs("paper-gen: out of memory\n", stderr);
        exit(1);
    }
    return q;
}

/* Split LINE (modified in place) at commas into a new array; *N fields. */
static char **split(char *line, size_t *n)
{
    char **f = NULL;
    size_t k = 0;
    for (char *p = line;; p++) {
        char *end = strchr(p, ',');
        f = xrealloc(f, (k + 1) * sizeof *f);
        f[k++] = p;
        if (!end)
            break;
        *end = '\0';
        p = end;
    }
    *n = k;
    return f;
}

int csvtab_load(csvtab_t *t, const char *path, char *err, size_t errlen)
{
    memset(t, 0, sizeof *t);
    FILE *fp = fopen(path, "r");
    if (!fp) {
        int e = errno;
        snprintf(err, errlen, "%s: %s", path, strerror(e));
        errno = e;
        return -1;
    }
    t->path = strdup(path);
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long lineno = 0;
    while ((len = getline(&line, &cap, fp)) >= 0) {
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len == 0)
            continue;
        if (strchr(line, '"')) {
            snprintf(err, errlen, "%s:%ld: a quoted field (the suite's CSV files have none)", path, lineno);
            goto fail;
        }
        size_t n;
        char **f = split(strdup(line), &n);
        if (!t->head) {
            t->head = f;
            t->ncols = n;
            continue;
        }
        if (n != t->ncols) {
            snprintf(err, errlen, "%s:%ld: %zu fields, the header has %zu", path, lineno, n, t->ncols);
            free(f[0]);
            free(f);
            goto fail;
        }
        t->rows = xrealloc(t->rows, (t->nrows + 1) * sizeof *t->rows);
        t->rows[t->nrows++] = f;
    }
    free(line);
    fclose(fp);
    if (!t->head) {
        snprintf(err, errlen, "%s: empty file (no header)", path);
        errno = 0;
        csvtab_free(t);
        return -1;
    }
    return 0;
fail:
    free(line);
    fclose(fp);
    errno = 0;
    csvtab_free(t);
    return -1;
}

void csvtab_free(csvtab_t *t)
{
    for (size_t i = 0; i < t->nrows; i++) {
        free(t->rows[i][0]);
        free(t->rows[i]);
    }
    if (t->head)
        free(t->head[0]);
    free(t->head);
    free(t->rows);
    free(t->path);
    memset(t, 0, sizeof *t);
}

int csvtab_col(const csvtab_t *t, const char *name)
{
    for (size_t j = 0; j < t->ncols; j++)
        if (strcmp(t->head[j], name) == 0)
            return (int)j;
    return -1;
}

const char *csvtab_get(const csvtab_t *t, size_t r, const char *name)
{
    int j = csvtab_col(t, name);
    return j < 0 || r >= t->nrows ? "" : t->rows[r][j];
}

long csvtab_find(const csvtab_t *t, const char *const *match)
{
    for (size_t r = 0; r < t->nrows; r++) {
        int ok = 1;
        for (const char *const *m = match; ok && m[0]; m += 2)
            ok = strcmp(csvtab_get(t, r, m[0]), m[1]) == 0;
        if (ok)
            return (long)r;
    }
    return -1;
}
