/* SPDX-License-Identifier: MIT */
/*
 * Console log scanning (see transcript.h).
 */
#include "transcript.h"

#include "mem.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static void transcript_bad(transcript_t *t, long line, const char *why)
{
    if (t->bad_line)
        return;
    t->bad_line = line;
    snprintf(t->bad_why, sizeof(t->bad_why), "%s", why);
}

/* Same (workload, variant, params) twice in one boot is a guest bug. */
static const record_t *transcript_dup(const transcript_t *t, const record_t *r)
{
    for (size_t i = 0; i < t->n_recs; i++) {
        const record_t *o = &t->recs[i];
        if (record_params_equal(o->params, r->params) && strcmp(o->workload, r->workload) == 0 &&
            strcmp(o->variant, r->variant) == 0 && strcmp(o->system, r->system) == 0)
            return o;
    }
    return NULL;
}

static void transcript_bench(transcript_t *t, const char *line, long no, const record_expect_t *exp)
{
    char why[512], params[256];
    const record_t *dup;
    record_t r;

    t->n_bench_lines++;
    if (strncmp(line, WL_RECORD_PREFIX, strlen(WL_RECORD_PREFIX)) != 0) {
        transcript_bad(t, no, "expected \"" WL_RECORD_PREFIX "\" followed by a JSON object");
        return;
    }
    if (record_parse(line + strlen(WL_RECORD_PREFIX), exp, &r, why, sizeof(why)) < 0) {
        transcript_bad(t, no, why);
        return;
    }
    r.line = no;
    dup = transcript_dup(t, &r);
    if (dup) {
        record_params_format(r.params, params, sizeof(params));
        snprintf(why, sizeof(why), "duplicate record for %s/%s/%s (first at line %ld)", r.workload,
                 r.variant, params, dup->line);
        transcript_bad(t, no, why);
        record_free(&r);
        return;
    }
    if (t->n_recs == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 16;
        t->recs = mem_array(t->recs, t->cap, sizeof(*t->recs));
    }
    t->recs[t->n_recs++] = r;
}

static void transcript_done(transcript_t *t, const char *line, long no)
{
    json_error_t jerr;
    json_t *o = NULL, *k;

    if (++t->n_done > 1) {
        char why[128];
        snprintf(why, sizeof(why),
                 "second @@DONE line (first at "
                 "line %ld)",
                 t->done_line);
        transcript_bad(t, no, why);
        return;
    }
    t->done_line = no;
    t->done_records = -1;
    if (strncmp(line, WL_DONE_PREFIX, strlen(WL_DONE_PREFIX)) == 0)
        o = json_loads(line + strlen(WL_DONE_PREFIX), JSON_REJECT_DUPLICATES, &jerr);
    k = o ? json_object_get(o, "records") : NULL;
    if (!o || !json_is_object(o) || json_object_size(o) != 1 || !json_is_integer(k) ||
        json_integer_value(k) < 0)
        transcript_bad(t, no,
                       "expected @@DONE {\"records\":K} "
                       "with an integer K >= 0");
    else
        t->done_records = json_integer_value(k);
    json_decref(o);
}

static void transcript_panic(transcript_t *t, const char *line, long no)
{
    const char *text = line + strlen(WL_PANIC_PREFIX);

    if (t->panic_line)
        return;
    t->panic_line = no;
    text += strspn(text, " :");
    snprintf(t->panic, sizeof(t->panic), "%s", *text ? text : "(no message)");
}

/* "@@META {...}": an object of scalar members, merged into t->meta. */
static void transcript_meta(transcript_t *t, const char *line, long no)
{
    json_error_t jerr;
    json_t *o = NULL, *v;
    const char *k;

    if (strncmp(line, WL_META_PREFIX, strlen(WL_META_PREFIX)) == 0)
        o = json_loads(line + strlen(WL_META_PREFIX), JSON_REJECT_DUPLICATES, &jerr);
    if (!json_is_object(o)) {
        transcript_bad(t, no, "expected @@META followed by a JSON object");
        json_decref(o);
        return;
    }
    json_object_foreach(o, k, v)
    {
        if (json_is_object(v) || json_is_array(v) || json_is_null(v)) {
            transcript_bad(t, no, "@@META members must be strings, numbers or booleans");
            json_decref(o);
            return;
        }
    }
    if (!t->meta)
        t->meta = json_object();
    json_object_update(t->meta, o);
    json_decref(o);
}

static void transcript_line(transcript_t *t, char *line, long no, const record_expect_t *exp)
{
    if (line[0] != '@' || line[1] != '@')
        return;
    if (strncmp(line, "@@BENCH", 7) == 0)
        transcript_bench(t, line, no, exp);
    else if (strncmp(line, "@@DONE", 6) == 0)
        transcript_done(t, line, no);
    else if (strncmp(line, WL_PANIC_PREFIX, strlen(WL_PANIC_PREFIX)) == 0)
        transcript_panic(t, line, no);
    else if (strncmp(line, "@@META", 6) == 0)
        transcript_meta(t, line, no);
}

int transcript_scan(FILE *f, const record_expect_t *exp, transcript_t *t)
{
    char *line = NULL;
    size_t cap = 0, start;
    ssize_t len;

    memset(t, 0, sizeof(*t));
    while ((len = getline(&line, &cap, f)) >= 0) {
        t->lines++;
        /*
         * Serial consoles end lines with \r\n, some with \n\r: drop
         * carriage returns at both ends.
         */
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        start = strspn(line, "\r");
        if ((size_t)len != strlen(line)) {
            if (line[start] == '@' && line[start + 1] == '@')
                transcript_bad(t, t->lines, "NUL byte in marker line");
            continue;
        }
        transcript_line(t, line + start, t->lines, exp);
    }
    free(line);
    return ferror(f) ? -1 : 0;
}

int transcript_scan_path(const char *path, const record_expect_t *exp, transcript_t *t)
{
    FILE *f = fopen(path, "r");
    int rc;

    if (!f) {
        memset(t, 0, sizeof(*t));
        return -1;
    }
    rc = transcript_scan(f, exp, t);
    fclose(f);
    return rc;
}

void transcript_free(transcript_t *t)
{
    for (size_t i = 0; i < t->n_recs; i++)
        record_free(&t->recs[i]);
    free(t->recs);
    json_decref(t->meta);
    memset(t, 0, sizeof(*t));
}
