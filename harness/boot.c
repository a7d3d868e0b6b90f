/* SPDX-License-Identifier: MIT */
/*
 * Running one QEMU boot under a time limit (see boot.h).
 *
 * QEMU writes the serial console to a file; while it runs we read the new
 * bytes of that file and watch for a line starting "@@PANIC", so a guest
 * that panics and then hangs costs BOOT_PANIC_GRACE_MS, not the whole
 * timeout.
 */
#include "boot.h"

#include "../workloads/wl_record.h"
#include "interrupt.h"
#include "proc.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define BOOT_TICK_NS 20000000L /* 20 ms between looks */

/* Line-start matcher for WL_PANIC_PREFIX over a byte stream. */
typedef struct {
    int fd;
    size_t matched; /* prefix bytes matched on this line */
    int live;       /* still matching this line */
    int seen;
} boot_watch_t;

static void boot_watch_feed(boot_watch_t *w)
{
    static const char prefix[] = WL_PANIC_PREFIX;
    char buf[4096];
    ssize_t got;

    if (w->fd < 0)
        return;
    while ((got = read(w->fd, buf, sizeof(buf))) > 0) {
        for (ssize_t i = 0; i < got && !w->seen; i++) {
            if (buf[i] == '\n') {
                w->matched = 0;
                w->live = 1;
            } else if (buf[i] == '\r' && w->matched == 0) {
                /* "\n\r" line ends: still at line start */
            } else if (w->live && buf[i] == prefix[w->matched]) {
                if (++w->matched == sizeof(prefix) - 1)
                    w->seen = 1;
            } else {
                w->live = 0;
            }
        }
    }
}

static double boot_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void boot_status(boot_result_t *res, int st)
{
    if (WIFEXITED(st)) {
        res->exited = 1;
        res->exit_status = WEXITSTATUS(st);
    } else if (WIFSIGNALED(st)) {
        res->term_signal = WTERMSIG(st);
    }
}

void boot_run(const boot_req_t *req, boot_result_t *res)
{
    struct timespec tick = { 0, BOOT_TICK_NS };
    boot_watch_t w = { .fd = -1, .live = 1 };
    double start = boot_now(), panic_at = 0;
    pid_t pid;
    int st = 0;

    memset(res, 0, sizeof(*res));
    unlink(req->log_path); /* QEMU must not append to an old log */
    if (proc_spawn(req->argv, req->cwd, req->err_path, &pid, res->err, sizeof(res->err)) < 0) {
        res->end = BOOT_SPAWN_FAILED;
        return;
    }
    for (;;) {
        if (proc_poll(pid, &st)) {
            res->end = BOOT_EXITED;
            boot_status(res, st);
            break;
        }
        if (interrupt_pending()) {
            res->end = BOOT_INTERRUPTED;
            res->interrupt_sig = interrupt_pending();
            proc_kill(pid, BOOT_KILL_GRACE_MS, &st);
            break;
        }
        double now = boot_now();
        if (now - start >= (double)req->timeout_s) {
            res->end = BOOT_TIMEOUT;
            proc_kill(pid, BOOT_KILL_GRACE_MS, &st);
            break;
        }
        if (w.fd < 0)
            w.fd = open(req->log_path, O_RDONLY | O_CLOEXEC);
        boot_watch_feed(&w);
        if (w.seen && panic_at == 0)
            panic_at = now;
        if (panic_at && now - panic_at >= BOOT_PANIC_GRACE_MS / 1e3) {
            res->end = BOOT_PANIC_KILLED;
            proc_kill(pid, BOOT_KILL_GRACE_MS, &st);
            break;
        }
        nanosleep(&tick, NULL);
    }
    if (w.fd >= 0)
        close(w.fd);
    res->seconds = boot_now() - start;
}
