/* SPDX-License-Identifier: MIT */
/*
 * wl.h on the microkernel.  A channel is an endpoint capability; wl_call()
 * is one UK_SYS_CALL and the server loop is UK_SYS_RECV followed by
 * UK_SYS_REPLY_RECV, so a round trip is exactly two kernel entries.
 * Payloads of up to 32 bytes travel in the four message registers (the
 * label says how many bytes) and can take the fastpath; longer ones are
 * long messages, copied by the kernel straight into the peer's buffer.
 */
#include "wl_uk.h"
#include "string.h"
#include "uk.h"

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

/* Put len bytes of buf into m: registers if they fit, else a long message. */
static void pack(struct uk_msg *m, const void *buf, size_t len)
{
    if (len <= REG_BYTES) {
        m->info = (uint64_t)len << UK_INFO_LABEL_SHIFT;
        if (len)
            memcpy(m->mr, buf, len);
    } else {
        m->info = len;
    }
}

/* The payload length of a received message; register bytes go to buf. */
static long unpack(const struct uk_msg *m, void *buf, size_t max)
{
    uint64_t len = m->info & UK_INFO_LEN_MASK;
    if (len)
        return m->info & UK_INFO_TRUNC ? UK_EINVAL : (long)len;
    len = m->info >> UK_INFO_LABEL_SHIFT;
    if (len > REG_BYTES || len > max)
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
    pack(&m, req, len);
    long e = uk_call(ch->ep, &m, req, resp, resp_max);
    return e ? e : unpack(&m, resp, resp_max);
}

long wl_serve(wl_chan_t *ch, wl_handler_t handler, void *ctx)
{
    uint8_t req[WL_MSG_MAX], resp[WL_MSG_MAX];
    struct uk_msg m;
    long e = uk_recv(ch->ep, 0, &m, req, sizeof(req), NULL);

    for (;;) {
        if (e)
            return e;
        long n = unpack(&m, req, sizeof(req));
        if (n < 0)
            return n;
        long r = handler(ctx, req, (size_t)n, NULL, resp);
        if (r == WL_STOP) {
            pack(&m, resp, 0);
            return uk_reply(&m, resp);
        }
        if (r < 0 || r > WL_MSG_MAX)
            return UK_EINVAL;
        pack(&m, resp, (size_t)r);
        e = uk_reply_recv(ch->ep, &m, resp, req, sizeof(req), NULL);
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

void wluk_task_main(uint64_t args_va)
{
    struct wl_chan ch = { WLUK_CHAN_SLOT };
    const struct wluk_args *a = (const void *)args_va;
    const struct wl_workload *w = wl_find(a->workload);
    int r = -1;

    args = a; /* same values for every thread of a task */
    if (w && a->role == WLUK_SERVER)
        r = w->server(&ch, &a->cfg);
    else if (w && a->role == WLUK_CLIENT)
        r = w->client(&ch, a->variant, &a->cfg);
    else if (w && a->role == WLUK_SOLO && w->solo)
        r = w->solo(&a->cfg);
    uk_thread_exit((uint64_t)(int64_t)r);
}
