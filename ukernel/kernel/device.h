/* SPDX-License-Identifier: MIT */
/*
 * System calls for user-level drivers: I/O ports, interrupt lines and
 * memory for DMA, each behind a device capability (uk/abi.h).
 */
#ifndef KERNEL_DEVICE_H
#define KERNEL_DEVICE_H

#include "space.h"
#include "thread.h"

void sys_io_ports(struct thread *t);
void sys_irq_bind(struct thread *t);
void sys_irq_ack(struct thread *t);
void sys_dma_alloc(struct thread *t);
/* A copy's badge narrows a device cap: true if `want` is inside `have`
 * (an I/O range, a mask of lines); other types never take a new badge
 * over an old one. */
bool device_badge_within(enum cap_type type, uint64_t want, uint64_t have);
/* Boot: root's device capabilities, in their UK_ROOT_*_SLOT slots. */
void device_root_caps(struct space *root);

#endif
