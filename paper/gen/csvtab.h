/* SPDX-License-Identifier: MIT */
/* A CSV file of the run directory held in memory, columns found by the
 * names in its header (harness/README.md: the suite's CSV files have no
 * quoted fields, so a comma always separates).  Strict: a row with
 * another number of fields than the header is an error, never a guess. */
#ifndef CSVTAB_H
#define CSVTAB_H

#include <stddef.h>

typedef struct {
    char *path;
    char **head;     /* column names */
    size_t ncols;
    char ***rows;    /* rows[i][j]: field j of data row i */
    size_t nrows;
} csvtab_t;

/* Load PATH.  Returns 0, or -1 with a one-line reason in ERR (ERRLEN
 * bytes); a missing file is reported as such (errno ENOENT kept). */
int csvtab_load(csvtab_t *t, const char *path, char *err, size_t errlen);
void csvtab_free(csvtab_t *t);
/* Index of column NAME, or -1. */
int csvtab_col(const csvtab_t *t, const char *name);
/* Field NAME of row R ("" when the column is absent). */
const char *csvtab_get(const csvtab_t *t, size_t r, const char *name);
/* First row whose fields equal the KEY=VALUE pairs in MATCH (a
 * NULL-terminated list "col", "value", ...); -1 if none.  A column the
 * file lacks matches only the empty value. */
long csvtab_find(const csvtab_t *t, const char *const *match);

#endif
