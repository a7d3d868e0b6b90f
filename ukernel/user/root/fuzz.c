/* SPDX-License-Identifier: MIT */
/*
 * See fuzz.h.  The root task builds the witness (fuzz_witness.c), a
 * scratch space and a fuzz task (fuzz_space.c, fuzz_task.c), then waits
 * on one notification for three kinds of events, or a second at most:
 * the fuzz task ended (badge EV_FUZZ_EXIT), a witness thread ended
 * (EV_WITNESS_EXIT), the witness finished a batch of checks (EV_TICK).
 *
 * A fuzz task ends when it has run its share of calls (up to the next
 * multiple of FZ_TASK_CALLS, so every task starts with fresh capabilities),
 * when a call killed it or made it exit, or at a call whose result was
 * wrong.  Then the next task starts at the next call.  A fuzz task that
 * has not moved on since the last wake-up is blocked: the root task sends,
 * receives and signals on the endpoint and notification it gave it, which
 * ends any wait on them; one that stays blocked for STUCK_INSNS is left
 * where it is (its pages unmapped) and counted as stuck.
 */
#include "fuzz.h"
#include "console.h"
#include "fmt.h"
#include "fuzz_space.h"
#include "fuzz_witness.h"
#include "string.h"
#include "wl.h"

#define FZ_TASK_CALLS 20000
#define PROGRESS_CALLS 10000
#define STUCK_INSNS 50000000ull           /* 50 ms of guest time under TCG */
#define WITNESS_STALL_INSNS 3000000000ull /* the witness must move on within this */
#define WAKE_TICKS 100                    /* timer ticks: a second of guest time */
#define EV_FUZZ_EXIT 1
#define EV_WITNESS_EXIT 2
#define EV_TICK 4

struct run {
    const struct fuzz_opts *o;
    char classes[200];
    uint64_t events, fuzz_exit;
    uint64_t scratch;
    struct fz_image image;
    struct fzw witness;
    /* The fuzz task of the moment. */
    bool alive;
    uint64_t space, thread, ep, ntfn;
    uint64_t beat, beat_tsc;
    /* What happened so far. */
    uint64_t tasks, killed, exited, stuck, unblocks;
    uint64_t per_class[FZ_NCLASSES];
    uint64_t next_progress;
    uint64_t witness_seen, witness_tsc;
    bool corrupted;
};

static const char *error_name(long e)
{
    static const char *const names[] = { "UK_OK",     "UK_EINVAL", "UK_ECAP",
                                         "UK_EPERM",  "UK_EFAULT", "UK_ETIMEOUT",
                                         "UK_ENOMEM", "UK_ENOSYS", "UK_EABORT" };
    return e <= 0 && e > -(long)(sizeof(names) / sizeof(names[0])) ? names[-e] : "?";
}

static uint64_t restarts(const struct run *r)
{
    return r->killed + r->exited + r->stuck;
}

/* The call the fuzz task is at (or ended at). */
static uint64_t call_now(const struct run *r)
{
    return r->image.shared->next;
}

/* "@@PANIC fuzz: seed S, call I: <call>: <what>", and how to replay it. */
static int report(struct run *r, uint64_t call, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int report(struct run *r, uint64_t call, const char *fmt, ...)
{
    char what[256], desc[400];
    struct fz_call c;
    va_list ap;
    va_start(ap, fmt);
    fmt_vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    fz_gen(r->o->seed, call, r->o->classes, &c);
    fz_describe(&c, desc, sizeof(desc));
    console_printf("@@PANIC fuzz: seed %lu, call %lu: %s", r->o->seed, call, desc);
    console_printf(": %s\n", what);
    console_printf("# fuzz: replay: fuzz seed=%lu calls=%lu classes=%s\n", r->o->seed, r->o->calls,
                   r->classes);
    return -1;
}

static int setup_failed(const char *what, long e)
{
    console_printf("@@PANIC fuzz: cannot %s: %s (%ld)\n", what, error_name(e), e);
    return -1;
}

/* ---- one fuzz task ------------------------------------------------------ */

static int task_start(struct run *r, uint64_t first)
{
    struct fz_shared *sh = r->image.shared;
    uint64_t end = (first / FZ_TASK_CALLS + 1) * FZ_TASK_CALLS;
    long e;
    if ((e = fz_space_build(&r->image, &r->space)) || (e = uk_endpoint_create(&r->ep)) ||
        (e = uk_notification_create(&r->ntfn)) ||
        (e = uk_cap_copy(r->space, FZ_SLOT_OWN, r->space, UK_RIGHT_MAP | UK_RIGHT_CONTROL, 0,
                         NULL)) ||
        (e = uk_cap_copy(r->space, FZ_SLOT_SCRATCH, r->scratch, UK_RIGHT_MAP | UK_RIGHT_CONTROL, 0,
                         NULL)) ||
        (e = uk_cap_copy(r->space, FZ_SLOT_EP, r->ep, UK_RIGHT_SEND | UK_RIGHT_RECV, 0, NULL)) ||
        (e = uk_cap_copy(r->space, FZ_SLOT_NTFN, r->ntfn, UK_RIGHT_SEND | UK_RIGHT_RECV, 0,
                         NULL)) ||
        (e = uk_thread_create(r->space, (void (*)(uint64_t))fz_task_main, FZ_STACK_TOP - 8,
                              FZ_SHARED_VA, FZ_TASK_PRIO, r->fuzz_exit, &r->thread)) ||
        (e = uk_cap_copy(r->space, FZ_SLOT_SELF, r->thread, UK_RIGHT_CONTROL, 0, NULL)))
        return report(r, first, "cannot start a fuzz task there: %s (%ld)", error_name(e), e);
    sh->seed = r->o->seed;
    sh->classes = r->o->classes;
    sh->first = sh->next = first;
    sh->end = end < r->o->calls ? end : r->o->calls;
    sh->trace_from = r->o->trace;
    memset((void *)sh->per_class, 0, sizeof(sh->per_class));
    r->beat = sh->beat = 0;
    r->beat_tsc = wl_cycles();
    r->alive = true;
    r->tasks++;
    if ((e = uk_thread_start(r->thread)))
        return report(r, first, "cannot start a fuzz task there: %s (%ld)", error_name(e), e);
    return 0;
}

/* The task ended or is left behind: unmap it, drop root's capabilities. */
static void task_retire(struct run *r)
{
    for (unsigned k = 0; k < FZ_NCLASSES; k++)
        r->per_class[k] += r->image.shared->per_class[k];
    fz_space_retire(&r->image, r->space);
    uk_cap_delete(r->space);
    uk_cap_delete(r->thread);
    uk_cap_delete(r->ep);
    uk_cap_delete(r->ntfn);
    r->alive = false;
}

/* Retire the task, start the next at call `next`; 1 when all are done. */
static int task_next(struct run *r, uint64_t next)
{
    task_retire(r);
    if (next >= r->o->calls)
        return 1;
    return task_start(r, next);
}

static int oracle_failed(struct run *r, uint64_t value)
{
    uint64_t at = call_now(r);
    long res = FZ_EXIT_RESULT(value);
    struct fz_call c;
    fz_gen(r->o->seed, at, r->o->classes, &c);
    if (FZ_EXIT_WHAT(value) == FZ_WHAT_START)
        return report(r, at, "THREAD_START of the new thread returned %s (%ld)", error_name(res),
                      res);
    if (FZ_EXIT_WHAT(value) == FZ_WHAT_ACCOUNT)
        return report(r, at, "failed with %s (%ld), yet took %ld frames of the task's account",
                      error_name(res), res, FZ_EXIT_TAKEN(value));
    if (c.expect == FZ_EXPECT_EXACT)
        return report(r, at, "returned %s (%ld), expected %s: %s", error_name(res), res,
                      error_name(c.err), c.why);
    return report(r, at, "returned %s (%ld), expected an error: %s", error_name(res), res, c.why);
}

/* EV_FUZZ_EXIT: if the task of the moment ended, go on after it. */
static int fuzz_exited(struct run *r)
{
    struct uk_thread_status st;
    if (!r->alive || uk_thread_status(r->thread, &st) || st.state == UK_THREAD_ALIVE)
        return 0; /* a task left behind earlier */
    unsigned kind = st.state == UK_THREAD_EXITED ? FZ_EXIT_KIND(st.value) : 0;
    if (kind == FZ_EXIT_ORACLE)
        return oracle_failed(r, st.value);
    if (kind == FZ_EXIT_DONE)
        return task_next(r, r->image.shared->end);
    char desc[400];
    struct fz_call c;
    fz_gen(r->o->seed, call_now(r), r->o->classes, &c);
    fz_describe(&c, desc, sizeof(desc));
    if (st.state == UK_THREAD_KILLED) {
        r->killed++;
        console_printf("# fuzz: fuzz task killed at call %lu (vector %lu at 0x%lx): %s\n",
                       call_now(r), st.vector, st.value, desc);
    } else {
        r->exited++;
        console_printf("# fuzz: fuzz task exited at call %lu (code 0x%lx): %s\n", call_now(r),
                       st.value, desc);
    }
    return task_next(r, call_now(r) + 1);
}

/* End any wait of the task's on what root gave it. */
static void unblock(struct run *r)
{
    struct uk_msg m = { UK_INFO_POLL, { 0 } };
    uk_send(r->ep, &m, NULL);
    if (uk_recv(r->ep, UK_INFO_POLL, &m, NULL, 0, NULL) == UK_OK) {
        m = (struct uk_msg){ 0, { 0 } };
        uk_reply(&m, NULL);
    }
    uk_notify(r->ntfn);
    r->unblocks++;
}

/* A tick: has the fuzz task moved on since the last one? */
static int fuzz_watch(struct run *r)
{
    uint64_t beat = r->image.shared->beat, now = wl_cycles();
    if (!r->alive)
        return 0;
    if (beat != r->beat) {
        r->beat = beat;
        r->beat_tsc = now;
        return 0;
    }
    unblock(r);
    if (now - r->beat_tsc < STUCK_INSNS)
        return 0;
    r->stuck++;
    console_printf("# fuzz: fuzz task stuck at call %lu, left behind\n", call_now(r));
    return task_next(r, call_now(r) + 1);
}

static int witness_watch(struct run *r, uint64_t bits)
{
    struct fzw_shared *w = r->witness.sh;
    uint64_t now = wl_cycles();
    if (w->failed)
        return report(r, call_now(r), "witness: %s", w->why);
    if (bits & EV_WITNESS_EXIT)
        return report(r, call_now(r), "a witness thread ended without a report (killed?)");
    if (w->round_trips != r->witness_seen) {
        r->witness_seen = w->round_trips;
        r->witness_tsc = now;
    } else if (now - r->witness_tsc > WITNESS_STALL_INSNS) {
        return report(r, call_now(r), "the witness made no progress in %lu instructions",
                      now - r->witness_tsc);
    }
    return 0;
}

static void progress(struct run *r)
{
    uint64_t at = call_now(r);
    if (r->o->corrupt != FUZZ_OFF && !r->corrupted && at >= r->o->corrupt) {
        fzw_corrupt(&r->witness, r->o->corrupt);
        r->corrupted = true;
    }
    if (at < r->next_progress)
        return;
    console_printf("# fuzz: call %lu: %lu restarts, witness %lu round trips\n", at, restarts(r),
                   r->witness.sh->round_trips);
    r->next_progress = (at / PROGRESS_CALLS + 1) * PROGRESS_CALLS;
}

/* Wait for events, and wake now and then even without one, so that a
 * witness that stops is noticed even if nothing else happens. */
static long wait_events(struct run *r, uint64_t *bits)
{
    *bits = 0;
    long e = uk_wait_timeout(r->events, WAKE_TICKS, bits);
    return e == UK_ETIMEOUT ? UK_OK : e;
}

static int setup(struct run *r)
{
    uint64_t tick, witness_exit;
    long e;
    if ((e = uk_notification_create(&r->events)) ||
        (e = root_mint(r->events, UK_RIGHT_SEND, EV_FUZZ_EXIT, &r->fuzz_exit)) ||
        (e = root_mint(r->events, UK_RIGHT_SEND, EV_WITNESS_EXIT, &witness_exit)) ||
        (e = root_mint(r->events, UK_RIGHT_SEND, EV_TICK, &tick)))
        return setup_failed("make the root task's notification", e);
    if ((e = uk_space_create(FZ_SCRATCH_QUOTA, &r->scratch)))
        return setup_failed("make the scratch space", e);
    if ((e = fz_image_load(&r->image, r->o->classes)))
        return setup_failed("load the fuzz task's image", e);
    if ((e = fzw_start(&r->witness, r->image.ro_start, r->image.ro_end, tick, witness_exit)))
        return setup_failed("start the witness", e);
    r->witness_tsc = wl_cycles();
    return 0;
}

/* After the last call: the witness checks all its pages once more, and
 * the root task looks at the pattern itself. */
static int finish(struct run *r)
{
    struct fzw_shared *w = r->witness.sh;
    uint64_t until = w->batches + fzw_pages(&r->witness) + 1, bits;
    char why[160];
    while (w->batches < until) {
        long e = wait_events(r, &bits);
        if (e)
            return setup_failed("wait for the witness", e);
        if (witness_watch(r, bits))
            return -1;
    }
    if (fzw_check_pattern(&r->witness, why, sizeof(why)))
        return report(r, r->o->calls - 1, "witness (root's own look): %s", why);
    console_printf("# fuzz: %lu fuzz tasks: %lu killed, %lu ended by a call, %lu stuck; "
                   "%lu unblocks; witness %lu round trips, %lu pages checked\n",
                   r->tasks, r->killed, r->exited, r->stuck, r->unblocks, w->round_trips,
                   w->batches);
    char counts[400];
    size_t n = 0;
    for (unsigned k = 0; k < FZ_NCLASSES && n < sizeof(counts); k++) {
        if (r->o->classes & (1ull << k))
            n += (size_t)fmt_snprintf(counts + n, sizeof(counts) - n, " %s %lu", fz_class_name(k),
                                      r->per_class[k]);
    }
    console_printf("# fuzz: calls by class:%s\n", counts);
    console_printf("# fuzz: seed %lu, %lu calls, %lu restarts, witness ok\n", r->o->seed,
                   r->o->calls - r->o->from, restarts(r));
    return 0;
}

int fuzz_run(const struct fuzz_opts *o)
{
    static struct run run;
    struct run *r = &run;
    uint64_t bits;
    int done = 0;
    r->o = o;
    fz_format_classes(o->classes, r->classes, sizeof(r->classes));
    console_printf("# fuzz: seed %lu, calls %lu..%lu, classes %s\n", o->seed, o->from, o->calls - 1,
                   r->classes);
    r->next_progress = (o->from / PROGRESS_CALLS + 1) * PROGRESS_CALLS;
    if (setup(r) || task_start(r, o->from))
        return -1;
    while (!done) {
        long e = wait_events(r, &bits);
        if (e)
            return setup_failed("wait for events", e);
        if (witness_watch(r, bits))
            return -1;
        if (bits & EV_FUZZ_EXIT)
            done = fuzz_exited(r);
        if (!done && r->alive)
            done = fuzz_watch(r);
        if (done < 0)
            return -1;
        if (!done)
            progress(r);
    }
    return finish(r);
}

/* ---- options ---------------------------------------------------------- */

static int parse_u64(const char *s, uint64_t *out)
{
    uint64_t v = 0;
    if (!*s)
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > (~0ull - 9) / 10)
            return -1;
        v = v * 10 + (uint64_t)(*s - '0');
    }
    *out = v;
    return 0;
}

int fuzz_option(struct fuzz_opts *o, const char *key, const char *value)
{
    static const char *const numbers[] = { "seed", "calls", "from", "trace", "corrupt" };
    uint64_t *const fields[] = { &o->seed, &o->calls, &o->from, &o->trace, &o->corrupt };
    for (unsigned i = 0; i < 5; i++) {
        if (!strcmp(key, numbers[i]))
            return parse_u64(value, fields[i]) ? -1 : 1;
    }
    if (strcmp(key, "classes"))
        return 0;
    const char *bad;
    size_t bad_len;
    uint64_t mask;
    char all[200], word[40];
    if (fz_parse_classes(value, &mask, &bad, &bad_len)) {
        fz_format_classes(FZ_ALL_CLASSES, all, sizeof(all));
        strlcpy(word, bad, bad_len + 1 < sizeof(word) ? bad_len + 1 : sizeof(word));
        console_printf("@@PANIC root: unknown fuzz class \"%s\"; the classes are all, default, "
                       "%s (-NAME leaves one out)\n",
                       word, all);
        return -1;
    }
    if (!mask) {
        console_printf("@@PANIC root: classes=%s leaves no class to fuzz\n", value);
        return -1;
    }
    o->classes = mask;
    return 1;
}
