/* SPDX-License-Identifier: MIT */
/*
 * The block requests of the wl.h port (wl_blk_*) for every port that runs
 * as a Linux process (linux/port, xenside/dom0/peer): a disk opened with
 * O_DIRECT, so every request goes down the block layer to the driver
 * with no page cache in between, and kept several deep with Linux's
 * native AIO (io_setup, io_submit, io_getevents), called through
 * syscall() with no library.  Two disks, both 16 MiB, each opened at
 * most once per run with its own descriptor, AIO context, requests and
 * buffers (wl.h), so both can be open at once:
 *   WL_BLK_DISK_RAM     brd's /dev/ram0, variant odirect-brd (blkio)
 *   WL_BLK_DISK_VIRTIO  QEMU's virtio disk, virtio_blk's /dev/vda,
 *                       variant odirect-vda (blkdev): the same path
 *                       down to the driver, whose request then waits
 *                       for the device (an interrupt), so io_submit
 *                       returns before it completes and io_getevents
 *                       sleeps.
 *
 * How the wl.h contract maps onto Linux:
 *   - Buffers are shared once: 16 slots of 64 KiB, each followed by an
 *     inaccessible (PROT_NONE) guard of one page, in one reservation; the
 *     slot WL_BLK_SLOT_UNSHARED is the PROT_NONE range after the last
 *     slot's guard.  The kernel pins a request's pages when it starts it
 *     and fails with EFAULT on memory the process cannot access, so the
 *     unshared slot is refused by the kernel, and so is a request above
 *     64 KiB (it runs into its slot's guard: the kernel moves the part
 *     before the guard and reports fewer bytes, see below).  PROT_NONE
 *     rather than a hole: no later mmap of the process can land there.
 *   - wl_blk_submit() only fills an iocb; wl_blk_complete() returns a
 *     completion it holds already, else starts every queued iocb with one
 *     io_submit and reaps every ready completion with one io_getevents
 *     (at least one, waiting at most the disk's bound, struct blk_wait).  brd completes
 *     a request inside io_submit, so at depth 8 a batch of 8 costs one
 *     io_submit and one io_getevents; virtio_blk queues it to the device
 *     and the completion comes later (io_getevents sleeps until the
 *     device's interrupt has completed at least one).
 *   - Requests are passed on unchecked.  The kernel refuses a size that
 *     is not a multiple of 512 (EINVAL, O_DIRECT's alignment), memory the
 *     process cannot access (EFAULT), a write at or past the end of the
 *     disk (ENOSPC), an offset that overflows (EINVAL from io_submit).
 *     What it does not refuse with an error, it truncates: a read at or
 *     past the end moves 0 bytes (end of file), one across the end or
 *     into a guard fewer bytes than asked, a request of 0 bytes moves
 *     nothing.  The port does not inspect the request to tell these
 *     apart; it inspects the kernel's answer: a completion that moved no
 *     byte or fewer than asked gets status -EIO.  (A request across the
 *     end of the disk or into a guard has then moved its first part:
 *     for a write those sectors are written.)
 *   - io_submit refuses a bad iocb with an error code instead of a
 *     completion, and submits none after it; that iocb then completes
 *     with that code, and the rest are submitted by the next io_submit.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* O_DIRECT */
#endif
#include "wl.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* A test on the host may point the port at other 16 MiB block devices
 * (e.g. loop devices with direct I/O) at compile time. */
#ifndef WL_BLK_DEVICE_RAM
#define WL_BLK_DEVICE_RAM "/dev/ram0"
#endif
#ifndef WL_BLK_DEVICE_VIRTIO
#define WL_BLK_DEVICE_VIRTIO "/dev/vda"
#endif
/* The modules under the virtio disk, loaded at its first open when its
 * device is not there yet: "NAME PARAMS" lines in load order, each
 * NAME.ko in BLK_MODULE_DIR (linux/initramfs/modules-blkdev.list and
 * xenside/dom0/modules-blkdev.list, installed at this path in both
 * images).  Why not at boot: virtio_blk reads the disk while it loads,
 * a request the host completes in real time while the virtual clock
 * jumps (tcg), so every measurement after it would differ from run to
 * run; loaded here, only blkdev's own do. */
#define BLK_MODULE_LIST "/etc/modules-blkdev.list"
#define BLK_MODULE_DIR "/usr/lib/modules"
#define BLK_DISK_BYTES (16ull << 20) /* every system's disk (wl.h) */
/* Slot stride: the buffer and its guard page. */
#define BLK_STRIDE (WL_BLK_BYTES_MAX + WL_PAGE_SIZE)
/* The reservation: every slot and guard, then the unshared slot's range. */
#define BLK_AREA ((WL_BLK_SLOTS + 1) * (size_t)BLK_STRIDE)
/* The bounded wait of wl_blk_complete(), per disk: io_getevents waits
 * `slices` times at most `slice` for a completion before the port gives
 * up with -ETIMEDOUT.
 *   RAM disk: one slice of 1 s (brd completes inside io_submit: the wait
 *   never sleeps).
 *   virtio disk: 10,000 slices of 1 ms, 10 s.  Under tcg the guest's
 *   clock is no bound at all: QEMU's -icount sleep=off moves the virtual
 *   clock straight to the next timer deadline when the guest idles, while
 *   the host's I/O still takes real time, so one long timeout expires
 *   before a slow request completes (a 64 KiB read timed out after 1 s
 *   this way).  What bounds the wait in host time is the number of times
 *   the guest wakes for a timer: each costs QEMU a turn of its loop, in
 *   which it also collects the host's completions.  Short slices make
 *   many such turns (Xen's blkfront waits the same way: its 10,000 on a
 *   stalled disk took seconds of a 50 s boot); under kvm the 10 s are
 *   real. */
struct blk_wait {
    struct timespec slice;
    unsigned slices;
};

/* One request from wl_blk_submit() until wl_blk_complete() returns it. */
struct blk_req {
    struct iocb cb;  /* aio_data: this entry's index */
    uint32_t tag;
    uint32_t bytes;  /* asked for */
    long status;     /* once completed */
    int used;
};

/* Each disk of enum wl_blk_disk: its device, its name for records, and
 * what makes it 16 MiB (for the one line when it is not). */
static const struct blk_disk {
    const char *device;
    const char *variant;
    const char *sized_by;
    struct blk_wait wait;
} blk_disks[] = {
    [WL_BLK_DISK_RAM] = { WL_BLK_DEVICE_RAM, "odirect-brd", "brd rd_size=16384",
                          { { 1, 0 }, 1 } },
    [WL_BLK_DISK_VIRTIO] = { WL_BLK_DEVICE_VIRTIO, "odirect-vda",
                             "QEMU's disk file, QEMU_DISK_MIB of common/qemu/flags.sh",
                             { { 0, 1000000L }, 10000 } },
};
#define BLK_N_DISKS (sizeof(blk_disks) / sizeof(blk_disks[0]))

struct wl_blk {
    int fd;
    struct blk_wait wait; /* the disk's (blk_disks) */
    aio_context_t ctx;
    uint8_t *base; /* slot 0; slot s at base + s * BLK_STRIDE */
    struct blk_req req[WL_BLK_DEPTH_MAX];
    /* queued: submitted by the workload, not yet to the kernel */
    struct iocb *queued[WL_BLK_DEPTH_MAX];
    unsigned n_queued;
    unsigned n_kernel; /* given to the kernel, not yet reaped */
    /* completed, not yet returned: indices into req[], oldest first */
    unsigned done[WL_BLK_DEPTH_MAX];
    unsigned done_head, n_done;
};

static void blk_say(const char *what, int err)
{
    char line[200];
    int n = snprintf(line, sizeof(line), "wl_blk_open: %s: %s\n", what,
                     err ? strerror(err) : "refused");
    if (n > (int)sizeof(line) - 1)
        n = (int)sizeof(line) - 1;
    wl_console_write(line, (size_t)n);
}

/* Load the modules of BLK_MODULE_LIST (finit_module; one already loaded
 * is fine).  0, or -1 after one line naming what failed. */
static int blk_load_modules(void)
{
    char line[200], what[300];
    FILE *f = fopen(BLK_MODULE_LIST, "re");
    if (f == NULL) {
        blk_say("open " BLK_MODULE_LIST, errno);
        return -1;
    }
    int rc = 0;
    while (rc == 0 && fgets(line, sizeof(line), f) != NULL) {
        char name[64];
        int at = 0;
        line[strcspn(line, "\n")] = 0;
        if (sscanf(line, "%63s %n", name, &at) != 1 || name[0] == '#')
            continue;
        snprintf(what, sizeof(what), BLK_MODULE_DIR "/%s.ko", name);
        int fd = open(what, O_RDONLY | O_CLOEXEC);
        if (fd < 0 || (syscall(SYS_finit_module, fd, line + at, 0) < 0 && errno != EEXIST)) {
            int err = errno;
            snprintf(what, sizeof(what), "loading module %s", name);
            blk_say(what, err);
            rc = -1;
        }
        if (fd >= 0)
            close(fd);
    }
    fclose(f);
    return rc;
}

/* Which disks this process has opened (wl.h: each at most once). */
static int blk_opened[BLK_N_DISKS];

wl_blk_t *wl_blk_open(enum wl_blk_disk disk, const char **variant, uint64_t *sectors)
{
    char what[200];
    if ((unsigned)disk >= BLK_N_DISKS) {
        blk_say("no such disk", EINVAL);
        return NULL;
    }
    const struct blk_disk *d = &blk_disks[disk];
    if (blk_opened[disk]) {
        snprintf(what, sizeof(what), "%s is open already (once per run)", d->device);
        blk_say(what, EBUSY);
        return NULL;
    }
    struct stat st;
    if (disk == WL_BLK_DISK_VIRTIO && stat(d->device, &st) < 0 && errno == ENOENT &&
        blk_load_modules() < 0)
        return NULL;
    struct wl_blk *b = calloc(1, sizeof(*b));
    uint64_t size = 0;
    if (b == NULL) {
        blk_say("calloc", ENOMEM);
        return NULL;
    }
    b->fd = open(d->device, O_RDWR | O_DIRECT | O_CLOEXEC);
    if (b->fd < 0) {
        snprintf(what, sizeof(what), "open %s", d->device);
        blk_say(what, errno);
        goto fail;
    }
    if (ioctl(b->fd, BLKGETSIZE64, &size) < 0) {
        snprintf(what, sizeof(what), "BLKGETSIZE64 on %s", d->device);
        blk_say(what, errno);
        goto fail;
    }
    if (size != BLK_DISK_BYTES) {
        /* Every system's disk has the same size, so records compare. */
        snprintf(what, sizeof(what), "%s has %llu bytes, not 16 MiB (%s)", d->device,
                 (unsigned long long)size, d->sized_by);
        blk_say(what, 0);
        goto fail;
    }
    if (syscall(SYS_io_setup, WL_BLK_DEPTH_MAX, &b->ctx) < 0) {
        blk_say("io_setup", errno);
        goto fail;
    }
    /* Reserve the whole area inaccessible, then make each slot's 64 KiB
     * read-write and populated (no page fault in a timed request). */
    uint8_t *area = mmap(NULL, BLK_AREA, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                         -1, 0);
    if (area == MAP_FAILED) {
        blk_say("mmap of the buffer area", errno);
        goto fail;
    }
    for (unsigned s = 0; s < WL_BLK_SLOTS; s++)
        if (mmap(area + (size_t)s * BLK_STRIDE, WL_BLK_BYTES_MAX, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_POPULATE, -1, 0) == MAP_FAILED) {
            blk_say("mmap of a buffer", errno);
            goto fail;
        }
    b->base = area;
    b->wait = d->wait;
    blk_opened[disk] = 1;
    *variant = d->variant;
    *sectors = size / WL_BLK_SECTOR;
    return b;
fail:
    /* The area and the AIO context stay (wl.h frees nothing either). */
    if (b->fd >= 0)
        close(b->fd);
    free(b);
    return NULL;
}

uint8_t *wl_blk_buffer(wl_blk_t *b, uint32_t slot)
{
    return slot < WL_BLK_SLOTS ? b->base + (size_t)slot * BLK_STRIDE : NULL;
}

long wl_blk_submit(wl_blk_t *b, const struct wl_blk_req *r)
{
    unsigned i = 0;
    while (i < WL_BLK_DEPTH_MAX && b->req[i].used)
        i++;
    if (i == WL_BLK_DEPTH_MAX)
        return -EBUSY; /* WL_BLK_DEPTH_MAX in flight already */
    struct blk_req *q = &b->req[i];
    memset(q, 0, sizeof(*q));
    q->used = 1;
    q->tag = r->tag;
    q->bytes = r->bytes;
    q->cb.aio_data = i;
    q->cb.aio_lio_opcode = r->op == WL_BLK_WRITE ? IOCB_CMD_PWRITE : IOCB_CMD_PREAD;
    q->cb.aio_fildes = (uint32_t)b->fd;
    /* Unchecked: any slot is an address (the unshared one inaccessible),
     * any sector an offset.  A sector whose byte offset does not fit an
     * off_t becomes the largest offset rather than wrap around to a
     * small one the disk has: the kernel refuses it (EINVAL). */
    q->cb.aio_buf = (uint64_t)(uintptr_t)b->base + (uint64_t)r->slot * BLK_STRIDE;
    q->cb.aio_nbytes = r->bytes;
    q->cb.aio_offset = r->sector <= (uint64_t)INT64_MAX / WL_BLK_SECTOR
                           ? (int64_t)(r->sector * WL_BLK_SECTOR)
                           : INT64_MAX;
    b->queued[b->n_queued++] = &q->cb;
    return 0;
}

static void blk_done(struct wl_blk *b, unsigned i, long status)
{
    b->req[i].status = status;
    b->done[(b->done_head + b->n_done++) % WL_BLK_DEPTH_MAX] = i;
}

/* Hand every queued iocb to the kernel: one io_submit, more only after
 * one the kernel refused outright (it submits none after that one). */
static void blk_start(struct wl_blk *b)
{
    unsigned at = 0;
    while (at < b->n_queued) {
        long n = syscall(SYS_io_submit, b->ctx, (long)(b->n_queued - at), &b->queued[at]);
        if (n < 0) {
            /* Not retried: the kernel answered for this iocb. */
            blk_done(b, (unsigned)b->queued[at]->aio_data, -errno);
            at++;
        } else {
            b->n_kernel += (unsigned)n;
            at += (unsigned)n;
        }
    }
    b->n_queued = 0;
}

/* Reap every ready completion, waiting for the first at most the disk's
 * bound (struct blk_wait). */
static long blk_reap(struct wl_blk *b)
{
    struct io_event ev[WL_BLK_DEPTH_MAX];
    unsigned slices = 0;
    long n;
    do {
        n = syscall(SYS_io_getevents, b->ctx, 1L, (long)b->n_kernel, ev, &b->wait.slice);
        /* no signal comes in a solo run; an empty slice ends the wait
         * only after the last one */
    } while ((n < 0 && errno == EINTR) || (n == 0 && ++slices < b->wait.slices));
    if (n < 0)
        return -errno;
    if (n == 0)
        return -ETIMEDOUT; /* the driver path stopped answering */
    for (long k = 0; k < n; k++) {
        unsigned i = (unsigned)ev[k].data;
        int64_t res = ev[k].res;
        /* The kernel's answer: an error code, or the bytes it moved. */
        long status = res < 0 ? (long)res : (res > 0 && res == b->req[i].bytes) ? 0 : -EIO;
        blk_done(b, i, status);
    }
    b->n_kernel -= (unsigned)n;
    return 0;
}

long wl_blk_complete(wl_blk_t *b, uint32_t *tag, long *status)
{
    if (b->n_done == 0) {
        blk_start(b);
        if (b->n_done == 0) {
            if (b->n_kernel == 0)
                return -EINVAL; /* no request in flight */
            long e = blk_reap(b);
            if (e < 0)
                return e;
        }
    }
    unsigned i = b->done[b->done_head];
    b->done_head = (b->done_head + 1) % WL_BLK_DEPTH_MAX;
    b->n_done--;
    *tag = b->req[i].tag;
    *status = b->req[i].status;
    b->req[i].used = 0;
    return 0;
}
