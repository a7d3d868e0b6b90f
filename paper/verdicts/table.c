/* SPDX-License-Identifier: MIT */
/*
 * The CSV files of a run, read by header name.  The suite writes no
 * quoted fields (names and numbers only, liability.csv's outcomes without
 * commas), so a field is the text between commas; a row with another
 * number of fields than the header is an error naming file and line.
 */
#include "verdicts.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Split line in place at commas into a fresh array of *n fields. */
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

vd_table_t *vd_table_parse(const char *text, const char *name, char *err, size_t errlen)
{
    vd_table_t *t = calloc(1, sizeof *t);
    char *buf = strdup(text);
    char *namecopy = strdup(name);
    if (!t || !buf || !namecopy) {
        snprintf(err, errlen, "%s: out of memory", name);
        free(t), free(buf), free(namecopy);
        return NULL;
    }
    t->name = namecopy;
    t->buf = buf;
    size_t lines = 0, cap = 0;
    char *save = NULL;
    for (char *line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        lines++;
        size_t len = strlen(line);
        if (len && line[len - 1] == '\r')
            line[len - 1] = '\0';
        size_t n;
        char **f = split(line, &n);
        if (!f) {
            snprintf(err, errlen, "%s: out of memory", name);
            goto fail;
        }
        if (!t->cols) {
            t->cols = f;
            t->ncols = n;
            continue;
        }
        if (n != t->ncols) {
            snprintf(err, errlen, "%s line %zu: %zu fields, the header has %zu", name, lines,
                     n, t->ncols);
            free(f);
            goto fail;
        }
        if (t->nrows == cap) {
            cap = cap ? 2 * cap : 64;
            char ***rows = realloc(t->rows, cap * sizeof *rows);
            if (!rows) {
                snprintf(err, errlen, "%s: out of memory", name);
                free(f);
                goto fail;
            }
            t->rows = rows;
        }
        t->rows[t->nrows++] = f;
    }
    if (!t->cols) {
        snprintf(err, errlen, "%s: empty (no header)", name);
        goto fail;
    }
    return t;
fail:
    vd_table_free(t);
    return NULL;
}

vd_table_t *vd_table_read(const char *path, const char *name, int *absent, char *err,
                          size_t errlen)
{
    *absent = 0;
    FILE *f = fopen(path, "r");
    if (!f) {
        *absent = errno == ENOENT;
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    char *text = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&text, &len);
    char chunk[65536];
    size_t got;
    int bad = !m;
    while (!bad && (got = fread(chunk, 1, sizeof chunk, f)) > 0)
        bad = fwrite(chunk, 1, got, m) != got;
    bad |= ferror(f);
    fclose(f);
    if (m)
        fclose(m);
    if (bad) {
        snprintf(err, errlen, "%s: read error", path);
        free(text);
        return NULL;
    }
    if (memchr(text, '\0', len)) {
        snprintf(err, errlen, "%s: not a text file (NUL byte)", path);
        free(text);
        return NULL;
    }
    vd_table_t *t = vd_table_parse(text, name, err, errlen);
    free(text);
    return t;
}

void vd_table_free(vd_table_t *t)
{
    if (!t)
        return;
    free(t->buf);
    free(t->cols);
    for (size_t r = 0; r < t->nrows; r++)
        free(t->rows[r]);
    free(t->rows);
    free(t->name);
    free(t);
}

int vd_col(const vd_table_t *t, const char *name)
{
    for (size_t c = 0; c < t->ncols; c++)
        if (!strcmp(t->cols[c], name))
            return (int)c;
    return -1;
}

const char *vd_get(const vd_table_t *t, size_t r, const char *col)
{
    int c = vd_col(t, col);
    return c < 0 || r >= t->nrows ? "" : t->rows[r][c];
}

int vd_num(const vd_table_t *t, size_t r, const char *col, double *out)
{
    const char *s = vd_get(t, r, col);
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
