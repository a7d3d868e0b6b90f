/* SPDX-License-Identifier: MIT */
/*
 * Self-tests of IPC semantics: call and reply, blocking in either order,
 * poll timeouts, receive and call timeouts, long-message copy and
 * truncation, notifications, and the errors for a missing or wrong
 * destination and a missing right.  Root plays the client; the server is
 * a child task.
 */
#include "selftest.h"
#include "string.h"

#define BADGE 0x77

/* Child: answer every call with each message register plus one and the
 * long part echoed; count calls, remember the badge and the last error. */
static void echo_server(uint64_t shva)
{
    struct st_shared *sh = (void *)shva;
    static uint8_t buf[UK_MSG_MAX];
    struct uk_msg m;
    uint64_t badge;
    long e = uk_recv(ST_SLOT, 0, &m, buf, sizeof(buf), &badge);
    for (;;) {
        if (e) {
            sh->v[2] = (uint64_t)e;
            e = uk_recv(ST_SLOT, 0, &m, buf, sizeof(buf), &badge);
            continue;
        }
        sh->v[0] = badge;
        sh->v[1]++;
        for (int i = 0; i < UK_MSG_REGS; i++)
            m.mr[i]++;
        m.info &= ~UK_INFO_TRUNC;
        e = uk_reply_recv(ST_SLOT, &m, buf, buf, sizeof(buf), &badge);
    }
}

/* An endpoint served by echo_server in a new child; *client is root's
 * badged send capability.  The server thread is started if `start`. */
static int echo_setup(struct st_child *c, struct st_thread *t, uint64_t *client, bool start)
{
    uint64_t ep;
    if (uk_endpoint_create(&ep) || st_child(c) ||
        uk_cap_copy(c->task.space, ST_SLOT, ep, UK_RIGHT_RECV, 0, NULL) ||
        root_mint(ep, UK_RIGHT_SEND, BADGE, client))
        return -1;
    if (!start)
        return uk_notification_create(&t->exit_ntfn) ||
               task_thread(&c->task, echo_server, ST_SHARED_VA, TASK_PRIO, t->exit_ntfn,
                           &t->thread);
    return st_start(c, echo_server, TASK_PRIO, t);
}

static int test_null_syscall(void)
{
    CHECK_EQ(uk_null(), UK_OK);
    return 0;
}

static int test_invalid_syscall(void)
{
    CHECK_EQ(uk_sys(UK_SYS_COUNT, 0, 0, 0, 0, 0, 0, 0), UK_ENOSYS);
    CHECK_EQ(uk_sys(999, 0, 0, 0, 0, 0, 0, 0), UK_ENOSYS);
    CHECK_EQ(uk_sys(~0ull, 0, 0, 0, 0, 0, 0, 0), UK_ENOSYS);
    return 0;
}

static int test_call_reply(void)
{
    struct st_child c;
    struct st_thread t;
    uint64_t client;
    CHECK(!echo_setup(&c, &t, &client, true));
    for (uint64_t i = 0; i < 100; i++) {
        struct uk_msg m = { 9ull << UK_INFO_LABEL_SHIFT, { i, 2 * i, 3 * i, ~i } };
        CHECK_EQ(uk_call(client, &m, NULL, NULL, 0), UK_OK);
        CHECK_EQ(m.mr[0], i + 1);
        CHECK_EQ(m.mr[1], 2 * i + 1);
        CHECK_EQ(m.mr[2], 3 * i + 1);
        CHECK_EQ(m.mr[3], ~i + 1);
        CHECK_EQ(m.info >> UK_INFO_LABEL_SHIFT, 9);
    }
    CHECK_EQ(c.sh->v[0], BADGE);
    CHECK_EQ(c.sh->v[1], 100);
    return 0;
}

static int test_blocking_order(void)
{
    struct st_child c;
    struct st_thread t;
    uint64_t client;
    struct uk_msg m = { 0, { 41, 0, 0, 0 } };
    /* Nobody receives yet: a polling send finds no partner. */
    CHECK(!echo_setup(&c, &t, &client, false));
    CHECK_EQ(uk_send(client, &(struct uk_msg){ UK_INFO_POLL, { 0 } }, NULL), UK_ETIMEOUT);
    /* The server is ready but lower priority than root, so it has not run:
     * the call blocks root in the send queue until the server receives. */
    CHECK_EQ(uk_thread_start(t.thread), UK_OK);
    CHECK_EQ(c.sh->v[1], 0);
    CHECK_EQ(uk_call(client, &m, NULL, NULL, 0), UK_OK);
    CHECK_EQ(m.mr[0], 42);
    CHECK_EQ(c.sh->v[1], 1);
    /* Now the server waits in its receive queue: the call meets it there. */
    CHECK_EQ(uk_call(client, &m, NULL, NULL, 0), UK_OK);
    CHECK_EQ(m.mr[0], 43);
    CHECK_EQ(c.sh->v[1], 2);
    return 0;
}

static int test_poll_timeout(void)
{
    uint64_t ep, ntfn, bits;
    struct uk_msg m = { UK_INFO_POLL, { 0 } };
    CHECK_EQ(uk_endpoint_create(&ep), UK_OK);
    CHECK_EQ(uk_notification_create(&ntfn), UK_OK);
    CHECK_EQ(uk_recv(ep, UK_INFO_POLL, &m, NULL, 0, NULL), UK_ETIMEOUT);
    m.info = UK_INFO_POLL;
    CHECK_EQ(uk_send(ep, &m, NULL), UK_ETIMEOUT);
    CHECK_EQ(uk_wait(ntfn, UK_INFO_POLL, &bits), UK_ETIMEOUT);
    return 0;
}

static int test_long_message(void)
{
    struct st_child c;
    struct st_thread t;
    uint64_t client;
    static uint8_t out[UK_MSG_MAX], in[UK_MSG_MAX];
    CHECK(!echo_setup(&c, &t, &client, true));
    for (int i = 0; i < UK_MSG_MAX; i++)
        out[i] = (uint8_t)(i * 13 + 5);
    uint64_t sizes[] = { 1, 100, 4095, UK_MSG_MAX };
    for (unsigned k = 0; k < 4; k++) {
        struct uk_msg m = { sizes[k], { 0 } };
        memset(in, 0, sizeof(in));
        CHECK_EQ(uk_call(client, &m, out, in, sizeof(in)), UK_OK);
        CHECK_EQ(m.info & UK_INFO_LEN_MASK, sizes[k]);
        CHECK(!(m.info & UK_INFO_TRUNC));
        CHECK(!memcmp(in, out, sizes[k]));
        CHECK_EQ(in[sizes[k] % UK_MSG_MAX], sizes[k] == UK_MSG_MAX ? out[0] : 0);
    }
    /* A reply longer than the receive buffer is cut and flagged. */
    struct uk_msg m = { 100, { 0 } };
    memset(in, 0, sizeof(in));
    CHECK_EQ(uk_call(client, &m, out, in, 10), UK_OK);
    CHECK_EQ(m.info & UK_INFO_LEN_MASK, 10);
    CHECK(m.info & UK_INFO_TRUNC);
    CHECK(!memcmp(in, out, 10));
    CHECK_EQ(in[10], 0);
    return 0;
}

static int test_invalid_destination(void)
{
    struct uk_msg m = { 0, { 0 } };
    uint64_t ntfn;
    CHECK_EQ(uk_call(UK_CAP_SLOTS - 1, &m, NULL, NULL, 0), UK_ECAP); /* empty */
    CHECK_EQ(uk_call(1000, &m, NULL, NULL, 0), UK_ECAP);             /* out of range */
    CHECK_EQ(uk_call(~0ull, &m, NULL, NULL, 0), UK_ECAP);
    CHECK_EQ(uk_call(UK_ROOT_SPACE_SLOT, &m, NULL, NULL, 0), UK_ECAP); /* not an endpoint */
    CHECK_EQ(uk_send(UK_ROOT_THREAD_SLOT, &m, NULL), UK_ECAP);
    CHECK_EQ(uk_notification_create(&ntfn), UK_OK);
    CHECK_EQ(uk_recv(ntfn, UK_INFO_POLL, &m, NULL, 0, NULL), UK_ECAP);
    CHECK_EQ(uk_notify(UK_ROOT_SPACE_SLOT), UK_ECAP);
    return 0;
}

static int test_missing_right(void)
{
    uint64_t ep, recv_only, send_only, weak_space, thread;
    struct uk_msg m = { UK_INFO_POLL, { 0 } };
    CHECK_EQ(uk_endpoint_create(&ep), UK_OK);
    CHECK_EQ(root_mint(ep, UK_RIGHT_RECV, 0, &recv_only), UK_OK);
    CHECK_EQ(root_mint(ep, UK_RIGHT_SEND, 0, &send_only), UK_OK);
    CHECK_EQ(uk_call(recv_only, &m, NULL, NULL, 0), UK_EPERM);
    CHECK_EQ(uk_send(recv_only, &m, NULL), UK_EPERM);
    CHECK_EQ(uk_recv(send_only, UK_INFO_POLL, &m, NULL, 0, NULL), UK_EPERM);
    /* A space capability without CONTROL cannot create threads in it. */
    CHECK_EQ(root_mint(UK_ROOT_SPACE_SLOT, UK_RIGHT_MAP, 0, &weak_space), UK_OK);
    CHECK_EQ(
        uk_thread_create(weak_space, (void (*)(uint64_t))0x400000, 0x1000, 0, 1, ~0ull, &thread),
        UK_EPERM);
    /* Badges are set once: a badged capability cannot be re-badged. */
    uint64_t badged, again;
    CHECK_EQ(root_mint(ep, UK_RIGHT_SEND, 5, &badged), UK_OK);
    CHECK_EQ(root_mint(badged, UK_RIGHT_SEND, 6, &again), UK_EPERM);
    /* Copying into a taken slot fails rather than overwrite it. */
    CHECK_EQ(uk_cap_copy(UK_ROOT_SPACE_SLOT, ep, send_only, UK_RIGHTS_ALL, 0, NULL), UK_EINVAL);
    return 0;
}

static int test_notification(void)
{
    uint64_t ntfn, b1, b4, bits = 0;
    CHECK_EQ(uk_notification_create(&ntfn), UK_OK);
    CHECK_EQ(root_mint(ntfn, UK_RIGHT_SEND, 1, &b1), UK_OK);
    CHECK_EQ(root_mint(ntfn, UK_RIGHT_SEND, 4, &b4), UK_OK);
    CHECK_EQ(uk_notify(b1), UK_OK);
    CHECK_EQ(uk_notify(b4), UK_OK);
    CHECK_EQ(uk_wait(ntfn, 0, &bits), UK_OK);
    CHECK_EQ(bits, 5);
    CHECK_EQ(uk_wait(ntfn, UK_INFO_POLL, &bits), UK_ETIMEOUT);
    CHECK_EQ(uk_wait(b1, UK_INFO_POLL, &bits), UK_EPERM); /* send-only copy */
    return 0;
}

/* Child: signal the notification in its slot, then exit. */
static void notifier(uint64_t shva)
{
    struct st_shared *sh = (void *)shva;
    sh->v[0] = (uint64_t)uk_notify(ST_SLOT);
    uk_thread_exit(0);
}

static int test_notification_wakes_waiter(void)
{
    struct st_child c;
    struct st_thread t;
    uint64_t ntfn, bits = 0;
    struct uk_thread_status st;
    CHECK_EQ(uk_notification_create(&ntfn), UK_OK);
    CHECK(!st_child(&c));
    CHECK_EQ(uk_cap_copy(c.task.space, ST_SLOT, ntfn, UK_RIGHT_SEND, 2, NULL), UK_OK);
    CHECK(!st_start(&c, notifier, TASK_PRIO, &t));
    CHECK_EQ(uk_wait(ntfn, 0, &bits), UK_OK); /* blocks until the child runs */
    CHECK_EQ(bits, 2);
    CHECK(!st_join(&t, &st));
    CHECK_EQ(st.state, UK_THREAD_EXITED);
    CHECK_EQ(c.sh->v[0], UK_OK);
    return 0;
}

/* Two threads of one space: st_doubler serves, this client calls it. */
static void same_space_client(uint64_t shva)
{
    struct st_shared *sh = (void *)shva;
    for (uint64_t i = 1; i <= 10; i++) {
        struct uk_msg m = { 0, { i, 0, 0, 0 } };
        if (uk_call(ST_SLOT, &m, NULL, NULL, 0) == UK_OK)
            sh->v[0] += m.mr[0];
    }
    uk_thread_exit(0);
}

static int test_same_space_call(void)
{
    struct st_child c;
    struct st_thread ts, tc;
    struct uk_thread_status st;
    uint64_t ep;
    CHECK_EQ(uk_endpoint_create(&ep), UK_OK);
    CHECK(!st_child(&c));
    CHECK_EQ(uk_cap_copy(c.task.space, ST_SLOT, ep, UK_RIGHT_SEND | UK_RIGHT_RECV, 0, NULL), UK_OK);
    CHECK(!st_start(&c, st_doubler, TASK_PRIO, &ts));
    CHECK(!st_start(&c, same_space_client, TASK_PRIO, &tc));
    CHECK(!st_join(&tc, &st));
    CHECK_EQ(st.state, UK_THREAD_EXITED);
    CHECK_EQ(c.sh->v[0], 110); /* 2 * (1 + ... + 10) */
    return 0;
}

/* Child: receive one call, then die without replying. */
static void dying_server(uint64_t shva)
{
    (void)shva;
    struct uk_msg m;
    uk_recv(ST_SLOT, 0, &m, NULL, 0, NULL);
    __asm__ volatile("ud2");
}

static int test_callee_dies(void)
{
    struct st_child c;
    struct st_thread t;
    struct uk_thread_status st;
    uint64_t ep, client;
    struct uk_msg m = { 0, { 0 } };
    CHECK_EQ(uk_endpoint_create(&ep), UK_OK);
    CHECK(!st_child(&c));
    CHECK_EQ(uk_cap_copy(c.task.space, ST_SLOT, ep, UK_RIGHT_RECV, 0, NULL), UK_OK);
    CHECK_EQ(root_mint(ep, UK_RIGHT_SEND, 0, &client), UK_OK);
    CHECK(!st_start(&c, dying_server, TASK_PRIO, &t));
    CHECK_EQ(uk_call(client, &m, NULL, NULL, 0), UK_EABORT);
    CHECK(!st_join(&t, &st));
    CHECK_EQ(st.state, UK_THREAD_KILLED);
    CHECK_EQ(st.vector, 6); /* invalid opcode */
    return 0;
}

/* Child: count timer ticks in v[TICKS] (each a 1-tick wait; exact while
 * root, which outranks it, is blocked). */
#define TICKS 31
static void ticker(uint64_t shva)
{
    struct st_shared *sh = (void *)shva;
    uint64_t ntfn, bits;
    if (uk_notification_create(&ntfn))
        uk_thread_exit(1);
    for (;;) {
        uk_wait_timeout(ntfn, 1, &bits);
        sh->v[TICKS]++;
    }
}

/* Child: wait `ticks` timer ticks. */
static void child_sleep(uint64_t ticks)
{
    uint64_t ntfn, bits;
    if (uk_notification_create(&ntfn) || uk_wait_timeout(ntfn, ticks, &bits) != UK_ETIMEOUT)
        uk_thread_exit(1);
}

static int test_recv_timeout(void)
{
    struct st_child c;
    struct st_thread t;
    struct uk_msg m;
    uint64_t ep, ntfn, bits, t0;
    CHECK_EQ(uk_endpoint_create(&ep), UK_OK);
    CHECK_EQ(uk_notification_create(&ntfn), UK_OK);
    CHECK(!st_child(&c));
    CHECK(!st_start(&c, ticker, TASK_PRIO, &t));
    CHECK_EQ(uk_wait_timeout(ntfn, 2, &bits), UK_ETIMEOUT); /* the ticker is counting */
    /* 0 ticks is a poll: no tick passes. */
    t0 = c.sh->v[TICKS];
    CHECK_EQ(uk_recv_timeout(ep, 0, &m, NULL, 0, NULL), UK_ETIMEOUT);
    CHECK_EQ(c.sh->v[TICKS], t0);
    /* Nobody sends: the receive ends after its ticks, not before. */
    CHECK_EQ(uk_recv_timeout(ep, 10, &m, NULL, 0, NULL), UK_ETIMEOUT);
    CHECK(c.sh->v[TICKS] - t0 >= 9 && c.sh->v[TICKS] - t0 <= 11);
    t0 = c.sh->v[TICKS];
    CHECK_EQ(uk_recv_timeout(ep, 30, &m, NULL, 0, NULL), UK_ETIMEOUT);
    CHECK(c.sh->v[TICKS] - t0 >= 29 && c.sh->v[TICKS] - t0 <= 31);
    return 0;
}

/* Child: take one call and answer it 10 ticks late (v[1]: the error of
 * that reply-and-receive, v[2]: of a second reply, owed to nobody), then
 * double MR0 of every call, with a label of 2. */
static void late_server(uint64_t shva)
{
    struct st_shared *sh = (void *)shva;
    struct uk_msg m;
    long e = uk_recv(ST_SLOT, 0, &m, NULL, 0, NULL);
    sh->v[0] = 1;
    child_sleep(10);
    sh->v[1] = (uint64_t)uk_reply_recv(ST_SLOT, &m, NULL, NULL, 0, NULL);
    sh->v[2] = (uint64_t)uk_reply(&m, NULL);
    e = uk_recv(ST_SLOT, 0, &m, NULL, 0, NULL);
    while (!e) {
        m.mr[0] *= 2;
        m.info = 2ull << UK_INFO_LABEL_SHIFT;
        e = uk_reply_recv(ST_SLOT, &m, NULL, NULL, 0, NULL);
    }
    uk_thread_exit((uint64_t)e);
}

static int test_call_timeout(void)
{
    struct st_child c;
    struct st_thread t;
    uint64_t ep, client;
    struct uk_msg m = { 0, { 5, 0, 0, 0 } };
    CHECK_EQ(uk_endpoint_create(&ep), UK_OK);
    CHECK(!st_child(&c));
    CHECK_EQ(uk_cap_copy(c.task.space, ST_SLOT, ep, UK_RIGHT_RECV, 0, NULL), UK_OK);
    CHECK_EQ(root_mint(ep, UK_RIGHT_SEND, 0, &client), UK_OK);
    /* 0 ticks would end a call before any reply could come: refused. */
    CHECK_EQ(uk_call_timeout(client, &m, NULL, NULL, 0, 0), UK_EINVAL);
    CHECK(!st_start(&c, late_server, TASK_PRIO, &t));
    /* The server takes the call and sleeps: no reply within 3 ticks. */
    CHECK_EQ(uk_call_timeout(client, &m, NULL, NULL, 0, 3), UK_ETIMEOUT);
    CHECK_EQ(c.sh->v[0], 1);
    /* The next call waits while the server still owes the first reply:
     * that late reply is the server's error, never this call's answer. */
    m = (struct uk_msg){ 0, { 7, 0, 0, 0 } };
    CHECK_EQ(uk_call(client, &m, NULL, NULL, 0), UK_OK);
    CHECK_EQ(m.mr[0], 14);
    CHECK_EQ(m.info >> UK_INFO_LABEL_SHIFT, 2);
    CHECK_EQ(c.sh->v[1], UK_ETIMEOUT);
    CHECK_EQ(c.sh->v[2], UK_OK); /* it owed nothing more */
    /* A timed call answered in time is an ordinary call. */
    m = (struct uk_msg){ 0, { 8, 0, 0, 0 } };
    CHECK_EQ(uk_call_timeout(client, &m, NULL, NULL, 0, 50), UK_OK);
    CHECK_EQ(m.mr[0], 16);
    return 0;
}

/* Child: call ST_SLOT after 2 ticks, then again 20 ticks later; v[0]
 * counts the replies. */
static void slow_caller(uint64_t shva)
{
    struct st_shared *sh = (void *)shva;
    for (uint64_t i = 1; i <= 2; i++) {
        child_sleep(i == 1 ? 2 : 20);
        struct uk_msg m = { 0, { i, 0, 0, 0 } };
        if (uk_call(ST_SLOT, &m, NULL, NULL, 0) || m.mr[0] != 10 * i)
            uk_thread_exit(1);
        sh->v[0]++;
    }
    uk_thread_exit(0);
}

/* A timed receive that gets its message in time returns it and leaves no
 * timeout behind: the untimed receive after it outlasts the old deadline. */
static int test_recv_in_time(void)
{
    struct st_child c;
    struct st_thread t;
    struct uk_thread_status st;
    uint64_t ep;
    struct uk_msg m;
    CHECK_EQ(uk_endpoint_create(&ep), UK_OK);
    CHECK(!st_child(&c));
    CHECK_EQ(uk_cap_copy(c.task.space, ST_SLOT, ep, UK_RIGHT_SEND, 0, NULL), UK_OK);
    CHECK(!st_start(&c, slow_caller, TASK_PRIO, &t));
    CHECK_EQ(uk_recv_timeout(ep, 10, &m, NULL, 0, NULL), UK_OK);
    CHECK_EQ(m.mr[0], 1);
    m = (struct uk_msg){ 0, { 10, 0, 0, 0 } };
    CHECK_EQ(uk_reply(&m, NULL), UK_OK);
    CHECK_EQ(uk_recv(ep, 0, &m, NULL, 0, NULL), UK_OK);
    CHECK_EQ(m.mr[0], 2);
    m = (struct uk_msg){ 0, { 20, 0, 0, 0 } };
    CHECK_EQ(uk_reply(&m, NULL), UK_OK);
    CHECK(!st_join(&t, &st));
    CHECK_EQ(st.state, UK_THREAD_EXITED);
    CHECK_EQ(st.value, 0);
    CHECK_EQ(c.sh->v[0], 2);
    return 0;
}

const struct selftest selftests_ipc[] = {
    { "null system call returns UK_OK", test_null_syscall },
    { "invalid system call numbers give UK_ENOSYS", test_invalid_syscall },
    { "call and reply carry registers, label and badge", test_call_reply },
    { "send blocks until a receiver comes, and the other way round", test_blocking_order },
    { "poll gives UK_ETIMEOUT on send, receive and wait", test_poll_timeout },
    { "long messages are copied both ways, and cut when too long", test_long_message },
    { "invalid destinations give UK_ECAP", test_invalid_destination },
    { "missing rights give UK_EPERM", test_missing_right },
    { "notifications accumulate badges", test_notification },
    { "a notification wakes its waiter", test_notification_wakes_waiter },
    { "call and reply between threads of one space", test_same_space_call },
    { "a caller gets UK_EABORT when its callee dies", test_callee_dies },
    { "a receive with a timeout gives UK_ETIMEOUT after its ticks", test_recv_timeout },
    { "a call times out; the late reply is the server's error", test_call_timeout },
    { "a timed receive served in time leaves no timeout behind", test_recv_in_time },
    { NULL, NULL },
};
