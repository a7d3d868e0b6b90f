/* SPDX-License-Identifier: MIT */
/*
 * One QEMU boot, start to finish: start QEMU, wait for it under a
 * wall-clock limit, and stop it early when bench-run is interrupted or the
 * guest has announced a panic.  Judging what the console says is not done
 * here (see transcript.c and verdict.c); this only reports how QEMU ended.
 */
#ifndef BENCH_BOOT_H
#define BENCH_BOOT_H

typedef struct {
    char *const *argv;    /* QEMU argv */
    const char *cwd;      /* QEMU's working directory */
    const char *log_path; /* console log as bench-run opens it */
    const char *err_path; /* QEMU's own stdout+stderr go here */
    long timeout_s;
} boot_req_t;

typedef enum {
    BOOT_EXITED,       /* QEMU ended by itself */
    BOOT_TIMEOUT,      /* we killed it at the time limit */
    BOOT_PANIC_KILLED, /* guest printed @@PANIC and did not exit */
    BOOT_INTERRUPTED,  /* bench-run got a signal; QEMU killed */
    BOOT_SPAWN_FAILED, /* QEMU never ran; err says why */
} boot_end_t;

/* Time a panicking guest gets to exit by itself before it is killed. */
#define BOOT_PANIC_GRACE_MS 2000
/* Time QEMU gets to honour SIGTERM before SIGKILL. */
#define BOOT_KILL_GRACE_MS 2000

typedef struct {
    boot_end_t end;
    int exited; /* QEMU called exit(): exit_status is valid */
    int exit_status;
    int term_signal;   /* if QEMU died of a signal we did not send */
    int interrupt_sig; /* BOOT_INTERRUPTED: the signal we got */
    double seconds;
    char err[512];
} boot_result_t;

void boot_run(const boot_req_t *req, boot_result_t *res);

#endif
