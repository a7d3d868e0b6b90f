/* SPDX-License-Identifier: MIT */
/*
 * Deciding whether one boot succeeded, from how QEMU ended and what the
 * console said.  Success needs all of: QEMU exit status 1 (the guest wrote
 * 0 to isa-debug-exit), no @@PANIC, no malformed marker line, at least one
 * record, exactly one @@DONE whose count matches, and a record for every
 * requested workload.  Anything else gets exactly one line of reason.
 */
#ifndef BENCH_VERDICT_H
#define BENCH_VERDICT_H

#include "boot.h"
#include "record.h"
#include "transcript.h"

#include <stddef.h>

/* 0 on success, else -1 with reason set. */
int verdict_judge(const boot_result_t *boot, const transcript_t *t, const record_expect_t *exp,
                  long timeout_s, char *reason, size_t len);

#endif
