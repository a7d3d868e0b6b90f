/* SPDX-License-Identifier: MIT */
/*
 * Request-response over a pair of pipes: variant "pipe".  A message is a
 * 4-byte length and the payload, written with one writev() and read with
 * one readv() straight into the receiver's buffer, so the payload travels
 * through the kernel: copied into the pipe's pages by the writer's system
 * call and out of them by the reader's.  The server's handler works on
 * its own request and response buffers.
 *
 * Partial reads and writes (a pipe may return less than asked) are
 * finished with further calls; with strict request-response alternation
 * no two messages are ever in one pipe.  End of file or EPIPE means the
 * peer is gone (main.c ignores SIGPIPE).
 *
 * Pages (COPY only, lx_pages.h): a third pipe carries them.  The client
 * vmsplice()s the n fragments (`bytes` at each page) into it: the pipe
 * takes references to the client's pages, nothing is copied yet; then it
 * sends the request, whose length word has PP_PAGES set and whose payload
 * starts with an lx_pages_req.  The server readv()s the fragments out of
 * the page pipe into its own receive pages: the one copy, by the kernel,
 * at the read.  The answer starts with an lx_pages_rsp.  A pipe cannot
 * carry a descriptor, so no SHARE or MOVE here (unix.c does them).
 */
#include "lx_pages.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/uio.h>
#include <unistd.h>

/* fd[] of a pipe channel: client-to-server, server-to-client and page pipes. */
enum { C2S_R, C2S_W, S2C_R, S2C_W, PG_R, PG_W };

/* In the length word: the message starts with an lx_pages_req (request)
 * or an lx_pages_rsp (answer). */
#define PP_PAGES 0x80000000u

static uint8_t pp_req[sizeof(struct lx_pages_req) + WL_MSG_MAX], pp_rsp[WL_MSG_MAX];
/* A message that carries pages: its lx_pages_req or lx_pages_rsp, then
 * the request or response (the client's, and the server's answer). */
static uint8_t pp_msg[sizeof(struct lx_pages_rsp) + WL_MSG_MAX];

static int pp_open(wl_chan_t *ch)
{
    if (pipe2(&ch->fd[C2S_R], O_CLOEXEC) < 0 || pipe2(&ch->fd[S2C_R], O_CLOEXEC) < 0 ||
        pipe2(&ch->fd[PG_R], O_CLOEXEC) < 0)
        return -errno;
    /* A vmsplice()d fragment takes one slot of the pipe's ring: make room
     * for a whole batch (one slot per 4 KiB of F_SETPIPE_SZ). */
    if (fcntl(ch->fd[PG_W], F_SETPIPE_SZ, (int)LX_RX_BYTES) < 0)
        return -errno;
    ch->rx = lx_rx_map();
    return ch->rx ? 0 : -ENOMEM;
}

/* Each process keeps the two ends it uses, so the peer's exit is seen as
 * end of file (or EPIPE) rather than a wait forever. */
static void pp_side(wl_chan_t *ch, enum lx_side side)
{
    int drop[3] = { side == LX_CLIENT ? C2S_R : C2S_W, side == LX_CLIENT ? S2C_W : S2C_R,
                    side == LX_CLIENT ? PG_R : PG_W };
    for (int i = 0; i < 3; i++) {
        close(ch->fd[drop[i]]);
        ch->fd[drop[i]] = -1;
    }
}

/* One message: the length word (len, with flag) and len bytes of buf. */
static long pp_send(int fd, uint32_t flag, const void *buf, size_t len)
{
    uint32_t hdr = (uint32_t)len | flag;
    size_t total = sizeof(hdr) + len, done = 0;
    while (done < total) {
        struct iovec iov[2];
        int n = 0;
        if (done < sizeof(hdr))
            iov[n++] = (struct iovec){ (uint8_t *)&hdr + done, sizeof(hdr) - done };
        size_t off = done < sizeof(hdr) ? 0 : done - sizeof(hdr);
        if (len > off)
            iov[n++] = (struct iovec){ (uint8_t *)buf + off, len - off };
        ssize_t w = writev(fd, iov, n);
        if (w < 0) {
            if (errno == EINTR && !lx_peer_gone)
                continue;
            return errno == EINTR ? -EPIPE : -errno;
        }
        done += (size_t)w;
    }
    return 0;
}

/* One message into buf (at most max bytes); its length or -errno, and
 * its flag in *flag. */
static long pp_recv(int fd, void *buf, size_t max, uint32_t *flag)
{
    uint32_t hdr = 0;
    size_t got = 0;
    for (;;) {
        struct iovec iov[2];
        int n = 0;
        if (got < sizeof(hdr))
            iov[n++] = (struct iovec){ (uint8_t *)&hdr + got, sizeof(hdr) - got };
        size_t off = got < sizeof(hdr) ? 0 : got - sizeof(hdr);
        if (max > off)
            iov[n++] = (struct iovec){ (uint8_t *)buf + off, max - off };
        ssize_t r = readv(fd, iov, n);
        if (r < 0) {
            if (errno == EINTR && !lx_peer_gone)
                continue;
            return errno == EINTR ? -EPIPE : -errno;
        }
        if (r == 0)
            return -EPIPE;
        got += (size_t)r;
        if (got < sizeof(hdr))
            continue;
        uint32_t len = hdr & ~PP_PAGES;
        if (len > max)
            return -EMSGSIZE;
        *flag = hdr & PP_PAGES;
        if (got == sizeof(hdr) + len)
            return len;
        if (got > sizeof(hdr) + len)
            return -EPROTO;
    }
}

static long pp_call(wl_chan_t *ch, const void *req, size_t len, void *resp, size_t resp_max)
{
    uint32_t flag;
    if (len > WL_MSG_MAX)
        return -E2BIG;
    long r = pp_send(ch->fd[C2S_W], 0, req, len);
    if (r == 0)
        r = pp_recv(ch->fd[S2C_R], resp, resp_max, &flag);
    return r >= 0 && flag ? -EPROTO : r;
}

/* COPY: splice the fragments into the page pipe (each vmsplice() timed). */
static long pp_splice(wl_chan_t *ch, const struct wl_pages *give, struct wl_page_counts *c)
{
    struct iovec frag[WL_PAGES_MAX], rest[WL_PAGES_MAX];
    size_t want = (size_t)give->n * give->bytes, done = 0;
    lx_pages_iov(frag, give->base, give->n, give->bytes);
    while (done < want) {
        int k = lx_iov_rest(frag, (int)give->n, done, rest);
        uint64_t t0 = wl_cycles();
        ssize_t w = vmsplice(ch->fd[PG_W], rest, (size_t)k, 0);
        c->mech_time += lx_pages_since(t0);
        if (w < 0) {
            if (errno == EINTR && !lx_peer_gone)
                continue;
            return errno == EINTR ? -EPIPE : -errno;
        }
        done += (size_t)w;
    }
    return 0;
}

static long pp_call_pages(wl_chan_t *ch, const struct wl_pages *give, const void *req, size_t len,
                          void *resp, size_t resp_max, struct wl_page_counts *c)
{
    struct lx_pages_req q = { give->mech, give->n, give->bytes, 0 };
    struct lx_pages_rsp a;
    uint32_t flag = 0;
    memcpy(pp_msg, &q, sizeof(q));
    memcpy(pp_msg + sizeof(q), req, len);
    long r = pp_splice(ch, give, c);
    if (r == 0)
        r = pp_send(ch->fd[C2S_W], PP_PAGES, pp_msg, sizeof(q) + len);
    if (r == 0)
        r = pp_recv(ch->fd[S2C_R], pp_msg, sizeof(a) + (resp_max < WL_MSG_MAX ? resp_max : WL_MSG_MAX),
                    &flag);
    if (r < 0)
        return r;
    if (!flag || r < (long)sizeof(a))
        return -EPROTO;
    memcpy(&a, pp_msg, sizeof(a));
    if (a.status)
        return a.status;
    r -= (long)sizeof(a);
    memcpy(resp, pp_msg + sizeof(a), (size_t)r);
    c->bytes_copied += a.counts.bytes_copied;
    c->mech_time += a.counts.mech_time;
    return r;
}

/* The server's side of a COPY: read the fragments out of the page pipe
 * into its receive pages (each readv() timed); 0 or -errno. */
static int pp_take(wl_chan_t *ch, const struct lx_pages_req *q, struct wl_pages *got,
                   struct wl_page_counts *c)
{
    struct iovec frag[WL_PAGES_MAX], rest[WL_PAGES_MAX];
    if (q->mech != WL_PAGES_COPY || q->n < 1 || q->n > WL_PAGES_MAX || q->bytes < 1 ||
        q->bytes > WL_PAGE_SIZE)
        return -EINVAL;
    size_t want = (size_t)q->n * q->bytes, done = 0;
    lx_pages_iov(frag, ch->rx, q->n, q->bytes);
    while (done < want) {
        int k = lx_iov_rest(frag, (int)q->n, done, rest);
        uint64_t t0 = wl_cycles();
        ssize_t r = readv(ch->fd[PG_R], rest, k);
        c->mech_time += lx_pages_since(t0);
        if (r < 0) {
            if (errno == EINTR && !lx_peer_gone)
                continue;
            return errno == EINTR ? -EPIPE : -errno;
        }
        if (r == 0)
            return -EPIPE;
        done += (size_t)r;
        c->bytes_copied += (uint64_t)r;
    }
    *got = (struct wl_pages){ WL_PAGES_COPY, ch->rx, q->n, q->bytes };
    return 0;
}

/* A request with pages: take them, run the handler, answer with the
 * lx_pages_rsp and the handler's response (in pp_msg).  0: served; 1:
 * the handler said stop; -errno: failed (pages may be left in the page
 * pipe, so the server stops). */
static long pp_serve_pages(wl_chan_t *ch, wl_handler_t handler, void *ctx, size_t n)
{
    struct lx_pages_req q;
    struct lx_pages_rsp a = { 0, 0, { 0, 0, 0, 0 } };
    struct wl_pages got;
    long r = 0;
    if (n < sizeof(q))
        return -EPROTO;
    memcpy(&q, pp_req, sizeof(q));
    a.status = pp_take(ch, &q, &got, &a.counts);
    if (a.status == 0)
        r = handler(ctx, pp_req + sizeof(q), n - sizeof(q), &got, pp_msg + sizeof(a));
    if (r != WL_STOP && (r < 0 || r > WL_MSG_MAX))
        return -EINVAL;
    memcpy(pp_msg, &a, sizeof(a));
    long e = pp_send(ch->fd[S2C_W], PP_PAGES, pp_msg, sizeof(a) + (r == WL_STOP ? 0 : (size_t)r));
    return e < 0 ? e : a.status ? a.status : r == WL_STOP;
}

static long pp_serve(wl_chan_t *ch, wl_handler_t handler, void *ctx)
{
    for (;;) {
        uint32_t flag;
        long n = pp_recv(ch->fd[C2S_R], pp_req, sizeof(pp_req), &flag), r;
        if (n < 0)
            return n;
        if (flag) {
            r = pp_serve_pages(ch, handler, ctx, (size_t)n);
            if (r != 0)
                return r < 0 ? r : 0;
            continue;
        }
        if (n > WL_MSG_MAX)
            return -EMSGSIZE;
        r = handler(ctx, pp_req, (size_t)n, NULL, pp_rsp);
        if (r != WL_STOP && (r < 0 || r > WL_MSG_MAX))
            return -EINVAL;
        long e = pp_send(ch->fd[S2C_W], 0, pp_rsp, r == WL_STOP ? 0 : (size_t)r);
        if (e < 0 || r == WL_STOP)
            return e;
    }
}

/* The server's exit closes its ends: the client reads end of file. */
static void pp_hangup(wl_chan_t *ch)
{
    (void)ch;
}

static void pp_close(wl_chan_t *ch)
{
    lx_close_fds(ch);
    lx_rx_unmap(ch->rx);
    ch->rx = NULL;
}

static int pp_pages_can(enum wl_page_mech mech)
{
    return mech == WL_PAGES_COPY;
}

const struct lx_mech lx_pipe = {
    .variant = "pipe",
    .open = pp_open,
    .side = pp_side,
    .call = pp_call,
    .serve = pp_serve,
    .hangup = pp_hangup,
    .close = pp_close,
    .pages_can = pp_pages_can,
    .call_pages = pp_call_pages,
};
