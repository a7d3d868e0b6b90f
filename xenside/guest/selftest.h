/* SPDX-License-Identifier: MIT */
#ifndef XENGUEST_SELFTEST_H
#define XENGUEST_SELFTEST_H

#include <stdbool.h>

/* Exercise events, grants, the channel, the page mechanisms and (in a
 * domU) xenstore inside this one domain; TAP lines on the console.
 * Returns the number of failed checks (the exit status). */
int selftest_run(void);

/* One TAP line ("ok N - what" or "not ok N - what (detail)"), counted. */
void selftest_check(bool ok, const char *what, long detail);

/* The page hand-over mechanisms and probes, in one domain
 * (selftest_pages.c). */
void selftest_pages(void);

/* blkfront through wl.h's block requests, against dom0's blkback (a domU
 * with a disk; selftest_blk.c). */
void selftest_blk(void);

#endif
