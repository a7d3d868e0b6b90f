/* SPDX-License-Identifier: MIT */
/*
 * See fuzz_witness.h.  Message k carries, from the client: info length
 * k % (FZW_MSG_MAX + 1) and label k; message registers fz_mix64(4k + j);
 * long part byte j = msg_byte(k, j).  The server checks all of it and
 * answers with every register and byte inverted; the client checks that,
 * and that the kernel wrote nothing past the reply's length.
 */
#include "fuzz_witness.h"
#include "fmt.h"
#include "fuzz_gen.h"
#include "fuzz_task.h"
#include "string.h"

#define FILL 0xa5 /* receive buffers are filled with this before each call */
#define PAGE UK_PAGE_SIZE
#define WORDS (PAGE / 8)

static uint8_t client_out[FZW_MSG_MAX], client_in[FZW_MSG_MAX + 64];
static uint8_t server_buf[FZW_MSG_MAX + 64], server_out[FZW_MSG_MAX];
static uint64_t text_sums[FZW_TEXT_PAGES_MAX];
static uint64_t server_last; /* the request the server answered last */

static uint8_t msg_byte(uint64_t k, unsigned j)
{
    return (uint8_t)(fz_mix64(k) >> (8 * (j & 7))) ^ (uint8_t)j;
}

static uint64_t pattern_word(uint64_t key, uint64_t i)
{
    return fz_mix64(key + i);
}

static _Noreturn void fail(struct fzw_shared *sh, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static _Noreturn void fail(struct fzw_shared *sh, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fmt_vsnprintf(sh->why, sizeof(sh->why), fmt, ap);
    va_end(ap);
    sh->failed = 1;
    uk_notify(FZW_TICK_SLOT);
    uk_thread_exit(1);
}

/* Is every byte of p[0..n) equal to v?  Index of the first that is not, or n. */
static unsigned first_not(const uint8_t *p, unsigned n, uint8_t v)
{
    unsigned i = 0;
    while (i < n && p[i] == v)
        i++;
    return i;
}

static uint64_t page_sum(const uint64_t *p)
{
    uint64_t s = 0;
    for (unsigned i = 0; i < WORDS; i++)
        s = fz_mix64(s ^ p[i]);
    return s;
}

/* Check request k (info, registers, long part, nothing written past it). */
static void check_request(struct fzw_shared *sh, const struct uk_msg *m)
{
    uint64_t k = m->mr[0] ^ fz_mix64(0), len = k % (FZW_MSG_MAX + 1);
    if (k != server_last + 1)
        fail(sh, "server: request %lu came after request %lu", k, server_last);
    server_last = k;
    if ((m->info & UK_INFO_LEN_MASK) != len || m->info >> UK_INFO_LABEL_SHIFT != (k & 0xffffffff))
        fail(sh, "server: request %lu has info 0x%lx", k, m->info);
    for (unsigned j = 1; j < UK_MSG_REGS; j++) {
        if (m->mr[j] != fz_mix64(4 * k + j))
            fail(sh, "server: request %lu register %u is 0x%lx", k, j, m->mr[j]);
    }
    for (unsigned j = 0; j < len; j++) {
        if (server_buf[j] != msg_byte(k, j))
            fail(sh, "server: request %lu byte %u is 0x%x", k, j, server_buf[j]);
    }
    unsigned past = first_not(server_buf + len, sizeof(server_buf) - len, FILL);
    if (past != sizeof(server_buf) - len)
        fail(sh, "server: request %lu: byte %lu past its end was written", k, len + past);
}

/* Thread: answer requests on FZW_EP_SLOT until something is wrong. */
static void fzw_server(uint64_t shva)
{
    struct fzw_shared *sh = (void *)shva;
    struct uk_msg m;
    memset(server_buf, FILL, sizeof(server_buf));
    long e = uk_recv(FZW_EP_SLOT, 0, &m, server_buf, FZW_MSG_MAX, NULL);
    for (;;) {
        if (e)
            fail(sh, "server: receive failed: %ld", e);
        check_request(sh, &m);
        uint64_t len = m.info & UK_INFO_LEN_MASK;
        for (unsigned j = 0; j < len; j++)
            server_out[j] = (uint8_t)~server_buf[j];
        for (unsigned j = 0; j < UK_MSG_REGS; j++)
            m.mr[j] = ~m.mr[j];
        memset(server_buf, FILL, sizeof(server_buf));
        e = uk_reply_recv(FZW_EP_SLOT, &m, server_out, server_buf, FZW_MSG_MAX, NULL);
    }
}

/* One round trip, message k. */
static void round_trip(struct fzw_shared *sh, uint64_t k)
{
    uint64_t len = k % (FZW_MSG_MAX + 1);
    struct uk_msg m = { len | (k & 0xffffffff) << UK_INFO_LABEL_SHIFT, { k ^ fz_mix64(0) } };
    for (unsigned j = 1; j < UK_MSG_REGS; j++)
        m.mr[j] = fz_mix64(4 * k + j);
    for (unsigned j = 0; j < len; j++)
        client_out[j] = msg_byte(k, j);
    memset(client_in, FILL, sizeof(client_in));
    long e = uk_call(FZW_EP_SLOT, &m, client_out, client_in, FZW_MSG_MAX);
    if (e)
        fail(sh, "client: call %lu failed: %ld", k, e);
    if ((m.info & UK_INFO_LEN_MASK) != len || m.info >> UK_INFO_LABEL_SHIFT != (k & 0xffffffff))
        fail(sh, "client: reply %lu has info 0x%lx", k, m.info);
    if (m.mr[0] != ~(k ^ fz_mix64(0)))
        fail(sh, "client: reply %lu register 0 is 0x%lx", k, m.mr[0]);
    for (unsigned j = 1; j < UK_MSG_REGS; j++) {
        if (m.mr[j] != ~fz_mix64(4 * k + j))
            fail(sh, "client: reply %lu register %u is 0x%lx", k, j, m.mr[j]);
    }
    for (unsigned j = 0; j < len; j++) {
        uint8_t want = 0xff ^ msg_byte(k, j);
        if (client_in[j] != want)
            fail(sh, "client: reply %lu byte %u is 0x%x", k, j, client_in[j]);
    }
    unsigned past = first_not(client_in + len, sizeof(client_in) - len, FILL);
    if (past != sizeof(client_in) - len)
        fail(sh, "client: reply %lu: byte %lu past its end was written", k, len + past);
    for (unsigned j = 0; j < len; j++) {
        if (client_out[j] != msg_byte(k, j))
            fail(sh, "client: send buffer of call %lu changed at byte %u", k, j);
    }
}

/* Check page p of the round: code pages first, then the pattern. */
static void check_page(struct fzw_shared *sh, uint64_t p)
{
    uint64_t text_pages = (sh->ro_end - sh->ro_start) / PAGE;
    if (p < text_pages) {
        uint64_t s = page_sum((const uint64_t *)(sh->ro_start + p * PAGE));
        if (s != text_sums[p])
            fail(sh, "code page at 0x%lx changed (checksum 0x%lx, was 0x%lx)",
                 (uint64_t)(sh->ro_start + p * PAGE), s, text_sums[p]);
        return;
    }
    p -= text_pages;
    const volatile uint64_t *w = (const uint64_t *)(FZW_PATTERN_VA + p * PAGE);
    for (uint64_t i = 0; i < WORDS; i++) {
        uint64_t want = pattern_word(sh->key, p * WORDS + i);
        if (w[i] != want)
            fail(sh, "pattern page %lu word %lu is 0x%lx, should be 0x%lx", p, i, w[i], want);
    }
}

/* Thread: call the server forever, checking one page per batch. */
static void fzw_client(uint64_t shva)
{
    struct fzw_shared *sh = (void *)shva;
    uint64_t text_pages = (sh->ro_end - sh->ro_start) / PAGE;
    uint64_t pages = text_pages + FZW_PATTERN_PAGES;
    for (uint64_t p = 0; p < text_pages; p++)
        text_sums[p] = page_sum((const uint64_t *)(sh->ro_start + p * PAGE));
    for (uint64_t k = 1;; k++) {
        round_trip(sh, k);
        sh->round_trips = k;
        if (k % FZW_BATCH == 0) {
            check_page(sh, (k / FZW_BATCH) % pages);
            sh->batches++;
            uk_notify(FZW_TICK_SLOT);
            uk_yield();
        }
    }
}

uint64_t fzw_pages(const struct fzw *w)
{
    return (w->sh->ro_end - w->sh->ro_start) / PAGE + FZW_PATTERN_PAGES;
}

long fzw_start(struct fzw *w, uint64_t ro_start, uint64_t ro_end, uint64_t tick, uint64_t exit)
{
    uint64_t ep, t_srv, t_cli;
    long e;
    if (ro_end - ro_start > FZW_TEXT_PAGES_MAX * PAGE)
        ro_end = ro_start + FZW_TEXT_PAGES_MAX * PAGE;
    if ((e = task_create(&w->task)))
        return e;
    w->sh = task_map_new(&w->task, FZW_SHARED_VA, 1, true);
    w->pattern = task_map_new(&w->task, FZW_PATTERN_VA, FZW_PATTERN_PAGES, true);
    if (!w->sh || !w->pattern)
        return UK_ENOMEM;
    w->sh->key = fz_mix64((uint64_t)ro_end);
    w->sh->ro_start = ro_start;
    w->sh->ro_end = ro_end;
    for (uint64_t i = 0; i < FZW_PATTERN_PAGES * WORDS; i++)
        w->pattern[i] = pattern_word(w->sh->key, i);
    if ((e = uk_endpoint_create(&ep)) ||
        (e = uk_cap_copy(w->task.space, FZW_EP_SLOT, ep, UK_RIGHT_SEND | UK_RIGHT_RECV, 0, NULL)) ||
        (e = uk_cap_copy(w->task.space, FZW_TICK_SLOT, tick, UK_RIGHT_SEND, 0, NULL)) ||
        (e = task_thread(&w->task, fzw_server, FZW_SHARED_VA, FZ_TASK_PRIO, exit, &t_srv)) ||
        (e = task_thread(&w->task, fzw_client, FZW_SHARED_VA, FZ_TASK_PRIO, exit, &t_cli)) ||
        (e = uk_thread_start(t_srv)) || (e = uk_thread_start(t_cli)))
        return e;
    return UK_OK;
}

int fzw_check_pattern(const struct fzw *w, char *why, size_t size)
{
    for (uint64_t i = 0; i < FZW_PATTERN_PAGES * WORDS; i++) {
        if (w->pattern[i] != pattern_word(w->sh->key, i)) {
            fmt_snprintf(why, size, "pattern word %lu is 0x%lx, should be 0x%lx", i, w->pattern[i],
                         pattern_word(w->sh->key, i));
            return -1;
        }
    }
    return 0;
}

void fzw_corrupt(struct fzw *w, uint64_t salt)
{
    w->pattern[salt % (FZW_PATTERN_PAGES * WORDS)] ^= 1ull << (salt % 64);
}
