/* SPDX-License-Identifier: MIT */
/*
 * Self-tests of the kernel against hostile tasks: work per call is
 * bounded, no user action panics the kernel, a call that fails changes
 * nothing, arguments are checked whole, and the IPC fastpath gives the
 * receiver exactly what the general path gives.
 */
#include "selftest.h"
#include "wl.h"
#include <stddef.h>

#define NO_CAP (~0ull)

static void touch_shared(uint64_t shva)
{
    ((struct st_shared *)shva)->v[0] = 1;
    uk_thread_exit(0);
}

/* Unmapping the whole user half of a space is quick (empty page-table
 * levels are skipped, long work is restarted in bounded steps) and takes
 * everything away: the task's first instruction then faults. */
static int test_huge_unmap(void)
{
    struct st_child c;
    struct st_thread t;
    struct uk_thread_status st;
    uint64_t pages = (UK_MAP_TOP - UK_PAGE_SIZE) / UK_PAGE_SIZE;

    CHECK(!st_child(&c));
    uint64_t t0 = wl_cycles();
    struct uk_regs r = { c.task.space, UK_PAGE_SIZE, pages, 0, 0, 0, 0, 0, 0 };
    CHECK_EQ(uk_syscall(UK_SYS_UNMAP, &r), UK_OK);
    uint64_t cost = wl_cycles() - t0;
    CHECK_EQ(r.rdx, 0); /* the registers say how far it got: all the way */
    CHECK_EQ(r.rsi, UK_MAP_TOP);
    console_printf("# unmap of %lu pages: %lu %s\n", (unsigned long)pages, (unsigned long)cost,
                   "timestamp units");
    CHECK(cost < 20000000);
    CHECK(!st_start(&c, touch_shared, TASK_PRIO, &t));
    CHECK(!st_join(&t, &st));
    CHECK_EQ(st.state, UK_THREAD_KILLED);
    CHECK_EQ(st.vector, 14);
    CHECK_EQ(c.sh->v[0], 0);
    return 0;
}

static void block_forever(uint64_t shva)
{
    struct uk_msg m;
    ((struct st_shared *)shva)->v[0] = 1;
    uk_recv(ST_SLOT, 0, &m, NULL, 0, NULL); /* nobody ever sends */
    ((struct st_shared *)shva)->v[0] = 2;
    uk_thread_exit(0);
}

/* Every thread blocked is an idle state, not a kernel panic; a timed wait
 * ends it. */
static int test_all_blocked_idles(void)
{
    struct st_child c;
    struct st_thread t;
    uint64_t ep, ntfn, bits = 0;

    CHECK(!st_child(&c));
    CHECK_EQ(uk_endpoint_create(&ep), UK_OK);
    CHECK_EQ(uk_cap_copy(c.task.space, ST_SLOT, ep, UK_RIGHT_RECV, 0, NULL), UK_OK);
    CHECK_EQ(uk_notification_create(&ntfn), UK_OK);
    CHECK(!st_start(&c, block_forever, TASK_PRIO, &t));
    CHECK_EQ(uk_wait_timeout(ntfn, 0, &bits), UK_ETIMEOUT); /* 0 ticks: a poll */
    CHECK_EQ(uk_wait_timeout(ntfn, 3, &bits), UK_ETIMEOUT);
    CHECK_EQ(c.sh->v[0], 1); /* the child ran and blocked */
    CHECK_EQ(uk_notify(ntfn), UK_OK);
    CHECK_EQ(uk_wait_timeout(ntfn, 3, &bits), UK_OK); /* pending bits: at once */
    CHECK_EQ(bits, 1);
    return 0;
}

/* The last user page can never be mapped (sysret to a non-canonical
 * address otherwise); the page below it can. */
static int test_last_page_refused(void)
{
    struct st_child c;
    void *page = pool_alloc(1);

    CHECK(page);
    CHECK(!st_child(&c));
    CHECK_EQ(uk_map(c.task.space, (uint64_t)page, UK_MAP_TOP, 1, 0), UK_EINVAL);
    CHECK_EQ(uk_map(c.task.space, (uint64_t)page, UK_MAP_TOP - UK_PAGE_SIZE, 2, 0), UK_EINVAL);
    CHECK_EQ(uk_map(c.task.space, (uint64_t)page, UK_MAP_TOP - UK_PAGE_SIZE, 1, 0), UK_OK);
    CHECK_EQ(uk_unmap(c.task.space, UK_MAP_TOP, 1), UK_EINVAL);
    CHECK_EQ(uk_map(c.task.space, (uint64_t)page, 0x700000, UK_MAP_MAX_PAGES + 1, 0), UK_EINVAL);
    return 0;
}

/* High bits of permissions and rights are errors, not dropped; an
 * executable mapping needs an executable source page. */
static int test_bits_checked(void)
{
    struct st_child c;
    uint64_t ep, slot;
    void *page = pool_alloc(1);
    uint64_t text = (uint64_t)test_bits_checked & ~(UK_PAGE_SIZE - 1);

    CHECK(page);
    CHECK(!st_child(&c));
    CHECK_EQ(uk_sys(UK_SYS_MAP, c.task.space, (uint64_t)page, 0x700000, 1,
                    1ull << 32 | UK_MAP_WRITE, 0, NULL),
             UK_EINVAL);
    /* Root's data (not executable) cannot become code; its text can, but
     * not writable code (the text is read-only). */
    static uint64_t data_word; /* .bss: writable, not executable */
    uint64_t data = (uint64_t)&data_word & ~(UK_PAGE_SIZE - 1);
    CHECK_EQ(uk_map(c.task.space, data, 0x700000, 1, UK_MAP_EXEC), UK_EFAULT);
    CHECK_EQ(uk_map(c.task.space, text, 0x700000, 1, UK_MAP_EXEC), UK_OK);
    CHECK_EQ(uk_map(c.task.space, text, 0x701000, 1, UK_MAP_EXEC | UK_MAP_WRITE), UK_EFAULT);
    CHECK_EQ(uk_map(c.task.space, (uint64_t)page, 0x702000, 1, UK_MAP_EXEC), UK_OK); /* pool */
    CHECK_EQ(uk_endpoint_create(&ep), UK_OK);
    CHECK_EQ(uk_sys(UK_SYS_CAP_COPY, UK_ROOT_SPACE_SLOT, UK_CAP_ANY, ep, 1u << 8 | UK_RIGHT_SEND,
                    0, 0, &slot),
             UK_EINVAL);
    CHECK_EQ(uk_sys(UK_SYS_CAP_COPY, UK_ROOT_SPACE_SLOT, UK_CAP_ANY, ep, 1ull << 40, 0, 0, &slot),
             UK_EINVAL);
    return 0;
}

static void make_threads(uint64_t shva)
{
    struct st_shared *sh = (struct st_shared *)shva;
    uint64_t slot;
    sh->v[0] = (uint64_t)uk_thread_create(ST_SLOT, make_threads, 0, 0, TASK_PRIO + 1, NO_CAP,
                                          &slot);
    sh->v[1] = (uint64_t)uk_thread_create(ST_SLOT, make_threads, 0, 0, TASK_PRIO, NO_CAP, &slot);
    uk_thread_exit(0);
}

/* A thread cannot create a thread that outranks it. */
static int test_priority_capped(void)
{
    struct st_child c;
    struct st_thread t;
    struct uk_thread_status st;

    CHECK(!st_child(&c));
    CHECK_EQ(uk_cap_copy(c.task.space, ST_SLOT, c.task.space, UK_RIGHT_CONTROL, 0, NULL), UK_OK);
    CHECK(!st_start(&c, make_threads, TASK_PRIO, &t));
    CHECK(!st_join(&t, &st));
    CHECK_EQ(st.state, UK_THREAD_EXITED);
    CHECK_EQ((long)c.sh->v[0], UK_EPERM);
    CHECK_EQ((long)c.sh->v[1], UK_OK);
    return 0;
}

/* Console output goes in bounded steps: the call returns with its
 * registers advanced past all it wrote; a bad buffer is an error. */
static int test_debug_write_steps(void)
{
    static char line[200];
    for (unsigned i = 0; i < sizeof(line); i++)
        line[i] = i == 0 ? '#' : i == sizeof(line) - 1 ? '\n' : '-';
    struct uk_regs r = { (uint64_t)line, sizeof(line), 0, 0, 0, 0, 0, 0, 0 };
    CHECK_EQ(uk_syscall(UK_SYS_DEBUG_WRITE, &r), UK_OK);
    CHECK_EQ(r.rdi, (uint64_t)line + sizeof(line));
    CHECK_EQ(r.rsi, 0);
    CHECK_EQ(uk_debug_write((void *)0x1000, 1), UK_EFAULT);
    CHECK_EQ(uk_debug_write(line, (1ull << 20) + 1), UK_EINVAL);
    return 0;
}

#define CUT_OFFSET 2048 /* the receive buffer runs off the shared page here */

static void receive_past_page(uint64_t shva)
{
    struct uk_msg m;
    long e = uk_recv(ST_SLOT, 0, &m, (void *)(shva + CUT_OFFSET), UK_MSG_MAX, NULL);
    ((struct st_shared *)shva)->v[0] = (uint64_t)e;
    uk_thread_exit(0);
}

/* A long message whose receive buffer faults part-way writes nothing. */
static int test_copy_fault_writes_nothing(void)
{
    struct st_child c;
    struct st_thread t;
    struct uk_thread_status st;
    uint64_t ep;
    static uint8_t msg[UK_MSG_MAX];

    for (unsigned i = 0; i < sizeof(msg); i++)
        msg[i] = 0xab;
    CHECK(!st_child(&c));
    CHECK_EQ(uk_endpoint_create(&ep), UK_OK);
    CHECK_EQ(uk_cap_copy(c.task.space, ST_SLOT, ep, UK_RIGHT_RECV, 0, NULL), UK_OK);
    /* The child runs (and receives) once root blocks in its send. */
    CHECK(!st_start(&c, receive_past_page, TASK_PRIO, &t));
    struct uk_msg m = { UK_MSG_MAX, { 0, 0, 0, 0 } };
    CHECK_EQ(uk_send(ep, &m, msg), UK_EFAULT);
    CHECK(!st_join(&t, &st));
    CHECK_EQ((long)c.sh->v[0], UK_EFAULT);
    const uint8_t *page = (const uint8_t *)c.sh;
    for (unsigned i = CUT_OFFSET; i < UK_PAGE_SIZE; i++)
        CHECK_EQ(page[i], 0);
    return 0;
}

/*
 * The fastpath promises the general path's results.  A child calls root
 * with each message below; root receives either by waiting first (call
 * and reply-and-receive can take the fastpath) or by letting the caller
 * block first (the general path), and replies in kind.  Every register
 * either side gets back must be the same both ways.
 */
#define PATH_MSGS 4
#define PATH_REGS 7 /* rax, rdi, rsi, rdx, r10, r8, r9 */

static const uint64_t path_info[PATH_MSGS] = {
    0,
    0x12345678ull << 32 | UK_INFO_TRUNC,
    1ull << 63 | 1ull << 20 | 1ull << 19,
    0xabcdull << 32 | 1ull << 31 | UK_INFO_TRUNC,
};

static void path_regs(const struct uk_regs *r, long e, uint64_t *out)
{
    const uint64_t v[PATH_REGS] = { (uint64_t)e, r->rdi, r->rsi, r->rdx, r->r10, r->r8, r->r9 };
    for (unsigned i = 0; i < PATH_REGS; i++)
        out[i] = v[i];
}

static struct uk_regs path_msg(uint64_t slot, unsigned i, uint64_t salt)
{
    return (struct uk_regs){ slot,    path_info[i], salt + i, ~(salt + i), salt << 8 | i,
                             salt ^ i, 0,            0,        0 };
}

static void path_caller(uint64_t shva)
{
    struct st_shared *sh = (struct st_shared *)shva;
    for (unsigned i = 0; i < PATH_MSGS; i++) {
        struct uk_regs r = path_msg(ST_SLOT, i, 0x1111);
        long e = uk_syscall(UK_SYS_CALL, &r);
        path_regs(&r, e, (uint64_t *)&sh->v[i * PATH_REGS]);
    }
    uk_thread_exit(0);
}

/* One round; root's view of the calls goes to got, the caller's view of
 * the replies to replied. */
static int path_round(int wait_first, uint64_t got[PATH_MSGS][PATH_REGS],
                      uint64_t replied[PATH_MSGS * PATH_REGS])
{
    struct st_child c;
    struct st_thread t;
    struct uk_thread_status st;
    uint64_t ep, ntfn, bits;
    struct uk_regs r = { 0, 0, 0, 0, 0, 0, 0, 0, 0 };
    long e = 0;

    CHECK(!st_child(&c));
    CHECK_EQ(uk_endpoint_create(&ep), UK_OK);
    CHECK_EQ(uk_notification_create(&ntfn), UK_OK);
    CHECK_EQ(uk_cap_copy(c.task.space, ST_SLOT, ep, UK_RIGHT_SEND, 7, NULL), UK_OK);
    CHECK(!st_start(&c, path_caller, TASK_PRIO, &t));
    for (unsigned i = 0; i < PATH_MSGS; i++) {
        if (wait_first && i == 0) {
            r = (struct uk_regs){ ep, 0, 0, 0, 0, 0, 0, 0, 0 };
            e = uk_syscall(UK_SYS_RECV, &r);
        } else if (!wait_first) {
            /* Let the caller block in its call first. */
            CHECK_EQ(uk_wait_timeout(ntfn, 1, &bits), UK_ETIMEOUT);
            r = (struct uk_regs){ ep, 0, 0, 0, 0, 0, 0, 0, 0 };
            e = uk_syscall(UK_SYS_RECV, &r);
        }
        path_regs(&r, e, got[i]);
        struct uk_regs reply = path_msg(ep, PATH_MSGS - 1 - i, 0x2222);
        if (wait_first && i + 1 < PATH_MSGS) {
            e = uk_syscall(UK_SYS_REPLY_RECV, &reply); /* and wait for the next */
            r = reply;
        } else {
            CHECK_EQ(uk_syscall(UK_SYS_REPLY, &reply), UK_OK);
        }
    }
    CHECK(!st_join(&t, &st));
    CHECK_EQ(st.state, UK_THREAD_EXITED);
    for (unsigned i = 0; i < PATH_MSGS * PATH_REGS; i++)
        replied[i] = c.sh->v[i];
    return 0;
}

static int test_fastpath_matches_general_path(void)
{
    static uint64_t got[2][PATH_MSGS][PATH_REGS], replied[2][PATH_MSGS * PATH_REGS];

    CHECK(!path_round(1, got[0], replied[0]));
    CHECK(!path_round(0, got[1], replied[1]));
    for (unsigned i = 0; i < PATH_MSGS; i++) {
        for (unsigned k = 0; k < PATH_REGS; k++) {
            if (got[0][i][k] != got[1][i][k] ||
                replied[0][i * PATH_REGS + k] != replied[1][i * PATH_REGS + k])
                console_printf("# message %u register %u: receiver %lx vs %lx, caller %lx vs %lx\n",
                               i, k, got[0][i][k], got[1][i][k], replied[0][i * PATH_REGS + k],
                               replied[1][i * PATH_REGS + k]);
            CHECK_EQ(got[0][i][k], got[1][i][k]);
            CHECK_EQ(replied[0][i * PATH_REGS + k], replied[1][i * PATH_REGS + k]);
        }
        /* What the general path gives: out flags cleared, the rest intact. */
        CHECK_EQ(got[0][i][2], path_info[i] & ~UK_INFO_TRUNC);
        CHECK_EQ(got[0][i][1], 7); /* the badge */
    }
    return 0;
}

/* Kernel memory comes out of accounts: a new space's out of its
 * creator's, a mapping's page tables and records out of the receiver's.
 * An empty account is UK_ENOMEM for its owner, and changes nothing. */
static int test_accounts(void)
{
    uint64_t before, q, sp, big;
    void *page = pool_alloc(1);

    CHECK(page);
    CHECK_EQ(uk_quota(UK_CAP_ANY, &before), UK_OK);
    CHECK_EQ(uk_space_create(UK_SPACE_COST - 1, &sp), UK_EINVAL);
    CHECK_EQ(uk_space_create(before + 1, &sp), UK_ENOMEM);
    CHECK_EQ(uk_space_create(UK_SPACE_COST + 9, &sp), UK_OK);
    CHECK_EQ(uk_quota(UK_CAP_ANY, &q), UK_OK);
    CHECK_EQ(q, before - UK_SPACE_COST - 9);
    CHECK_EQ(uk_quota(sp, &q), UK_OK);
    CHECK_EQ(q, 9);
    /* A far-apart page needs three new tables, four frames (a leaf table
     * comes with its records table); the first also a frame of records. */
    CHECK_EQ(uk_map(sp, (uint64_t)page, 0x1000, 1, 0), UK_OK);
    CHECK_EQ(uk_quota(sp, &q), UK_OK);
    CHECK_EQ(q, 4);
    CHECK_EQ(uk_map(sp, (uint64_t)page, 512ull << 30, 1, 0), UK_OK);
    big = 1024ull << 30;
    CHECK_EQ(uk_map(sp, (uint64_t)page, big, 1, 0), UK_ENOMEM);
    CHECK_EQ(uk_quota(sp, &q), UK_OK);
    CHECK_EQ(q, 0);
    CHECK_EQ(uk_map(sp, (uint64_t)page, 0x2000, 1, 0), UK_OK); /* its tables exist */
    CHECK_EQ(uk_map(sp, (uint64_t)page, 0x2000, 1, 0), UK_EBUSY); /* never replaced */
    /* The receiver paid for all of it, not root. */
    CHECK_EQ(uk_quota(UK_CAP_ANY, &q), UK_OK);
    CHECK_EQ(q, before - UK_SPACE_COST - 9);
    return 0;
}

/* Page tables, charged to the space they are made in, need no slot: map
 * one's own page far apart until the account is dry. */
static void flood_tables(uint64_t shva)
{
    struct st_shared *sh = (struct st_shared *)shva;
    uint64_t left;
    long e;
    uk_quota(UK_CAP_ANY, &left);
    sh->v[0] = left;
    sh->v[1] = 0;
    while ((e = uk_map(ST_SLOT, shva, (sh->v[1] + 1) << 39, 1, 0)) == UK_OK)
        sh->v[1]++; /* a new 512 GiB region each time: three new tables, 4 frames */
    sh->v[2] = (uint64_t)e;
    uk_quota(UK_CAP_ANY, &left);
    sh->v[3] = left;
    uk_thread_exit(0);
}

/* A task that takes kernel memory until it cannot stops at its own
 * account; everyone else carries on. */
static int test_flood_stops_at_own_account(void)
{
    struct st_child c;
    struct st_thread t;
    struct uk_thread_status st;
    uint64_t before, after, ep;

    CHECK(!st_child(&c));
    CHECK_EQ(uk_cap_copy(c.task.space, ST_SLOT, c.task.space, UK_RIGHT_MAP, 0, NULL), UK_OK);
    CHECK(!st_start(&c, flood_tables, TASK_PRIO, &t)); /* runs once root blocks */
    CHECK_EQ(uk_quota(UK_CAP_ANY, &before), UK_OK);
    CHECK(!st_join(&t, &st));
    CHECK_EQ(st.state, UK_THREAD_EXITED);
    CHECK(c.sh->v[0] >= 4);
    /* Four frames each, to the last (and one frame of records if the
     * task's own had no room); the failed map took nothing. */
    CHECK_EQ((long)c.sh->v[2], UK_ENOMEM);
    CHECK(c.sh->v[3] < 4);
    CHECK(c.sh->v[0] - c.sh->v[3] == c.sh->v[1] * 4 ||
          c.sh->v[0] - c.sh->v[3] == c.sh->v[1] * 4 + 1);
    CHECK_EQ(uk_quota(UK_CAP_ANY, &after), UK_OK);
    CHECK_EQ(after, before);
    CHECK_EQ(uk_endpoint_create(&ep), UK_OK);
    return 0;
}

/* With no free slot, creating a space or a thread fails and takes nothing. */
static int test_full_table_takes_nothing(void)
{
    uint64_t slot, before, after;
    void *stack = pool_alloc(1);

    CHECK(stack);
    while (uk_endpoint_create(&slot) == UK_OK)
        ;
    CHECK_EQ(uk_quota(UK_CAP_ANY, &before), UK_OK);
    CHECK_EQ(uk_space_create(UK_SPACE_COST + 4, &slot), UK_ECAP);
    CHECK_EQ(uk_thread_create(UK_ROOT_SPACE_SLOT, touch_shared, (uint64_t)stack + UK_PAGE_SIZE, 0,
                              TASK_PRIO, NO_CAP, &slot),
             UK_ECAP);
    CHECK_EQ(uk_notification_create(&slot), UK_ECAP);
    CHECK_EQ(uk_quota(UK_CAP_ANY, &after), UK_OK);
    CHECK_EQ(after, before);
    return 0;
}

static void recv_once(uint64_t shva)
{
    struct uk_msg m;
    ((struct st_shared *)shva)->v[0] = (uint64_t)uk_recv(ST_SLOT, 0, &m, NULL, 0, NULL);
    uk_thread_exit(0);
}

/* Deleting the last capability to an endpoint or notification frees it:
 * its frame goes back to the account that paid, and a thread blocked on
 * it gets UK_EABORT.  A copied capability keeps it alive. */
static int test_delete_frees(void)
{
    struct st_child c;
    struct st_thread t;
    uint64_t before, q, ep, copy, ntfn;

    CHECK_EQ(uk_quota(UK_CAP_ANY, &before), UK_OK);
    CHECK_EQ(uk_endpoint_create(&ep), UK_OK);
    CHECK_EQ(uk_notification_create(&ntfn), UK_OK);
    CHECK_EQ(uk_quota(UK_CAP_ANY, &q), UK_OK);
    CHECK_EQ(q, before - 2);
    CHECK_EQ(uk_cap_copy(UK_ROOT_SPACE_SLOT, UK_CAP_ANY, ep, UK_RIGHT_SEND, 0, &copy), UK_OK);
    CHECK_EQ(uk_cap_delete(ep), UK_OK);
    CHECK_EQ(uk_cap_delete(ntfn), UK_OK);
    CHECK_EQ(uk_quota(UK_CAP_ANY, &q), UK_OK);
    CHECK_EQ(q, before - 1); /* the copy holds the endpoint */
    CHECK_EQ(uk_cap_delete(copy), UK_OK);
    CHECK_EQ(uk_quota(UK_CAP_ANY, &q), UK_OK);
    CHECK_EQ(q, before);

    /* A child waits on an endpoint that only it and root hold. */
    CHECK(!st_child(&c));
    CHECK_EQ(uk_endpoint_create(&ep), UK_OK);
    CHECK_EQ(uk_cap_copy(c.task.space, ST_SLOT, ep, UK_RIGHT_RECV, 0, NULL), UK_OK);
    CHECK(!st_start(&c, recv_once, TASK_PRIO, &t));
    uint64_t bits;
    CHECK_EQ(uk_wait_timeout(t.exit_ntfn, 2, &bits), UK_ETIMEOUT); /* it blocks in recv */
    CHECK_EQ(uk_cap_delete(ep), UK_OK); /* the child's slot still holds it */
    CHECK_EQ(uk_wait_timeout(t.exit_ntfn, 2, &bits), UK_ETIMEOUT);
    CHECK_EQ(c.sh->v[0], 0);
    return 0;
}

/* Server for test_thread_freed: takes one call, waits for root's word,
 * then replies to a caller that is gone by then. */
static void late_replier(uint64_t shva)
{
    struct st_shared *sh = (struct st_shared *)shva;
    struct uk_msg m;
    uint64_t bits;
    sh->v[0] = (uint64_t)uk_recv(ST_SLOT, 0, &m, NULL, 0, NULL);
    sh->v[1] = (uint64_t)uk_wait(ST_SLOT + 1, 0, &bits);
    m = (struct uk_msg){ 0, { 42, 0, 0, 0 } };
    sh->v[2] = (uint64_t)uk_reply(&m, NULL);
    uk_thread_exit(0);
}

static void call_once(uint64_t shva)
{
    struct uk_msg m = { 0, { 1, 0, 0, 0 } };
    ((struct st_shared *)shva)->v[4] = (uint64_t)uk_call(ST_SLOT, &m, NULL, NULL, 0);
    uk_thread_exit(0);
}

/* Deleting a thread's last capability ends it if it is alive and frees
 * it, with its hold on its exit notification; a server that still owes
 * it a reply replies into nothing. */
static int test_thread_freed(void)
{
    struct st_child srv, cli;
    struct st_thread ts, tc;
    struct uk_thread_status st;
    uint64_t before, q, ntfn, th, ep, go, bits;

    CHECK(!st_child(&cli));
    CHECK_EQ(uk_quota(UK_CAP_ANY, &before), UK_OK);
    CHECK_EQ(uk_notification_create(&ntfn), UK_OK);
    CHECK_EQ(task_thread(&cli.task, touch_shared, ST_SHARED_VA, TASK_PRIO, ntfn, &th), UK_OK);
    CHECK_EQ(uk_cap_delete(ntfn), UK_OK); /* the thread still holds it */
    CHECK_EQ(uk_quota(UK_CAP_ANY, &q), UK_OK);
    CHECK_EQ(q, before - 2);
    CHECK_EQ(uk_cap_delete(th), UK_OK); /* never started: freed at once */
    CHECK_EQ(uk_quota(UK_CAP_ANY, &q), UK_OK);
    CHECK_EQ(q, before);

    /* A caller blocked for its reply is deleted; the server replies late. */
    CHECK(!st_child(&srv));
    CHECK_EQ(uk_endpoint_create(&ep), UK_OK);
    CHECK_EQ(uk_notification_create(&go), UK_OK);
    CHECK_EQ(uk_cap_copy(srv.task.space, ST_SLOT, ep, UK_RIGHT_RECV, 0, NULL), UK_OK);
    CHECK_EQ(uk_cap_copy(srv.task.space, ST_SLOT + 1, go, UK_RIGHT_RECV, 0, NULL), UK_OK);
    CHECK_EQ(uk_cap_copy(cli.task.space, ST_SLOT, ep, UK_RIGHT_SEND, 0, NULL), UK_OK);
    CHECK(!st_start(&srv, late_replier, TASK_PRIO, &ts));
    CHECK(!st_start(&cli, call_once, TASK_PRIO, &tc));
    CHECK_EQ(uk_wait_timeout(tc.exit_ntfn, 3, &bits), UK_ETIMEOUT); /* both blocked */
    CHECK_EQ(srv.sh->v[0], 0);
    CHECK_EQ(uk_quota(UK_CAP_ANY, &before), UK_OK);
    CHECK_EQ(uk_cap_delete(tc.thread), UK_OK);
    CHECK_EQ(uk_wait(tc.exit_ntfn, 0, &bits), UK_OK); /* it ended */
    CHECK_EQ(uk_quota(UK_CAP_ANY, &q), UK_OK);
    CHECK_EQ(q, before + 1); /* its TCB came back */
    CHECK_EQ(uk_notify(go), UK_OK);
    CHECK(!st_join(&ts, &st));
    CHECK_EQ(st.state, UK_THREAD_EXITED);
    CHECK_EQ(srv.sh->v[2], 0); /* a reply to nobody is not an error */
    CHECK_EQ(cli.sh->v[4], 0); /* the caller never came back */
    return 0;
}

/* A space goes when nothing names it and no thread runs in it: its page
 * tables are freed, its capabilities let go (so a space it alone names
 * goes too), and its account returns to its creator. */
static int test_space_freed(void)
{
    struct st_child a, b;
    struct st_thread t;
    struct uk_thread_status st;
    uint64_t before, q;

    CHECK_EQ(uk_quota(UK_CAP_ANY, &before), UK_OK);
    CHECK(!st_child(&a));
    CHECK(!st_start(&a, touch_shared, TASK_PRIO, &t));
    CHECK(!st_join(&t, &st));
    CHECK_EQ(uk_cap_delete(a.task.space), UK_OK); /* its thread's cap still pins it */
    CHECK_EQ(uk_quota(UK_CAP_ANY, &q), UK_OK);
    CHECK(q < before);
    CHECK_EQ(uk_cap_delete(t.thread), UK_OK);
    CHECK_EQ(uk_cap_delete(t.exit_ntfn), UK_OK);
    CHECK_EQ(uk_quota(UK_CAP_ANY, &q), UK_OK);
    CHECK_EQ(q, before);

    /* A chain: only a names b. */
    CHECK(!st_child(&a));
    CHECK(!st_child(&b));
    CHECK_EQ(uk_cap_copy(a.task.space, ST_SLOT, b.task.space, UK_RIGHT_MAP, 0, NULL), UK_OK);
    CHECK_EQ(uk_cap_delete(b.task.space), UK_OK);
    CHECK_EQ(uk_quota(UK_CAP_ANY, &q), UK_OK);
    CHECK(q < before);
    CHECK_EQ(uk_cap_delete(a.task.space), UK_OK);
    CHECK_EQ(uk_quota(UK_CAP_ANY, &q), UK_OK);
    CHECK_EQ(q, before);
    return 0;
}

static void make_endpoints(uint64_t shva)
{
    uint64_t slot;
    (void)shva;
    for (int i = 0; i < 3; i++)
        uk_endpoint_create(&slot);
    uk_thread_exit(0);
}

/* A space whose own table holds objects it paid for is freed once: the
 * refund of its last object must not free it while its table is being
 * let go (before this test, the space was freed twice and its frames
 * handed out twice). */
static int test_space_with_own_objects_freed(void)
{
    struct st_child a, b;
    struct st_thread t;
    struct uk_thread_status st;
    uint64_t before, q;

    CHECK_EQ(uk_quota(UK_CAP_ANY, &before), UK_OK);
    CHECK(!st_child(&a));
    CHECK(!st_start(&a, make_endpoints, TASK_PRIO, &t));
    CHECK(!st_join(&t, &st));
    CHECK_EQ(uk_cap_delete(t.thread), UK_OK);
    CHECK_EQ(uk_cap_delete(t.exit_ntfn), UK_OK);
    CHECK_EQ(uk_cap_delete(a.task.space), UK_OK);
    CHECK_EQ(uk_quota(UK_CAP_ANY, &q), UK_OK);
    CHECK_EQ(q, before);
    for (int i = 0; i < 4; i++) { /* frames handed out twice would show here */
        CHECK(!st_child(&b));
        CHECK(!st_start(&b, touch_shared, TASK_PRIO, &t));
        CHECK(!st_join(&t, &st));
        CHECK_EQ(st.state, UK_THREAD_EXITED);
    }
    return 0;
}

const struct selftest selftests_hostile[] = {
    { "a huge unmap is quick and takes every page", test_huge_unmap },
    { "every thread blocked is idle, not a panic; a timed wait ends it", test_all_blocked_idles },
    { "the last user page can never be mapped", test_last_page_refused },
    { "high bits of permissions and rights are refused; exec needs exec", test_bits_checked },
    { "no thread may create a thread above its own priority", test_priority_capped },
    { "console output goes in bounded steps", test_debug_write_steps },
    { "a long message that faults part-way writes nothing", test_copy_fault_writes_nothing },
    { "the fastpath gives the same registers as the general path",
      test_fastpath_matches_general_path },
    { "kernel memory comes out of accounts; the receiver pays for tables", test_accounts },
    { "a flood of objects stops at the task's own account", test_flood_stops_at_own_account },
    { "with a full capability table nothing is taken", test_full_table_takes_nothing },
    { "deleting the last capability frees an endpoint or notification", test_delete_frees },
    { "deleting a thread's last capability ends and frees it", test_thread_freed },
    { "a space nobody names frees its tables and returns its account", test_space_freed },
    { "a space holding objects it paid for is freed exactly once",
      test_space_with_own_objects_freed },
    { NULL, NULL },
};
