/* SPDX-License-Identifier: MIT */
/*
 * wl.h for Linux user space: what does not depend on the mechanism.
 * wl_call() and wl_serve() go to the channel's mechanism (lx_chan.h).
 *
 * wl_null_call() is getppid() through syscall(): a real kernel entry that
 * neither glibc (which caches nothing for it) nor the vDSO answers in
 * user space.  wl_cycles() is lfence; rdtsc, which Linux leaves to user
 * space (CR4.TSD clear), as every port does.  Output goes to fd 1 with
 * write(), unbuffered, so a fork() never duplicates pending output.
 *
 * The page calls (wl_pages_*) are in pages.c.
 */
#include "lx_chan.h"
#include "lx_main.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "wl_record.h"

long wl_call(wl_chan_t *ch, const void *req, size_t len, void *resp, size_t resp_max)
{
    return ch->mech->call(ch, req, len, resp, resp_max);
}

long wl_serve(wl_chan_t *ch, wl_handler_t handler, void *ctx)
{
    return ch->mech->serve(ch, handler, ctx);
}

void wl_console_write(const char *s, size_t len)
{
    while (len) {
        ssize_t w = write(1, s, len);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return;
        }
        s += w;
        len -= (size_t)w;
    }
}

const char *wl_system(void)
{
    return lx_opts.system;
}

const char *wl_unit(void)
{
    return lx_opts.unit;
}

struct lx_shm *lx_shm_map(void)
{
    void *p = mmap(NULL, sizeof(struct lx_shm), PROT_READ | PROT_WRITE,
                   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

void lx_shm_unmap(struct lx_shm *shm)
{
    if (shm)
        munmap(shm, sizeof(*shm));
}

void lx_close_fds(wl_chan_t *ch)
{
    for (unsigned i = 0; i < sizeof(ch->fd) / sizeof(ch->fd[0]); i++) {
        if (ch->fd[i] >= 0)
            close(ch->fd[i]);
        ch->fd[i] = -1;
    }
}
