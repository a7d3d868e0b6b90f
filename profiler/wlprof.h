/* SPDX-License-Identifier: MIT */
/*
 * wlprof's shared definitions: the places an instruction can run in, the
 * counters one window reports, and the configuration read from the
 * plugin's arguments (config.c).  The meaning of every counter is in
 * README.md, "Output".
 */
#ifndef WLPROF_H
#define WLPROF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "x86_class.h"

/* Where an instruction ran, decided by its virtual address. */
enum place { PL_USER, PL_KERNEL, PL_HYP, PL_OTHER, PL_N };

#define RANGES_MAX 16
#define DOM_MAX 8         /* domain ids 0..7 (wl_marker.h) */
#define DOM_NONE DOM_MAX  /* code in no domain's range */

struct range {
    uint64_t lo, hi; /* inclusive */
};

struct config {
    const char *out;
    struct range place[PL_OTHER][RANGES_MAX]; /* user, kernel, hyp */
    int nplace[PL_OTHER];
    int ndom;                                 /* domain columns: ids 0..ndom-1; 0 = no domains */
    struct range dom[DOM_MAX];                /* guest-physical, from dom=; lo > hi if none */
    const char *hot;                          /* per-block counts file, or NULL */
    struct range hot_windows;                 /* window indices it covers */
    uint64_t hot_min;                         /* ... if they ran at least this many instructions */
};

/* Everything a window reports, as running totals; a window is a difference. */
struct counts {
    uint64_t insns[PL_N];
    uint64_t cross[PL_N][PL_N]; /* [from][to] */
    uint64_t ev[EV_N];
    uint64_t str_bytes;
    uint64_t cut_blocks; /* block executions that stopped before their end */
    uint64_t dom_switches;
    uint64_t dom[DOM_MAX + 1]; /* [DOM_NONE]: in no domain */
};

/* Fill cfg from the plugin's argv; on error write a one-line reason. */
int config_parse(struct config *cfg, int argc, char **argv, char *err, size_t errlen);
enum place config_place(const struct config *cfg, uint64_t vaddr);

/* The CSV (output.c). */
int output_open(const char *path, int ndom, char *err, size_t errlen);
void output_window(uint64_t index, unsigned id, const struct counts *c, int ndom);
void output_close(void);
/* The hot-spot file (hot=): one line per code block executed inside the
 * windows it covers (README.md, "Hot spots"). */
struct hot_block {
    uint64_t vaddr, executed;
    uint32_t n;
    uint8_t place, dom;
};
int output_hot(const char *path, const struct hot_block *b, size_t n, char *err, size_t errlen);

#endif
