/* SPDX-License-Identifier: MIT */
/*
 * The workloads a guest is asked to run, as the harness writes them on
 * the guest's command line:
 *
 *   wl=NAME[:N[:W]][,NAME[:N[:W]]...]
 *
 * N is the number of measured iterations of every case of that workload,
 * W the number of untimed warm-up iterations before them.  Each workload
 * has its own counts because workloads differ a lot in cost per
 * iteration; a missing N or W takes the port's default.
 *
 * Header-only and free of any library, so every port (freestanding
 * kernels as well as dom0 programs) parses the list the same way.
 */
#ifndef WL_SPEC_H
#define WL_SPEC_H

#include "wl.h"
#include "wl_record.h"

struct wl_spec {
    char name[WL_RECORD_NAME_MAX + 1];
    struct wl_config cfg;
};

/* A decimal number of 1..10 digits up to max, ended by ':', ',' or NUL. */
static inline int wl_spec_number(const char **s, uint32_t max, uint32_t *out)
{
    uint64_t v = 0;
    const char *p = *s;

    if (*p < '0' || *p > '9')
        return -1;
    for (; *p >= '0' && *p <= '9'; p++)
        if ((v = v * 10 + (uint64_t)(*p - '0')) > max)
            return -1;
    if (*p != ':' && *p != ',' && *p != '\0')
        return -1;
    *out = (uint32_t)v;
    *s = p;
    return 0;
}

/*
 * Parse the entry at *s.  Returns 1 with *out filled (counts from def
 * where the entry gives none) and *s moved past the entry and its ',';
 * 0 at the end of the list; -1 if the entry is malformed: an empty or
 * over-long name, a character outside WL_RECORD_NAME_CHARS, N outside
 * 1..WL_RECORD_MAX_SAMPLES, W above WL_RECORD_MAX_SAMPLES, or junk.
 */
static inline int wl_spec_next(const char **s, const struct wl_config *def, struct wl_spec *out)
{
    const char *p = *s;
    unsigned len = 0;

    if (*p == '\0')
        return 0;
    for (; *p != '\0' && *p != ':' && *p != ','; p++) {
        int ok = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_';
        if (!ok || len == WL_RECORD_NAME_MAX)
            return -1;
        out->name[len++] = *p;
    }
    if (len == 0)
        return -1;
    out->name[len] = '\0';
    out->cfg = *def;
    if (*p == ':') {
        p++;
        if (wl_spec_number(&p, WL_RECORD_MAX_SAMPLES, &out->cfg.iterations) < 0 ||
            out->cfg.iterations == 0)
            return -1;
        if (*p == ':') {
            p++;
            if (wl_spec_number(&p, WL_RECORD_MAX_SAMPLES, &out->cfg.warmup) < 0)
                return -1;
        }
    }
    if (*p == ',') {
        p++;
        if (*p == '\0')
            return -1; /* a trailing comma names an empty workload */
    } else if (*p != '\0') {
        return -1;
    }
    *s = p;
    return 1;
}

#endif
