/* SPDX-License-Identifier: MIT */
/*
 * Self-test of the uk port of wl.h's page API: a client and a server
 * task set up as bench.c sets them up (channel, pool, receive buffer)
 * exchange batches of 1 and 64 pages with each mechanism; the server
 * sums what it sees and marks moved pages, the client checks the sums,
 * the marks, the pages being back and the counts.
 */
#include "selftest.h"
#include "string.h"
#include "wl_uk.h"

#define WLT_BYTES_SMALL 100

/* What the server answers for a batch: a sum over the bytes that matter. */
static uint64_t batch_sum(const uint8_t *base, uint32_t n, uint32_t bytes)
{
    uint64_t s = 0;
    for (uint32_t i = 0; i < n; i++)
        for (uint32_t b = 0; b < bytes; b++)
            s = s * 31 + base[i * WL_PAGE_SIZE + b];
    return s;
}

static long wlt_handler(void *ctx, const void *req, size_t len, const struct wl_pages *got,
                        void *resp)
{
    (void)ctx;
    (void)req;
    if (!got)
        return len ? WL_STOP : 0;
    uint64_t sum = batch_sum(got->base, got->n, got->bytes);
    if (got->mech == WL_PAGES_MOVE) /* the client must see this when they are back */
        for (uint32_t i = 0; i < got->n; i++)
            got->base[i * WL_PAGE_SIZE + WL_PAGE_SIZE - 1] = (uint8_t)(0xa0 + i);
    memcpy(resp, &sum, sizeof(sum));
    memcpy((uint8_t *)resp + 8, got, sizeof(*got)); /* and what it saw */
    return (long)(8 + sizeof(*got));
}

static void wlt_server(uint64_t args_va)
{
    wluk_attach((const struct wluk_args *)args_va);
    uk_thread_exit((uint64_t)wl_serve(wluk_channel(), wlt_handler, NULL));
}

/* One batch; returns 0 or the line that failed. */
static long wlt_batch(wl_chan_t *ch, uint8_t *p, enum wl_page_mech mech, uint32_t n, uint32_t bytes)
{
    struct wl_pages give = { mech, p, n, bytes };
    struct wl_page_counts c;
    struct wl_pages seen;
    uint8_t resp[64];
    uint64_t sum;
    for (uint32_t i = 0; i < n * WL_PAGE_SIZE; i++)
        p[i] = (uint8_t)(i * 13 + n + mech);
    uint64_t want = batch_sum(p, n, bytes);
    long r = wl_call_pages(ch, &give, "pages", 5, resp, sizeof(resp), &c);
    if (r != (long)(8 + sizeof(seen)))
        return __LINE__;
    memcpy(&sum, resp, 8);
    memcpy(&seen, resp + 8, sizeof(seen));
    if (sum != want || seen.mech != mech || seen.n != n || seen.bytes != bytes)
        return __LINE__;
    uint64_t moved = mech == WL_PAGES_MOVE ? 2 * n : mech == WL_PAGES_SHARE ? n : 0;
    /* The copy, and the reply: longer than a page reply's 16 register bytes. */
    uint64_t copied = (mech == WL_PAGES_COPY ? (uint64_t)n * bytes : 0) + 8 + sizeof(seen);
    if (c.pages_mapped != moved || c.pages_unmapped != moved || c.bytes_copied != copied ||
        c.mech_time <= 0)
        return __LINE__;
    static const char *const names[] = { "none", "move", "share", "copy" };
    console_printf("# wl_call_pages %s n=%u bytes=%u: mech_time %ld, mapped %lu, unmapped %lu, "
                   "copied %lu\n",
                   names[mech], n, bytes, (long)c.mech_time, (unsigned long)c.pages_mapped,
                   (unsigned long)c.pages_unmapped, (unsigned long)c.bytes_copied);
    for (uint32_t i = 0; i < n; i++) { /* back, and as the server left them */
        uint8_t last = p[i * WL_PAGE_SIZE + WL_PAGE_SIZE - 1];
        if (mech == WL_PAGES_MOVE
                ? last != (uint8_t)(0xa0 + i)
                : last != (uint8_t)((i * WL_PAGE_SIZE + WL_PAGE_SIZE - 1) * 13 + n + mech))
            return __LINE__;
    }
    return 0;
}

static void wlt_client(uint64_t args_va)
{
    wl_chan_t *ch = wluk_channel();
    static const enum wl_page_mech mechs[] = { WL_PAGES_MOVE, WL_PAGES_SHARE, WL_PAGES_COPY };
    long r = 0;
    wluk_attach((const struct wluk_args *)args_va);
    uint8_t *p = wl_pages_alloc(WL_PAGES_MAX);
    if (!p || wl_pages_alloc(WL_PAGES_MAX + 1))
        r = __LINE__;
    for (unsigned m = 0; m < 3 && !r; m++) {
        if (!r)
            r = wlt_batch(ch, p, mechs[m], 1, WLT_BYTES_SMALL);
        if (!r)
            r = wlt_batch(ch, p, mechs[m], WL_PAGES_MAX, WL_PAGE_SIZE);
        if (!r) /* and again: nothing was left behind */
            r = wlt_batch(ch, p, mechs[m], WL_PAGES_MAX, WLT_BYTES_SMALL);
    }
    uint8_t stop = 1, resp[8];
    wl_call(ch, &stop, 1, resp, sizeof(resp));
    uk_thread_exit((uint64_t)r);
}

/* A thread of t in `role` with its wluk_args page (the thread-th) and
 * its memory, as bench.c maps them. */
static int wlt_thread(struct task *t, unsigned thread, enum wluk_role role, struct st_thread *th)
{
    uint64_t va = WLUK_ARGS_VA + thread * UK_PAGE_SIZE;
    struct wluk_args *a = task_map_new(t, va, 1, false);
    CHECK(a);
    a->role = role;
    strlcpy(a->system, "uk", sizeof(a->system));
    strlcpy(a->unit, "insns", sizeof(a->unit));
    if (role == WLUK_CLIENT) {
        CHECK(task_map_new(t, WLUK_POOL_VA, WLUK_POOL_PAGES, true));
        a->pool_pages = WLUK_POOL_PAGES;
    } else {
        CHECK(task_map_new(t, WLUK_RBUF_VA, WLUK_RBUF_PAGES, true));
        a->rbuf_pages = WLUK_RBUF_PAGES;
    }
    CHECK_EQ(uk_notification_create(&th->exit_ntfn), UK_OK);
    CHECK_EQ(task_thread(t, role == WLUK_CLIENT ? wlt_client : wlt_server, va, TASK_PRIO,
                         th->exit_ntfn, &th->thread),
             UK_OK);
    return 0;
}

/* Client and server in two spaces, or as two threads of one. */
static int wlt_run(bool same_space)
{
    struct task srv, cli_space, *cli = same_space ? &srv : &cli_space;
    struct st_thread ts, tc;
    struct uk_thread_status st;
    uint64_t ep;
    CHECK_EQ(uk_endpoint_create(&ep), UK_OK);
    CHECK_EQ(task_create(&srv), UK_OK);
    unsigned rights = same_space ? UK_RIGHT_SEND | UK_RIGHT_RECV : UK_RIGHT_RECV;
    CHECK_EQ(uk_cap_copy(srv.space, WLUK_CHAN_SLOT, ep, rights, 0, NULL), UK_OK);
    if (!same_space) {
        CHECK_EQ(task_create(cli), UK_OK);
        CHECK_EQ(uk_cap_copy(cli->space, WLUK_CHAN_SLOT, ep, UK_RIGHT_SEND, 0, NULL), UK_OK);
    }
    CHECK(!wlt_thread(&srv, 0, WLUK_SERVER, &ts));
    CHECK(!wlt_thread(cli, same_space ? 1 : 0, WLUK_CLIENT, &tc));
    CHECK_EQ(uk_thread_start(ts.thread), UK_OK);
    CHECK_EQ(uk_thread_start(tc.thread), UK_OK);
    CHECK(!st_join(&tc, &st));
    CHECK_EQ(st.state, UK_THREAD_EXITED);
    CHECK_EQ(st.value, 0); /* else the line in this file that failed */
    CHECK(!st_join(&ts, &st));
    CHECK_EQ(st.state, UK_THREAD_EXITED);
    CHECK_EQ(st.value, 0);
    return 0;
}

static int test_wl_pages(void)
{
    return wlt_run(false);
}

static int test_wl_pages_one_space(void)
{
    return wlt_run(true);
}

const struct selftest selftests_wl[] = {
    { "wl_call_pages moves, shares and copies 1 and 64 pages", test_wl_pages },
    { "the same, client and server in one space", test_wl_pages_one_space },
    { NULL, NULL },
};
