/* SPDX-License-Identifier: MIT */
/*
 * The RAM-disk server (protocol: ramdisk.h).  It holds the disk at
 * RD_DISK_VA; the protocol, the connect and every check are the shared
 * block server's (user/blkserve/), so what is left here is the data
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

static void rd_serve(const struct bs_req *r, uint32_t n, int32_t *status)
{
    for (uint32_t i = 0; i < n; i++) {
        uint8_t *disk = (uint8_t *)RD_DISK_VA + r[i].sector * RD_SECTOR;
        uint8_t *buf = (uint8_t *)RD_AREA_VA + r[i].offset;
        if (r[i].write)
            memcpy(disk, buf, r[i].bytes);
        else
            memcpy(buf, disk, r[i].bytes);
        status[i] = 0;
    }
}

static const struct bs_backend rd_backend = { rd_shared, rd_serve };

_Noreturn void ramdisk_main(uint64_t flags)
{
    uk_announce_domain(1);
    bs_serve(&rd_backend, flags, 0);
}
