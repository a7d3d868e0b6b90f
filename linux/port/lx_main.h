/* SPDX-License-Identifier: MIT */
/*
 * What the benchmark was asked (main.c) and the facts it reports about
 * the system it runs on (meta.c).
 */
#ifndef LX_MAIN_H
#define LX_MAIN_H

#include "wl.h"

struct lx_options {
    const char *system;    /* "linux" or "linux-pv": the records' system */
    const char *unit;      /* "insns" or "cycles" */
    const char *workloads; /* wl= list (workloads/wl_spec.h) */
    struct wl_config cfg;  /* counts for entries of wl= that give none */
};

extern struct lx_options lx_opts;

/* Print "@@PANIC linux: <why>" (printf format). */
void lx_panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print one @@META line: kernel release and version, the kernel command
 * line, the benchmark's own words, the speculative-execution
 * mitigations the kernel reports.  argv: the bench words. */
void lx_meta(int argc, char **argv);

#endif
