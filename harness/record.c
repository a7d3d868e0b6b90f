/* SPDX-License-Identifier: MIT */
/*
 * Strict parsing of @@BENCH records (see record.h and wl_record.h).
 */
#include "record.h"
#include "errmsg.h"
#include "wltable.h"

#include "mem.h"

#include <jansson.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const record_members_v2[] = {
    "v", "system", "workload", "variant", "params", "unit", "n", "warmup", "overhead", "window",
    "counts", "samples", NULL,
};

static const char *const record_members_v1[] = {
    "v", "system", "workload", "variant", "param", "unit", "n", "warmup", "overhead", "samples", NULL,
};

static const char *const record_param_names[RECORD_N_PARAMS] = { WL_PARAM_NAMES };
static const char *const record_count_names[RECORD_N_COUNTS] = { WL_COUNT_NAMES };

const char *record_param_name(int i)
{
    return i >= 0 && i < RECORD_N_PARAMS ? record_param_names[i] : NULL;
}

const char *record_count_name(int i)
{
    return i >= 0 && i < RECORD_N_COUNTS ? record_count_names[i] : NULL;
}

static int record_index(const char *const *names, int n, const char *key)
{
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], key) == 0)
            return i;
    return -1;
}

int record_params_equal(const record_value_t *a, const record_value_t *b)
{
    for (int i = 0; i < RECORD_N_PARAMS; i++)
        if (a[i].set != b[i].set || a[i].num != b[i].num || strcmp(a[i].str, b[i].str) != 0)
            return 0;
    return 1;
}

void record_value_format(const record_value_t *v, char *buf, size_t len)
{
    if (!v->set)
        snprintf(buf, len, "%s", "");
    else if (v->str[0])
        snprintf(buf, len, "%s", v->str);
    else
        snprintf(buf, len, "%lld", v->num);
}

void record_params_format(const record_value_t *p, char *buf, size_t len)
{
    size_t used = 0;

    buf[0] = '\0';
    for (int i = 0; i < RECORD_N_PARAMS && used < len; i++) {
        char v[WL_RECORD_NAME_MAX + 24];
        if (!p[i].set)
            continue;
        record_value_format(&p[i], v, sizeof(v));
        int w = snprintf(buf + used, len - used, "%s%s=%s", used ? "," : "", record_param_names[i], v);
        if (w < 0)
            break;
        used += (size_t)w;
    }
}

int record_name_ok(const char *s)
{
    size_t n = strlen(s);

    if (n == 0 || n > WL_RECORD_NAME_MAX)
        return -1;
    return strspn(s, WL_RECORD_NAME_CHARS) == n ? 0 : -1;
}

static int record_int(json_t *o, const char *key, long long min, long long max, long long *out,
                      char *why, size_t len)
{
    json_t *v = json_object_get(o, key);

    if (!v)
        return errmsg_set(why, len, "missing member \"%s\"", key);
    if (!json_is_integer(v))
        return errmsg_set(why, len, "\"%s\" is not an integer", key);
    *out = json_integer_value(v);
    if (*out < min)
        return errmsg_set(why, len, "\"%s\" is %lld, less than %lld", key, *out, min);
    if (*out > max)
        return errmsg_set(why, len, "\"%s\" is %lld, more than %lld", key, *out, max);
    return 0;
}

static int record_name(json_t *o, const char *key, char *out, char *why, size_t len)
{
    json_t *v = json_object_get(o, key);
    const char *s;

    if (!v)
        return errmsg_set(why, len, "missing member \"%s\"", key);
    if (!json_is_string(v))
        return errmsg_set(why, len, "\"%s\" is not a string", key);
    s = json_string_value(v);
    if (strlen(s) != json_string_length(v))
        return errmsg_set(why, len, "\"%s\" contains NUL", key);
    if (*s == '\0')
        return errmsg_set(why, len, "\"%s\" is empty", key);
    if (strlen(s) > WL_RECORD_NAME_MAX)
        return errmsg_set(why, len, "\"%s\" is longer than %d bytes", key, WL_RECORD_NAME_MAX);
    if (record_name_ok(s) < 0)
        return errmsg_set(why, len,
                          "\"%s\" has a character outside "
                          "[a-z0-9_-]: \"%s\"",
                          key, s);
    strcpy(out, s);
    return 0;
}

static int record_members_ok(json_t *o, const char *const *members, char *why, size_t len)
{
    const char *key;
    json_t *v;

    json_object_foreach(o, key, v)
    {
        size_t i;
        for (i = 0; members[i]; i++)
            if (strcmp(key, members[i]) == 0)
                break;
        if (!members[i])
            return errmsg_set(why, len, "unknown member \"%s\"", key);
    }
    return 0;
}

/* "params" or "counts": an object of known names; params may hold names
 * (strings), counts only integers. */
static int record_values(json_t *o, const char *member, const char *const *names, int n,
                         int strings_ok, int required, record_value_t *out, char *why, size_t len)
{
    json_t *obj = json_object_get(o, member), *v;
    const char *key;

    if (!obj)
        return required ? errmsg_set(why, len, "missing member \"%s\"", member) : 0;
    if (!json_is_object(obj))
        return errmsg_set(why, len, "\"%s\" is not an object", member);
    if (required && json_object_size(obj) == 0)
        return errmsg_set(why, len, "\"%s\" is empty", member);
    json_object_foreach(obj, key, v)
    {
        int i = record_index(names, n, key);
        if (i < 0)
            return errmsg_set(why, len, "\"%s\" has an unknown name \"%s\"", member, key);
        if (json_is_integer(v)) {
            out[i].num = json_integer_value(v);
            if (out[i].num < 0)
                return errmsg_set(why, len, "%s.%s is %lld, less than 0", member, key, out[i].num);
        } else if (strings_ok && json_is_string(v)) {
            const char *str = json_string_value(v);
            if (strlen(str) != json_string_length(v) || record_name_ok(str) < 0)
                return errmsg_set(why, len,
                                  "%s.%s is not a name (1..%d characters of [a-z0-9_-])", member,
                                  key, WL_RECORD_NAME_MAX);
            strcpy(out[i].str, str);
        } else {
            return errmsg_set(why, len, "%s.%s is not %s", member, key,
                              strings_ok ? "an integer or a name" : "an integer");
        }
        out[i].set = 1;
    }
    return 0;
}

/* Version 1's single "param", filed under the workload's first parameter. */
static int record_v1_param(json_t *o, record_t *r, char *why, size_t len)
{
    const wltable_entry_t *w = wltable_find(r->workload);
    long long v;
    int i;

    if (record_int(o, "param", 0, LLONG_MAX, &v, why, len) < 0)
        return -1;
    if (!w)
        return errmsg_set(why, len,
                          "a version 1 record of workload \"%s\", which this harness does not "
                          "know, so its \"param\" has no name",
                          r->workload);
    i = record_index(record_param_names, RECORD_N_PARAMS, w->param);
    r->params[i].set = 1;
    r->params[i].num = v;
    return 0;
}

static int record_expected(const record_t *r, const record_expect_t *exp, char *why, size_t len)
{
    size_t i;

    if (exp->unit && strcmp(r->unit, exp->unit) != 0)
        return errmsg_set(why, len,
                          "\"unit\" is \"%s\" but this run "
                          "measures \"%s\"",
                          r->unit, exp->unit);
    if (exp->system && strcmp(r->system, exp->system) != 0)
        return errmsg_set(why, len,
                          "\"system\" is \"%s\", expected "
                          "\"%s\"",
                          r->system, exp->system);
    if (!exp->workloads)
        return 0;
    for (i = 0; i < exp->n_workloads; i++)
        if (strcmp(r->workload, exp->workloads[i]) == 0)
            break;
    if (i == exp->n_workloads)
        return errmsg_set(why, len, "workload \"%s\" was not requested", r->workload);
    if (exp->iterations && r->n != exp->iterations[i])
        return errmsg_set(why, len, "\"n\" is %ld but %ld iterations of %s were asked for", r->n,
                          exp->iterations[i], r->workload);
    return 0;
}

static int record_samples(json_t *o, record_t *r, char *why, size_t len)
{
    json_t *a = json_object_get(o, "samples");
    int negative_ok = strcmp(r->unit, WL_UNIT_CYCLES) == 0;

    if (!a)
        return errmsg_set(why, len, "missing member \"samples\"");
    if (!json_is_array(a))
        return errmsg_set(why, len, "\"samples\" is not an array");
    if ((long)json_array_size(a) != r->n)
        return errmsg_set(why, len,
                          "\"n\" is %ld but \"samples\" has "
                          "%zu entries",
                          r->n, json_array_size(a));
    r->samples = mem_array(NULL, (size_t)r->n, sizeof(*r->samples));
    for (long i = 0; i < r->n; i++) {
        json_t *v = json_array_get(a, (size_t)i);
        if (!json_is_integer(v))
            return errmsg_set(why, len,
                              "samples[%ld] is not an "
                              "integer",
                              i);
        r->samples[i] = json_integer_value(v);
        if (r->samples[i] < 0 && !negative_ok)
            return errmsg_set(why, len,
                              "samples[%ld] is negative "
                              "(%lld) in unit \"%s\"",
                              i, r->samples[i], r->unit);
    }
    return 0;
}

static int record_fields(json_t *o, const record_expect_t *exp, record_t *r, char *why, size_t len)
{
    json_t *unit;
    long long v, n;

    if (record_int(o, "v", 0, LLONG_MAX, &v, why, len) < 0)
        return -1;
    if (v < WL_RECORD_VERSION_OLDEST || v > WL_RECORD_VERSION)
        return errmsg_set(why, len, "\"v\" is %lld, this harness reads versions %d to %d", v,
                          WL_RECORD_VERSION_OLDEST, WL_RECORD_VERSION);
    r->version = (int)v;
    if (record_members_ok(o, v == 1 ? record_members_v1 : record_members_v2, why, len) < 0)
        return -1;
    if (record_name(o, "system", r->system, why, len) < 0 ||
        record_name(o, "workload", r->workload, why, len) < 0 ||
        record_name(o, "variant", r->variant, why, len) < 0)
        return -1;
    unit = json_object_get(o, "unit");
    if (!unit)
        return errmsg_set(why, len, "missing member \"unit\"");
    if (!json_is_string(unit) || (strcmp(json_string_value(unit), WL_UNIT_CYCLES) != 0 &&
                                  strcmp(json_string_value(unit), WL_UNIT_INSNS) != 0))
        return errmsg_set(why, len, "\"unit\" is not \"%s\" or \"%s\"", WL_UNIT_CYCLES,
                          WL_UNIT_INSNS);
    strcpy(r->unit, json_string_value(unit));
    if (record_int(o, "n", 1, WL_RECORD_MAX_SAMPLES, &n, why, len) < 0 ||
        record_int(o, "warmup", 0, LLONG_MAX, &r->warmup, why, len) < 0 ||
        record_int(o, "overhead", 0, LLONG_MAX, &r->overhead, why, len) < 0)
        return -1;
    r->n = (long)n;
    if (record_expected(r, exp, why, len) < 0)
        return -1;
    if (json_object_get(o, "window")) {
        long long w;
        if (record_int(o, "window", 0, 0, &w, why, len) < 0)
            return -1;
        r->marked = 1;
    }
    if (v == 1 ? record_v1_param(o, r, why, len) < 0
               : record_values(o, "params", record_param_names, RECORD_N_PARAMS, 1, 1, r->params,
                               why, len) < 0 ||
                     record_values(o, "counts", record_count_names, RECORD_N_COUNTS, 0, 0,
                                   r->counts, why, len) < 0)
        return -1;
    return record_samples(o, r, why, len);
}

int record_parse(const char *json_text, const record_expect_t *exp, record_t *out, char *why,
                 size_t whylen)
{
    json_error_t jerr;
    json_t *o;
    int rc;

    memset(out, 0, sizeof(*out));
    o = json_loads(json_text, JSON_REJECT_DUPLICATES, &jerr);
    if (!o)
        return errmsg_set(why, whylen, "bad JSON at column %d: %s", jerr.column, jerr.text);
    if (!json_is_object(o)) {
        json_decref(o);
        return errmsg_set(why, whylen, "not a JSON object");
    }
    rc = record_fields(o, exp, out, why, whylen);
    json_decref(o);
    if (rc < 0)
        record_free(out);
    return rc;
}

void record_free(record_t *r)
{
    free(r->samples);
    r->samples = NULL;
}
