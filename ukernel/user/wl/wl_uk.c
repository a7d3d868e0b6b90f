/* SPDX-License-Identifier: MIT */
/*
 * wl.h on the microkernel.  A channel is an endpoint capability; wl_call()
 * is one UK_SYS_CALL and the server loop is UK_SYS_RECV followed by
 * UK_SYS_REPLY_RECV, so a round trip is exactly two kernel entries.
 * Payloads of up to 32 bytes travel in the four message registers (the
 * label says how many bytes) and can take the fastpath; longer ones are
 * long messages, copied by the kernel straight into the peer's buffer.
 * Pages travel as items of the request (wl_call_pages, below).
 */
#include "wl_uk.h"
#include "string.h"
#include "uk.h"
#include "domain.h"
#include <stdbool.h>

#define REG_BYTES (UK_MSG_REGS * 8)

struct wl_chan {
    uint64_t ep;
};

static const struct wluk_args *args;

uint64_t wl_cycles(void)
{
    uint32_t lo, hi;
    __asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
    return ((uint64_t)hi << 32) | lo;
}

/* Request labels (info bits 32-63): the register payload's length, and
 * for a page request the bytes of each page that matter. */
#define LABEL_LEN_MASK 0x1fffull
#define LABEL_BYTES_SHIFT (UK_INFO_LABEL_SHIFT + 13)

/* Put len bytes of buf into m: registers if they fit (regs of them), else
 * a long message. */
static void pack(struct uk_msg *m, const void *buf, size_t len, size_t regs)
{
    if (len <= regs) {
        m->info = (uint64_t)len << UK_INFO_LABEL_SHIFT;
        if (len)
            memcpy(m->mr, buf, len);
    } else {
        m->info = len;
    }
}

/* The payload length of a received message; register bytes go to buf. */
static long unpack(const struct uk_msg *m, void *buf, size_t max, size_t regs)
{
    uint64_t len = m->info & UK_INFO_LEN_MASK;
    if (len)
        return m->info & UK_INFO_TRUNC ? UK_EINVAL : (long)len;
    len = m->info >> UK_INFO_LABEL_SHIFT & LABEL_LEN_MASK;
    if (len > regs || len > max)
        return UK_EINVAL;
    if (len)
        memcpy(buf, m->mr, len);
    return (long)len;
}

long wl_call(wl_chan_t *ch, const void *req, size_t len, void *resp, size_t resp_max)
{
    struct uk_msg m;
    if (len > WL_MSG_MAX)
        return UK_EINVAL;
    pack(&m, req, len, REG_BYTES);
    long e = uk_call(ch->ep, &m, req, resp, resp_max);
    return e ? e : unpack(&m, resp, resp_max, REG_BYTES);
}

/*
 * The page API.  Each mechanism is one item on the request (uk/abi.h):
 *   MOVE   a grant of the n pages (writable); the server's reply grants
 *          them back into the client's window, which is give->base;
 *   SHARE  a read-only map of the n pages; after the reply the client
 *          revokes them (UK_SYS_REVOKE, keeping its own);
 *   COPY   a copy item: the kernel copies `bytes` of each page into the
 *          server's receive buffer after its UK_MSG_MAX bytes.
 * A page reply keeps MR2 and MR3 for the server's two timestamps (when
 * the request arrived, when it replied), so its payload fits in the
 * registers only up to PAGE_REPLY_REGS bytes.  mech_time is the time
 * inside the system calls that carry items, from the client's
 * timestamp before its call to the server's after the request arrived,
 * and (MOVE) from the server's before its reply to the client's after
 * the call returned, plus (SHARE) the revoke; the item rides the IPC
 * that also tells the peer, so those legs include the IPC itself.
 */
#define PAGE_REPLY_REGS 16

static uint64_t pool_used;

int wl_pages_can(wl_chan_t *ch, enum wl_page_mech mech)
{
    (void)ch;
    return mech == WL_PAGES_MOVE || mech == WL_PAGES_SHARE || mech == WL_PAGES_COPY;
}

uint8_t *wl_pages_alloc(uint32_t n)
{
    if (!args->pool_pages || !n || n > WL_PAGES_MAX || n > args->pool_pages - pool_used)
        return NULL;
    uint8_t *p = (uint8_t *)(WLUK_POOL_VA + pool_used * UK_PAGE_SIZE);
    pool_used += n;
    return p;
}

long wl_call_pages(wl_chan_t *ch, const struct wl_pages *give, const void *req, size_t len,
                   void *resp, size_t resp_max, struct wl_page_counts *counts)
{
    uint64_t base = (uint64_t)give->base, n = give->n, item, window = 0;
    if (!n || n > WL_PAGES_MAX || !give->bytes || give->bytes > WL_PAGE_SIZE ||
        base & (UK_PAGE_SIZE - 1) || len > WL_MSG_MAX)
        return UK_EINVAL;
    switch (give->mech) {
    case WL_PAGES_MOVE:
        item = UK_ITEM(UK_ITEM_GRANT, base, n, UK_ITEM_WRITE);
        window = UK_WINDOW(base, n);
        break;
    case WL_PAGES_SHARE:
        item = UK_ITEM(UK_ITEM_MAP, base, n, 0);
        break;
    case WL_PAGES_COPY:
        item = UK_ITEM_COPY_OF(base, n, give->bytes);
        break;
    default:
        return UK_EINVAL;
    }
    struct uk_msg m;
    pack(&m, req, len, REG_BYTES);
    m.info |=
        UK_INFO_ITEM | (window ? UK_INFO_WINDOW : 0) | (uint64_t)give->bytes << LABEL_BYTES_SHIFT;
    uint64_t t0 = wl_cycles();
    long e = uk_ipc_items(UK_SYS_CALL, ch->ep, &m, &item, window, req, resp, resp_max, NULL);
    uint64_t t3 = wl_cycles();
    if (e)
        return e;
    long r = unpack(&m, resp, resp_max, PAGE_REPLY_REGS);
    int64_t mech = (int64_t)(m.mr[2] - t0);
    uint64_t moved = 0;
    if (give->mech == WL_PAGES_MOVE) {
        if (!(m.info & UK_INFO_ITEM) || item != UK_ITEM(UK_ITEM_GRANT, base, n, UK_ITEM_WRITE))
            return UK_EINVAL; /* the server did not give the pages back */
        mech += (int64_t)(t3 - m.mr[3]);
        moved = 2 * n; /* to the server and back: entries made and removed on each side */
    } else if (give->mech == WL_PAGES_SHARE) {
        uint64_t t4 = wl_cycles();
        e = uk_revoke(base, n, 0);
        mech += (int64_t)(wl_cycles() - t4);
        if (e)
            return e;
        moved = n; /* the server's entries, made by the map, removed by the revoke */
    }
    if (r < 0)
        return r;
    counts->bytes_copied = (len > REG_BYTES ? len : 0) + (r > PAGE_REPLY_REGS ? (uint64_t)r : 0) +
                           (give->mech == WL_PAGES_COPY ? n * give->bytes : 0);
    counts->pages_mapped = moved;
    counts->pages_unmapped = moved;
    counts->mech_time = mech;
    return r;
}

/* What came with a request's item, as the server sees it. */
static void got_of(const struct uk_msg *m, uint64_t item, struct wl_pages *got)
{
    uint64_t kind = item >> UK_ITEM_KIND_SHIFT & 3;
    got->mech = kind == UK_ITEM_GRANT ? WL_PAGES_MOVE
                : kind == UK_ITEM_MAP ? WL_PAGES_SHARE
                                      : WL_PAGES_COPY;
    got->n = (uint32_t)(item & 0x3f) + 1;
    got->bytes = (uint32_t)(m->info >> LABEL_BYTES_SHIFT & LABEL_LEN_MASK);
    got->base = (uint8_t *)(kind == UK_ITEM_COPY ? WLUK_RBUF_VA + UK_MSG_MAX : WLUK_WINDOW_VA);
}

/*
 * Requests land in the receive buffer at WLUK_RBUF_VA (copies after its
 * first UK_MSG_MAX bytes) and items in the window at WLUK_WINDOW_VA; the
 * server receives with both every time, so plain requests keep the
 * fastpath (the window is only read when an item arrives) and cost a few
 * instructions more than without (the window register, the item check).
 */
#define SERVE_WINDOW UK_WINDOW(WLUK_WINDOW_VA, (uint64_t)WL_PAGES_MAX)

static uint8_t serve_resp[WL_MSG_MAX];
#define SERVE_REQ ((uint8_t *)WLUK_RBUF_VA)

/* A request that came with pages: the handler sees them in `got`; the
 * reply carries the server's timestamps in MR2 and MR3 and, for a MOVE,
 * grants the pages back from the window.  Returns the next receive's
 * result, or 1 if the handler said stop (and the reply went out). */
static __attribute__((noinline)) long serve_pages(wl_chan_t *ch, wl_handler_t handler, void *ctx,
                                                  struct uk_msg *m, uint64_t rcap, uint64_t *item)
{
    uint64_t t1 = wl_cycles(), out = 0;
    struct wl_pages got;
    got_of(m, *item, &got);
    long n = unpack(m, SERVE_REQ, WL_MSG_MAX, REG_BYTES);
    if (n < 0)
        return n;
    long r = handler(ctx, SERVE_REQ, (size_t)n, &got, serve_resp);
    bool stop = r == WL_STOP;
    if (stop)
        r = 0;
    if (r < 0 || r > WL_MSG_MAX)
        return UK_EINVAL;
    pack(m, serve_resp, (size_t)r, PAGE_REPLY_REGS);
    if (got.mech == WL_PAGES_MOVE) {
        m->info |= UK_INFO_ITEM;
        out = UK_ITEM(UK_ITEM_GRANT, WLUK_WINDOW_VA, (uint64_t)got.n, UK_ITEM_WRITE);
    }
    m->mr[2] = t1;
    m->mr[3] = wl_cycles();
    if (stop) {
        long e = uk_ipc_items(UK_SYS_REPLY, 0, m, &out, 0, serve_resp, NULL, 0, NULL);
        return e ? e : 1;
    }
    m->info |= UK_INFO_WINDOW;
    long e = uk_ipc_items(UK_SYS_REPLY_RECV, ch->ep, m, &out, SERVE_WINDOW, serve_resp, SERVE_REQ,
                          rcap, NULL);
    *item = out;
    return e;
}

long wl_serve(wl_chan_t *ch, wl_handler_t handler, void *ctx)
{
    uint8_t *req = SERVE_REQ, *resp = serve_resp;
    uint64_t item = 0, rcap = args->rbuf_pages * UK_PAGE_SIZE;
    struct uk_msg m = { UK_INFO_WINDOW, { 0, 0, 0, 0 } };
    if (rcap < WL_MSG_MAX)
        return UK_EINVAL; /* the root task gives servers the buffer */
    long e = uk_ipc_items(UK_SYS_RECV, ch->ep, &m, &item, SERVE_WINDOW, NULL, req, rcap, NULL);

    for (;;) {
        if (e)
            return e;
        if (m.info & UK_INFO_ITEM) {
            uint64_t next = item;
            e = serve_pages(ch, handler, ctx, &m, rcap, &next);
            item = next;
            if (e == 1)
                return 0;
            continue;
        }
        long n = unpack(&m, req, WL_MSG_MAX, REG_BYTES);
        if (n < 0)
            return n;
        long r = handler(ctx, req, (size_t)n, NULL, resp);
        if (r == WL_STOP) {
            pack(&m, resp, 0, REG_BYTES);
            return uk_reply(&m, resp);
        }
        if (r < 0 || r > WL_MSG_MAX)
            return UK_EINVAL;
        pack(&m, resp, (size_t)r, REG_BYTES);
        m.info |= UK_INFO_WINDOW;
        e = uk_ipc_items(UK_SYS_REPLY_RECV, ch->ep, &m, &item, SERVE_WINDOW, resp, req, rcap, NULL);
    }
}

void wl_null_call(void)
{
    uk_null();
}

const char *wl_null_call_name(void)
{
    return "null-syscall";
}

int64_t *wl_sample_buffer(uint32_t n)
{
    return n <= args->samples_max ? (int64_t *)WLUK_SAMPLES_VA : NULL;
}

void wl_console_write(const char *s, size_t len)
{
    uk_debug_write(s, len);
}

const char *wl_system(void)
{
    return args->system;
}

const char *wl_unit(void)
{
    return args->unit;
}

void wluk_attach(const struct wluk_args *a)
{
    args = a;
}

const struct wluk_args *wluk_args(void)
{
    return args;
}

wl_chan_t *wluk_channel(void)
{
    static struct wl_chan ch = { WLUK_CHAN_SLOT };
    return &ch;
}

void wluk_task_main(uint64_t args_va)
{
    struct wl_chan ch = { WLUK_CHAN_SLOT };
    const struct wluk_args *a = (const void *)args_va;
    const struct wl_workload *w = wl_find(a->workload);
    int r = -1;

    args = a; /* same values for every thread of a task */
    /* Two threads of one space run the same pages: only the client says. */
    if (a->role != WLUK_SERVER)
        uk_announce_domain(0);
    else if (strcmp(a->variant, "intra-as") != 0)
        uk_announce_domain(1);
    if (w && a->role == WLUK_SERVER)
        r = w->server(&ch, &a->cfg);
    else if (w && a->role == WLUK_CLIENT)
        r = w->client(&ch, a->variant, &a->cfg);
    else if (w && a->role == WLUK_SOLO && w->solo)
        r = w->solo(&a->cfg);
    uk_thread_exit((uint64_t)(int64_t)r);
}
