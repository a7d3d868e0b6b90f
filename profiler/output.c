// SPDX-License-Identifier: MIT
// The CSV wlprof writes: one header line, then one line per closed window,
// flushed as it is written so a QEMU that dies keeps what it measured.
// The columns are documented once, in README.md ("Output").
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "wlprof.h"

static FILE *out;

int output_open(const char *path, int ndom, char *err, size_t errlen)
{
    out = fopen(path, "w");
    if (!out) {
        snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
        return -1;
    }
    fputs("window,id,insns,user,kernel,hyp,other,crossings,u2k,k2u,k2h,h2k,u2h,h2u,x_other,dom_switches", out);
    for (int e = 0; e < EV_N; e++)
        fprintf(out, ",%s", wl_event_name[e]);
    fputs(",str_bytes,cut_blocks", out);
    if (ndom) {
        for (int d = 0; d < ndom; d++)
            fprintf(out, ",dom%d", d);
        fputs(",dom_none", out);
    }
    fputc('\n', out);
    if (fflush(out)) {
        snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

void output_window(uint64_t index, unsigned id, const struct counts *c, int ndom)
{
    uint64_t total = 0, cross = 0, x_other = 0;
    for (int p = 0; p < PL_N; p++)
        total += c->insns[p];
    for (int f = 0; f < PL_N; f++)
        for (int t = 0; t < PL_N; t++) {
            cross += c->cross[f][t];
            if (f == PL_OTHER || t == PL_OTHER)
                x_other += c->cross[f][t];
        }
    fprintf(out, "%" PRIu64 ",%u,%" PRIu64, index, id, total);
    for (int p = 0; p < PL_N; p++)
        fprintf(out, ",%" PRIu64, c->insns[p]);
    fprintf(out, ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64
                 ",%" PRIu64 ",%" PRIu64,
            cross, c->cross[PL_USER][PL_KERNEL], c->cross[PL_KERNEL][PL_USER],
            c->cross[PL_KERNEL][PL_HYP], c->cross[PL_HYP][PL_KERNEL], c->cross[PL_USER][PL_HYP],
            c->cross[PL_HYP][PL_USER], x_other, c->dom_switches);
    for (int e = 0; e < EV_N; e++)
        fprintf(out, ",%" PRIu64, c->ev[e]);
    fprintf(out, ",%" PRIu64 ",%" PRIu64, c->str_bytes, c->cut_blocks);
    if (ndom) {
        for (int d = 0; d < ndom; d++)
            fprintf(out, ",%" PRIu64, c->dom[d]);
        fprintf(out, ",%" PRIu64, c->dom[DOM_NONE]);
    }
    fputc('\n', out);
    fflush(out);
}

void output_close(void)
{
    if (out)
        fclose(out);
    out = NULL;
}

static const char *const place_name[PL_N] = {"user", "kernel", "hyp", "other"};

int output_hot(const char *path, const struct hot_block *b, size_t n, char *err, size_t errlen)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
        return -1;
    }
    fputs("vaddr,place,dom,block_insns,executed\n", f);
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "0x%016" PRIx64 ",%s,", b[i].vaddr, place_name[b[i].place]);
        if (b[i].dom == DOM_NONE)
            fputs("none", f);
        else
            fprintf(f, "%u", b[i].dom);
        fprintf(f, ",%" PRIu32 ",%" PRIu64 "\n", b[i].n, b[i].executed);
    }
    if (fclose(f)) {
        snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}
