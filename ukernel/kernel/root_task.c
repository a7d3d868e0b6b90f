/* SPDX-License-Identifier: MIT */
/*
 * The root task: the one user program the kernel starts by itself.  Its
 * ELF image is linked into the kernel (kernel/user_image.S).  The kernel
 * gives it its own space and thread capabilities, a read-only copy of the
 * image (to start further tasks from), a zeroed memory pool to hand out,
 * and a boot-info page with the command line.  Everything else, including
 * which tasks run and who may talk to whom, is the root task's decision.
 */
#include "root_task.h"
#include "device.h"
#include "elf_load.h"
#include "frame.h"
#include "paging.h"
#include "printk.h"
#include "sched.h"
#include "string.h"
#include "timer.h"

/* The highest: threads never outrank their creator, and root creates all. */
#define ROOT_PRIO UK_PRIO_MAX
#define POOL_BYTES (64ull << 20)

extern const uint8_t user_image_start[], user_image_end[];
extern const char _kernel_start[], _kernel_text_end[], _kernel_end[];

static int load_segment(void *ctx, const struct elf_segment *seg)
{
    struct space *s = ctx;
    uint64_t flags =
        PTE_U | (seg->flags & ELF_SEG_W ? PTE_W : 0) | (seg->flags & ELF_SEG_X ? 0 : PTE_NX);
    uint64_t start = seg->vaddr & ~(PAGE_SIZE - 1), end = seg->vaddr + seg->memsz;

    for (uint64_t va = start; va < end; va += PAGE_SIZE) {
        uint64_t pte = paging_lookup(s->root, va), pa = pte & PTE_ADDR;
        if (!(pte & PTE_P)) { /* a page may hold the ends of two segments */
            pa = frame_alloc();
            if (!pa || !space_map_root(s, va, pa, flags))
                return -1;
        }
        /* Copy the part of the file data that falls into this page. */
        uint64_t lo = va > seg->vaddr ? va : seg->vaddr;
        uint64_t hi =
            va + PAGE_SIZE < seg->vaddr + seg->filesz ? va + PAGE_SIZE : seg->vaddr + seg->filesz;
        if (lo < hi)
            memcpy((uint8_t *)phys_to_virt(pa) + (lo - va), seg->data + (lo - seg->vaddr), hi - lo);
    }
    return 0;
}

void root_task_create(const char *cmdline, bool fastpath)
{
    uint64_t image_size = (uint64_t)(user_image_end - user_image_start), entry;
    struct space *s = space_create(NULL, SPACE_COST);
    if (!s)
        panic("no memory for the root task");
    s->is_root_task = true;
    /* Its page tables and mapping records are charged as usual; the
     * account is set to what is left at the end. */
    s->quota = frame_free_count();

    if (elf_load(user_image_start, image_size, UK_USER_TOP, load_segment, s, &entry))
        panic("root task image is malformed or too large");
    for (uint64_t off = 0; off < image_size; off += PAGE_SIZE)
        if (!space_map_root(s, UK_IMAGE_VA + off, virt_to_phys(user_image_start + off),
                            PTE_U | PTE_NX))
            panic("no memory for the root task");

    uint64_t info_pa = frame_alloc();
    struct uk_bootinfo *bi = phys_to_virt(info_pa);
    bi->image_size = image_size;
    bi->pool_size = POOL_BYTES;
    bi->fastpath = fastpath;
    bi->kernel_text_bytes = (uint64_t)(_kernel_text_end - _kernel_start);
    bi->timer_hz = TIMER_HZ;
    strlcpy(bi->cpu_protection, cpu_features(), sizeof(bi->cpu_protection));
    strlcpy(bi->cmdline, cmdline, sizeof(bi->cmdline));
    if (!space_map_root(s, UK_BOOTINFO_VA, info_pa, PTE_U | PTE_NX) ||
        /* Writable and executable: a mapping is executable only if its
         * source is, and the pool is where root builds other tasks' code. */
        space_alloc(s, UK_POOL_VA, POOL_BYTES / PAGE_SIZE, UK_MAP_WRITE | UK_MAP_EXEC) ||
        space_alloc(s, UK_ROOT_STACK_TOP - UK_ROOT_STACK_PAGES * PAGE_SIZE, UK_ROOT_STACK_PAGES,
                    UK_MAP_WRITE))
        panic("no memory for the root task");

    struct thread *t = thread_create(NULL, s, entry, UK_ROOT_STACK_TOP, 0, ROOT_PRIO);
    if (!t)
        panic("no memory for the root thread");
    space_cap_insert(s, CAP_SPACE, UK_RIGHTS_ALL, s);  /* UK_ROOT_SPACE_SLOT */
    space_cap_insert(s, CAP_THREAD, UK_RIGHTS_ALL, t); /* UK_ROOT_THREAD_SLOT */
    device_root_caps(s);
    /* Every frame left is root's to hand out: from now on each kernel
     * allocation is charged to some space's account. */
    s->quota = frame_free_count();
    sched_ready(t);
}
