/* SPDX-License-Identifier: MIT */
/*
 * Request-response over futexes on a shared page: variants "futex" (two
 * processes, the page shared across fork()) and "threads" (two threads of
 * one process, the intra-address-space case, with FUTEX_PRIVATE_FLAG so
 * the kernel keys the futex on the address alone, as a process does for
 * its own threads).
 *
 * Two counters are the futex words: the client publishes request k by
 * storing k in req_seq and waking the server; the server answers by
 * storing k in rsp_seq and waking the client.  A waiter sleeps in
 * FUTEX_WAIT with the value it last saw, so a store between its look and
 * its sleep makes the kernel return at once (EAGAIN): no wakeup is lost.
 * The payload is copied into the shared page's slot and out of the other
 * slot; the server's handler works in place.  The wake is always made
 * (one system call) rather than skipped when no one waits: with one CPU
 * the peer is always asleep by the time the other side stores.
 */
#include "lx_chan.h"

#include <errno.h>
#include <linux/futex.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static long futex_op(_Atomic uint32_t *word, int op, uint32_t val)
{
    return syscall(SYS_futex, (uint32_t *)word, op, val, NULL, NULL, 0);
}

static int fx_op(const wl_chan_t *ch, int op)
{
    return ch->mech->threads ? op | FUTEX_PRIVATE_FLAG : op;
}

/* Wait until *word == want; -EPIPE once the server is gone. */
static long fx_wait(wl_chan_t *ch, _Atomic uint32_t *word, uint32_t want)
{
    for (;;) {
        uint32_t v = atomic_load_explicit(word, memory_order_acquire);
        if (v == want)
            return 0;
        if (atomic_load_explicit(&ch->shm->gone, memory_order_acquire) || lx_peer_gone)
            return -EPIPE;
        if (futex_op(word, fx_op(ch, FUTEX_WAIT), v) < 0 && errno != EAGAIN && errno != EINTR)
            return -errno;
    }
}

static void fx_post(wl_chan_t *ch, _Atomic uint32_t *word, uint32_t val)
{
    atomic_store_explicit(word, val, memory_order_release);
    futex_op(word, fx_op(ch, FUTEX_WAKE), 1);
}

static int fx_open(wl_chan_t *ch)
{
    ch->shm = lx_shm_map();
    return ch->shm ? 0 : -ENOMEM;
}

static void fx_side(wl_chan_t *ch, enum lx_side side)
{
    (void)ch;
    (void)side;
}

static long fx_call(wl_chan_t *ch, const void *req, size_t len, void *resp, size_t resp_max)
{
    struct lx_shm *s = ch->shm;
    long r = lx_shm_put_req(s, req, len);
    if (r < 0)
        return r;
    fx_post(ch, &s->req_seq, ++ch->sent);
    r = fx_wait(ch, &s->rsp_seq, ch->sent);
    return r < 0 ? r : lx_shm_take_rsp(s, resp, resp_max);
}

static long fx_serve(wl_chan_t *ch, wl_handler_t handler, void *ctx)
{
    struct lx_shm *s = ch->shm;
    for (;;) {
        long r = fx_wait(ch, &s->req_seq, ch->served + 1);
        if (r < 0)
            return r;
        ch->served++;
        r = lx_shm_answer(s, handler, ctx);
        if (r == -EINVAL)
            return r;
        fx_post(ch, &s->rsp_seq, ch->served);
        if (r == WL_STOP)
            return 0;
    }
}

/* Only after a failure: the client waits for a response that will never
 * come.  Changing the word it sleeps on (to a count it never waits for)
 * makes a FUTEX_WAIT it is about to enter return at once. */
static void fx_hangup(wl_chan_t *ch)
{
    atomic_store_explicit(&ch->shm->gone, 1, memory_order_release);
    atomic_fetch_or_explicit(&ch->shm->rsp_seq, 0x80000000u, memory_order_release);
    futex_op(&ch->shm->rsp_seq, fx_op(ch, FUTEX_WAKE), 1);
}

static void fx_close(wl_chan_t *ch)
{
    lx_shm_unmap(ch->shm);
    ch->shm = NULL;
}

const struct lx_mech lx_futex = {
    .variant = "futex",
    .open = fx_open,
    .side = fx_side,
    .call = fx_call,
    .serve = fx_serve,
    .hangup = fx_hangup,
    .close = fx_close,
};

const struct lx_mech lx_threads = {
    .variant = "threads",
    .threads = 1,
    .open = fx_open,
    .side = fx_side,
    .call = fx_call,
    .serve = fx_serve,
    .hangup = fx_hangup,
    .close = fx_close,
};
