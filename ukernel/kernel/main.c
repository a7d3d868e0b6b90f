/* SPDX-License-Identifier: MIT */
/*
 * Kernel start: a straight line from boot.S to the first user thread.
 * Console, page tables, descriptor tables, free memory from the multiboot
 * map, timer, root task; then leave for user mode and never come back to
 * this stack frame (all later kernel entries start afresh in entry.S).
 */
#include "cpu.h"
#include "frame.h"
#include "paging.h"
#include "printk.h"
#include "root_task.h"
#include "sched.h"
#include "serial.h"
#include "timer.h"

/* Multiboot v1 information (the Multiboot Specification 0.6.96, 3.3). */
struct mb_info {
    uint32_t flags, mem_lower, mem_upper, boot_device, cmdline;
    uint32_t mods_count, mods_addr, syms[4], mmap_length, mmap_addr;
} __attribute__((packed));

struct mb_mmap_entry {
    uint32_t size;
    uint64_t base, length;
    uint32_t type;
} __attribute__((packed));

#define MB_INFO_CMDLINE (1u << 2)
#define MB_INFO_MMAP (1u << 6)
#define MB_MEMORY_AVAILABLE 1

extern const char _kernel_end[];
extern _Noreturn void return_to_user(void);

static char cmdline[512];
static struct space boot_space; /* the "previous" space of the first switch */
static struct thread boot_thread;

/* Copy the command line out before its memory is handed out as frames. */
static void read_cmdline(const struct mb_info *mbi)
{
    if (!(mbi->flags & MB_INFO_CMDLINE))
        return;
    const char *s = phys_to_virt(mbi->cmdline);
    for (unsigned i = 0; s[i] && i < sizeof(cmdline) - 1; i++)
        cmdline[i] = s[i];
}

static void add_free_memory(const struct mb_info *mbi)
{
    uint64_t kernel_end = virt_to_phys(_kernel_end);

    if (!(mbi->flags & MB_INFO_MMAP))
        panic("boot loader gave no memory map");
    const uint8_t *p = phys_to_virt(mbi->mmap_addr), *end = p + mbi->mmap_length;
    while (p < end) {
        const struct mb_mmap_entry *e = (const void *)p;
        uint64_t lo = e->base, hi = e->base + e->length;
        if (e->type == MB_MEMORY_AVAILABLE && hi > kernel_end)
            frame_add_range(lo > kernel_end ? lo : kernel_end, hi);
        p += e->size + 4;
    }
}

void kmain(uint32_t mbi_phys)
{
    serial_init();
    paging_init();
    cpu_init();

    const struct mb_info *mbi = phys_to_virt(mbi_phys);
    read_cmdline(mbi);
    add_free_memory(mbi);
    kprintf("uk: booting; fastpath %s; protection: %s; %lu MiB free; cmdline \"%s\"\n",
            FASTPATH ? "on" : "off", cpu_features(), frame_free_count() >> 8, cmdline);

    timer_init(TIMER_HZ);
    root_task_create(cmdline, FASTPATH);

    boot_thread.space = &boot_space;
    boot_thread.state = TS_DEAD;
    cur_thread = &boot_thread;
    sched_schedule();
    return_to_user();
}
