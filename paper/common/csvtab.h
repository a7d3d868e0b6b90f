/* SPDX-License-Identifier: MIT */
/* A CSV file of the run directory held in memory, columns found by the
 * names in its header; shared by paper-gen and paper-verdicts, so both
 * read the run the same way.  The suite writes no quoted fields (names
 * and numbers only: harness/README.md), so a comma always separates and
 * a '"' is refused.  Strict: a row with another number of fields than
 * the header is an error naming file and line, never a guess. */
#ifndef CSVTAB_H
#define CSVTAB_H

#include <stddef.h>

typedef struct {
    char *name;  /* for messages: the name the caller gave */
    char **head; /* column names */
    size_t ncols;
    char ***rows; /* rows[r][c]: field c of data row r */
    size_t nrows;
    char *buf; /* the text every field points into */
} csvtab_t;

/* Parse TEXT (a copy is kept), NAME labelling the messages.  NULL with a
 * one-line reason in ERR (ERRLEN bytes): "NAME:LINE: ..." for a bad row
 * (LINE counts the text's lines, blank ones included), or no header. */
csvtab_t *csvtab_parse(const char *text, const char *name, char *err, size_t errlen);
/* Read PATH and parse it as NAME.  NULL with a reason; then *ABSENT (if
 * not NULL) is 1 when PATH does not exist, 0 when it exists but cannot
 * be used (unreadable, not text, malformed): an optional file may be
 * absent, never broken. */
csvtab_t *csvtab_load(const char *path, const char *name, int *absent, char *err, size_t errlen);
void csvtab_free(csvtab_t *t); /* NULL is fine */
/* Index of column NAME, or -1. */
int csvtab_col(const csvtab_t *t, const char *name);
/* Field NAME of row R ("" when the column is absent). */
const char *csvtab_get(const csvtab_t *t, size_t r, const char *name);
/* Field NAME of row R as a number: 1 if it is one (*OUT set), 0 if it is
 * empty, absent or not a number. */
int csvtab_num(const csvtab_t *t, size_t r, const char *name, double *out);
/* First row whose fields equal the KEY=VALUE pairs in MATCH (a
 * NULL-terminated list "col", "value", ...); -1 if none.  A column the
 * file lacks matches only the empty value. */
long csvtab_find(const csvtab_t *t, const char *const *match);

#endif
