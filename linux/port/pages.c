/* SPDX-License-Identifier: MIT */
/*
 * wl.h's page calls for Linux processes (lx_pages.h): the pools, the
 * timed map and unmap every mechanism that maps is built from, and the
 * dispatch to the placement (unix.c: move, share, copy; pipe.c: copy;
 * futex, eventfd and threads carry no pages).
 *
 * A pool is a memfd: memfd_create, ftruncate to n pages, mmap MAP_SHARED
 * read-write with MAP_POPULATE.  Besides its own descriptor it keeps a
 * read-only one, a second open of the same file through /proc/self/fd,
 * which SHARE hands out: mmap refuses PROT_WRITE on a MAP_SHARED mapping
 * of a descriptor not opened for writing, so a server given that one can
 * only read, as with a read-only grant.
 */
#include "lx_pages.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#define LX_POOLS 8

static struct lx_pool pools[LX_POOLS];
static unsigned n_pools;

int wl_pages_can(wl_chan_t *ch, enum wl_page_mech mech)
{
    return ch->mech->pages_can != NULL && ch->mech->pages_can(mech);
}

uint8_t *wl_pages_alloc(uint32_t n)
{
    char path[64];
    size_t len = (size_t)n * WL_PAGE_SIZE;
    if (n == 0 || n > WL_PAGES_MAX || n_pools == LX_POOLS)
        return NULL;
    int fd = memfd_create("wl-pages", MFD_CLOEXEC);
    if (fd < 0)
        return NULL;
    snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    int ro = open(path, O_RDONLY | O_CLOEXEC);
    void *p = MAP_FAILED;
    if (ro >= 0 && ftruncate(fd, (off_t)len) == 0)
        p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, 0);
    if (p == MAP_FAILED || madvise(p, len, MADV_DONTFORK) != 0) {
        if (p != MAP_FAILED)
            munmap(p, len);
        if (ro >= 0)
            close(ro);
        close(fd);
        return NULL;
    }
    pools[n_pools++] = (struct lx_pool){ p, n, fd, ro };
    return p;
}

const struct lx_pool *lx_pool_of(const struct wl_pages *give)
{
    for (unsigned i = 0; i < n_pools; i++) {
        const struct lx_pool *p = &pools[i];
        if (give->base >= p->base && give->base + (size_t)give->n * WL_PAGE_SIZE <=
                                         p->base + (size_t)p->n * WL_PAGE_SIZE)
            return p;
    }
    return NULL;
}

int lx_pages_valid(const struct wl_pages *give)
{
    if (give == NULL || give->n < 1 || give->n > WL_PAGES_MAX || give->bytes < 1 ||
        give->bytes > WL_PAGE_SIZE || (uintptr_t)give->base % WL_PAGE_SIZE != 0)
        return -EINVAL;
    if (give->mech == WL_PAGES_COPY)
        return 0;
    if (give->mech == WL_PAGES_MOVE || give->mech == WL_PAGES_SHARE)
        return lx_pool_of(give) ? 0 : -EINVAL;
    return -EINVAL;
}

long wl_call_pages(wl_chan_t *ch, const struct wl_pages *give, const void *req, size_t len,
                   void *resp, size_t resp_max, struct wl_page_counts *counts)
{
    *counts = (struct wl_page_counts){ 0, 0, 0, 0 };
    if (!wl_pages_can(ch, give->mech))
        return -EOPNOTSUPP;
    if (lx_pages_valid(give) != 0 || len > WL_MSG_MAX)
        return -EINVAL;
    return ch->mech->call_pages(ch, give, req, len, resp, resp_max, counts);
}

/* The smallest cost of two back-to-back timestamps, as wl_timer_overhead()
 * measures it; once per process (a forked server inherits it). */
int64_t lx_pages_since(uint64_t t0)
{
    static int64_t overhead = -1;
    uint64_t t1 = wl_cycles();
    if (overhead < 0)
        overhead = wl_timer_overhead();
    return (int64_t)(t1 - t0) - overhead;
}

uint8_t *lx_pages_map(void *fixed, int fd, uint32_t pgoff, uint32_t n, int prot,
                      struct wl_page_counts *c, int *err)
{
    int flags = MAP_SHARED | MAP_POPULATE | (fixed ? MAP_FIXED_NOREPLACE : 0);
    uint64_t t0 = wl_cycles();
    void *p = mmap(fixed, (size_t)n * WL_PAGE_SIZE, prot, flags, fd,
                   (off_t)pgoff * WL_PAGE_SIZE);
    c->mech_time += lx_pages_since(t0);
    if (p == MAP_FAILED) {
        *err = -errno;
        return NULL;
    }
    if (fixed && p != fixed) { /* a kernel without MAP_FIXED_NOREPLACE took it as a hint */
        munmap(p, (size_t)n * WL_PAGE_SIZE);
        *err = -EEXIST;
        return NULL;
    }
    c->pages_mapped += n;
    return p;
}

int lx_pages_unmap(uint8_t *p, uint32_t n, struct wl_page_counts *c)
{
    uint64_t t0 = wl_cycles();
    int r = munmap(p, (size_t)n * WL_PAGE_SIZE);
    c->mech_time += lx_pages_since(t0);
    if (r != 0)
        return -errno;
    c->pages_unmapped += n;
    return 0;
}

void lx_pages_iov(struct iovec *iov, uint8_t *base, uint32_t n, uint32_t bytes)
{
    for (uint32_t i = 0; i < n; i++)
        iov[i] = (struct iovec){ base + (size_t)i * WL_PAGE_SIZE, bytes };
}

int lx_iov_rest(const struct iovec *iov, int n, size_t done, struct iovec *out)
{
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (done >= iov[i].iov_len) {
            done -= iov[i].iov_len;
            continue;
        }
        out[k++] = (struct iovec){ (uint8_t *)iov[i].iov_base + done, iov[i].iov_len - done };
        done = 0;
    }
    return k;
}

void lx_pages_before_fork(void)
{
    for (unsigned i = 0; i < n_pools; i++)
        madvise(pools[i].base, (size_t)pools[i].n * WL_PAGE_SIZE, MADV_DONTFORK);
}

void lx_pages_in_child(void)
{
    for (unsigned i = 0; i < n_pools; i++) {
        close(pools[i].fd);
        close(pools[i].fd_ro);
    }
    n_pools = 0;
}

uint8_t *lx_rx_map(void)
{
    void *p = mmap(NULL, LX_RX_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

void lx_rx_unmap(uint8_t *rx)
{
    if (rx)
        munmap(rx, LX_RX_BYTES);
}
