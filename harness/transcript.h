/* SPDX-License-Identifier: MIT */
/*
 * Reading a guest's console log.  Only lines that begin with "@@" are
 * looked at: @@BENCH records, the @@DONE line, @@PANIC and @@META; other "@@" tags
 * (e.g. the calibration guest's @@CALIB) are ignored here, and all other
 * console text is noise.  The first malformed marker line is kept with its
 * line number; scanning goes on so a later @@PANIC is still seen.
 */
#ifndef BENCH_TRANSCRIPT_H
#define BENCH_TRANSCRIPT_H

#include "record.h"

#include <jansson.h>
#include <stdio.h>

typedef struct {
    record_t *recs; /* valid records, in console order */
    size_t n_recs;
    size_t cap;
    long n_bench_lines;     /* @@BENCH lines, valid or not */
    long n_done;            /* @@DONE lines seen */
    long done_line;         /* line of the first @@DONE */
    long long done_records; /* its "records" value */
    long bad_line;          /* first malformed marker line, 0 if none */
    char bad_why[512];
    long panic_line; /* first @@PANIC line, 0 if none */
    char panic[256]; /* its text */
    long lines;      /* console lines read */
    json_t *meta;    /* members of all @@META lines merged, or NULL */
} transcript_t;

/* Scan a whole log.  Returns -1 only if it cannot be read. */
int transcript_scan(FILE *f, const record_expect_t *exp, transcript_t *t);
int transcript_scan_path(const char *path, const record_expect_t *exp, transcript_t *t);
void transcript_free(transcript_t *t);

#endif
