/* SPDX-License-Identifier: MIT */
/*
 * Request-response over a Unix socket pair (AF_UNIX, SOCK_SEQPACKET):
 * variant "unix", and the placement that hands pages over (lx_pages.h).
 * One sendmsg() and one recvmsg() per direction; the kernel copies the
 * message into a socket buffer and out of it into the receiver's buffer,
 * and a message keeps its boundaries, so no length is needed.  A request
 * starts with an lx_pages_req (mech 0: a plain request); a response with
 * a 32-bit status (a plain request) or an lx_pages_rsp, so no message is
 * ever empty and recvmsg()'s 0 always means the peer is gone.
 *
 * Pages (the pool is a memfd, pages.c):
 *   SHARE  the memfd's read-only descriptor rides the request (SCM_RIGHTS);
 *          the server maps the n pages PROT_READ (mmap MAP_SHARED |
 *          MAP_POPULATE), its handler reads them there, it unmaps them
 *          and closes the descriptor, then answers.
 *   MOVE   the client unmaps its n pages (munmap: from then on an access
 *          faults), the read-write descriptor rides the request, the
 *          server maps them read-write, the handler works there, the
 *          server unmaps them and closes the descriptor and answers, and
 *          the client maps them back at the same address (MAP_FIXED_
 *          NOREPLACE).  The same page-cache pages make the round trip and
 *          nothing is copied; what changes hands is the mapping: the pages
 *          stay in the memfd, which the client keeps open (a hand-over
 *          built from mmap and munmap, not a transfer of the frames).
 *   COPY   the client writes `bytes` of each page straight into the
 *          server's receive pages with one process_vm_writev() (the
 *          kernel copies once, from the client's pages into the server's),
 *          then sends the request; the handler reads the server's copy.
 */
#include "lx_pages.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

enum { UX_CLIENT, UX_SERVER }; /* fd[]: the two ends of the pair */

static uint8_t ux_req[WL_MSG_MAX], ux_rsp[WL_MSG_MAX];

union ux_cmsg {
    struct cmsghdr h;
    char buf[CMSG_SPACE(sizeof(int))];
};

static int ux_open(wl_chan_t *ch)
{
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, &ch->fd[UX_CLIENT]) < 0)
        return -errno;
    ch->rx = lx_rx_map();
    return ch->rx ? 0 : -ENOMEM;
}

static void ux_side(wl_chan_t *ch, enum lx_side side)
{
    int drop = side == LX_CLIENT ? UX_SERVER : UX_CLIENT;
    close(ch->fd[drop]);
    ch->fd[drop] = -1;
}

/* One message of n parts, with fd (if >= 0) as SCM_RIGHTS: a seqpacket
 * send is whole or fails. */
static long ux_send(int sock, struct iovec *iov, int n, int fd)
{
    union ux_cmsg cm;
    struct msghdr m = { .msg_iov = iov, .msg_iovlen = (size_t)n };
    if (fd >= 0) {
        memset(&cm, 0, sizeof(cm));
        m.msg_control = cm.buf;
        m.msg_controllen = sizeof(cm.buf);
        struct cmsghdr *h = CMSG_FIRSTHDR(&m);
        h->cmsg_level = SOL_SOCKET;
        h->cmsg_type = SCM_RIGHTS;
        h->cmsg_len = CMSG_LEN(sizeof(int));
        memcpy(CMSG_DATA(h), &fd, sizeof(fd));
    }
    for (;;) {
        if (sendmsg(sock, &m, MSG_NOSIGNAL) >= 0)
            return 0;
        if (errno != EINTR || lx_peer_gone)
            return errno == EINTR ? -EPIPE : -errno;
    }
}

/* One message into iov[0..n); its length, or -errno (-EPIPE: the peer is
 * gone).  With fd, the descriptor that came with it (else -1). */
static long ux_recv(int sock, struct iovec *iov, int n, int *fd)
{
    union ux_cmsg cm;
    for (;;) {
        struct msghdr m = { .msg_iov = iov, .msg_iovlen = (size_t)n };
        if (fd) {
            *fd = -1;
            m.msg_control = cm.buf;
            m.msg_controllen = sizeof(cm.buf);
        }
        ssize_t r = recvmsg(sock, &m, MSG_CMSG_CLOEXEC);
        if (r < 0) {
            if (errno == EINTR && !lx_peer_gone)
                continue;
            return errno == EINTR ? -EPIPE : -errno;
        }
        struct cmsghdr *h = fd ? CMSG_FIRSTHDR(&m) : NULL;
        if (h && h->cmsg_level == SOL_SOCKET && h->cmsg_type == SCM_RIGHTS)
            memcpy(fd, CMSG_DATA(h), sizeof(*fd));
        if (r == 0)
            return -EPIPE;
        return m.msg_flags & (MSG_TRUNC | MSG_CTRUNC) ? -EMSGSIZE : r;
    }
}

static long ux_call(wl_chan_t *ch, const void *req, size_t len, void *resp, size_t resp_max)
{
    struct lx_pages_req q = { WL_PAGES_NONE, 0, 0, 0 };
    int32_t status;
    struct iovec out[2] = { { &q, sizeof(q) }, { (void *)req, len } };
    struct iovec in[2] = { { &status, sizeof(status) }, { resp, resp_max } };
    if (len > WL_MSG_MAX)
        return -E2BIG;
    long r = ux_send(ch->fd[UX_CLIENT], out, 2, -1);
    if (r == 0)
        r = ux_recv(ch->fd[UX_CLIENT], in, 2, NULL);
    if (r < 0)
        return r;
    return r < (long)sizeof(status) ? -EPROTO : r - (long)sizeof(status);
}

/* COPY: `bytes` of each page into the server's receive pages. */
static long ux_copy(wl_chan_t *ch, const struct wl_pages *give, struct wl_page_counts *c)
{
    struct iovec local[WL_PAGES_MAX], remote[WL_PAGES_MAX];
    lx_pages_iov(local, give->base, give->n, give->bytes);
    lx_pages_iov(remote, ch->rx, give->n, give->bytes);
    uint64_t t0 = wl_cycles();
    ssize_t w = process_vm_writev(ch->peer, local, give->n, remote, give->n, 0);
    c->mech_time += lx_pages_since(t0);
    if (w < 0)
        return -errno;
    c->bytes_copied += (uint64_t)w;
    return (size_t)w == (size_t)give->n * give->bytes ? 0 : -EIO;
}

static long ux_call_pages(wl_chan_t *ch, const struct wl_pages *give, const void *req, size_t len,
                          void *resp, size_t resp_max, struct wl_page_counts *c)
{
    const struct lx_pool *pool = lx_pool_of(give);
    uint32_t pgoff = pool ? (uint32_t)((size_t)(give->base - pool->base) / WL_PAGE_SIZE) : 0;
    struct lx_pages_req q = { give->mech, give->n, give->bytes, pgoff };
    struct lx_pages_rsp a;
    struct iovec out[2] = { { &q, sizeof(q) }, { (void *)req, len } };
    struct iovec in[2] = { { &a, sizeof(a) }, { resp, resp_max } };
    int fd = -1, unmapped = 0;
    long r = 0;

    if (give->mech == WL_PAGES_MOVE) {
        fd = pool->fd;
        r = lx_pages_unmap(give->base, give->n, c);
        unmapped = r == 0;
    } else if (give->mech == WL_PAGES_SHARE) {
        fd = pool->fd_ro;
    } else {
        r = ux_copy(ch, give, c);
    }
    if (r == 0)
        r = ux_send(ch->fd[UX_CLIENT], out, 2, fd);
    if (r == 0)
        r = ux_recv(ch->fd[UX_CLIENT], in, 2, NULL);
    if (unmapped) { /* the pages come back, whatever happened on the way */
        int e = 0;
        if (!lx_pages_map(give->base, pool->fd, pgoff, give->n, PROT_READ | PROT_WRITE, c, &e) &&
            r >= 0)
            r = e;
    }
    if (r < 0)
        return r;
    if (r < (long)sizeof(a))
        return -EPROTO;
    if (a.status)
        return a.status;
    c->bytes_copied += a.counts.bytes_copied;
    c->pages_mapped += a.counts.pages_mapped;
    c->pages_unmapped += a.counts.pages_unmapped;
    c->mech_time += a.counts.mech_time;
    return r - (long)sizeof(a);
}

/* The server's side of a request with pages: where they are for the
 * handler (got); 0 or -errno. */
static int ux_take(wl_chan_t *ch, const struct lx_pages_req *q, int fd, struct wl_pages *got,
                   struct wl_page_counts *c)
{
    int e = 0;
    if (q->n < 1 || q->n > WL_PAGES_MAX || q->bytes < 1 || q->bytes > WL_PAGE_SIZE)
        return -EINVAL;
    *got = (struct wl_pages){ (enum wl_page_mech)q->mech, ch->rx, q->n, q->bytes };
    if (q->mech == WL_PAGES_COPY)
        return 0;
    if ((q->mech != WL_PAGES_SHARE && q->mech != WL_PAGES_MOVE) || fd < 0)
        return -EINVAL;
    int prot = q->mech == WL_PAGES_MOVE ? PROT_READ | PROT_WRITE : PROT_READ;
    got->base = lx_pages_map(NULL, fd, q->pgoff, q->n, prot, c, &e);
    return got->base ? 0 : e;
}

static long ux_serve(wl_chan_t *ch, wl_handler_t handler, void *ctx)
{
    int sock = ch->fd[UX_SERVER];
    for (;;) {
        struct lx_pages_req q;
        struct lx_pages_rsp a = { 0, 0, { 0, 0, 0, 0 } };
        struct wl_pages got;
        struct iovec in[2] = { { &q, sizeof(q) }, { ux_req, sizeof(ux_req) } };
        int fd;
        long n = ux_recv(sock, in, 2, &fd), r = 0;
        if (n >= 0 && n < (long)sizeof(q))
            n = -EPROTO;
        if (n >= 0 && q.mech != WL_PAGES_NONE)
            a.status = ux_take(ch, &q, fd, &got, &a.counts);
        if (n >= 0 && a.status == 0)
            r = handler(ctx, ux_req, (size_t)n - sizeof(q), q.mech ? &got : NULL, ux_rsp);
        if (n >= 0 && a.status == 0 && q.mech != WL_PAGES_NONE && q.mech != WL_PAGES_COPY)
            a.status = lx_pages_unmap(got.base, got.n, &a.counts);
        if (fd >= 0)
            close(fd);
        if (n < 0)
            return n;
        if (r != WL_STOP && (r < 0 || r > WL_MSG_MAX))
            return -EINVAL;
        size_t rl = r == WL_STOP ? 0 : (size_t)r;
        struct iovec out[2] = { { &a, q.mech ? sizeof(a) : sizeof(a.status) }, { ux_rsp, rl } };
        long e = ux_send(sock, out, 2, -1);
        if (e < 0 || a.status)
            return e < 0 ? e : a.status;
        if (r == WL_STOP)
            return 0;
    }
}

/* The server's exit closes its end: the client's recvmsg() returns 0. */
static void ux_hangup(wl_chan_t *ch)
{
    (void)ch;
}

static void ux_close(wl_chan_t *ch)
{
    lx_close_fds(ch);
    lx_rx_unmap(ch->rx);
    ch->rx = NULL;
}

static int ux_pages_can(enum wl_page_mech mech)
{
    return mech == WL_PAGES_MOVE || mech == WL_PAGES_SHARE || mech == WL_PAGES_COPY;
}

const struct lx_mech lx_unix = {
    .variant = "unix",
    .open = ux_open,
    .side = ux_side,
    .call = ux_call,
    .serve = ux_serve,
    .hangup = ux_hangup,
    .close = ux_close,
    .pages_can = ux_pages_can,
    .call_pages = ux_call_pages,
};
