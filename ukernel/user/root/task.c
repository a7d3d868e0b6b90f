/* SPDX-License-Identifier: MIT */
/*
 * See task.h.  Tasks are never destroyed: a benchmark boot or a test run
 * creates a few dozen, and the pool is sized for that.  Each task gets
 * its own copy of the whole user image, so its globals start fresh.
 */
#include "task.h"
#include "elf_load.h"
#include "string.h"

#define TASK_STACK_TOP 0x7f0000000000ull

const struct uk_bootinfo *const bootinfo = (const void *)UK_BOOTINFO_VA;
static uint64_t pool_used;

void *pool_alloc(uint64_t pages)
{
    uint64_t bytes = pages * UK_PAGE_SIZE;
    if (bytes > bootinfo->pool_size - pool_used)
        return NULL;
    void *p = (void *)(UK_POOL_VA + pool_used);
    pool_used += bytes;
    return p;
}

static int load_segment(void *ctx, const struct elf_segment *seg)
{
    struct task *t = ctx;
    uint64_t start = seg->vaddr & ~(UK_PAGE_SIZE - 1);
    uint64_t pages = (seg->vaddr + seg->memsz - start + UK_PAGE_SIZE - 1) / UK_PAGE_SIZE;
    uint8_t *mem = pool_alloc(pages);
    if (!mem)
        return UK_ENOMEM;
    memcpy(mem + (seg->vaddr - start), seg->data, seg->filesz);
    unsigned perms =
        (seg->flags & ELF_SEG_W ? UK_MAP_WRITE : 0) | (seg->flags & ELF_SEG_X ? UK_MAP_EXEC : 0);
    return (int)uk_map(t->space, (uint64_t)mem, start, pages, perms);
}

long task_create(struct task *t)
{
    return task_create_quota(t, TASK_QUOTA);
}

long task_create_quota(struct task *t, uint64_t frames)
{
    uint64_t entry;
    long e = uk_space_create(frames, &t->space);
    if (e)
        return e;
    t->next_stack = TASK_STACK_TOP;
    return elf_load((const void *)UK_IMAGE_VA, bootinfo->image_size, UK_USER_TOP, load_segment, t,
                    &entry);
}

void *task_map_new(struct task *t, uint64_t va, uint64_t pages, bool writable)
{
    void *mem = pool_alloc(pages);
    if (!mem || uk_map(t->space, (uint64_t)mem, va, pages, writable ? UK_MAP_WRITE : 0))
        return NULL;
    return mem;
}

long task_thread(struct task *t, void (*entry)(uint64_t), uint64_t arg, unsigned prio,
                 uint64_t exit_cap, uint64_t *thread_slot)
{
    uint64_t top = t->next_stack;
    /* One unmapped guard page below each stack. */
    t->next_stack -= (TASK_STACK_PAGES + 1) * UK_PAGE_SIZE;
    if (!task_map_new(t, top - TASK_STACK_PAGES * UK_PAGE_SIZE, TASK_STACK_PAGES, true))
        return UK_ENOMEM;
    /* The entry sees the stack as if called: rsp + 8 is 16-byte aligned. */
    return uk_thread_create(t->space, entry, top - 8, arg, prio, exit_cap, thread_slot);
}

long root_mint(uint64_t src_slot, unsigned rights, uint64_t badge, uint64_t *slot)
{
    return uk_cap_copy(UK_ROOT_SPACE_SLOT, UK_CAP_ANY, src_slot, rights, badge, slot);
}
