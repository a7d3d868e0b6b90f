/* SPDX-License-Identifier: MIT */
/*
 * The system-call fuzzer, a boot mode of the root task:
 *
 *   fuzz seed=S calls=N [from=I] [classes=LIST] [trace=I] [corrupt=I]
 *
 * runs calls I..N-1 (I = 0 by default) of the run with seed S in a fuzz
 * task the kernel may kill and the root task restarts, next to a witness
 * task that checks its own IPC and memory.  classes= picks the kinds of
 * hostile arguments (fuzz_gen.h; default: "default"); trace=I prints each
 * call from I on before it runs; corrupt=I flips a bit of the witness's
 * memory once the fuzz task reaches call I, to show that it is noticed.
 * The last line is "# fuzz: seed S, N calls, K restarts, witness ok", or
 * a failure is a line "@@PANIC fuzz: seed S, call I: <call>: <what>".
 */
#ifndef ROOT_FUZZ_H
#define ROOT_FUZZ_H

#include "fuzz_gen.h"

#define FUZZ_OFF (~0ull) /* trace= and corrupt= not given */

struct fuzz_opts {
    uint64_t seed, calls, from, classes, trace, corrupt;
};

/* clang-format off */
#define FUZZ_OPTS_DEFAULT { 1, 100000, 0, FZ_DEFAULT_CLASSES, FUZZ_OFF, FUZZ_OFF }
/* clang-format on */

/* One key=value word of the command line: 1 if it was a fuzz option and
 * is taken, 0 if it is not one, -1 (with a message) for a bad value. */
int fuzz_option(struct fuzz_opts *o, const char *key, const char *value);
/* Run the fuzzer; 0 if nothing went wrong. */
int fuzz_run(const struct fuzz_opts *o);

#endif
