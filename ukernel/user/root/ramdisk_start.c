/* SPDX-License-Identifier: MIT */
/* See ramdisk_start.h. */
#include "ramdisk_start.h"
#include "ramdisk.h"

/* The server's account: its copy of the image and stack (TASK_QUOTA
 * covers them), the disk's page tables and mapping records (4096 pages:
 * 8 leaf table pairs, 66 frames of records) and those of the client's
 * 256 shared pages, with room to spare.  Returned when its space goes. */
#define RD_QUOTA (TASK_QUOTA + 192)

static uint8_t *disk;

/* One server instance on s->ep. */
static long rd_launch(struct rd_server *s, uint64_t flags)
{
    const uint64_t pages = RD_DISK_BYTES / UK_PAGE_SIZE;
    long e;
    if ((e = task_create_quota(&s->task, RD_QUOTA)))
        return e;
    for (uint64_t p = 0; p < pages; p += UK_MAP_MAX_PAGES) {
        uint64_t n = pages - p < UK_MAP_MAX_PAGES ? pages - p : UK_MAP_MAX_PAGES;
        if ((e = uk_map(s->task.space, (uint64_t)disk + p * UK_PAGE_SIZE,
                        RD_DISK_VA + p * UK_PAGE_SIZE, n, UK_MAP_WRITE)))
            return e;
    }
    if ((e = uk_cap_copy(s->task.space, RD_EP_SLOT, s->ep, UK_RIGHT_RECV, 0, NULL)) ||
        (e = task_thread(&s->task, ramdisk_main, flags, TASK_PRIO, s->exit_cap, &s->thread)))
        return e;
    return uk_thread_start(s->thread);
}

long rd_start(struct rd_server *s, uint64_t flags, uint64_t exit_cap)
{
    const uint64_t pages = RD_DISK_BYTES / UK_PAGE_SIZE;
    long e;
    s->ep = s->thread = s->task.space = UK_CAP_ANY;
    s->exit_cap = exit_cap;
    if (!disk && !(disk = pool_alloc(pages)))
        return UK_ENOMEM;
    if ((e = uk_endpoint_create(&s->ep)))
        return e;
    return rd_launch(s, flags);
}

void rd_kill(struct rd_server *s)
{
    if (s->thread != UK_CAP_ANY)
        uk_cap_delete(s->thread);
    s->thread = UK_CAP_ANY;
}

long rd_restart(struct rd_server *s)
{
    rd_kill(s);
    if (s->task.space != UK_CAP_ANY)
        uk_cap_delete(s->task.space);
    s->task.space = UK_CAP_ANY;
    return rd_launch(s, 0);
}

long rd_give(const struct rd_server *s, struct task *t, struct wluk_args *a)
{
    if (!task_map_new(t, WLUK_BLK_VA, WLUK_BLK_PAGES, true))
        return UK_ENOMEM;
    a->blk_pages = WLUK_BLK_PAGES;
    return uk_cap_copy(t->space, WLUK_BLK_SLOT, s->ep, UK_RIGHT_SEND, 0, NULL);
}

void rd_stop(struct rd_server *s)
{
    uint64_t slots[] = { s->thread, s->ep, s->task.space };
    for (unsigned i = 0; i < 3; i++)
        if (slots[i] != UK_CAP_ANY)
            uk_cap_delete(slots[i]);
}
