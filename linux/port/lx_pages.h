/* SPDX-License-Identifier: MIT */
/*
 * Page hand-over between two Linux processes (wl.h's wl_call_pages):
 * what the placements that can do it (unix.c, pipe.c) share.  pages.c
 * holds the pools and the calls that map, unmap and time.
 *
 * A pool (wl_pages_alloc) is a memfd mapped MAP_SHARED into the client,
 * so its pages can be given to another process as a file descriptor
 * (SCM_RIGHTS) and mapped there.  Pools are MADV_DONTFORK and their fds
 * are closed in a forked server, so a server never has the client's pages
 * but through a request.
 *
 * A request that carries pages says so with an lx_pages_req before its
 * bytes; the server's answer starts with an lx_pages_rsp: whether the
 * pages were taken (the handler ran) and the server's half of the counts,
 * which the client adds to its own.  mech_time counts only the calls that
 * do the mechanism, each timed alone, with the timer's cost taken off
 * (lx_pages_since).
 */
#ifndef LX_PAGES_H
#define LX_PAGES_H

#include <stdint.h>
#include <sys/uio.h>

#include "lx_chan.h"

struct lx_pages_req {
    uint32_t mech;  /* enum wl_page_mech */
    uint32_t n;     /* pages, 1..WL_PAGES_MAX */
    uint32_t bytes; /* bytes of each page that matter */
    uint32_t pgoff; /* SHARE, MOVE: the first page's offset in the memfd, in pages */
};

struct lx_pages_rsp {
    int32_t status; /* 0, or the server's -errno (the handler did not run) */
    uint32_t pad;
    struct wl_page_counts counts; /* the server's half */
};

/* The server's pages a copy lands in (rx of lx_chan.h). */
#define LX_RX_BYTES ((size_t)WL_PAGES_MAX * WL_PAGE_SIZE)

/* The pool that holds give's n pages, or NULL; its memfd's read-write
 * and read-only descriptors. */
struct lx_pool {
    uint8_t *base;
    uint32_t n;
    int fd, fd_ro;
};
const struct lx_pool *lx_pool_of(const struct wl_pages *give);

/* give is a batch wl_call_pages() can take (0) or not (-EINVAL). */
int lx_pages_valid(const struct wl_pages *give);

/* The timestamp units since t0 (a wl_cycles()), less the timer's own cost. */
int64_t lx_pages_since(uint64_t t0);

/* n pages of fd from page pgoff, mapped with prot (MAP_SHARED,
 * MAP_POPULATE: the page-table entries are made inside the call) at
 * fixed (MAP_FIXED_NOREPLACE) or anywhere (NULL).  Adds n to
 * c->pages_mapped and the call's time to c->mech_time; NULL and -errno
 * in *err on failure. */
uint8_t *lx_pages_map(void *fixed, int fd, uint32_t pgoff, uint32_t n, int prot,
                      struct wl_page_counts *c, int *err);
/* munmap of n pages at p: adds n to c->pages_unmapped and the time; 0 or -errno. */
int lx_pages_unmap(uint8_t *p, uint32_t n, struct wl_page_counts *c);

/* The fragments of a batch: `bytes` at each of n pages from base. */
void lx_pages_iov(struct iovec *iov, uint8_t *base, uint32_t n, uint32_t bytes);
/* iov[0..n) without its first `done` bytes, into out; returns out's count. */
int lx_iov_rest(const struct iovec *iov, int n, size_t done, struct iovec *out);

/* Around fork() (main.c): the pools are not inherited (MADV_DONTFORK),
 * and the child closes their descriptors and forgets them. */
void lx_pages_before_fork(void);
void lx_pages_in_child(void);

/* The server's pages for copies (MAP_PRIVATE, before the fork), or NULL. */
uint8_t *lx_rx_map(void);
void lx_rx_unmap(uint8_t *rx);

#endif
