/* SPDX-License-Identifier: MIT */
/*
 * Page flip: three ways to hand data that sits in whole pages to another
 * protection domain (claim C3 of DESIGN.md): move the pages, share them
 * and take the access back, or have the kernel or hypervisor copy the
 * bytes into the peer's pages.  Swept over the batch (pages per
 * operation) and the payload (bytes of each page that matter).
 *
 * One operation, timed on the client around wl_call_pages(), is the whole
 * hand-over: the client's pages go to the server, the server's handler
 * reads and checks every payload word of every page (so a mapping is
 * really used), and the pages come back as the mechanism says (wl.h), so
 * the pool never drains.  The client writes the payload before the
 * window, with a pattern that changes every operation, so stale pages are
 * caught.  Each case gives two records:
 *   <placement>-<mechanism>        the whole hand-over
 *   <placement>-<mechanism>-alone  the part of the same operations spent
 *                                  in the calls that do the mechanism
 *                                  (wl_page_counts.mech_time, both sides)
 * with what the port counted (bytes copied, page-table entries made and
 * removed) as the records' counts.  The solo part is the baseline: the
 * same bytes copied with memcpy inside one protection domain.
 */
#include "wl.h"

static const uint32_t batches[] = { 1, 2, 4, 8, 16, 32, 64 };
static const uint32_t payloads[] = { 64, 512, 4096 };
#define N_BATCHES (sizeof(batches) / sizeof(batches[0]))
#define N_PAYLOADS (sizeof(payloads) / sizeof(payloads[0]))

static const struct {
    enum wl_page_mech mech;
    const char *name;
} mechs[] = {
    { WL_PAGES_MOVE, "move" },
    { WL_PAGES_SHARE, "share" },
    { WL_PAGES_COPY, "copy" },
};
#define N_MECHS (sizeof(mechs) / sizeof(mechs[0]))

#define STOP_LEN 1
#define DRAIN_ROUNDS 3
#define NAME_MAX 33

/* A hand-over request: which pattern the pages carry. */
struct pf_req {
    uint32_t seq;
    uint32_t pad;
};

/* The server's answer: 0, or 1 + the index of the first wrong word
 * (page * words per page + word). */
struct pf_resp {
    uint64_t bad;
};

static uint8_t response[WL_MSG_MAX];

/* Two batches of the largest size, taken from the port once per domain
 * (its pages are never freed) and used by every part that runs there. */
static uint8_t *pool[2];

static uint8_t *pf_pool(unsigned i)
{
    if (!pool[i])
        pool[i] = wl_pages_alloc(WL_PAGES_MAX);
    return pool[i];
}

/* Word w of page p of operation seq. */
static inline uint64_t pf_word(uint32_t seq, uint32_t p, uint32_t w)
{
    return 0x5a5a000000000000ull ^ ((uint64_t)seq << 24) ^ ((uint64_t)p << 12) ^ w;
}

/* What the server leaves in word 0 of a moved page. */
static inline uint64_t pf_mark(uint32_t seq, uint32_t p)
{
    return ~pf_word(seq, p, 0);
}

static void pf_fill(uint8_t *base, uint32_t n, uint32_t bytes, uint32_t seq)
{
    for (uint32_t p = 0; p < n; p++) {
        uint64_t *w = (uint64_t *)(base + (uint64_t)p * WL_PAGE_SIZE);
        for (uint32_t i = 0; i < bytes / 8; i++)
            w[i] = pf_word(seq, p, i);
    }
}

static long pf_handle(void *ctx, const void *req, size_t len, const struct wl_pages *got, void *resp)
{
    struct pf_resp *out = resp;
    struct pf_req r;
    (void)ctx;
    if (!got)
        return len == STOP_LEN ? WL_STOP : 0;
    if (len != sizeof(r))
        return WL_STOP;
    __builtin_memcpy(&r, req, sizeof(r));
    out->bad = 0;
    for (uint32_t p = 0; p < got->n && !out->bad; p++) {
        const uint64_t *w = (const uint64_t *)(got->base + (uint64_t)p * WL_PAGE_SIZE);
        for (uint32_t i = 0; i < got->bytes / 8; i++) {
            if (w[i] != pf_word(r.seq, p, i)) {
                out->bad = 1 + (uint64_t)p * (WL_PAGE_SIZE / 8) + i;
                break;
            }
        }
    }
    if (got->mech == WL_PAGES_MOVE && !out->bad) {
        for (uint32_t p = 0; p < got->n; p++)
            *(uint64_t *)(got->base + (uint64_t)p * WL_PAGE_SIZE) = pf_mark(r.seq, p);
    }
    return sizeof(*out);
}

static int pf_server(wl_chan_t *ch, const struct wl_config *cfg)
{
    (void)cfg;
    long r = wl_serve(ch, pf_handle, NULL);
    if (r < 0)
        wl_log("pageflip", "server failed", r);
    return r < 0 ? -1 : 0;
}

static void pf_name(char *out, const char *a, const char *b, const char *c)
{
    unsigned n = 0;
    const char *parts[3] = { a, b, c };
    for (unsigned k = 0; k < 3; k++) {
        if (!parts[k])
            continue;
        if (k && n < NAME_MAX - 1)
            out[n++] = '-';
        for (const char *s = parts[k]; *s && n < NAME_MAX - 1; s++)
            out[n++] = *s;
    }
    out[n] = '\0';
}

/* One hand-over; the response must say every word arrived.  With check,
 * also that moved pages came back holding what the server wrote. */
static long pf_op(wl_chan_t *ch, const struct wl_pages *give, uint32_t seq, int check,
                  struct wl_page_counts *c)
{
    struct pf_req req = { seq, 0 };
    struct pf_resp resp;
    long r = wl_call_pages(ch, give, &req, sizeof(req), response, sizeof(response), c);
    if (r < 0)
        return r;
    if (r != sizeof(resp)) {
        wl_log("pageflip", "wrong response length", r);
        return -1;
    }
    __builtin_memcpy(&resp, response, sizeof(resp));
    if (resp.bad) {
        wl_log("pageflip", "the server read a wrong word (page * 512 + word)", (long)resp.bad - 1);
        return -1;
    }
    if (check && give->mech == WL_PAGES_MOVE) {
        for (uint32_t p = 0; p < give->n; p++) {
            if (*(const uint64_t *)(give->base + (uint64_t)p * WL_PAGE_SIZE) != pf_mark(seq, p)) {
                wl_log("pageflip", "a moved page came back without the server's data, page", p);
                return -1;
            }
        }
    }
    return 0;
}

static void pf_counts(struct wl_case *c, const struct wl_page_counts *total)
{
    c->counts[0] = (struct wl_value){ "bytes_copied", total->bytes_copied, 0 };
    c->counts[1] = (struct wl_value){ "pages_mapped", total->pages_mapped, 0 };
    c->counts[2] = (struct wl_value){ "pages_unmapped", total->pages_unmapped, 0 };
    c->n_counts = 3;
}

static int pf_case(wl_chan_t *ch, const char *variant, const char *mech, struct wl_pages *give,
                   const struct wl_config *cfg, int64_t overhead, int64_t *whole, int64_t *alone,
                   uint32_t *seq)
{
    struct wl_page_counts c, total = { 0, 0, 0, 0 };
    char name[NAME_MAX];

    pf_fill(give->base, give->n, give->bytes, ++*seq);
    if (pf_op(ch, give, *seq, 1, &c))
        return -1;
    for (uint32_t i = 0; i < cfg->warmup; i++) {
        pf_fill(give->base, give->n, give->bytes, ++*seq);
        if (pf_op(ch, give, *seq, 0, &c))
            return -1;
    }
    for (uint32_t i = 0; i < cfg->iterations; i++) {
        struct pf_req req = { ++*seq, 0 };
        pf_fill(give->base, give->n, give->bytes, req.seq);
        uint64_t t0 = wl_cycles();
        wl_mark_begin();
        long r = wl_call_pages(ch, give, &req, sizeof(req), response, sizeof(response), &c);
        uint64_t t1 = wl_cycles();
        wl_mark_end();
        if (r != sizeof(struct pf_resp) || ((const struct pf_resp *)(const void *)response)->bad) {
            wl_log("pageflip", "hand-over failed during measurement", r);
            return -1;
        }
        whole[i] = (int64_t)(t1 - t0) - overhead;
        alone[i] = c.mech_time;
        total.bytes_copied += c.bytes_copied;
        total.pages_mapped += c.pages_mapped;
        total.pages_unmapped += c.pages_unmapped;
    }
    struct wl_case wc = { "pageflip", name,
                          { { "payload", give->bytes, 0 }, { "batch", give->n, 0 } }, 2,
                          { { 0 } }, 0, 1 };
    pf_counts(&wc, &total);
    pf_name(name, variant, mech, 0);
    wl_emit(&wc, cfg, overhead, whole, cfg->iterations);
    pf_name(name, variant, mech, "alone");
    wc.marked = 0;
    wl_emit(&wc, cfg, 0, alone, cfg->iterations);
    return 2;
}

static int pf_client(wl_chan_t *ch, const char *variant, const struct wl_config *cfg)
{
    int64_t *s = wl_sample_buffer(2 * cfg->iterations);
    uint8_t *pages = pf_pool(0);
    uint32_t seq = 0;
    int records = 0;

    if (!s || !pages) {
        wl_log("pageflip", s ? "no pages to hand out" : "no room for samples", cfg->iterations);
        return -1;
    }
    int64_t overhead = wl_timer_overhead();
    for (unsigned m = 0; m < N_MECHS; m++) {
        if (!wl_pages_can(ch, mechs[m].mech)) {
            wl_log("pageflip", "this path cannot hand pages over by mechanism", (long)mechs[m].mech);
            continue;
        }
        for (unsigned b = 0; b < N_BATCHES; b++) {
            for (unsigned p = 0; p < N_PAYLOADS; p++) {
                struct wl_pages give = { mechs[m].mech, pages, batches[b], payloads[p] };
                int r = pf_case(ch, variant, mechs[m].name, &give, cfg, overhead, s,
                                s + cfg->iterations, &seq);
                if (r < 0)
                    return -1;
                records += r;
            }
        }
    }
    for (int i = 0; i < DRAIN_ROUNDS; i++)
        wl_call(ch, response, 0, response, sizeof(response));
    if (wl_call(ch, response, STOP_LEN, response, sizeof(response)) != 0)
        wl_log("pageflip", "server did not acknowledge stop", 0);
    return records;
}

static void pf_copy(uint8_t *dst, const uint8_t *src, uint32_t n, uint32_t bytes)
{
    for (uint32_t k = 0; k < n; k++)
        __builtin_memcpy(dst + (uint64_t)k * WL_PAGE_SIZE, src + (uint64_t)k * WL_PAGE_SIZE, bytes);
}

/* The baseline: the same bytes copied by memcpy within one domain. */
static int pf_solo(const struct wl_config *cfg)
{
    int64_t *s = wl_sample_buffer(cfg->iterations);
    uint8_t *src = pf_pool(0), *dst = pf_pool(1);
    int records = 0;

    if (!s || !src || !dst) {
        wl_log("pageflip", "no room for the memcpy baseline", cfg->iterations);
        return -1;
    }
    int64_t overhead = wl_timer_overhead();
    for (unsigned b = 0; b < N_BATCHES; b++) {
        for (unsigned p = 0; p < N_PAYLOADS; p++) {
            uint32_t n = batches[b], bytes = payloads[p];
            pf_fill(src, n, bytes, 1);
            for (uint32_t i = 0; i < cfg->warmup; i++)
                pf_copy(dst, src, n, bytes);
            for (uint32_t i = 0; i < cfg->iterations; i++) {
                uint64_t t0 = wl_cycles();
                wl_mark_begin();
                pf_copy(dst, src, n, bytes);
                uint64_t t1 = wl_cycles();
                wl_mark_end();
                s[i] = (int64_t)(t1 - t0) - overhead;
            }
            for (uint32_t k = 0; k < n; k++) {
                const uint64_t *w = (const uint64_t *)(dst + (uint64_t)k * WL_PAGE_SIZE);
                if (w[bytes / 8 - 1] != pf_word(1, k, bytes / 8 - 1)) {
                    wl_log("pageflip", "memcpy baseline copied wrong bytes, page", k);
                    return -1;
                }
            }
            struct wl_case c = { "pageflip", "memcpy",
                                 { { "payload", bytes, 0 }, { "batch", n, 0 } }, 2,
                                 { { "bytes_copied", (uint64_t)n * bytes * cfg->iterations, 0 },
                                   { "pages_mapped", 0, 0 },
                                   { "pages_unmapped", 0, 0 } },
                                 3, 1 };
            wl_emit(&c, cfg, overhead, s, cfg->iterations);
            records++;
        }
    }
    return records;
}

const struct wl_workload wl_pageflip = {
    .name = "pageflip",
    .flags = WL_TWO_DOMAINS,
    .client = pf_client,
    .server = pf_server,
    .solo = pf_solo,
};
