/* SPDX-License-Identifier: MIT */
/*
 * Starting, watching and stopping child processes (see proc.h).
 */
#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PROC_POLL_NS 10000000L /* 10 ms */

/* In the child: reset what bench-run changed, then exec. */
static void proc_child(char *const argv[], const char *cwd, int out_fd, int err_pipe, pid_t parent)
{
    int e, in_fd;
    sigset_t none;

    setpgid(0, 0);
    /* If bench-run dies without cleaning up, QEMU must not linger. */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent)
        _exit(127);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    in_fd = open("/dev/null", O_RDONLY);
    if (in_fd < 0 || dup2(in_fd, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(out_fd, 2) < 0)
        goto fail;
    if (cwd && chdir(cwd) < 0)
        goto fail;
    execvp(argv[0], argv);
fail:
    e = errno;
    if (write(err_pipe, &e, sizeof(e)) < 0)
        _exit(127);
    _exit(127);
}

int proc_spawn(char *const argv[], const char *cwd, const char *out_path, pid_t *pid, char *err,
               size_t errlen)
{
    int pfd[2], out_fd, child_errno = 0, st;
    pid_t parent = getpid(), p;
    ssize_t got;

    out_fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out_fd < 0) {
        snprintf(err, errlen, "cannot create %s: %s", out_path, strerror(errno));
        return -1;
    }
    if (pipe2(pfd, O_CLOEXEC) < 0) {
        snprintf(err, errlen, "pipe: %s", strerror(errno));
        close(out_fd);
        return -1;
    }
    p = fork();
    if (p < 0) {
        snprintf(err, errlen, "fork: %s", strerror(errno));
        close(out_fd);
        close(pfd[0]);
        close(pfd[1]);
        return -1;
    }
    if (p == 0)
        proc_child(argv, cwd, out_fd, pfd[1], parent);
    setpgid(p, p); /* also in the parent: no window without a group */
    close(out_fd);
    close(pfd[1]);
    do
        got = read(pfd[0], &child_errno, sizeof(child_errno));
    while (got < 0 && errno == EINTR);
    close(pfd[0]);
    if (got == (ssize_t)sizeof(child_errno)) {
        while (waitpid(p, &st, 0) < 0 && errno == EINTR)
            ;
        snprintf(err, errlen, "cannot run %s: %s", argv[0], strerror(child_errno));
        return -1;
    }
    *pid = p;
    return 0;
}

/*
 * Reap an exited group leader.  Anything it left in its group is killed
 * first, while the zombie still pins the group id.
 */
static void proc_reap(pid_t pid, int *status)
{
    kill(-pid, SIGKILL);
    while (waitpid(pid, status, 0) < 0 && errno == EINTR)
        ;
}

int proc_poll(pid_t pid, int *status)
{
    siginfo_t info;

    memset(&info, 0, sizeof(info));
    if (waitid(P_PID, (id_t)pid, &info, WEXITED | WNOHANG | WNOWAIT) < 0 || info.si_pid != pid)
        return 0;
    proc_reap(pid, status);
    return 1;
}

void proc_kill(pid_t pid, int grace_ms, int *status)
{
    struct timespec tick = { 0, PROC_POLL_NS };
    siginfo_t info;

    kill(-pid, SIGTERM);
    for (long waited = 0; waited < grace_ms * 1000000L; waited += PROC_POLL_NS) {
        memset(&info, 0, sizeof(info));
        if (waitid(P_PID, (id_t)pid, &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid)
            break;
        nanosleep(&tick, NULL);
    }
    proc_reap(pid, status);
}

int proc_capture(char *const argv[], char *buf, size_t len)
{
    int pfd[2], st;
    size_t used = 0;
    char sink[256];
    ssize_t got;
    pid_t p;

    buf[0] = '\0';
    if (pipe2(pfd, O_CLOEXEC) < 0)
        return -1;
    p = fork();
    if (p < 0) {
        close(pfd[0]);
        close(pfd[1]);
        return -1;
    }
    if (p == 0) {
        int devnull = open("/dev/null", O_RDWR);
        if (devnull < 0 || dup2(devnull, 0) < 0 || dup2(devnull, 2) < 0 || dup2(pfd[1], 1) < 0)
            _exit(127);
        execvp(argv[0], argv);
        _exit(127);
    }
    close(pfd[1]);
    for (;;) {
        if (used + 1 < len)
            got = read(pfd[0], buf + used, len - 1 - used);
        else
            got = read(pfd[0], sink, sizeof(sink));
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        if (used + 1 < len)
            used += (size_t)got;
    }
    buf[used] = '\0';
    close(pfd[0]);
    while (waitpid(p, &st, 0) < 0)
        if (errno != EINTR)
            return -1;
    if (!WIFEXITED(st) || WEXITSTATUS(st) == 127)
        return -1;
    return WEXITSTATUS(st);
}
