/* SPDX-License-Identifier: MIT */
/*
 * Self-tests of items (map, grant, copy of pages in IPC), the mapping
 * database and revocation.  The tasks are "agents": each serves calls on
 * ST_SLOT with a receive window and buffer, stores what arrived in its
 * shared page and does what the call's MR0 says (read or write an
 * address, probe a page, pass an item on to a peer agent, answer with an
 * item).  A read that faults ends the agent, which the test sees with
 * st_join(), as in selftest_isolation.c.
 */
#include "selftest.h"
#include "string.h"

#define IT_WIN 0x20000000ull /* an agent's receive window, IT_WIN_PAGES */
#define IT_WIN_PAGES 64
#define IT_BUF 0x21000000ull /* an agent's receive buffer: long part, then copies */
#define IT_BUF_PAGES (1 + 64)
#define IT_PEER_SLOT (ST_SLOT + 1) /* an agent's send capability to its peer */
#define VEC_PF 14

/* Where an agent keeps things in its shared page (st_shared.v). */
enum { SH_WINDOW = 20, SH_RCAP, SH_INFO, SH_ITEM, SH_REPLY_ERR };

enum { CMD_NOP, CMD_READ, CMD_WRITE, CMD_PROBE, CMD_FORWARD, CMD_REPLY_ITEM, CMD_DRAIN };

/* Is va a page of the caller's?  An item's sender check says so without
 * a fault: a copy item of the page, sent without waiting to nobody. */
static long probe(uint64_t va)
{
    struct uk_msg m = { UK_INFO_ITEM | UK_INFO_POLL, { 0, 0, 0, 0 } };
    uint64_t item = UK_ITEM_COPY_OF(va, 1ull, 1);
    long e = uk_ipc_items(UK_SYS_SEND, ST_SLOT, &m, &item, 0, NULL, NULL, 0, NULL);
    return e == UK_ETIMEOUT ? 1 : e == UK_EFAULT ? 0 : e;
}

static void agent(uint64_t shva)
{
    struct st_shared *sh = (struct st_shared *)shva;
    uint64_t window = sh->v[SH_WINDOW], item = 0;
    struct uk_msg m = { window ? UK_INFO_WINDOW : 0, { 0, 0, 0, 0 } };
    long e = uk_ipc_items(UK_SYS_RECV, ST_SLOT, &m, &item, window, NULL, (void *)IT_BUF,
                          sh->v[SH_RCAP], NULL);
    while (!e) {
        sh->v[SH_INFO] = m.info;
        sh->v[SH_ITEM] = m.info & UK_INFO_ITEM ? item : 0;
        struct uk_msg r = { 0, { 0, 0, 0, 0 } }, f = { UK_INFO_ITEM, { CMD_NOP, 0, 0, 0 } };
        uint64_t a = m.mr[1], out = 0;
        switch (m.mr[0]) {
        case CMD_READ:
            r.mr[0] = *(volatile uint64_t *)a;
            break;
        case CMD_WRITE:
            *(volatile uint64_t *)a = m.mr[2];
            break;
        case CMD_PROBE:
            r.mr[0] = (uint64_t)probe(a);
            break;
        case CMD_FORWARD:
            out = a;
            r.mr[0] =
                (uint64_t)uk_ipc_items(UK_SYS_CALL, IT_PEER_SLOT, &f, &out, 0, NULL, NULL, 0, NULL);
            out = 0;
            break;
        case CMD_REPLY_ITEM:
            r.info = UK_INFO_ITEM;
            out = a;
            break;
        case CMD_DRAIN:
            while (uk_endpoint_create(&a) == UK_OK)
                ;
            break;
        }
        window = sh->v[SH_WINDOW];
        r.info |= window ? UK_INFO_WINDOW : 0;
        m = r;
        e = uk_ipc_items(UK_SYS_REPLY_RECV, ST_SLOT, &m, &out, window, NULL, (void *)IT_BUF,
                         sh->v[SH_RCAP], NULL);
        if (e && (r.info & UK_INFO_ITEM)) { /* the reply's item was refused: say so */
            sh->v[SH_REPLY_ERR] = (uint64_t)e;
            m = (struct uk_msg){ r.info & ~UK_INFO_ITEM, { 0, 0, 0, 0 } };
            e = uk_ipc_items(UK_SYS_REPLY_RECV, ST_SLOT, &m, &out, window, NULL, (void *)IT_BUF,
                             sh->v[SH_RCAP], NULL);
        }
        item = out;
    }
    uk_thread_exit((uint64_t)e);
}

struct agent {
    struct st_child c;
    struct st_thread t;
    uint64_t ep;  /* root's slot: the agent's endpoint */
    uint8_t *buf; /* root's view of the agent's IT_BUF */
};

/* An agent; peer is root's slot of another agent's endpoint, or ~0. */
static int agent_new(struct agent *a, uint64_t peer)
{
    CHECK(!st_child(&a->c));
    CHECK_EQ(uk_endpoint_create(&a->ep), UK_OK);
    CHECK_EQ(uk_cap_copy(a->c.task.space, ST_SLOT, a->ep, UK_RIGHT_SEND | UK_RIGHT_RECV, 0, NULL),
             UK_OK);
    if (peer != ~0ull)
        CHECK_EQ(uk_cap_copy(a->c.task.space, IT_PEER_SLOT, peer, UK_RIGHT_SEND, 0, NULL), UK_OK);
    a->buf = task_map_new(&a->c.task, IT_BUF, IT_BUF_PAGES, true);
    CHECK(a->buf);
    a->c.sh->v[SH_WINDOW] = UK_WINDOW(IT_WIN, (uint64_t)IT_WIN_PAGES);
    a->c.sh->v[SH_RCAP] = IT_BUF_PAGES * UK_PAGE_SIZE;
    CHECK(!st_start(&a->c, agent, TASK_PRIO, &a->t));
    return 0;
}

/* Call agent a with a command, and an item if item is not 0 (then, for
 * an item back, root's window); *mr0 gets the answer's MR0. */
static long agent_cmd(struct agent *a, uint64_t cmd, uint64_t arg, uint64_t arg2, uint64_t item,
                      uint64_t window, uint64_t *mr0)
{
    struct uk_msg m = { (item ? UK_INFO_ITEM : 0) | (window ? UK_INFO_WINDOW : 0),
                        { cmd, arg, arg2, 0 } };
    long e = uk_ipc_items(UK_SYS_CALL, a->ep, &m, &item, window, NULL, NULL, 0, NULL);
    if (mr0)
        *mr0 = m.mr[0];
    return e;
}

/* The agent's answer to a read of va, or the fault that ended it. */
static int expect_read(struct agent *a, uint64_t va, uint64_t want)
{
    uint64_t v;
    CHECK_EQ(agent_cmd(a, CMD_READ, va, 0, 0, 0, &v), UK_OK);
    CHECK_EQ(v, want);
    return 0;
}

static int expect_fault(struct agent *a, uint64_t va, bool write)
{
    struct uk_thread_status st;
    CHECK_EQ(agent_cmd(a, write ? CMD_WRITE : CMD_READ, va, 1, 0, 0, NULL), UK_EABORT);
    CHECK(!st_join(&a->t, &st));
    CHECK_EQ(st.state, UK_THREAD_KILLED);
    CHECK_EQ(st.vector, VEC_PF);
    CHECK_EQ(st.value, va);
    return 0;
}

static uint64_t mapped(struct agent *a, uint64_t va)
{
    uint64_t v = ~0ull;
    return agent_cmd(a, CMD_PROBE, va, 0, 0, 0, &v) ? ~0ull : v;
}

static uint64_t quota_of(struct agent *a)
{
    uint64_t q = ~0ull;
    uk_quota(a->c.task.space, &q);
    return q;
}

/* A map item: the receiver reads the sender's data where its window is;
 * read-only stays read-only (its write faults); the receiver paid. */
static int test_map_item(void)
{
    struct agent a;
    uint64_t *page = pool_alloc(2), rq, q0, q1;
    CHECK(page);
    page[0] = 0x1234;
    page[512] = 0x5678;
    CHECK(!agent_new(&a, ~0ull));
    CHECK_EQ(uk_quota(UK_CAP_ANY, &rq), UK_OK);
    CHECK_EQ(agent_cmd(&a, CMD_NOP, 0, 0, 0, 0, NULL), UK_OK);
    q0 = quota_of(&a);
    CHECK_EQ(agent_cmd(&a, CMD_NOP, 0, 0, UK_ITEM(UK_ITEM_MAP, (uint64_t)page, 2ull, 0), 0, NULL),
             UK_OK);
    CHECK_EQ(a.c.sh->v[SH_ITEM], UK_ITEM(UK_ITEM_MAP, IT_WIN, 2ull, 0));
    q1 = quota_of(&a);
    CHECK(q1 < q0); /* the window's page tables and records */
    CHECK_EQ(uk_quota(UK_CAP_ANY, &q0), UK_OK);
    CHECK_EQ(q0, rq); /* not the sender */
    CHECK(!expect_read(&a, IT_WIN, 0x1234));
    CHECK(!expect_read(&a, IT_WIN + UK_PAGE_SIZE, 0x5678));
    page[0] = 0x4321; /* shared, not copied */
    CHECK(!expect_read(&a, IT_WIN, 0x4321));
    CHECK_EQ(page[0], 0x4321);
    CHECK(!expect_fault(&a, IT_WIN, true));
    return 0;
}

/* A grant moves the mapping: the sender's access faults afterwards, the
 * receiver has the data, and a reply can grant pages back. */
static int test_grant_item(void)
{
    struct agent a, b;
    uint64_t *g = pool_alloc(1), v;
    CHECK(g);
    *g = 77;
    CHECK(!agent_new(&b, ~0ull));
    CHECK(!agent_new(&a, b.ep));
    /* Root grants g to a; a's reply grants it back to the same place. */
    CHECK_EQ(agent_cmd(&a, CMD_NOP, 0, 0, UK_ITEM(UK_ITEM_GRANT, (uint64_t)g, 1ull, UK_ITEM_WRITE),
                       0, NULL),
             UK_OK);
    CHECK(!expect_read(&a, IT_WIN, 77));
    CHECK_EQ(agent_cmd(&a, CMD_WRITE, IT_WIN, 88, 0, 0, NULL), UK_OK);
    CHECK_EQ(agent_cmd(&a, CMD_REPLY_ITEM, UK_ITEM(UK_ITEM_GRANT, IT_WIN, 1ull, UK_ITEM_WRITE), 0,
                       0, UK_WINDOW((uint64_t)g, 1ull), NULL),
             UK_OK);
    CHECK_EQ(*g, 88);
    CHECK_EQ(mapped(&a, IT_WIN), 0);
    /* a grants a page of its own to b; a's access faults afterwards. */
    uint64_t own = IT_BUF + 8 * UK_PAGE_SIZE;
    CHECK_EQ(agent_cmd(&a, CMD_WRITE, own + 2048, 99, 0, 0, NULL), UK_OK);
    CHECK_EQ(agent_cmd(&a, CMD_FORWARD, UK_ITEM(UK_ITEM_GRANT, own, 1ull, 0), 0, 0, 0, &v), UK_OK);
    CHECK_EQ(v, UK_OK);
    CHECK(!expect_read(&b, IT_WIN + 2048, 99));
    CHECK_EQ(mapped(&b, IT_WIN), 1);
    CHECK(!expect_fault(&b, IT_WIN, true)); /* read-only: rights as given */
    CHECK(!expect_fault(&a, own, false));
    return 0;
}

/* Revocation takes back a mapping and the mapping passed on from it, in
 * a third space; the owner keeps its own; the records are refunded. */
static int test_revoke(void)
{
    struct agent a, b;
    uint64_t *p = pool_alloc(1), v, qa, qb, qa1, qb1;
    CHECK(p);
    *p = 5;
    CHECK(!agent_new(&b, ~0ull));
    CHECK(!agent_new(&a, b.ep));
    CHECK_EQ(agent_cmd(&a, CMD_NOP, 0, 0, 0, 0, NULL), UK_OK);
    CHECK_EQ(agent_cmd(&b, CMD_NOP, 0, 0, 0, 0, NULL), UK_OK);
    qa = quota_of(&a);
    qb = quota_of(&b);
    CHECK_EQ(agent_cmd(&a, CMD_NOP, 0, 0, UK_ITEM(UK_ITEM_MAP, (uint64_t)p, 1ull, UK_ITEM_WRITE), 0,
                       NULL),
             UK_OK);
    CHECK_EQ(
        agent_cmd(&a, CMD_FORWARD, UK_ITEM(UK_ITEM_MAP, IT_WIN, 1ull, UK_ITEM_WRITE), 0, 0, 0, &v),
        UK_OK);
    CHECK_EQ(v, UK_OK);
    CHECK_EQ(agent_cmd(&b, CMD_WRITE, IT_WIN, 6, 0, 0, NULL), UK_OK);
    CHECK_EQ(*p, 6);
    qa1 = quota_of(&a);
    qb1 = quota_of(&b);
    CHECK_EQ(uk_revoke((uint64_t)p, 1, 0), UK_OK);
    CHECK_EQ(*p, 6); /* root keeps its page */
    CHECK_EQ(mapped(&a, IT_WIN), 0);
    CHECK_EQ(mapped(&b, IT_WIN), 0);
    /* The records went back; the window's page tables stay (a leaf pair). */
    CHECK(quota_of(&a) >= qa1);
    CHECK_EQ(quota_of(&a), qa - 2);
    CHECK(quota_of(&b) >= qb1);
    CHECK_EQ(quota_of(&b), qb - 2);
    CHECK(!expect_fault(&b, IT_WIN, false));
    CHECK(!expect_fault(&a, IT_WIN, false));
    /* With UK_REVOKE_SELF the owner's own mapping goes too. */
    struct agent c;
    CHECK(!agent_new(&c, ~0ull));
    CHECK_EQ(agent_cmd(&c, CMD_WRITE, IT_BUF, 3, 0, 0, NULL), UK_OK);
    CHECK_EQ(uk_revoke((uint64_t)c.buf, 1, UK_REVOKE_SELF), UK_OK);
    CHECK(!expect_fault(&c, IT_BUF, false));
    CHECK_EQ(uk_revoke(UK_MAP_TOP, 1, 0), UK_EINVAL);
    CHECK_EQ(uk_revoke(0x1000, 1, 2), UK_EINVAL);
    return 0;
}

/* An item that must fail with `want`: the receiver keeps waiting (the
 * next call reaches it, with no item), nothing is mapped in its window
 * and no account changed. */
static int expect_refused(struct agent *a, uint64_t item, long want)
{
    uint64_t q = quota_of(a), rq, rq1;
    CHECK_EQ(uk_quota(UK_CAP_ANY, &rq), UK_OK);
    CHECK_EQ(agent_cmd(a, CMD_NOP, 0, 0, item, 0, NULL), want);
    CHECK_EQ(quota_of(a), q);
    CHECK_EQ(uk_quota(UK_CAP_ANY, &rq1), UK_OK);
    CHECK_EQ(rq1, rq);
    CHECK_EQ(agent_cmd(a, CMD_NOP, 0, 0, 0, 0, NULL), UK_OK);
    CHECK_EQ(a->c.sh->v[SH_ITEM], 0);
    CHECK_EQ(mapped(a, IT_WIN), 0);
    CHECK_EQ(mapped(a, IT_WIN + UK_PAGE_SIZE), 0);
    CHECK_EQ(mapped(a, IT_BUF - UK_PAGE_SIZE), 0);
    return 0;
}

/* The agent's next receive uses this window and buffer capacity. */
static int rearm(struct agent *a, uint64_t window, uint64_t rcap)
{
    a->c.sh->v[SH_WINDOW] = window;
    a->c.sh->v[SH_RCAP] = rcap;
    CHECK_EQ(agent_cmd(a, CMD_NOP, 0, 0, 0, 0, NULL), UK_OK);
    return 0;
}

/* UNMAP of a page and the end of a space take what was derived from
 * their pages with them. */
static int test_unmap_takes_derived(void)
{
    struct agent a, b;
    uint64_t v;
    CHECK(!agent_new(&b, ~0ull));
    CHECK(!agent_new(&a, b.ep));
    CHECK_EQ(agent_cmd(&a, CMD_WRITE, IT_BUF, 41, 0, 0, NULL), UK_OK);
    CHECK_EQ(agent_cmd(&a, CMD_FORWARD, UK_ITEM(UK_ITEM_MAP, IT_BUF, 2ull, 0), 0, 0, 0, &v), UK_OK);
    CHECK_EQ(v, UK_OK);
    CHECK(!expect_read(&b, IT_WIN, 41));
    CHECK_EQ(uk_unmap(a.c.task.space, IT_BUF + UK_PAGE_SIZE, 1), UK_OK);
    CHECK_EQ(mapped(&b, IT_WIN), 1);
    CHECK_EQ(mapped(&b, IT_WIN + UK_PAGE_SIZE), 0);
    /* a's end: its thread and space go, and b's mapping from it. */
    CHECK_EQ(uk_cap_delete(a.t.thread), UK_OK);
    CHECK_EQ(uk_cap_delete(a.c.task.space), UK_OK);
    CHECK_EQ(mapped(&b, IT_WIN), 0);
    CHECK(!expect_fault(&b, IT_WIN, false));
    return 0;
}

/* Every bad item is an error for the sender and changes nothing. */
static int test_bad_items(void)
{
    struct agent a;
    uint64_t p = (uint64_t)pool_alloc(2), full = IT_BUF_PAGES * UK_PAGE_SIZE, v;
    const uint64_t rw = UK_ITEM_WRITE;
    CHECK(p);
    CHECK(!agent_new(&a, ~0ull));
    CHECK_EQ(agent_cmd(&a, CMD_NOP, 0, 0, 0, 0, NULL), UK_OK);
    /* The sender does not hold the pages, or not with the rights. */
    CHECK(!expect_refused(&a, UK_ITEM(UK_ITEM_MAP, 0x30000000ull, 1ull, 0), UK_EFAULT));
    CHECK(!expect_refused(&a, UK_ITEM(UK_ITEM_MAP, UK_BOOTINFO_VA, 2ull, 0), UK_EFAULT));
    CHECK(!expect_refused(&a, UK_ITEM(UK_ITEM_MAP, UK_IMAGE_VA, 1ull, rw), UK_EFAULT));
    CHECK(!expect_refused(&a, UK_ITEM(UK_ITEM_GRANT, UK_IMAGE_VA, 1ull, rw), UK_EFAULT));
    CHECK(!expect_refused(&a, UK_ITEM(UK_ITEM_MAP, UK_BOOTINFO_VA, 1ull, UK_ITEM_EXEC), UK_EFAULT));
    CHECK(!expect_refused(&a, UK_ITEM_COPY_OF(0x30000000ull, 1ull, 8), UK_EFAULT));
    /* Malformed words. */
    CHECK(!expect_refused(&a, p, UK_EINVAL)); /* no kind */
    CHECK(!expect_refused(&a, UK_ITEM(UK_ITEM_MAP, p, 1ull, 0) | 1ull << 10, UK_EINVAL));
    CHECK(!expect_refused(&a, UK_ITEM(UK_ITEM_MAP, p, 1ull, 0) | 1ull << 48, UK_EINVAL));
    CHECK(!expect_refused(&a, UK_ITEM(UK_ITEM_MAP, p, 1ull, 0) | 1ull << 63, UK_EINVAL));
    CHECK(!expect_refused(&a, UK_ITEM(UK_ITEM_MAP, UK_MAP_TOP - UK_PAGE_SIZE, 2ull, 0), UK_EINVAL));
    CHECK(!expect_refused(&a, UK_ITEM_COPY_OF(p, 1ull, 0), UK_EINVAL));
    CHECK(!expect_refused(&a, UK_ITEM_COPY_OF(p, 1ull, 4097), UK_EINVAL));
    CHECK(!expect_refused(&a, UK_ITEM_COPY_OF(p, 1ull, 1) | rw, UK_EINVAL));
    /* The receiver's window: too small, none, outside its range, taken. */
    CHECK(!rearm(&a, UK_WINDOW(IT_WIN, 1ull), full));
    CHECK(!expect_refused(&a, UK_ITEM(UK_ITEM_MAP, p, 2ull, 0), UK_EWINDOW));
    CHECK(!rearm(&a, 0, full));
    CHECK(!expect_refused(&a, UK_ITEM(UK_ITEM_MAP, p, 1ull, 0), UK_EWINDOW));
    CHECK(!expect_refused(&a, UK_ITEM(UK_ITEM_GRANT, p, 1ull, 0), UK_EWINDOW));
    CHECK(!rearm(&a, UK_WINDOW(UK_MAP_TOP, 1ull), full));
    CHECK(!expect_refused(&a, UK_ITEM(UK_ITEM_MAP, p, 1ull, 0), UK_EWINDOW));
    CHECK(!rearm(&a, UK_WINDOW(UK_MAP_TOP - 0xfff000ull, 0x1000ull), full)); /* past the top */
    CHECK(!expect_refused(&a, UK_ITEM(UK_ITEM_MAP, p, 1ull, 0), UK_EWINDOW));
    CHECK(!rearm(&a, 0xffff800000000000ull, full));
    CHECK(!expect_refused(&a, UK_ITEM(UK_ITEM_MAP, p, 1ull, 0), UK_EWINDOW));
    CHECK(!rearm(&a, UK_WINDOW(IT_BUF - UK_PAGE_SIZE, 2ull), full));
    CHECK(!expect_refused(&a, UK_ITEM(UK_ITEM_MAP, p, 2ull, 0), UK_EBUSY));
    /* A copy's buffer too small. */
    CHECK(!rearm(&a, UK_WINDOW(IT_WIN, 64ull), UK_MSG_MAX + 100));
    CHECK(!expect_refused(&a, UK_ITEM_COPY_OF(p, 1ull, 101), UK_EWINDOW));
    CHECK(!expect_refused(&a, UK_ITEM_COPY_OF(p, 2ull, 1), UK_EWINDOW));
    /* A refused reply item: the server learns, the caller is untouched. */
    CHECK(!rearm(&a, UK_WINDOW(IT_WIN, 64ull), full));
    a.c.sh->v[SH_REPLY_ERR] = 0;
    CHECK_EQ(agent_cmd(&a, CMD_REPLY_ITEM, UK_ITEM(UK_ITEM_GRANT, IT_WIN, 1ull, 0), 0, 0,
                       UK_WINDOW(0x30000000ull, 1ull), &v),
             UK_OK);
    CHECK_EQ((long)a.c.sh->v[SH_REPLY_ERR], UK_EFAULT);
    CHECK_EQ(
        agent_cmd(&a, CMD_REPLY_ITEM, UK_ITEM(UK_ITEM_MAP, ST_SHARED_VA, 1ull, 0), 0, 0, 0, &v),
        UK_OK);
    CHECK_EQ((long)a.c.sh->v[SH_REPLY_ERR], UK_EWINDOW);
    /* An empty account: UK_ENOMEM for the sender. */
    CHECK_EQ(agent_cmd(&a, CMD_DRAIN, 0, 0, 0, 0, NULL), UK_OK);
    CHECK_EQ(quota_of(&a), 0);
    CHECK(!expect_refused(&a, UK_ITEM(UK_ITEM_MAP, p, 1ull, 0), UK_ENOMEM));
    return 0;
}

/* A copy item gathers `bytes` of each of n pages into the receive buffer
 * after the long part's UK_MSG_MAX bytes, at the page stride. */
static int test_copy_item(void)
{
    struct agent a;
    uint8_t *src = pool_alloc(64);
    CHECK(src);
    for (unsigned i = 0; i < 64 * UK_PAGE_SIZE; i++)
        src[i] = (uint8_t)(i * 7 + i / 4096);
    CHECK(!agent_new(&a, ~0ull));
    CHECK_EQ(agent_cmd(&a, CMD_NOP, 0, 0, UK_ITEM_COPY_OF((uint64_t)src, 64ull, 100), 0, NULL),
             UK_OK);
    CHECK_EQ(a.c.sh->v[SH_ITEM], UK_ITEM_COPY_OF(0ull, 64ull, 100));
    for (unsigned i = 0; i < 64; i++) {
        uint8_t *d = a.buf + UK_MSG_MAX + i * UK_PAGE_SIZE;
        CHECK(!memcmp(d, src + i * UK_PAGE_SIZE, 100));
        CHECK_EQ(d[100], 0);
    }
    CHECK_EQ(agent_cmd(&a, CMD_NOP, 0, 0, UK_ITEM_COPY_OF((uint64_t)src, 1ull, 4096), 0, NULL),
             UK_OK);
    CHECK(!memcmp(a.buf + UK_MSG_MAX, src, 4096));
    return 0;
}

const struct selftest selftests_items[] = {
    { "a map item: the receiver sees the sender's page, read-only stays so", test_map_item },
    { "a grant item moves the page; a reply grants it back", test_grant_item },
    { "revoke takes back maps of maps in other spaces, refunds records", test_revoke },
    { "unmap and the end of a space take derived mappings along", test_unmap_takes_derived },
    { "a bad item fails for the sender and changes nothing", test_bad_items },
    { "a copy item gathers bytes of n pages in one IPC", test_copy_item },
    { NULL, NULL },
};
