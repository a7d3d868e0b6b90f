/* SPDX-License-Identifier: MIT */
/*
 * Self-tests of protection: a task that touches kernel memory or memory
 * that is not its own, runs a privileged instruction or faults otherwise
 * is ended with a console message while the rest carries on; bad
 * pointers, lengths and numbers given to the kernel are error codes;
 * mapping and unmapping by the root task; timer preemption and priority.
 */
#include "selftest.h"
#include "string.h"

#define KERNEL_ADDR 0xffffffff80100000ull
#define OTHER_VA 0x600000ull
#define VEC_UD 6
#define VEC_GP 13
#define VEC_PF 14

static void read_kernel(uint64_t shva)
{
    (void)shva;
    (void)*(volatile uint64_t *)KERNEL_ADDR;
    uk_thread_exit(0);
}

static void write_other(uint64_t shva)
{
    (void)shva;
    *(volatile uint64_t *)OTHER_VA = 666;
    uk_thread_exit(0);
}

static void write_own_text(uint64_t shva)
{
    (void)shva;
    *(volatile uint8_t *)(uint64_t)write_own_text = 0xc3;
    uk_thread_exit(0);
}

static void do_cli(uint64_t shva)
{
    (void)shva;
    __asm__ volatile("cli");
    uk_thread_exit(0);
}

static void do_hlt(uint64_t shva)
{
    (void)shva;
    __asm__ volatile("hlt");
    uk_thread_exit(0);
}

static void do_port_io(uint64_t shva) /* would power QEMU off if allowed */
{
    (void)shva;
    __asm__ volatile("outb %%al, $0xf4" : : "a"(0));
    uk_thread_exit(0);
}

static void do_int(uint64_t shva) /* the timer's vector: gate DPL is 0 */
{
    (void)shva;
    __asm__ volatile("int $32");
    uk_thread_exit(0);
}

static void do_cr3(uint64_t shva)
{
    (void)shva;
    uint64_t v;
    __asm__ volatile("mov %%cr3, %0" : "=r"(v));
    uk_thread_exit(v);
}

static void do_ud2(uint64_t shva)
{
    (void)shva;
    __asm__ volatile("ud2");
}

/* Run fn in a new task and check it was killed with `vector` (and, for a
 * page fault, at `addr`). */
static int expect_killed(void (*fn)(uint64_t), uint64_t vector, uint64_t addr)
{
    struct st_child c;
    struct st_thread t;
    struct uk_thread_status st;
    CHECK(!st_child(&c));
    CHECK(!st_start(&c, fn, TASK_PRIO, &t));
    CHECK(!st_join(&t, &st));
    CHECK_EQ(st.state, UK_THREAD_KILLED);
    CHECK_EQ(st.vector, vector);
    if (vector == VEC_PF)
        CHECK_EQ(st.value, addr);
    return 0;
}

static int test_kernel_memory(void)
{
    CHECK(!expect_killed(read_kernel, VEC_PF, KERNEL_ADDR));
    CHECK(!expect_killed(write_own_text, VEC_PF, (uint64_t)write_own_text));
    return 0;
}

static int test_privileged_instructions(void)
{
    CHECK(!expect_killed(do_cli, VEC_GP, 0));
    CHECK(!expect_killed(do_hlt, VEC_GP, 0));
    CHECK(!expect_killed(do_port_io, VEC_GP, 0));
    CHECK(!expect_killed(do_int, VEC_GP, 0));
    CHECK(!expect_killed(do_cr3, VEC_GP, 0));
    CHECK(!expect_killed(do_ud2, VEC_UD, 0));
    return 0;
}

static int serve(void (*fn)(uint64_t), struct st_child *c, uint64_t *client)
{
    struct st_thread t;
    uint64_t ep;
    if (uk_endpoint_create(&ep) || st_child(c) ||
        uk_cap_copy(c->task.space, ST_SLOT, ep, UK_RIGHT_RECV, 0, NULL) ||
        root_mint(ep, UK_RIGHT_SEND, 0, client))
        return -1;
    return st_start(c, fn, TASK_PRIO, &t);
}

static int test_other_task_memory(void)
{
    struct st_child b;
    uint64_t client;
    /* Task B serves calls and has a page at OTHER_VA holding 42. */
    CHECK(!serve(st_doubler, &b, &client));
    volatile uint64_t *bpage = task_map_new(&b.task, OTHER_VA, 1, true);
    CHECK(bpage);
    *bpage = 42;
    /* Task A writes to the same address in its own space: not mapped there. */
    CHECK(!expect_killed(write_other, VEC_PF, OTHER_VA));
    CHECK_EQ(*bpage, 42);
    struct uk_msg m = { 0, { 21, 0, 0, 0 } };
    CHECK_EQ(uk_call(client, &m, NULL, NULL, 0), UK_OK);
    CHECK_EQ(m.mr[0], 42);
    return 0;
}

static int test_bad_pointers(void)
{
    static uint8_t buf[64];
    uint64_t ep, slot;
    CHECK_EQ(uk_debug_write((void *)KERNEL_ADDR, 8), UK_EFAULT);
    CHECK_EQ(uk_debug_write((void *)0x1000, 8), UK_EFAULT);
    CHECK_EQ(uk_debug_write((void *)(UK_USER_TOP - 4), 8), UK_EFAULT);
    CHECK_EQ(uk_debug_write(buf, 2ull << 20), UK_EINVAL);
    CHECK_EQ(uk_debug_write(buf, ~0ull), UK_EINVAL);
    CHECK_EQ(uk_endpoint_create(&ep), UK_OK);
    struct uk_msg m = { 5000 | UK_INFO_POLL, { 0 } };
    CHECK_EQ(uk_send(ep, &m, buf), UK_EINVAL); /* longer than UK_MSG_MAX */
    m.info = 100 | UK_INFO_POLL;
    CHECK_EQ(uk_send(ep, &m, (void *)0x1000), UK_EFAULT);
    CHECK_EQ(uk_send(ep, &m, (void *)KERNEL_ADDR), UK_EFAULT);
    CHECK_EQ(uk_map(UK_ROOT_SPACE_SLOT, UK_POOL_VA + 1, 0x700000, 1, 0), UK_EINVAL);
    CHECK_EQ(uk_map(UK_ROOT_SPACE_SLOT, UK_POOL_VA, KERNEL_ADDR, 1, 0), UK_EINVAL);
    CHECK_EQ(uk_map(UK_ROOT_SPACE_SLOT, 0x1000, 0x700000, 1, 0), UK_EFAULT);
    CHECK_EQ(uk_map(UK_ROOT_SPACE_SLOT, UK_POOL_VA, 0x700000, 0, 0), UK_EINVAL);
    CHECK_EQ(uk_map(UK_ROOT_SPACE_SLOT, UK_IMAGE_VA, 0x700000, 1, UK_MAP_WRITE), UK_EFAULT);
    CHECK_EQ(uk_unmap(UK_ROOT_SPACE_SLOT, KERNEL_ADDR, 1), UK_EINVAL);
    CHECK_EQ(uk_thread_create(UK_ROOT_SPACE_SLOT, (void (*)(uint64_t))KERNEL_ADDR, 0x1000, 0, 1,
                              ~0ull, &slot),
             UK_EINVAL);
    CHECK_EQ(uk_thread_create(UK_ROOT_SPACE_SLOT, (void (*)(uint64_t))0x400000, 0x1000, 0, 99,
                              ~0ull, &slot),
             UK_EINVAL);
    CHECK_EQ(uk_cap_delete(1000), UK_ECAP);
    return 0;
}

/* Child: answer every call with 64 bytes from the shared page. */
static void long_replier(uint64_t shva)
{
    struct st_shared *sh = (void *)shva;
    struct uk_msg m;
    long e = uk_recv(ST_SLOT, 0, &m, NULL, 0, NULL);
    for (;;) {
        if (e) {
            sh->v[2] = (uint64_t)e;
            e = uk_recv(ST_SLOT, 0, &m, NULL, 0, NULL);
            continue;
        }
        m.info = 64;
        e = uk_reply_recv(ST_SLOT, &m, sh->buf, NULL, 0, NULL);
    }
}

static int test_bad_receive_buffer(void)
{
    struct st_child c, e;
    uint64_t client, client2;
    static uint8_t out[100], in[64];
    /* The server's receive buffer is empty (capacity 0): a long message is
     * cut to nothing and flagged, the call itself still works. */
    CHECK(!serve(st_doubler, &c, &client));
    struct uk_msg m = { 100, { 4, 0, 0, 0 } };
    CHECK_EQ(uk_call(client, &m, out, NULL, 0), UK_OK);
    CHECK_EQ(m.mr[0], 8);
    /* Root's receive buffer is read-only: the reply is not delivered, root
     * learns it, the server goes on, and a call with a good buffer works. */
    CHECK(!serve(long_replier, &e, &client2));
    memset(e.sh->buf, 0x5a, 64);
    m = (struct uk_msg){ 0, { 0 } };
    CHECK_EQ(uk_call(client2, &m, NULL, (void *)UK_IMAGE_VA, 64), UK_EFAULT);
    CHECK_EQ(e.sh->v[2], 0);
    m = (struct uk_msg){ 0, { 0 } };
    CHECK_EQ(uk_call(client2, &m, NULL, in, sizeof(in)), UK_OK);
    CHECK_EQ(m.info & UK_INFO_LEN_MASK, 64);
    CHECK_EQ(in[63], 0x5a);
    return 0;
}

static void read_page(uint64_t shva)
{
    struct st_shared *sh = (void *)shva;
    sh->v[0] = *(volatile uint64_t *)0x700000;
    uk_thread_exit(0);
}

static int test_map_unmap(void)
{
    struct st_child c;
    struct st_thread t1, t2;
    struct uk_thread_status st;
    uint64_t *page = pool_alloc(1);
    CHECK(page);
    *page = 0x1234;
    CHECK(!st_child(&c));
    CHECK_EQ(uk_map(c.task.space, (uint64_t)page, 0x700000, 1, 0), UK_OK);
    CHECK(!st_start(&c, read_page, TASK_PRIO, &t1));
    CHECK(!st_join(&t1, &st));
    CHECK_EQ(st.state, UK_THREAD_EXITED);
    CHECK_EQ(c.sh->v[0], 0x1234);
    CHECK_EQ(uk_unmap(c.task.space, 0x700000, 1), UK_OK);
    CHECK(!st_start(&c, read_page, TASK_PRIO, &t2));
    CHECK(!st_join(&t2, &st));
    CHECK_EQ(st.state, UK_THREAD_KILLED);
    CHECK_EQ(st.vector, VEC_PF);
    CHECK_EQ(st.value, 0x700000);
    return 0;
}

static void try_shutdown(uint64_t shva)
{
    struct st_shared *sh = (void *)shva;
    sh->v[0] = (uint64_t)uk_shutdown(0);
    uk_thread_exit(0);
}

static int test_shutdown_is_root_only(void)
{
    struct st_child c;
    struct st_thread t;
    struct uk_thread_status st;
    CHECK(!st_child(&c));
    CHECK(!st_start(&c, try_shutdown, TASK_PRIO, &t));
    CHECK(!st_join(&t, &st));
    CHECK_EQ(c.sh->v[0], UK_EPERM);
    return 0;
}

/* Spinner and watcher at one priority: the watcher can only see the
 * counter move if the timer preempts it. */
static void spinner(uint64_t shva)
{
    struct st_shared *sh = (void *)shva;
    while (!sh->v[1])
        sh->v[0]++;
    uk_thread_exit(0);
}

static void watcher(uint64_t shva)
{
    struct st_shared *sh = (void *)shva;
    while (sh->v[0] < 1000)
        ;
    sh->v[1] = 1;
    uk_thread_exit(0);
}

static int test_preemption(void)
{
    struct st_child c;
    struct st_thread a, b;
    struct uk_thread_status st;
    CHECK(!st_child(&c));
    CHECK(!st_start(&c, watcher, TASK_PRIO, &b));
    CHECK(!st_start(&c, spinner, TASK_PRIO, &a));
    CHECK(!st_join(&b, &st));
    CHECK_EQ(st.state, UK_THREAD_EXITED);
    CHECK(!st_join(&a, &st));
    CHECK_EQ(st.state, UK_THREAD_EXITED);
    CHECK(c.sh->v[0] >= 1000);
    return 0;
}

/* Two threads of one priority that yield after each step: they must
 * alternate strictly (v[0] counts steps, buf records who took each). */
static void yielder(uint64_t shva, uint8_t who)
{
    struct st_shared *sh = (void *)shva;
    for (int i = 0; i < 5; i++) {
        sh->buf[sh->v[0]++] = who;
        uk_yield();
    }
    uk_thread_exit(0);
}

static void yielder_a(uint64_t shva)
{
    yielder(shva, 'a');
}

static void yielder_b(uint64_t shva)
{
    yielder(shva, 'b');
}

static int test_yield(void)
{
    struct st_child c;
    struct st_thread a, b;
    struct uk_thread_status st;
    CHECK(!st_child(&c));
    CHECK(!st_start(&c, yielder_a, TASK_PRIO, &a));
    CHECK(!st_start(&c, yielder_b, TASK_PRIO, &b));
    CHECK(!st_join(&a, &st));
    CHECK(!st_join(&b, &st));
    CHECK_EQ(c.sh->v[0], 10);
    CHECK(!memcmp(c.sh->buf, "ababababab", 10));
    return 0;
}

static void mark(uint64_t shva)
{
    ((struct st_shared *)shva)->v[0] = 1;
    uk_thread_exit(0);
}

/* Started by a lower-priority thread of its own task, which then looks. */
static void start_and_look(uint64_t shva)
{
    struct st_shared *sh = (struct st_shared *)shva;
    sh->v[2] = (uint64_t)uk_thread_start(ST_SLOT);
    sh->v[1] = sh->v[0]; /* 1 if the started thread already ran */
    uk_thread_exit(0);
}

static int test_priority(void)
{
    struct st_child c;
    struct st_thread low;
    struct uk_thread_status st;
    uint64_t high, high_ntfn;
    CHECK(!st_child(&c));
    /* Root outranks every thread (none may outrank its creator), so a
     * thread of 20 starts one of 25: that one must run to its end first. */
    CHECK_EQ(uk_notification_create(&high_ntfn), UK_OK);
    CHECK_EQ(task_thread(&c.task, mark, ST_SHARED_VA, 25, high_ntfn, &high), UK_OK);
    CHECK_EQ(uk_cap_copy(c.task.space, ST_SLOT, high, UK_RIGHT_CONTROL, 0, NULL), UK_OK);
    CHECK(!st_start(&c, start_and_look, 20, &low));
    CHECK(!st_join(&low, &st));
    CHECK_EQ(c.sh->v[2], UK_OK);
    CHECK_EQ(c.sh->v[1], 1);
    CHECK_EQ(uk_thread_status(high, &st), UK_OK);
    CHECK_EQ(st.state, UK_THREAD_EXITED);
    CHECK_EQ(uk_thread_start(high), UK_EINVAL); /* not startable twice */
    return 0;
}

const struct selftest selftests_isolation[] = {
    { "touching kernel memory or own text ends the task", test_kernel_memory },
    { "privileged instructions and port I/O end the task", test_privileged_instructions },
    { "another task's memory is out of reach; that task carries on", test_other_task_memory },
    { "bad pointers, lengths and numbers give error codes", test_bad_pointers },
    { "receive buffers: empty ones cut, read-only ones are not written", test_bad_receive_buffer },
    { "root maps and unmaps pages of other tasks", test_map_unmap },
    { "only the root task may shut down", test_shutdown_is_root_only },
    { "the timer preempts a spinning thread", test_preemption },
    { "yield passes the CPU round robin", test_yield },
    { "a higher-priority thread runs at once", test_priority },
    { NULL, NULL },
};
