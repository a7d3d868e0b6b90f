/* SPDX-License-Identifier: MIT */
/*
 * The per-boot virtio disk file (see disk.h).
 */
#include "disk.h"

#include "errmsg.h"
#include "mem.h"
#include "qemu_flags.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

long disk_mib(void)
{
    return strtol(QEMU_DISK_MIB, NULL, 10);
}

const char *disk_device(void)
{
    return QEMU_DISK_DEVICE;
}

const char *disk_drive_options(int direct)
{
    return direct ? QEMU_DISK_DRIVE : QEMU_DISK_DRIVE_NODIRECT;
}

int disk_probe_direct(const char *path, char *why, size_t len)
{
    int fd = open(path, O_RDWR | O_DIRECT);

    if (fd >= 0) {
        close(fd);
        return 1;
    }
    /* EINVAL is open(2)'s answer of a file system without O_DIRECT. */
    if (errno != EINVAL)
        return -1;
    errmsg_set(why, len, "the file system of %s refuses O_DIRECT (%s)", path, strerror(errno));
    return 0;
}

int disk_create(disk_t *d, const char *dir, const char *name, char *err, size_t len)
{
    int fd, probe;

    memset(d, 0, sizeof(*d));
    d->path = mem_printf("%s/%s", dir, name);
    d->name = mem_strdup(name);
    fd = open(d->path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    /* ftruncate allocates nothing: the file is sparse, as `truncate -s`. */
    if (fd < 0 || ftruncate(fd, (off_t)disk_mib() << 20) < 0) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        errmsg_set(err, len, "cannot create the disk file %s: %s", d->path, strerror(e));
        disk_remove(d);
        return -1;
    }
    close(fd);
    probe = disk_probe_direct(d->path, d->why, sizeof(d->why));
    if (probe < 0) {
        errmsg_set(err, len, "cannot open the disk file %s: %s", d->path, strerror(errno));
        disk_remove(d);
        return -1;
    }
    d->direct = probe;
    return 0;
}

void disk_remove(disk_t *d)
{
    if (d->path)
        unlink(d->path);
    free(d->path);
    free(d->name);
    d->path = d->name = NULL;
}
