/* SPDX-License-Identifier: MIT */
/*
 * Self-tests of the device mechanisms a user-level driver needs: I/O ports
 * through a capability (the serial port's scratch register, 0x3ff, which
 * no one else uses), the RTC's periodic interrupt (IRQ 8) delivered as a
 * notification and masked until acknowledged, and contiguous DMA memory.
 * Each also checks that a task without the capability is refused.
 */
#include "selftest.h"
#include "portio.h"
#include <stddef.h>

#define VEC_GP 13
#define SCRATCH 0x3ffu /* COM1's scratch register */
#define RTC_INDEX 0x70u
#define RTC_IRQ 8u

static long io_ports(uint64_t cap, uint64_t space, uint64_t first, uint64_t n, uint64_t flags)
{
    return uk_sys(UK_SYS_IO_PORTS, cap, space, first, n, flags, 0, NULL);
}

static void scratch_rw(uint64_t shva)
{
    struct st_shared *sh = (struct st_shared *)shva;
    outb(SCRATCH, 0x5a);
    sh->v[0] = inb(SCRATCH);
    outb(SCRATCH, 0xa5);
    sh->v[1] = inb(SCRATCH);
    uk_thread_exit(0);
}

static void port_outside(uint64_t shva) /* the serial port's MSR, next to it */
{
    (void)shva;
    (void)inb(SCRATCH - 1);
    uk_thread_exit(0);
}

static void do_cli(uint64_t shva) /* ports are no I/O privilege level */
{
    (void)shva;
    __asm__ volatile("cli");
    uk_thread_exit(0);
}

/* A task holding no device capability tries each device call. */
static void no_caps(uint64_t shva)
{
    struct st_shared *sh = (struct st_shared *)shva;
    sh->v[0] = (uint64_t)io_ports(UK_ROOT_IOPORT_SLOT, 0, SCRATCH, 1, 0);
    sh->v[1] = (uint64_t)uk_sys(UK_SYS_IRQ_BIND, UK_ROOT_IRQ_SLOT, RTC_IRQ, 0, 0, 0, 0, NULL);
    sh->v[2] = (uint64_t)uk_sys(UK_SYS_IRQ_ACK, UK_ROOT_IRQ_SLOT, RTC_IRQ, 0, 0, 0, 0, NULL);
    sh->v[3] = (uint64_t)uk_sys(UK_SYS_DMA_ALLOC, UK_ROOT_DMA_SLOT, 0x800000, 1, 0, 0, 0, NULL);
    /* ST_SLOT: an IRQ capability root narrowed to line 4 only. */
    sh->v[4] = (uint64_t)uk_sys(UK_SYS_IRQ_BIND, ST_SLOT, RTC_IRQ, 0, 0, 0, 0, NULL);
    uk_thread_exit(0);
}

static int run_child(struct st_child *c, void (*fn)(uint64_t), struct uk_thread_status *st)
{
    struct st_thread t;
    CHECK(!st_start(c, fn, TASK_PRIO, &t));
    CHECK(!st_join(&t, st));
    return 0;
}

static int test_io_ports(void)
{
    struct st_child a, b;
    struct uk_thread_status st;
    CHECK(!st_child(&a));
    CHECK(!st_child(&b));
    CHECK_EQ(io_ports(UK_ROOT_IOPORT_SLOT, a.task.space, SCRATCH, 1, 0), UK_OK);
    CHECK(!run_child(&a, scratch_rw, &st));
    CHECK_EQ(st.state, UK_THREAD_EXITED);
    CHECK_EQ(a.sh->v[0], 0x5a);
    CHECK_EQ(a.sh->v[1], 0xa5);
    /* One port further, the granted task faults; so does any port in b. */
    CHECK(!run_child(&a, port_outside, &st));
    CHECK_EQ(st.state, UK_THREAD_KILLED);
    CHECK_EQ(st.vector, VEC_GP);
    CHECK(!run_child(&b, scratch_rw, &st));
    CHECK_EQ(st.state, UK_THREAD_KILLED);
    CHECK_EQ(st.vector, VEC_GP);
    /* Taken back, the port faults in a too. */
    CHECK_EQ(io_ports(UK_ROOT_IOPORT_SLOT, a.task.space, SCRATCH, 1, UK_IO_DENY), UK_OK);
    CHECK(!run_child(&a, scratch_rw, &st));
    CHECK_EQ(st.state, UK_THREAD_KILLED);
    CHECK_EQ(st.vector, VEC_GP);
    /* A narrowed capability covers its range only, and cannot widen. */
    uint64_t one, wide;
    CHECK_EQ(root_mint(UK_ROOT_IOPORT_SLOT, UK_RIGHTS_ALL, UK_IO_RANGE(SCRATCH, 1), &one), UK_OK);
    CHECK_EQ(io_ports(one, a.task.space, SCRATCH - 1, 1, 0), UK_EPERM);
    CHECK_EQ(io_ports(one, a.task.space, SCRATCH, 2, 0), UK_EPERM);
    CHECK_EQ(root_mint(one, UK_RIGHTS_ALL, UK_IO_RANGE(0x3f8, 8), &wide), UK_EPERM);
    CHECK_EQ(io_ports(one, a.task.space, SCRATCH, 0, 0), UK_EINVAL);
    CHECK_EQ(io_ports(one, a.task.space, SCRATCH, 1, 2), UK_EINVAL);
    CHECK_EQ(io_ports(one, a.task.space, SCRATCH, 1, 0), UK_OK);
    CHECK(!run_child(&a, scratch_rw, &st));
    CHECK_EQ(st.state, UK_THREAD_EXITED);
    CHECK_EQ(a.sh->v[0], 0x5a);
    CHECK(!run_child(&a, do_cli, &st));
    CHECK_EQ(st.state, UK_THREAD_KILLED);
    CHECK_EQ(st.vector, VEC_GP);
    return 0;
}

static uint8_t rtc_read(uint8_t reg)
{
    outb(RTC_INDEX, reg);
    return inb(RTC_INDEX + 1);
}

static void rtc_write(uint8_t reg, uint8_t v)
{
    outb(RTC_INDEX, reg);
    outb(RTC_INDEX + 1, v);
}

static int test_irq(void)
{
    uint64_t n, bits = 0, line4;
    struct st_child c;
    struct uk_thread_status st;
    CHECK_EQ(uk_notification_create(&n), UK_OK);
    CHECK_EQ(uk_sys(UK_SYS_IRQ_BIND, UK_ROOT_IRQ_SLOT, 0, n, 0, 0, 0, NULL), UK_EPERM); /* timer */
    CHECK_EQ(uk_sys(UK_SYS_IRQ_BIND, UK_ROOT_IRQ_SLOT, 16, n, 0, 0, 0, NULL), UK_EINVAL);
    CHECK_EQ(uk_sys(UK_SYS_IRQ_ACK, UK_ROOT_IRQ_SLOT, RTC_IRQ, 0, 0, 0, 0, NULL), UK_EINVAL);
    CHECK_EQ(uk_sys(UK_SYS_IRQ_BIND, UK_ROOT_IRQ_SLOT, RTC_IRQ, n, 0, 0, 0, NULL), UK_OK);
    CHECK_EQ(uk_sys(UK_SYS_IRQ_BIND, UK_ROOT_IRQ_SLOT, RTC_IRQ, n, 0, 0, 0, NULL), UK_EBUSY);

    /* A task without the capability, or with one for another line. */
    CHECK(!st_child(&c));
    CHECK_EQ(root_mint(UK_ROOT_IRQ_SLOT, UK_RIGHTS_ALL, 1u << 4, &line4), UK_OK);
    CHECK_EQ(uk_cap_copy(c.task.space, ST_SLOT, line4, UK_RIGHTS_ALL, 0, NULL), UK_OK);
    CHECK(!run_child(&c, no_caps, &st));
    CHECK_EQ(st.state, UK_THREAD_EXITED);
    for (unsigned i = 0; i < 4; i++)
        CHECK_EQ(c.sh->v[i], (uint64_t)UK_ECAP);
    CHECK_EQ(c.sh->v[4], (uint64_t)UK_EPERM);

    /* The RTC's periodic interrupt at 64 Hz (rate 10), on the vm clock. */
    CHECK_EQ(io_ports(UK_ROOT_IOPORT_SLOT, UK_ROOT_SPACE_SLOT, RTC_INDEX, 2, 0), UK_OK);
    rtc_write(0x0a, (rtc_read(0x0a) & 0xf0) | 10);
    rtc_write(0x0b, rtc_read(0x0b) | 0x40);
    (void)rtc_read(0x0c);
    CHECK_EQ(uk_wait_timeout(n, 100, &bits), UK_OK);
    CHECK_EQ(bits, 1);
    /* Served (reg C read), the RTC interrupts again every 1/64 s, but
     * the line stays masked until the acknowledgement. */
    (void)rtc_read(0x0c);
    CHECK_EQ(uk_wait_timeout(n, 20, &bits), UK_ETIMEOUT);
    CHECK_EQ(uk_sys(UK_SYS_IRQ_ACK, UK_ROOT_IRQ_SLOT, RTC_IRQ, 0, 0, 0, 0, NULL), UK_OK);
    CHECK_EQ(uk_wait_timeout(n, 100, &bits), UK_OK);
    CHECK_EQ(bits, 1);

    rtc_write(0x0b, rtc_read(0x0b) & ~0x40);
    (void)rtc_read(0x0c);
    CHECK_EQ(io_ports(UK_ROOT_IOPORT_SLOT, UK_ROOT_SPACE_SLOT, RTC_INDEX, 2, UK_IO_DENY), UK_OK);
    CHECK_EQ(uk_sys(UK_SYS_IRQ_BIND, UK_ROOT_IRQ_SLOT, RTC_IRQ, UK_CAP_ANY, 0, 0, 0, NULL), UK_OK);
    CHECK_EQ(uk_sys(UK_SYS_IRQ_BIND, UK_ROOT_IRQ_SLOT, RTC_IRQ, UK_CAP_ANY, 0, 0, 0, NULL),
             UK_EINVAL);
    /* Unbound, nothing arrives any more. */
    CHECK_EQ(uk_wait_timeout(n, 10, &bits), UK_ETIMEOUT);
    return 0;
}

#define DMA_VA 0x900000ull
#define DMA_PAGES 16

static int test_dma(void)
{
    struct st_child c;
    struct uk_thread_status st;
    uint64_t pa = 0, pa2 = 0, q0, q1;
    CHECK_EQ(uk_sys(UK_SYS_QUOTA, UK_CAP_ANY, 0, 0, 0, 0, 0, &q0), UK_OK);
    CHECK_EQ(uk_sys(UK_SYS_DMA_ALLOC, UK_ROOT_DMA_SLOT, DMA_VA, 0, 0, 0, 0, NULL), UK_EFAULT);
    CHECK_EQ(
        uk_sys(UK_SYS_DMA_ALLOC, UK_ROOT_DMA_SLOT, DMA_VA, UK_DMA_MAX_PAGES + 1, 0, 0, 0, NULL),
        UK_EINVAL);
    CHECK_EQ(uk_sys(UK_SYS_DMA_ALLOC, UK_ROOT_DMA_SLOT, DMA_VA + 1, 1, 0, 0, 0, NULL), UK_EINVAL);
    CHECK_EQ(uk_sys(UK_SYS_DMA_ALLOC, UK_ROOT_DMA_SLOT, UK_POOL_VA, 1, 0, 0, 0, NULL), UK_EBUSY);
    CHECK_EQ(uk_sys(UK_SYS_QUOTA, UK_CAP_ANY, 0, 0, 0, 0, 0, &q1), UK_OK);
    CHECK_EQ(q1, q0); /* refused: nothing charged */
    CHECK_EQ(uk_sys(UK_SYS_DMA_ALLOC, UK_ROOT_DMA_SLOT, DMA_VA, DMA_PAGES, 0, 0, 0, &pa), UK_OK);
    CHECK(pa && !(pa & (UK_PAGE_SIZE - 1)));
    CHECK_EQ(uk_sys(UK_SYS_DMA_ALLOC, UK_ROOT_DMA_SLOT, DMA_VA, 1, 0, 0, 0, NULL), UK_EBUSY);
    /* Contiguous: the page-table walk of a lookup finds page i's frame at
     * pa + i pages.  The pages are zeroed and writable. */
    volatile uint64_t *p = (volatile uint64_t *)DMA_VA;
    for (unsigned i = 0; i < DMA_PAGES; i++) {
        uint64_t va = DMA_VA + i * UK_PAGE_SIZE + 8 * i, frame = 0;
        CHECK_EQ(uk_sys(UK_SYS_DMA_ALLOC, UK_ROOT_DMA_SLOT, va, 0, 0, 0, 0, &frame), UK_OK);
        CHECK_EQ(frame, pa + i * UK_PAGE_SIZE + 8 * i);
        CHECK_EQ(p[i * UK_PAGE_SIZE / 8], 0);
        p[i * UK_PAGE_SIZE / 8] = i;
    }
    CHECK_EQ(uk_sys(UK_SYS_QUOTA, UK_CAP_ANY, 0, 0, 0, 0, 0, &q1), UK_OK);
    CHECK(q1 <= q0 - DMA_PAGES); /* the frames, and any tables, charged */
    CHECK_EQ(uk_sys(UK_SYS_DMA_ALLOC, UK_ROOT_DMA_SLOT, UK_MAP_TOP, 0, 0, 0, 0, NULL), UK_EFAULT);
    CHECK_EQ(uk_sys(UK_SYS_DMA_ALLOC, UK_ROOT_DMA_SLOT, DMA_VA + DMA_PAGES * UK_PAGE_SIZE, 1, 0, 0,
                    0, &pa2),
             UK_OK);
    CHECK(pa2 < pa || pa2 >= pa + DMA_PAGES * UK_PAGE_SIZE);

    /* A task without the DMA capability is refused. */
    CHECK(!st_child(&c));
    CHECK(!run_child(&c, no_caps, &st));
    CHECK_EQ(c.sh->v[3], (uint64_t)UK_ECAP);
    return 0;
}

const struct selftest selftests_device[] = {
    { "devices: I/O ports only through a capability, exactly its range", test_io_ports },
    { "devices: IRQ 8 (RTC) as a notification, masked until acknowledged", test_irq },
    { "devices: contiguous DMA memory through a capability", test_dma },
    { NULL, NULL },
};
