/* SPDX-License-Identifier: MIT */
/*
 * A request-response channel between a client and a server on Linux, one
 * per mechanism (pipe.c, futex.c, eventfd.c, unix.c).  wl_call() and wl_serve()
 * (wl_linux.c) dispatch through the channel's mechanism, so a workload
 * runs unchanged over each of them; main.c decides the placement (two
 * processes after fork(), or two threads of one process).
 *
 * Every wait may be interrupted by SIGCHLD (installed without SA_RESTART
 * by main.c), which sets lx_peer_gone when the server process has died:
 * the client then fails with -EPIPE instead of waiting forever.
 */
#ifndef LX_CHAN_H
#define LX_CHAN_H

#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "wl.h"

/* The shared pages of futex.c and eventfd.c: one request and one
 * response slot, each big enough for a whole wl.h message. */
struct lx_shm {
    _Atomic uint32_t req_seq; /* client's request count, futex word */
    _Atomic uint32_t rsp_seq; /* server's response count, futex word */
    _Atomic uint32_t gone;    /* the server has stopped serving */
    uint32_t req_len, rsp_len;
    uint8_t pad[64 - 5 * sizeof(uint32_t)];
    uint8_t req[WL_MSG_MAX];
    uint8_t rsp[WL_MSG_MAX];
};

enum lx_side { LX_CLIENT, LX_SERVER };

struct lx_mech {
    const char *variant; /* the records' "variant": names the path measured */
    int threads;         /* 1: client and server are threads of one process */
    /* Set the channel up before the fork or the thread start; 0 or -errno. */
    int (*open)(wl_chan_t *ch);
    /* After the fork, in each process: keep only this side's ends. */
    void (*side)(wl_chan_t *ch, enum lx_side side);
    long (*call)(wl_chan_t *ch, const void *req, size_t len, void *resp, size_t resp_max);
    long (*serve)(wl_chan_t *ch, wl_handler_t handler, void *ctx);
    /* The server is done (or failed): wake a client that still waits. */
    void (*hangup)(wl_chan_t *ch);
    void (*close)(wl_chan_t *ch);
    /* Page hand-over (lx_pages.h): which mechanisms the placement can do
     * (NULL: none) and wl_call_pages() on it; its wl_serve() takes the
     * requests that carry pages. */
    int (*pages_can)(enum wl_page_mech mech);
    long (*call_pages)(wl_chan_t *ch, const struct wl_pages *give, const void *req, size_t len,
                       void *resp, size_t resp_max, struct wl_page_counts *counts);
};

struct wl_chan {
    const struct lx_mech *mech;
    struct lx_shm *shm; /* futex, eventfd */
    /* pipe: c2s read/write, s2c read/write, page pipe read/write;
     * eventfd: req, rsp; unix: the client's and the server's socket */
    int fd[6];
    /* pipe, unix: the server's pages that a copy lands in, mapped before
     * the fork (so the client knows their address in the server) */
    uint8_t *rx;
    int peer; /* the client's: the server process's pid (0 for threads) */
    /* Requests sent (client) and served (server): two counters, since
     * the threads placement shares one wl_chan_t between both sides. */
    uint32_t sent, served;
};

extern const struct lx_mech lx_pipe, lx_futex, lx_threads, lx_eventfd, lx_unix;

/* Set by main.c's SIGCHLD handler when the server process has exited. */
extern volatile sig_atomic_t lx_peer_gone;

/* Shared pages for a channel (MAP_SHARED: they survive fork() shared). */
struct lx_shm *lx_shm_map(void);
void lx_shm_unmap(struct lx_shm *shm);
/* Close every fd of ch that is open, and mark it closed. */
void lx_close_fds(wl_chan_t *ch);

/* The shared page's halves of a round trip, the same for every mechanism
 * that uses it (futex.c, eventfd.c); only the waking differs. */
static inline long lx_shm_put_req(struct lx_shm *s, const void *req, size_t len)
{
    if (len > WL_MSG_MAX)
        return -E2BIG;
    if (len)
        memcpy(s->req, req, len);
    s->req_len = (uint32_t)len;
    return 0;
}

static inline long lx_shm_take_rsp(const struct lx_shm *s, void *resp, size_t resp_max)
{
    if (s->rsp_len > resp_max)
        return -EMSGSIZE;
    if (s->rsp_len)
        memcpy(resp, s->rsp, s->rsp_len);
    return s->rsp_len;
}

/* Run the handler on the request in the page and leave its response
 * there; returns its result (WL_STOP, a length) or -EINVAL. */
static inline long lx_shm_answer(struct lx_shm *s, wl_handler_t handler, void *ctx)
{
    long r = handler(ctx, s->req, s->req_len, NULL, s->rsp);
    if (r != WL_STOP && (r < 0 || r > WL_MSG_MAX))
        return -EINVAL;
    s->rsp_len = r == WL_STOP ? 0 : (uint32_t)r;
    return r;
}

#endif
