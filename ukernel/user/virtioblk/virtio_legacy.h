/* SPDX-License-Identifier: MIT */
/*
 * Legacy virtio-pci (virtio 0.9.5) as QEMU's virtio-blk-pci with
 * disable-modern=on offers it: the register header in BAR0's I/O ports,
 * the split virtqueue's layout and the block request format.  Written
 * from the virtio 1.0 specification's legacy notes (NOTES-virtio.md on
 * branch h5-virtio summarises them); fields are little-endian, as x86.
 */
#ifndef UK_VIRTIO_LEGACY_H
#define UK_VIRTIO_LEGACY_H

#include <stdint.h>

#define VIRTIO_VENDOR 0x1af4u
#define VIRTIO_LEGACY_BLK 0x1001u

/* Registers, offsets into BAR0, each accessed with its own width. */
#define VIO_HOST_FEATURES 0x00  /* 32, R */
#define VIO_GUEST_FEATURES 0x04 /* 32, R/W */
#define VIO_QUEUE_PFN 0x08      /* 32, R/W: ring address >> 12, 0 = none */
#define VIO_QUEUE_SIZE 0x0c     /* 16, R: entries of the selected queue */
#define VIO_QUEUE_SEL 0x0e      /* 16, R/W */
#define VIO_QUEUE_NOTIFY 0x10   /* 16, W: a queue index */
#define VIO_STATUS 0x12         /* 8, R/W: 0 resets */
#define VIO_ISR 0x13            /* 8, R: reading clears it and lowers INTx */
#define VIO_BLK_CAPACITY 0x14   /* 64, R: sectors (no MSI-X: config at 0x14) */

#define VIO_S_ACK 1u
#define VIO_S_DRIVER 2u
#define VIO_S_DRIVER_OK 4u
#define VIO_S_FAILED 128u
#define VIO_ISR_QUEUE 1u

/* Split virtqueue, legacy layout with 4096-byte alignment: descriptors,
 * then the available ring, then on the next page the used ring. */
struct vq_desc {
    uint64_t addr; /* physical */
    uint32_t len;
    uint16_t flags;
    uint16_t next;
};
#define VQ_F_NEXT 1u
#define VQ_F_WRITE 2u /* the device writes this buffer */

struct vq_avail {
    uint16_t flags;
    uint16_t idx; /* free running */
    uint16_t ring[];
};

struct vq_used_elem {
    uint32_t id; /* head of the finished chain */
    uint32_t len;
};

struct vq_used {
    uint16_t flags;
    uint16_t idx;
    struct vq_used_elem ring[];
};

#define VQ_ALIGN 4096u
static inline uint64_t vq_align(uint64_t x)
{
    return (x + VQ_ALIGN - 1) & ~(uint64_t)(VQ_ALIGN - 1);
}
/* The used ring's offset and the ring's bytes for n entries (the 6 is
 * flags, idx and the event word the layout keeps either way). */
static inline uint64_t vq_used_offset(uint32_t n)
{
    return vq_align(16ull * n + 6 + 2ull * n);
}
static inline uint64_t vq_bytes(uint32_t n)
{
    return vq_used_offset(n) + vq_align(6 + 8ull * n);
}

/* A block request: header (device reads), data, status byte (device
 * writes). */
struct vblk_hdr {
    uint32_t type; /* VBLK_T_* */
    uint32_t reserved;
    uint64_t sector; /* 512-byte units */
};
#define VBLK_T_IN 0u  /* read */
#define VBLK_T_OUT 1u /* write */
#define VBLK_S_OK 0u

#endif
