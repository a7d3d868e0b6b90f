/* SPDX-License-Identifier: MIT */
/*
 * The virtio disk every benchmark boot gets (common/qemu/flags.sh,
 * "The disk every boot of every system gets"): before each boot a fresh
 * sparse file of QEMU_DISK_MIB MiB in the run directory, removed after
 * the boot however it ended (a failure, a time limit, a signal: the boot
 * loop always returns here before it unwinds, interrupt.h).  QEMU opens it
 * with O_DIRECT (cache=none); a file system that refuses O_DIRECT (tmpfs:
 * EINVAL) gets QEMU_DISK_DRIVE_NODIRECT instead, probed per file.
 * Calibration boots get no disk.
 */
#ifndef BENCH_DISK_H
#define BENCH_DISK_H

#include <stddef.h>

typedef struct {
    char *path;    /* as bench-run opens it */
    char *name;    /* as QEMU sees it (QEMU runs in the run directory) */
    int direct;    /* 1: O_DIRECT works, QEMU_DISK_DRIVE; 0: the fallback */
    char why[256]; /* direct == 0: what the probe said */
} disk_t;

/* QEMU_DISK_MIB as a number. */
long disk_mib(void);
/* QEMU_DISK_DEVICE. */
const char *disk_device(void);
/* The -drive options for a file that does (1) or does not (0) take
 * O_DIRECT. */
const char *disk_drive_options(int direct);
/*
 * Create dir/name as a sparse file of QEMU_DISK_MIB MiB (truncated if it
 * exists) and probe O_DIRECT on it.  -1 with err naming the cause.
 */
int disk_create(disk_t *d, const char *dir, const char *name, char *err, size_t len);
/* 1 if path opens with O_DIRECT, 0 if the file system refuses it (why
 * says so), -1 on another error (errno set). */
int disk_probe_direct(const char *path, char *why, size_t len);
/* Remove the file (if any) and free d; safe to call twice. */
void disk_remove(disk_t *d);

#endif
