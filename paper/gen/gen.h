/* SPDX-License-Identifier: MIT */
/* paper-gen's inputs, read once from the run directory, and the parts
 * that turn them into numbers.tex (macros) and the tab-*.tex tables. */
#ifndef GEN_H
#define GEN_H

#include <jansson.h>
#include <stdio.h>

#include "csvtab.h"

typedef struct {
    const char *run_dir;
    csvtab_t *summary;      /* required */
    json_t *meta;           /* required */
    csvtab_t *profile;      /* the optional ones: NULL when absent */
    csvtab_t *interface;
    csvtab_t *liability;
} run_t;

/* meta.c: the run's settings and versions from meta.json. */
void gen_meta(FILE *fp, const run_t *run);
/* The unit in words ("guest instructions" or "TSC cycles"). */
const char *gen_unit_words(const run_t *run);
/* numbers.c: the headline medians (summary.csv), the crossings
 * (profile.csv, windows-*-device.csv), C7's counts (interface.csv). */
void gen_numbers(FILE *fp, const run_t *run);
/* tables.c: each table file into OUT_DIR; returns 0 or -1 (reason printed). */
int gen_tables(const char *out_dir, const run_t *run);

#endif
