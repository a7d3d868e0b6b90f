/* SPDX-License-Identifier: MIT */
/*
 * The success rules for one boot (see verdict.h).  The order of checks
 * picks the most telling reason: a panic explains a timeout, a crash
 * explains a truncated record.
 */
#include "verdict.h"
#include "errmsg.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int verdict_exit(const boot_result_t *b, char *reason, size_t len)
{
    int s = b->exit_status;

    if (!b->exited)
        return errmsg_set(reason, len,
                          "qemu killed by signal %d "
                          "(%s)",
                          b->term_signal, strsignal(b->term_signal));
    if (s == 1)
        return 0;
    if (s == 0)
        return errmsg_set(reason, len,
                          "qemu exited with status 0 "
                          "(guest reset or triple fault, or a QEMU "
                          "error; see qemu-*.err)");
    if (s & 1)
        return errmsg_set(reason, len,
                          "qemu exited with status %d "
                          "(guest wrote exit value %d)",
                          s, s >> 1);
    return errmsg_set(reason, len, "qemu exited with status %d", s);
}

static int verdict_records(const transcript_t *t, const record_expect_t *exp, char *reason,
                           size_t len)
{
    if (t->n_recs == 0)
        return errmsg_set(reason, len, "no records%s", t->n_done ? "" : " (and no @@DONE line)");
    if (t->n_done == 0)
        return errmsg_set(reason, len,
                          "records count mismatch: no "
                          "@@DONE line after %zu records",
                          t->n_recs);
    if (t->done_records != (long long)t->n_recs)
        return errmsg_set(reason, len,
                          "records count mismatch: "
                          "@@DONE at line %ld says %lld, console has "
                          "%zu records",
                          t->done_line, t->done_records, t->n_recs);
    for (size_t w = 0; exp->workloads && w < exp->n_workloads; w++) {
        size_t i;
        for (i = 0; i < t->n_recs; i++)
            if (strcmp(t->recs[i].workload, exp->workloads[w]) == 0)
                break;
        if (i == t->n_recs)
            return errmsg_set(reason, len,
                              "no records for "
                              "workload %s",
                              exp->workloads[w]);
    }
    return 0;
}

int verdict_judge(const boot_result_t *b, const transcript_t *t, const record_expect_t *exp,
                  long timeout_s, char *reason, size_t len)
{
    if (b->end == BOOT_SPAWN_FAILED)
        return errmsg_set(reason, len, "qemu did not start: %s", b->err);
    if (b->end == BOOT_INTERRUPTED)
        return errmsg_set(reason, len,
                          "interrupted by signal %d "
                          "(%s)",
                          b->interrupt_sig, strsignal(b->interrupt_sig));
    if (t->panic_line)
        return errmsg_set(reason, len, "guest panic: %s", t->panic);
    if (b->end == BOOT_TIMEOUT)
        return errmsg_set(reason, len, "timeout after %ld s", timeout_s);
    if (verdict_exit(b, reason, len) < 0)
        return -1;
    if (t->bad_line)
        return errmsg_set(reason, len,
                          "malformed record at line "
                          "%ld: %s",
                          t->bad_line, t->bad_why);
    return verdict_records(t, exp, reason, len);
}
