/* SPDX-License-Identifier: MIT */
/*
 * wl-linux: the workloads of workloads/wl_list.h as Linux processes.
 *
 *   wl-linux bench system=linux unit=insns wl=pingpong:10000:1000
 *
 * the words the harness puts on every guest's command line (the
 * initramfs's /init passes those of /proc/cmdline from "bench" on).  For
 * each workload it runs the client against a server in each placement,
 * named by the records' variant:
 *
 *   pipe      two processes, a pair of pipes (pipe.c)
 *   futex     two processes, futexes on a shared page (futex.c)
 *   eventfd   two processes, two eventfds and a shared page (eventfd.c)
 *   threads   two threads of one process, private futexes (futex.c); not
 *             for a workload that needs two protection domains
 *   unix      two processes, a Unix socket pair (unix.c); it also hands
 *             pages over (pages.c: move, share, copy; pipe: copy)
 *
 * then its solo part, and ends with @@DONE.  The client is always this
 * process (it prints the records); the server a child made by fork() or a
 * thread.  Exit status 0 on success; 1 after "@@PANIC linux: <why>"; 2 for
 * bad words (also with @@PANIC, since no one else sees stderr).
 */
#include "lx_chan.h"
#include "lx_main.h"
#include "lx_pages.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "wl_record.h"
#include "wl_spec.h"

struct lx_options lx_opts = {
    .system = "linux",
    .unit = WL_UNIT_INSNS,
    .workloads = "pingpong",
    .cfg = { 10000, 1000 },
};

volatile sig_atomic_t lx_peer_gone;

/* unix last: the placements before it run as they did before it came. */
static const struct lx_mech *const mechs[] = { &lx_pipe, &lx_futex, &lx_eventfd, &lx_threads,
                                               &lx_unix };

void lx_panic(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    int n = snprintf(buf, sizeof(buf), WL_PANIC_PREFIX " linux: ");
    va_start(ap, fmt);
    n += vsnprintf(buf + n, sizeof(buf) - (size_t)n - 1, fmt, ap);
    va_end(ap);
    if (n > (int)sizeof(buf) - 2)
        n = (int)sizeof(buf) - 2;
    buf[n++] = '\n';
    wl_console_write(buf, (size_t)n);
}

static void on_sigchld(int sig)
{
    (void)sig;
    lx_peer_gone = 1;
}

static int parse_u32(const char *s, uint32_t *out)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (*s < '0' || *s > '9' || *end || errno || v > WL_RECORD_MAX_SAMPLES)
        return -1;
    *out = (uint32_t)v;
    return 0;
}

static int parse_words(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "bench") != 0) {
        lx_panic("the first word must be \"bench\" (usage: wl-linux bench system=linux "
                 "unit=insns wl=pingpong:N:W)");
        return -1;
    }
    for (int i = 2; i < argc; i++) {
        char *w = argv[i], *eq = strchr(w, '=');
        size_t k = eq ? (size_t)(eq - w) : 0;
        const char *v = eq ? eq + 1 : "";
        if (eq && k == 6 && !strncmp(w, "system", k))
            lx_opts.system = v;
        else if (eq && k == 4 && !strncmp(w, "unit", k))
            lx_opts.unit = v;
        else if (eq && k == 2 && !strncmp(w, "wl", k))
            lx_opts.workloads = v;
        else if (eq && k == 1 && !strncmp(w, "n", k) && !parse_u32(v, &lx_opts.cfg.iterations) &&
                 lx_opts.cfg.iterations)
            ;
        else if (eq && k == 6 && !strncmp(w, "warmup", k) && !parse_u32(v, &lx_opts.cfg.warmup))
            ;
        else {
            lx_panic("bad word \"%s\" (known: system=, unit=, wl=, n=, warmup=)", w);
            return -1;
        }
    }
    if (strcmp(lx_opts.system, "linux") && strcmp(lx_opts.system, "linux-pv")) {
        lx_panic("system must be linux or linux-pv, not \"%s\"", lx_opts.system);
        return -1;
    }
    if (strcmp(lx_opts.unit, WL_UNIT_INSNS) && strcmp(lx_opts.unit, WL_UNIT_CYCLES)) {
        lx_panic("unit must be insns or cycles, not \"%s\"", lx_opts.unit);
        return -1;
    }
    return 0;
}

struct server_arg {
    const struct wl_workload *w;
    wl_chan_t *ch;
    const struct wl_config *cfg;
    int rc;
};

/* The server side, in the child or the thread: on failure it hangs up,
 * so a client still waiting gets an error instead of sleeping forever. */
static void *serve(void *p)
{
    struct server_arg *a = p;
    a->rc = a->w->server(a->ch, a->cfg);
    if (a->rc != 0)
        a->ch->mech->hangup(a->ch);
    return NULL;
}

static int run_threads(struct server_arg *a, const char *variant, int *records)
{
    pthread_t t;
    int e = pthread_create(&t, NULL, serve, a);
    if (e) {
        lx_panic("%s %s: cannot start the server thread: %s", a->w->name, variant, strerror(e));
        return -1;
    }
    int got = a->w->client(a->ch, variant, a->cfg);
    pthread_join(t, NULL);
    if (got < 0 || a->rc != 0) {
        lx_panic("%s %s: %s failed", a->w->name, variant, got < 0 ? "client" : "server");
        return -1;
    }
    *records += got;
    return 0;
}

static int run_processes(struct server_arg *a, const char *variant, int *records)
{
    int status;
    lx_peer_gone = 0;
    lx_pages_before_fork();
    pid_t pid = fork();
    if (pid < 0) {
        lx_panic("%s %s: fork: %s", a->w->name, variant, strerror(errno));
        return -1;
    }
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        lx_pages_in_child();
        a->ch->mech->side(a->ch, LX_SERVER);
        serve(a);
        _exit(a->rc ? 1 : 0);
    }
    a->ch->peer = pid;
    a->ch->mech->side(a->ch, LX_CLIENT);
    int got = a->w->client(a->ch, variant, a->cfg);
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) {
            lx_panic("%s %s: waitpid: %s", a->w->name, variant, strerror(errno));
            return -1;
        }
    lx_peer_gone = 0;
    if (got < 0) {
        lx_panic("%s %s: client failed", a->w->name, variant);
        return -1;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        lx_panic("%s %s: server process %s %d", a->w->name, variant,
                 WIFEXITED(status) ? "exited with status" : "killed by signal",
                 WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
        return -1;
    }
    *records += got;
    return 0;
}

static int run_pair(const struct wl_workload *w, const struct lx_mech *m,
                    const struct wl_config *cfg, int *records)
{
    wl_chan_t ch = { .mech = m, .fd = { -1, -1, -1, -1, -1, -1 } };
    struct server_arg a = { w, &ch, cfg, 0 };
    char line[128];

    snprintf(line, sizeof(line), "linux: %s %s\n", w->name, m->variant);
    wl_console_write(line, strlen(line));
    int e = m->open(&ch);
    if (e < 0) {
        lx_panic("%s %s: cannot open the channel: %s", w->name, m->variant, strerror(-e));
        m->close(&ch);
        return -1;
    }
    int r = m->threads ? run_threads(&a, m->variant, records)
                       : run_processes(&a, m->variant, records);
    m->close(&ch);
    return r;
}

static int run_all(void)
{
    const char *list = lx_opts.workloads;
    struct wl_spec spec;
    int records = 0, rc;

    while ((rc = wl_spec_next(&list, &lx_opts.cfg, &spec)) > 0) {
        const struct wl_workload *w = wl_find(spec.name);
        if (!w) {
            lx_panic("unknown workload \"%s\"", spec.name);
            return -1;
        }
        /* A workload with no client (blkio) has only its solo part. */
        for (unsigned i = 0; w->client && i < sizeof(mechs) / sizeof(mechs[0]); i++) {
            if (mechs[i]->threads && (w->flags & WL_TWO_DOMAINS))
                continue;
            if (run_pair(w, mechs[i], &spec.cfg, &records))
                return -1;
        }
        if (w->solo) {
            int got = w->solo(&spec.cfg);
            if (got < 0) {
                lx_panic("%s: solo part failed", w->name);
                return -1;
            }
            records += got;
        }
    }
    if (rc < 0) {
        lx_panic("malformed workload list \"%s\" at \"%s\"", lx_opts.workloads, list);
        return -1;
    }
    char done[64];
    snprintf(done, sizeof(done), WL_DONE_PREFIX "{\"records\":%d}\n", records);
    wl_console_write(done, strlen(done));
    return 0;
}

int main(int argc, char **argv)
{
    struct sigaction sa = { .sa_handler = on_sigchld };

    /* Start marker lines at a line start, whatever came before. */
    wl_console_write("\n", 1);
    if (parse_words(argc, argv))
        return 2;
    /* No SA_RESTART: a dead server interrupts the client's wait. */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGCHLD, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    lx_meta(argc - 1, argv + 1);
    return run_all() ? 1 : 0;
}
