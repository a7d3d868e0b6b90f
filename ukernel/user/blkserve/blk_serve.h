/* SPDX-License-Identifier: MIT */
/*
 * The server side of the block protocol (user/ramdisk/ramdisk.h), shared
 * by the RAM-disk server and the virtio-blk driver: receiving, the
 * connect (the client's buffers land at RD_AREA_VA), the parsing of a
 * batch and every check a request gets.  A backend only moves the data
 * of requests that passed them, all of one message at once (so a driver
 * can start a whole batch with one notification).
 */
#ifndef UK_BLK_SERVE_H
#define UK_BLK_SERVE_H

#include "ramdisk.h"
#include <stdbool.h>

/* A checked request: inside the disk and inside the shared area. */
struct bs_req {
    uint64_t sector;
    uint32_t offset; /* into the area at RD_AREA_VA */
    uint32_t bytes;  /* whole sectors, 1..RD_REQ_BYTES_MAX */
    bool write;
};

struct bs_backend {
    /* Area pages [first, first + n) were just mapped (a connect step);
     * 0, or a UK_E* code that refuses them. */
    long (*shared)(uint64_t first, uint64_t n);
    /* The checked requests of one message, in order: status[i] is 0
     * (done) or a negative UK_E* code. */
    void (*serve)(const struct bs_req *r, uint32_t n, int32_t *status);
};

/* Serve the protocol on RD_EP_SLOT for good.  flags: RD_FLAG_*;
 * preset: bytes of the area already mapped when it starts (a restarted
 * driver, whose client's buffers root mapped again), 0 for a fresh
 * server. */
_Noreturn void bs_serve(const struct bs_backend *b, uint64_t flags, uint64_t preset);

#endif
