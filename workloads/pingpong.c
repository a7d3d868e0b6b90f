/* SPDX-License-Identifier: MIT */
/*
 * Ping-pong: the round-trip cost of a synchronous request and its
 * response between two protection domains (claim C2 of DESIGN.md).
 *
 * For each payload size the client sends a request of that many bytes and
 * the server echoes it back, so both directions carry the payload.  One
 * sample is one round trip, timed around wl_call() on the client side.
 * The request of length 1 (never a measured size) tells the server to stop;
 * before it, a few untimed round trips keep the teardown out of the timed
 * window.  The solo part times the null kernel entry of the port, under
 * the port's name for it (wl_null_call_name()).
 */
#include "wl.h"

static const uint32_t payloads[] = { 0, 8, 64, 512, 4096 };
#define N_PAYLOADS (sizeof(payloads) / sizeof(payloads[0]))
#define STOP_LEN 1
#define DRAIN_ROUNDS 3

static uint8_t request[WL_MSG_MAX], response[WL_MSG_MAX];

static long echo(void *ctx, const void *req, size_t len, const struct wl_pages *got, void *resp)
{
    (void)ctx;
    (void)got;
    if (len == STOP_LEN)
        return WL_STOP;
    /* The port's memcpy (wl.h): the same copy primitive on every system. */
    if (len)
        __builtin_memcpy(resp, req, len);
    return (long)len;
}

static int pp_server(wl_chan_t *ch, const struct wl_config *cfg)
{
    (void)cfg;
    long r = wl_serve(ch, echo, NULL);
    if (r < 0)
        wl_log("pingpong", "server failed", r);
    return r < 0 ? -1 : 0;
}

/* One round trip that must come back with len bytes equal to the request. */
static int round_trip_checked(wl_chan_t *ch, uint32_t len)
{
    long r = wl_call(ch, request, len, response, sizeof(response));
    if (r != (long)len) {
        wl_log("pingpong", "wrong response length", r);
        return -1;
    }
    for (uint32_t i = 0; i < len; i++) {
        if (response[i] != request[i]) {
            wl_log("pingpong", "response differs from request at byte", i);
            return -1;
        }
    }
    return 0;
}

static int measure(wl_chan_t *ch, const char *variant, uint32_t len, const struct wl_config *cfg,
                   int64_t overhead, int64_t *s)
{
    for (uint32_t i = 0; i < len; i++)
        request[i] = (uint8_t)(i * 7 + len);
    if (round_trip_checked(ch, len))
        return -1;
    for (uint32_t i = 0; i < cfg->warmup; i++)
        wl_call(ch, request, len, response, sizeof(response));
    for (uint32_t i = 0; i < cfg->iterations; i++) {
        uint64_t t0 = wl_cycles();
        wl_mark_begin();
        long r = wl_call(ch, request, len, response, sizeof(response));
        uint64_t t1 = wl_cycles();
        wl_mark_end();
        if (r != (long)len) {
            wl_log("pingpong", "call failed during measurement", r);
            return -1;
        }
        s[i] = (int64_t)(t1 - t0) - overhead;
    }
    struct wl_case c = { "pingpong", variant, { { "payload", len, NULL } }, 1, { { 0 } }, 0, 1 };
    wl_emit(&c, cfg, overhead, s, cfg->iterations);
    return 0;
}

static int pp_client(wl_chan_t *ch, const char *variant, const struct wl_config *cfg)
{
    int64_t *s = wl_sample_buffer(cfg->iterations);
    if (!s) {
        wl_log("pingpong", "no room for samples", cfg->iterations);
        return -1;
    }
    int64_t overhead = wl_timer_overhead();
    for (unsigned p = 0; p < N_PAYLOADS; p++) {
        if (measure(ch, variant, payloads[p], cfg, overhead, s))
            return -1;
    }
    for (int i = 0; i < DRAIN_ROUNDS; i++)
        wl_call(ch, request, 0, response, sizeof(response));
    if (wl_call(ch, request, STOP_LEN, response, sizeof(response)) != 0)
        wl_log("pingpong", "server did not acknowledge stop", 0);
    return (int)N_PAYLOADS;
}

static int pp_solo(const struct wl_config *cfg)
{
    int64_t *s = wl_sample_buffer(cfg->iterations);
    if (!s)
        return -1;
    int64_t overhead = wl_timer_overhead();
    for (uint32_t i = 0; i < cfg->warmup; i++)
        wl_null_call();
    for (uint32_t i = 0; i < cfg->iterations; i++) {
        uint64_t t0 = wl_cycles();
        wl_mark_begin();
        wl_null_call();
        uint64_t t1 = wl_cycles();
        wl_mark_end();
        s[i] = (int64_t)(t1 - t0) - overhead;
    }
    struct wl_case c = { "pingpong", wl_null_call_name(), { { "payload", 0, NULL } }, 1, { { 0 } }, 0, 1 };
    wl_emit(&c, cfg, overhead, s, cfg->iterations);
    return 1;
}

const struct wl_workload wl_pingpong = {
    .name = "pingpong",
    .client = pp_client,
    .server = pp_server,
    .solo = pp_solo,
};
