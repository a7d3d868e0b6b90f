/* SPDX-License-Identifier: MIT */
/*
 * Child processes: QEMU (in its own process group, so it and anything it
 * forks can be killed together, and so a terminal's Ctrl-C reaches only
 * bench-run, which then stops QEMU in order) and the small version
 * queries meta.json needs.
 */
#ifndef BENCH_PROC_H
#define BENCH_PROC_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Start argv[0] (PATH lookup) with stdin from /dev/null and stdout and
 * stderr to out_path (truncated; relative to our cwd), running in cwd
 * (NULL: ours).  Returns -1 with err set if it cannot be started.
 */
int proc_spawn(char *const argv[], const char *cwd, const char *out_path, pid_t *pid, char *err,
               size_t errlen);
/* 1 with *status (as from waitpid) once the child has exited, else 0. */
int proc_poll(pid_t pid, int *status);
/* SIGTERM the group, SIGKILL it after grace_ms, reap; *status as waitpid. */
void proc_kill(pid_t pid, int grace_ms, int *status);
/*
 * Run argv to completion, stdout into buf (NUL-terminated, cut to len-1),
 * stderr discarded.  Returns the exit status, or -1 if it did not run.
 */
int proc_capture(char *const argv[], char *buf, size_t len);

#endif
