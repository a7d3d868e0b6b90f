/* SPDX-License-Identifier: MIT */
/*
 * The workload port API.  Workloads (pingpong.c, ...) are written once
 * against this header and nothing else; every system under test (the
 * microkernel, a Xen PV guest, Linux processes) implements it in a port
 * that lives with the system.  The port decides how a client and a server
 * are placed into protection domains and names that placement in the
 * `variant` it hands to the client: the workload only measures.
 *
 * A workload runs as a client and a server, each in its own protection
 * domain (or thread), connected by a channel, plus optionally a "solo"
 * measurement that needs no peer.  Results leave through wl_emit().
 */
#ifndef WL_H
#define WL_H

#include <stddef.h>
#include <stdint.h>

#include "wl_marker.h"

/* Every port links a memcpy (its C library, or common/freestanding's,
 * which moves 8-byte words with rep movsq like Xen's own copies), so
 * workloads may copy with __builtin_memcpy: the same primitive everywhere. */

/* One end of a request-response channel; each port defines it. */
typedef struct wl_chan wl_chan_t;

struct wl_config {
    uint32_t iterations; /* measured iterations per (variant, param) */
    uint32_t warmup;     /* untimed iterations before them */
};

/* ---- provided by each port ---- */

/* A serialized timestamp (lfence; rdtsc): cycles on hardware, guest
 * instructions under QEMU -icount.  wl_unit() says which. */
uint64_t wl_cycles(void);

#define WL_MSG_MAX 4096
/* Send req (len bytes, len <= WL_MSG_MAX) and wait for the response,
 * copied into resp (at most resp_max bytes).  Returns the response length,
 * or a negative port error code. */
long wl_call(wl_chan_t *ch, const void *req, size_t len, void *resp, size_t resp_max);

/* ---- handing pages to the peer (pageflip.c; claim C3) ----
 *
 * Three ways to give a peer data that sits in whole pages.  A batch is n
 * pages, contiguous and page aligned in the holder's address space, of
 * which the first `bytes` bytes of each matter.  The pages travel with one
 * request of wl_call_pages() and are back in the client's hands when it
 * returns, so a pool never drains. */
#define WL_PAGE_SIZE 4096u
#define WL_PAGES_MAX 64u

enum wl_page_mech {
    WL_PAGES_NONE = 0, /* no pages travel (a plain request) */
    WL_PAGES_MOVE,     /* the pages themselves change hands: while the peer
                          holds them the client cannot touch them (an access
                          faults), and the peer may read and write them */
    WL_PAGES_SHARE,    /* the peer is given read-only access to the
                          client's pages; the client keeps them and takes
                          the access back before wl_call_pages() returns */
    WL_PAGES_COPY,     /* the kernel or hypervisor copies `bytes` bytes of
                          each page into pages the peer owns; the client's
                          pages never leave it */
};

struct wl_pages {
    enum wl_page_mech mech;
    uint8_t *base;  /* first page, WL_PAGE_SIZE aligned */
    uint32_t n;     /* pages, 1..WL_PAGES_MAX */
    uint32_t bytes; /* bytes of each page that matter, 1..WL_PAGE_SIZE */
};

/* What one wl_call_pages() did, counted by the port as it does it (never
 * estimated), summed over both sides: bytes copied by any copy on the
 * path (kernel, hypervisor or port), page-table entries created and
 * removed, and the timestamp units spent inside the calls that perform
 * the mechanism itself (map/unmap, grant map/unmap, transfer, copy, the
 * revocation), without the notification or IPC that tells the peer; each
 * port's README says exactly which calls these are. */
struct wl_page_counts {
    uint64_t bytes_copied;
    uint64_t pages_mapped;
    uint64_t pages_unmapped;
    int64_t mech_time;
};

/* Whether pages can travel over ch with mech (1) or not on this path (0:
 * say so, e.g. Xen's transfer cannot be done from dom0 user space). */
int wl_pages_can(wl_chan_t *ch, enum wl_page_mech mech);

/* n pages (n <= WL_PAGES_MAX) the caller owns, may write and may hand out
 * with any mechanism, or NULL if the port cannot give them.  Not timed:
 * call it before measuring.  Pages are never freed. */
uint8_t *wl_pages_alloc(uint32_t n);

/* Like wl_call(), but `give` travels with the request (its mech must not
 * be WL_PAGES_NONE).  While the server's handler runs, its `got` describes
 * the batch as the server sees it: got->base is where the pages (MOVE,
 * SHARE) or the copied bytes (COPY, at the same page stride) are in the
 * server's address space, got->n and got->bytes are as sent.  When
 * wl_call_pages() returns 0 or more:
 *   MOVE   the server has moved n pages back to give->base (both transfers
 *          are inside the call); they hold what the server left in them
 *          and the server can no longer touch them;
 *   SHARE  the server's access has been taken away (its mappings removed
 *          and their TLB entries invalidated);
 *   COPY   nothing needed returning.
 * *counts is filled with what this call did.  A negative return is a port
 * error code; the pages are then in an undefined state. */
long wl_call_pages(wl_chan_t *ch, const struct wl_pages *give, const void *req, size_t len,
                   void *resp, size_t resp_max, struct wl_page_counts *counts);

/* ---- block requests (blkio.c; claim C5) ----
 *
 * A disk reached down the system's driver path: a RAM-disk server over
 * IPC (microkernel), blkfront/blkback (Xen), a block device opened with
 * O_DIRECT (Linux).  The client's data buffers are given to the driver
 * path once, when wl_blk_open() connects, never per request.
 *
 * Requests are queued with wl_blk_submit().  wl_blk_complete() returns
 * one completed request: one that has completed already if there is one,
 * else it starts every queued request (with as few notifications, IPCs or
 * system calls as the path allows) and waits for one.  So at depth 8 a
 * path that completes requests in batches starts them in batches too.
 * The queue depth is the number of requests submitted and not yet
 * returned by wl_blk_complete(): the same meaning on every system.
 *
 * The port hands every request on as it is.  It does not check it
 * against the disk or the buffers; the driver path does, and a request it
 * refuses completes with a negative status while the path keeps serving:
 * a sector range past or over the end of the disk, a size that is not a
 * multiple of WL_BLK_SECTOR, and a slot the client never shared
 * (WL_BLK_SLOT_UNSHARED) -- the port passes that on as memory the driver
 * path was never given (an offset past the shared area, a grant
 * reference never granted, an unmapped address).  A path whose protocol
 * has more rules (a size of 0 or above WL_BLK_BYTES_MAX, a malformed
 * message) refuses those too; the workload checks only the rules every
 * path has. */
#define WL_BLK_SECTOR 512u
#define WL_BLK_DEPTH_MAX 8u
#define WL_BLK_BYTES_MAX 65536u
/* Buffers shared at open: two per request in flight, so a workload can
 * prepare (fill or check) one while the other is in flight. */
#define WL_BLK_SLOTS (2u * WL_BLK_DEPTH_MAX)
#define WL_BLK_SLOT_UNSHARED WL_BLK_SLOTS

typedef struct wl_blk wl_blk_t;

enum wl_blk_op { WL_BLK_READ = 0, WL_BLK_WRITE = 1 };

struct wl_blk_req {
    enum wl_blk_op op;
    uint32_t slot;   /* data buffer, 0..WL_BLK_SLOTS-1 */
    uint32_t bytes;  /* from the buffer's start */
    uint32_t tag;    /* given back by wl_blk_complete() */
    uint64_t sector; /* first sector on the disk */
};

/* Which disk: every system has both, the same on every system.
 *   WL_BLK_DISK_RAM     16 MiB of RAM behind the system's software path
 *                       (the microkernel's RAM-disk server, dom0's brd,
 *                       Linux's brd): workload blkio
 *   WL_BLK_DISK_VIRTIO  QEMU's virtio-blk disk (legacy virtio-pci, 16 MiB,
 *                       a fresh file per boot) behind the system's device
 *                       path (a user-level driver server, dom0's virtio
 *                       driver under blkback, Linux's virtio driver):
 *                       workload blkdev.  The device completes requests
 *                       asynchronously on the host; a path waits for it
 *                       blocked, never spinning. */
enum wl_blk_disk { WL_BLK_DISK_RAM = 0, WL_BLK_DISK_VIRTIO = 1 };

/* Connect to that disk and share the buffers (not timed); each disk
 * opens at most once per boot, and the two have separate buffers.
 * Returns NULL after printing a one-line reason.  *variant is the path's
 * name for records ("ramdisk", "blkfront-brd", "odirect-brd", ...),
 * *sectors the disk's size in sectors. */
wl_blk_t *wl_blk_open(enum wl_blk_disk disk, const char **variant, uint64_t *sectors);
/* Slot's buffer: WL_BLK_BYTES_MAX bytes, page aligned, shared at open. */
uint8_t *wl_blk_buffer(wl_blk_t *b, uint32_t slot);
/* Queue a request: 0, or a negative port error (more than
 * WL_BLK_DEPTH_MAX in flight). */
long wl_blk_submit(wl_blk_t *b, const struct wl_blk_req *r);
/* Return one completed request (see above): 0 with *tag and *status (0
 * done, negative: the driver path refused or failed it) filled.  Waiting
 * is blocked, never spinning, and bounded: a driver path that stops
 * answering gives a negative port error, and so does a call with no
 * request in flight. */
long wl_blk_complete(wl_blk_t *b, uint32_t *tag, long *status);

/* A server's handler: fill resp (WL_MSG_MAX bytes available) and return
 * its length, or WL_STOP to answer with an empty response and stop.  `got`
 * is NULL for a plain request, else the batch that came with it (above);
 * the handler must not keep pointers into it after it returns. */
#define WL_STOP (-1L)
typedef long (*wl_handler_t)(void *ctx, const void *req, size_t len, const struct wl_pages *got,
                             void *resp);
/* Serve requests until the handler returns WL_STOP (returns 0) or the
 * channel fails (returns the negative port error code). */
long wl_serve(wl_chan_t *ch, wl_handler_t handler, void *ctx);

/* The cheapest round trip into the kernel or hypervisor and back, and
 * the variant name its measurement goes under ("null-syscall", ...). */
void wl_null_call(void);
const char *wl_null_call_name(void);

/* Room for n samples, or NULL if the port cannot hold that many; every
 * port holds at least two per measured iteration of the workload. */
int64_t *wl_sample_buffer(uint32_t n);

/* Console output, the system's name and the timestamp unit for records. */
void wl_console_write(const char *s, size_t len);
const char *wl_system(void);
const char *wl_unit(void);

/* ---- provided by workloads/wl_emit.c, the same for every system ---- */

/* Smallest cost of two back-to-back wl_cycles() reads (subtracted from
 * every sample). */
int64_t wl_timer_overhead(void);
/* A named value: a parameter of a case or a count (wl_record.h lists the
 * names).  str != NULL makes the value a name instead of the number. */
struct wl_value {
    const char *name;
    uint64_t num;
    const char *str;
};

/* What a record is about, besides its samples: the case's parameters
 * (at least one) and, optionally, what the measured operations did in
 * total (e.g. bytes copied, summed over the n samples). */
struct wl_case {
    const char *workload;
    const char *variant;
    struct wl_value params[4];
    unsigned n_params;
    struct wl_value counts[3];
    unsigned n_counts;
    /* 1: every sample was timed as a marked window (below), one window
     * per sample in order; the profiler's windows are matched to it. */
    int marked;
};

/* A timed window, for the profiler (profiler/README.md):
 *     uint64_t t0 = wl_cycles(); wl_mark_begin();
 *     ...the operation...
 *     uint64_t t1 = wl_cycles(); wl_mark_end();
 * The markers are long NOPs (wl_marker.h): one instruction each in a
 * normal run, so a "insns" sample grows by exactly one.  Only measured
 * iterations are marked, never warm-up or checks, and a record whose
 * samples came from such windows says so (wl_case.marked). */

/* Print one @@BENCH record (format: wl_record.h). */
void wl_emit(const struct wl_case *c, const struct wl_config *cfg, int64_t overhead,
             const int64_t *samples, uint32_t n);
/* Print a diagnostic line prefixed with the workload's name. */
void wl_log(const char *workload, const char *what, long value);

/* ---- a workload ---- */

struct wl_workload {
    const char *name;
    unsigned flags; /* WL_* below */
    /* Run every measurement of the workload against a server; returns the
     * number of records emitted, or a negative error. */
    int (*client)(wl_chan_t *ch, const char *variant, const struct wl_config *cfg);
    /* The peer of client(); returns 0 when the client said stop. */
    int (*server)(wl_chan_t *ch, const struct wl_config *cfg);
    /* Measurements without a peer (may be NULL); it names their variants
     * itself.  Returns the number of records or < 0. */
    int (*solo)(const struct wl_config *cfg);
};

/* The workload needs its client and server in two protection domains:
 * a port runs it in no placement that shares one (two threads of one
 * address space). */
#define WL_TWO_DOMAINS 1u

/* ---- provided by workloads/wl_find.c: the workloads of wl_list.h ---- */

/* The workload of that name, or NULL. */
const struct wl_workload *wl_find(const char *name);

#endif
