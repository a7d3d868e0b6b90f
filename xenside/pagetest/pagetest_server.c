/* SPDX-License-Identifier: MIT */
/* The server part of pagetest (pagetest.h), on wl.h alone. */
#include "pagetest.h"

#include <string.h>

uint32_t pagetest_sum(const uint8_t *base, uint32_t n, uint32_t bytes)
{
    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < n; i++)
        for (uint32_t j = 0; j < bytes; j++)
            h = (h ^ base[(size_t)i * WL_PAGE_SIZE + j]) * 16777619u;
    return h;
}

static long pagetest_handler(void *ctx, const void *req, size_t len, const struct wl_pages *got,
                             void *resp)
{
    void (*quiet)(int) = *(void (**)(int))ctx;
    if (len == 4 && memcmp(req, "stop", 4) == 0)
        return WL_STOP;
    struct pagetest_req r = { 0 };
    memcpy(&r, req, len < sizeof(r) ? len : sizeof(r));
    if (quiet != NULL && got != NULL)
        quiet(r.quiet == 1);
    if (r.quiet == 1)
        return 0;
    struct pagetest_reply *out = resp;
    memset(out, 0, sizeof(*out));
    out->magic = r.magic == PAGETEST_MAGIC ? PAGETEST_MAGIC : 0;
    if (got == NULL)
        return sizeof(*out);
    out->mech = got->mech;
    out->n = got->n;
    out->bytes = got->bytes;
    out->sum = pagetest_sum(got->base, got->n, got->bytes);
    if (got->mech == WL_PAGES_MOVE || got->mech == WL_PAGES_COPY)
        for (uint32_t i = 0; i < got->n; i++)
            for (uint32_t j = 0; j < got->bytes; j++)
                got->base[(size_t)i * WL_PAGE_SIZE + j] = pagetest_mark(r.seed, i, j);
    return sizeof(*out);
}

int pagetest_serve(wl_chan_t *ch, void (*quiet)(int on))
{
    static void (*hook)(int);
    hook = quiet;
    return (int)wl_serve(ch, pagetest_handler, &hook);
}

int pagetest_server(wl_chan_t *ch, const struct wl_config *cfg)
{
    (void)cfg;
    return pagetest_serve(ch, NULL);
}
