/* SPDX-License-Identifier: MIT */
/*
 * Request-response over two eventfds with the payload on a shared page:
 * variant "eventfd".  The client copies the request into the page's slot
 * and write()s 1 to the request eventfd, which wakes the server blocked
 * in read() on it; the server's handler works in place and the server
 * write()s 1 to the response eventfd.  Each direction is one write() and
 * one read() system call: the kernel object is a counter, the data never
 * passes through the kernel.
 */
#include "lx_chan.h"

#include <errno.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

enum { EV_REQ, EV_RSP };

static int ev_open(wl_chan_t *ch)
{
    ch->shm = lx_shm_map();
    if (!ch->shm)
        return -ENOMEM;
    ch->fd[EV_REQ] = eventfd(0, EFD_CLOEXEC);
    ch->fd[EV_RSP] = eventfd(0, EFD_CLOEXEC);
    if (ch->fd[EV_REQ] < 0 || ch->fd[EV_RSP] < 0)
        return -errno;
    return 0;
}

static void ev_side(wl_chan_t *ch, enum lx_side side)
{
    (void)ch;
    (void)side;
}

static long ev_signal(int fd)
{
    uint64_t one = 1;
    while (write(fd, &one, sizeof(one)) != (ssize_t)sizeof(one))
        if (errno != EINTR)
            return -errno;
    return 0;
}

/* Block until the peer signals; -EPIPE once the server is gone. */
static long ev_wait(wl_chan_t *ch, int fd)
{
    uint64_t v;
    for (;;) {
        if (read(fd, &v, sizeof(v)) == (ssize_t)sizeof(v))
            break;
        if (errno != EINTR)
            return -errno;
        if (lx_peer_gone)
            return -EPIPE;
    }
    return atomic_load_explicit(&ch->shm->gone, memory_order_acquire) ? -EPIPE : 0;
}

static long ev_call(wl_chan_t *ch, const void *req, size_t len, void *resp, size_t resp_max)
{
    long r = lx_shm_put_req(ch->shm, req, len);
    if (r == 0)
        r = ev_signal(ch->fd[EV_REQ]);
    if (r == 0)
        r = ev_wait(ch, ch->fd[EV_RSP]);
    return r < 0 ? r : lx_shm_take_rsp(ch->shm, resp, resp_max);
}

static long ev_serve(wl_chan_t *ch, wl_handler_t handler, void *ctx)
{
    struct lx_shm *s = ch->shm;
    for (;;) {
        long r = ev_wait(ch, ch->fd[EV_REQ]);
        if (r < 0)
            return r;
        r = lx_shm_answer(s, handler, ctx);
        if (r == -EINVAL)
            return r;
        long e = ev_signal(ch->fd[EV_RSP]);
        if (e < 0 || r == WL_STOP)
            return e;
    }
}

/* Only after a failure: wake the client with "gone" set. */
static void ev_hangup(wl_chan_t *ch)
{
    atomic_store_explicit(&ch->shm->gone, 1, memory_order_release);
    ev_signal(ch->fd[EV_RSP]);
}

static void ev_close(wl_chan_t *ch)
{
    lx_close_fds(ch);
    lx_shm_unmap(ch->shm);
    ch->shm = NULL;
}

const struct lx_mech lx_eventfd = {
    .variant = "eventfd",
    .open = ev_open,
    .side = ev_side,
    .call = ev_call,
    .serve = ev_serve,
    .hangup = ev_hangup,
    .close = ev_close,
};
