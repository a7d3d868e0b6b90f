// SPDX-License-Identifier: MIT
// The plugin's arguments (README.md, "Arguments"): where the output goes,
// which virtual ranges are user, kernel and hypervisor code, and which
// domains to count.  QEMU hands them over as "key=value" strings, one per
// `arg=` (or bare key=value) in -plugin's option list.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wlprof.h"

static const char *const place_key[PL_OTHER] = {"user", "kernel", "hyp"};

static int parse_u64(const char *s, char **end, uint64_t *v)
{
    errno = 0;
    if (*s < '0' || *s > '9')
        return -1;
    unsigned long long x = strtoull(s, end, 0);
    if (errno)
        return -1;
    *v = x;
    return 0;
}

// "LO-HI", both inclusive, in C notation (0x...).
static int parse_range(const char *s, struct range *r)
{
    char *end;
    if (parse_u64(s, &end, &r->lo) || *end != '-' || parse_u64(end + 1, &end, &r->hi) || *end ||
        r->lo > r->hi)
        return -1;
    return 0;
}

static int add_place(struct config *cfg, int pl, const char *val, char *err, size_t errlen)
{
    if (cfg->nplace[pl] == RANGES_MAX) {
        snprintf(err, errlen, "more than %d %s ranges", RANGES_MAX, place_key[pl]);
        return -1;
    }
    if (parse_range(val, &cfg->place[pl][cfg->nplace[pl]])) {
        snprintf(err, errlen, "bad %s range '%s' (want LO-HI, e.g. 0x1000-0x1fff)", place_key[pl], val);
        return -1;
    }
    cfg->nplace[pl]++;
    return 0;
}

// "ID:LO-HI": domain ID is the guest-physical range LO..HI.
static int add_dom(struct config *cfg, const char *val, char *err, size_t errlen)
{
    char *end;
    uint64_t id;
    if (parse_u64(val, &end, &id) || *end != ':' || id >= DOM_MAX ||
        parse_range(end + 1, &cfg->dom[id])) {
        snprintf(err, errlen, "bad dom '%s' (want ID:LO-HI, ID 0..%d, physical addresses)", val, DOM_MAX - 1);
        return -1;
    }
    if ((int)id + 1 > cfg->ndom)
        cfg->ndom = (int)id + 1;
    return 0;
}

int config_parse(struct config *cfg, int argc, char **argv, char *err, size_t errlen)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->hot_windows = (struct range){0, UINT64_MAX};
    for (int d = 0; d < DOM_MAX; d++)
        cfg->dom[d] = (struct range){1, 0};
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *eq = strchr(a, '=');
        if (!eq) {
            snprintf(err, errlen, "argument '%s' is not key=value", a);
            return -1;
        }
        size_t klen = (size_t)(eq - a);
        const char *val = eq + 1;
        int pl = -1;
        for (int p = 0; p < PL_OTHER; p++)
            if (strlen(place_key[p]) == klen && !strncmp(a, place_key[p], klen))
                pl = p;
        if (pl >= 0) {
            if (add_place(cfg, pl, val, err, errlen))
                return -1;
        } else if (klen == 3 && !strncmp(a, "out", 3) && *val) {
            cfg->out = val;
        } else if (klen == 3 && !strncmp(a, "dom", 3)) {
            if (add_dom(cfg, val, err, errlen))
                return -1;
        } else if (klen == 3 && !strncmp(a, "hot", 3) && *val) {
            cfg->hot = val;
        } else if (klen == 11 && !strncmp(a, "hot_windows", 11)) {
            if (parse_range(val, &cfg->hot_windows)) {
                snprintf(err, errlen, "bad hot_windows '%s' (want FIRST-LAST window indices)", val);
                return -1;
            }
        } else if (klen == 7 && !strncmp(a, "hot_min", 7)) {
            char *end;
            if (parse_u64(val, &end, &cfg->hot_min) || *end) {
                snprintf(err, errlen, "bad hot_min '%s' (want a number of instructions)", val);
                return -1;
            }
        } else if (klen == 7 && !strncmp(a, "domains", 7)) {
            uint64_t n;
            char *end;
            if (parse_u64(val, &end, &n) || *end || n > DOM_MAX) {
                snprintf(err, errlen, "bad domains '%s' (want 0..%d)", val, DOM_MAX);
                return -1;
            }
            if ((int)n > cfg->ndom)
                cfg->ndom = (int)n;
        } else {
            snprintf(err, errlen, "unknown argument '%s' (known: out, user, kernel, hyp, dom, domains, hot, hot_windows, hot_min)", a);
            return -1;
        }
    }
    if (!cfg->out) {
        snprintf(err, errlen, "no output file (give out=PATH)");
        return -1;
    }
    // No ranges at all: the x86-64 canonical halves.
    if (!cfg->nplace[PL_USER] && !cfg->nplace[PL_KERNEL] && !cfg->nplace[PL_HYP]) {
        cfg->place[PL_USER][0] = (struct range){0, 0x00007fffffffffffull};
        cfg->place[PL_KERNEL][0] = (struct range){0xffff800000000000ull, UINT64_MAX};
        cfg->nplace[PL_USER] = cfg->nplace[PL_KERNEL] = 1;
    }
    return 0;
}

// Hypervisor ranges first, then kernel, then user: a hypervisor inside the
// kernel half (Xen) needs no hole cut in the kernel range.
enum place config_place(const struct config *cfg, uint64_t vaddr)
{
    static const enum place order[] = {PL_HYP, PL_KERNEL, PL_USER};
    for (size_t k = 0; k < sizeof order / sizeof order[0]; k++) {
        enum place p = order[k];
        for (int i = 0; i < cfg->nplace[p]; i++)
            if (vaddr >= cfg->place[p][i].lo && vaddr <= cfg->place[p][i].hi)
                return p;
    }
    return PL_OTHER;
}
