/* SPDX-License-Identifier: MIT */
/* The run's CSV files, read strictly (csvtab.h). */
#include "csvtab.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Split LINE in place at commas into a fresh array of *N fields. */
static char **split(char *line, size_t *n)
{
    size_t cap = 1;
    for (const char *p = line; *p; p++)
        cap += *p == ',';
    char **f = malloc(cap * sizeof *f);
    if (!f)
        return NULL;
    *n = 0;
    for (char *p = line;;) {
        f[(*n)++] = p;
        p = strchr(p, ',');
        if (!p)
            return f;
        *p++ = '\0';
    }
}

/* Add row F to T; -1 when out of memory. */
static int add_row(csvtab_t *t, char **f, size_t *cap)
{
    if (t->nrows == *cap) {
        size_t more = *cap ? 2 * *cap : 64;
        char ***rows = realloc(t->rows, more * sizeof *rows);
        if (!rows)
            return -1;
        t->rows = rows;
        *cap = more;
    }
    t->rows[t->nrows++] = f;
    return 0;
}

csvtab_t *csvtab_parse(const char *text, const char *name, char *err, size_t errlen)
{
    csvtab_t *t = calloc(1, sizeof *t);
    if (t) {
        t->buf = strdup(text);
        t->name = strdup(name);
    }
    if (!t || !t->buf || !t->name) {
        snprintf(err, errlen, "%s: out of memory", name);
        csvtab_free(t);
        return NULL;
    }
    size_t cap = 0;
    long lineno = 0;
    for (char *line = t->buf, *next; line; line = next) {
        lineno++;
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        size_t len = strlen(line);
        while (len > 0 && line[len - 1] == '\r')
            line[--len] = '\0';
        if (len == 0) /* a blank line (or the end of the last one) */
            continue;
        if (strchr(line, '"')) {
            snprintf(err, errlen, "%s:%ld: a quoted field (the suite's CSV files have none)", name,
                     lineno);
            goto fail;
        }
        size_t n;
        char **f = split(line, &n);
        if (!f) {
            snprintf(err, errlen, "%s: out of memory", name);
            goto fail;
        }
        if (!t->head) {
            t->head = f;
            t->ncols = n;
            continue;
        }
        if (n != t->ncols) {
            snprintf(err, errlen, "%s:%ld: %zu fields, the header has %zu", name, lineno, n,
                     t->ncols);
            free(f);
            goto fail;
        }
        if (add_row(t, f, &cap)) {
            snprintf(err, errlen, "%s: out of memory", name);
            free(f);
            goto fail;
        }
    }
    if (!t->head) {
        snprintf(err, errlen, "%s: empty (no header)", name);
        goto fail;
    }
    return t;
fail:
    csvtab_free(t);
    return NULL;
}

/* The whole of FP as a string (*LEN bytes, NUL-terminated); NULL on error. */
static char *slurp(FILE *fp, size_t *len)
{
    char *text = NULL;
    FILE *m = open_memstream(&text, len);
    if (!m)
        return NULL;
    char chunk[65536];
    size_t got;
    int bad = 0;
    while (!bad && (got = fread(chunk, 1, sizeof chunk, fp)) > 0)
        bad = fwrite(chunk, 1, got, m) != got;
    bad |= ferror(fp);
    bad |= fclose(m) != 0;
    if (bad) {
        free(text);
        return NULL;
    }
    return text;
}

csvtab_t *csvtab_load(const char *path, const char *name, int *absent, char *err, size_t errlen)
{
    int dummy;
    if (!absent)
        absent = &dummy;
    *absent = 0;
    FILE *fp = fopen(path, "r");
    if (!fp) {
        *absent = errno == ENOENT;
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    size_t len;
    errno = 0;
    char *text = slurp(fp, &len);
    fclose(fp);
    if (!text) { /* a directory, an I/O error: it is there, but broken */
        snprintf(err, errlen, "%s: read error%s%s", path, errno ? ": " : "",
                 errno ? strerror(errno) : "");
        return NULL;
    }
    /* The parser stops at a NUL: the rest of the file would be lost. */
    if (memchr(text, '\0', len)) {
        snprintf(err, errlen, "%s: not a text file (NUL byte)", path);
        free(text);
        return NULL;
    }
    csvtab_t *t = csvtab_parse(text, name, err, errlen);
    free(text);
    return t;
}

void csvtab_free(csvtab_t *t)
{
    if (!t)
        return;
    free(t->head);
    for (size_t r = 0; r < t->nrows; r++)
        free(t->rows[r]);
    free(t->rows);
    free(t->buf);
    free(t->name);
    free(t);
}

int csvtab_col(const csvtab_t *t, const char *name)
{
    for (size_t c = 0; c < t->ncols; c++)
        if (strcmp(t->head[c], name) == 0)
            return (int)c;
    return -1;
}

const char *csvtab_get(const csvtab_t *t, size_t r, const char *name)
{
    int c = csvtab_col(t, name);
    return c < 0 || r >= t->nrows ? "" : t->rows[r][c];
}

int csvtab_num(const csvtab_t *t, size_t r, const char *name, double *out)
{
    const char *s = csvtab_get(t, r, name);
    if (!*s)
        return 0;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (*end || errno)
        return 0;
    *out = v;
    return 1;
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
