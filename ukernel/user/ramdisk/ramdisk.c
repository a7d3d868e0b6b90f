/* SPDX-License-Identifier: MIT */
/*
 * The RAM-disk server (protocol: ramdisk.h).  It holds the disk at
 * RD_DISK_VA; the protocol, the connect and every check are the shared
 * block server's (user/blkserve/blk_serve.h), so what is left here is the data
 * path: one memcpy (rep movsq, as every copy in this suite) per request
 * between disk and buffer.
 */
#include "ramdisk.h"
#include "blk_serve.h"
#include "domain.h"
#include "string.h"

static long rd_shared(uint64_t first, uint64_t n)
{
    (void)first;
    (void)n;
    return 0; /* the buffers are used through the mapping itself */
}

/* Inlined into the shared server's loop (its one caller, through the
 * constant backend): the request costs what it did before the server
 * code was shared. */
static inline __attribute__((always_inline)) int32_t rd_start(const struct rd_desc *d, uint32_t i,
                                                              bool write)
{
    (void)i;
    uint8_t *disk = (uint8_t *)RD_DISK_VA + d->sector * RD_SECTOR;
    uint8_t *buf = (uint8_t *)RD_AREA_VA + d->offset;
    if (write)
        memcpy(disk, buf, d->bytes);
    else
        memcpy(buf, disk, d->bytes);
    return 0;
}

static const struct bs_backend rd_backend = { rd_shared, rd_start, NULL };
static struct bs_state rd_state;

_Noreturn void ramdisk_main(uint64_t flags)
{
    uk_announce_domain(1);
    bs_serve(&rd_backend, &rd_state, flags, 0);
}
