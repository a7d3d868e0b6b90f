/* SPDX-License-Identifier: MIT */
/*
 * Kernel self-tests, run by the root task when booted with "selftest".
 * Output is TAP ("ok N - name" / "not ok N - name", then "1..N"), which
 * tests/run.sh counts.  Each test gets fresh tasks; a failed check prints a
 * "#" diagnostic line with the file, line and values.
 */
#ifndef ROOT_SELFTEST_H
#define ROOT_SELFTEST_H

#include "console.h"
#include "task.h"

#define ST_SHARED_VA 0x500000ull /* one page shared between root and a child */
#define ST_SLOT 2                /* where tests put a child's capability */

struct st_shared {
    volatile uint64_t v[32];
    uint8_t buf[2048];
};

struct st_child {
    struct task task;
    struct st_shared *sh; /* root's view of the shared page */
};

struct st_thread {
    uint64_t thread, exit_ntfn;
};

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            console_printf("# %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);              \
            return -1;                                                                             \
        }                                                                                          \
    } while (0)

#define CHECK_EQ(a, b)                                                                             \
    do {                                                                                           \
        long long a_ = (long long)(a), b_ = (long long)(b);                                        \
        if (a_ != b_) {                                                                            \
            console_printf("# %s:%d: %s == %lld, expected %s == %lld\n", __FILE__, __LINE__, #a,   \
                           a_, #b, b_);                                                            \
            return -1;                                                                             \
        }                                                                                          \
    } while (0)

/* A task with the shared page mapped at ST_SHARED_VA. */
int st_child(struct st_child *c);
/* Start a thread in c at fn(ST_SHARED_VA) with the given priority. */
int st_start(struct st_child *c, void (*fn)(uint64_t), unsigned prio, struct st_thread *t);
/* Block until t has ended; fill in how. */
int st_join(const struct st_thread *t, struct uk_thread_status *st);

/* Child: serve calls on ST_SLOT, answering MR0 doubled, until an error. */
void st_doubler(uint64_t shva);

typedef int (*selftest_fn)(void);
struct selftest {
    const char *name;
    selftest_fn fn;
};

extern const struct selftest selftests_ipc[], selftests_isolation[], selftests_hostile[],
    selftests_items[], selftests_wl[], selftests_ramdisk[], selftests_device[], selftests_virtio[];

/* Run every test; returns the number that failed. */
int selftest_run(void);

#endif
