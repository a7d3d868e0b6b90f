/* SPDX-License-Identifier: MIT */
/*
 * Small helpers shared by the harness unit tests: scratch directories,
 * whole-file reads, and running bench-run as a child with captured
 * output.  Paths to the built harness and to tests/data come from the
 * Makefile as TEST_BENCH_RUN and TEST_DATA_DIR.
 */
#ifndef TESTUTIL_H
#define TESTUTIL_H

#include <stddef.h>
#include <sys/types.h>

#ifndef TEST_DATA_DIR
#error "TEST_DATA_DIR must be defined by the Makefile"
#endif

/* A fresh directory under $TMPDIR or /tmp; caller frees the string. */
char *tu_tmpdir(void);
/* rm -rf, refusing anything outside the scratch prefix. */
void tu_rm_rf(const char *path);
/* Whole file, NUL-terminated; NULL if unreadable.  Caller frees. */
char *tu_read(const char *path);
/* Write text to path (created or truncated); 0 on success. */
int tu_write(const char *path, const char *text);
/* Number of lines in a file, -1 if unreadable. */
long tu_count_lines(const char *path);

/*
 * A fresh directory on a file system that refuses O_DIRECT (open(2):
 * EINVAL), for the disk's fallback (harness/disk.h): a ramfs mounted in a
 * private mount namespace of this process (needs root; tmpfs takes
 * O_DIRECT since Linux 6.6), else /dev/shm on an older kernel; NULL if
 * neither.  Children (bench-run) see it.  tu_nodirect_free undoes it.
 */
char *tu_nodirect_dir(void);
void tu_nodirect_free(char *dir);

typedef struct {
    int status; /* exit status, or 128+signal */
    char *out;  /* stdout */
    char *err;  /* stderr */
} tu_result_t;

/*
 * Run argv (NULL-terminated) with extra "NAME=value" environment entries
 * (NULL-terminated, may be NULL).  If kill_after_ms > 0, send kill_sig to
 * the child after that many milliseconds.
 */
void tu_run(char *const argv[], char *const env[], int kill_after_ms, int kill_sig,
            tu_result_t *res);
void tu_result_free(tu_result_t *res);

#endif
