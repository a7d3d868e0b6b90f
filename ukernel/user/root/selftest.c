/* SPDX-License-Identifier: MIT */
/*
 * Self-test runner and the helpers tests share.  Between tests every
 * capability the test left in root's table is deleted, so tests cannot
 * see each other's objects.
 */
#include "selftest.h"
#include <stddef.h>

int st_child(struct st_child *c)
{
    if (task_create(&c->task))
        return -1;
    c->sh = task_map_new(&c->task, ST_SHARED_VA, 1, true);
    return c->sh ? 0 : -1;
}

int st_start(struct st_child *c, void (*fn)(uint64_t), unsigned prio, struct st_thread *t)
{
    if (uk_notification_create(&t->exit_ntfn) ||
        task_thread(&c->task, fn, ST_SHARED_VA, prio, t->exit_ntfn, &t->thread))
        return -1;
    return uk_thread_start(t->thread) ? -1 : 0;
}

int st_join(const struct st_thread *t, struct uk_thread_status *st)
{
    uint64_t bits;
    if (uk_wait(t->exit_ntfn, 0, &bits))
        return -1;
    return uk_thread_status(t->thread, st) ? -1 : 0;
}

void st_doubler(uint64_t shva)
{
    (void)shva;
    struct uk_msg m;
    long e = uk_recv(ST_SLOT, 0, &m, NULL, 0, NULL);
    while (!e) {
        m.mr[0] *= 2;
        e = uk_reply_recv(ST_SLOT, &m, NULL, NULL, 0, NULL);
    }
    uk_thread_exit((uint64_t)e);
}

static void clear_caps(void)
{
    for (uint64_t s = UK_ROOT_DMA_SLOT + 1; s < UK_CAP_SLOTS; s++) /* root's stay */
        uk_cap_delete(s);
}

static void run_list(const struct selftest *list, int *n, int *failed)
{
    for (; list->name; list++) {
        int r = list->fn();
        clear_caps();
        ++*n;
        if (r)
            ++*failed;
        console_printf("%s %d - %s\n", r ? "not ok" : "ok", *n, list->name);
    }
}

int selftest_run(void)
{
    int n = 0, failed = 0;
    console_printf("# uk self-tests (fastpath %s)\n", bootinfo->fastpath ? "on" : "off");
    run_list(selftests_ipc, &n, &failed);
    run_list(selftests_isolation, &n, &failed);
    run_list(selftests_hostile, &n, &failed);
    run_list(selftests_items, &n, &failed);
    run_list(selftests_wl, &n, &failed);
    run_list(selftests_ramdisk, &n, &failed);
    run_list(selftests_device, &n, &failed);
    run_list(selftests_virtio, &n, &failed);
    console_printf("1..%d\n# selftest: %d passed, %d failed\n", n, n - failed, failed);
    return failed;
}
