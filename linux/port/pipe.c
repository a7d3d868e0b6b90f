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
 */
#include "lx_chan.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/uio.h>
#include <unistd.h>

/* fd[] of a pipe channel: client-to-server and server-to-client pipes. */
enum { C2S_R, C2S_W, S2C_R, S2C_W };

static uint8_t pp_req[WL_MSG_MAX], pp_rsp[WL_MSG_MAX];

static int pp_open(wl_chan_t *ch)
{
    if (pipe2(&ch->fd[C2S_R], O_CLOEXEC) < 0 || pipe2(&ch->fd[S2C_R], O_CLOEXEC) < 0)
        return -errno;
    return 0;
}

/* Each process keeps the two ends it uses, so the peer's exit is seen as
 * end of file (or EPIPE) rather than a wait forever. */
static void pp_side(wl_chan_t *ch, enum lx_side side)
{
    int drop[2] = { side == LX_CLIENT ? C2S_R : C2S_W, side == LX_CLIENT ? S2C_W : S2C_R };
    for (int i = 0; i < 2; i++) {
        close(ch->fd[drop[i]]);
        ch->fd[drop[i]] = -1;
    }
}

static long pp_send(int fd, const void *buf, size_t len)
{
    uint32_t hdr = (uint32_t)len;
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

/* One message into buf (at most max bytes); its length or -errno. */
static long pp_recv(int fd, void *buf, size_t max)
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
        if (hdr > max)
            return -EMSGSIZE;
        if (got == sizeof(hdr) + hdr)
            return hdr;
        if (got > sizeof(hdr) + hdr)
            return -EPROTO;
    }
}

static long pp_call(wl_chan_t *ch, const void *req, size_t len, void *resp, size_t resp_max)
{
    if (len > WL_MSG_MAX)
        return -E2BIG;
    long r = pp_send(ch->fd[C2S_W], req, len);
    return r < 0 ? r : pp_recv(ch->fd[S2C_R], resp, resp_max);
}

static long pp_serve(wl_chan_t *ch, wl_handler_t handler, void *ctx)
{
    for (;;) {
        long n = pp_recv(ch->fd[C2S_R], pp_req, sizeof(pp_req));
        if (n < 0)
            return n;
        long r = handler(ctx, pp_req, (size_t)n, NULL, pp_rsp);
        if (r != WL_STOP && (r < 0 || r > WL_MSG_MAX))
            return -EINVAL;
        long e = pp_send(ch->fd[S2C_W], pp_rsp, r == WL_STOP ? 0 : (size_t)r);
        if (e < 0 || r == WL_STOP)
            return e;
    }
}

/* The server's exit closes its ends: the client reads end of file. */
static void pp_hangup(wl_chan_t *ch)
{
    (void)ch;
}

const struct lx_mech lx_pipe = {
    .variant = "pipe",
    .open = pp_open,
    .side = pp_side,
    .call = pp_call,
    .serve = pp_serve,
    .hangup = pp_hangup,
    .close = lx_close_fds,
};
