/* SPDX-License-Identifier: MIT */
/*
 * PCI configuration space through the legacy mechanism (configuration
 * address 0xcf8, data 0xcfc), for the root task (which finds the disk to
 * hand its ports out) and the virtio-blk driver (which finds it again
 * with the ports it was handed).  Bus 0 only: QEMU's pc machine puts
 * every device there.
 */
#ifndef UK_PCI_H
#define UK_PCI_H

#include "portio.h"
#include <stdbool.h>
#include <stdint.h>

#define PCI_CFG_ADDR 0xcf8u
#define PCI_CFG_DATA 0xcfcu
#define PCI_CFG_PORTS 8u /* 0xcf8..0xcff */
#define PCI_SLOTS 32u

/* Registers (offsets into a function's 256 bytes). */
#define PCI_ID 0x00      /* vendor | device << 16 */
#define PCI_COMMAND 0x04 /* 16 bits; bit 0: decode I/O, bit 2: bus master */
#define PCI_BAR0 0x10
#define PCI_INTR 0x3c /* 8 bits: the interrupt line firmware routed the pin to */
#define PCI_CMD_IO 1u
#define PCI_CMD_MASTER 4u
#define PCI_BAR_IO 1u /* bit 0 of a BAR: an I/O-port BAR */
#define PCI_BAR_IO_MASK 0xfffcu

static inline uint32_t pci_addr(uint32_t slot, uint32_t reg)
{
    return 0x80000000u | slot << 11 | (reg & 0xfcu);
}

static inline uint32_t pci_read32(uint32_t slot, uint32_t reg)
{
    outl(PCI_CFG_ADDR, pci_addr(slot, reg));
    return inl(PCI_CFG_DATA);
}

static inline void pci_write32(uint32_t slot, uint32_t reg, uint32_t v)
{
    outl(PCI_CFG_ADDR, pci_addr(slot, reg));
    outl(PCI_CFG_DATA, v);
}

/* The first function 0 on bus 0 with this vendor and device id: its
 * slot, or -1. */
static inline int pci_find(uint16_t vendor, uint16_t device)
{
    for (uint32_t s = 0; s < PCI_SLOTS; s++)
        if (pci_read32(s, PCI_ID) == ((uint32_t)device << 16 | vendor))
            return (int)s;
    return -1;
}

#endif
