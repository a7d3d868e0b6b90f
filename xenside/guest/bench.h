/* SPDX-License-Identifier: MIT */
#ifndef XENGUEST_BENCH_H
#define XENGUEST_BENCH_H

#include <stdbool.h>

/* Run the workloads named on the command line as their client (records,
 * then @@DONE) or their server; returns the exit status. */
int bench_run(bool client);

#endif
