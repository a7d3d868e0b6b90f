/* SPDX-License-Identifier: MIT */
/*
 * The root task's side of the virtio-blk driver (user/virtioblk/): it
 * finds the disk, starts the driver task with exactly the device's
 * resources, makes a task its client, and restarts the driver when it
 * dies.
 *
 * The endpoint is root's and outlives every driver instance, so a
 * client keeps its send capability across a restart: its call to a
 * driver that dies fails with UK_EABORT (or, if the driver hangs, its
 * timeout), and its next call reaches the new driver.  Root maps the
 * client's buffers (which root gave it) into the new driver itself, so
 * the client does not connect again.
 */
#ifndef ROOT_VIRTIOBLK_START_H
#define ROOT_VIRTIOBLK_START_H

#include "task.h"
#include "wl_uk.h"

/* What PCI configuration space says of the disk. */
struct vb_dev {
    uint32_t slot;      /* bus 0 */
    uint16_t io, ports; /* BAR0's first port and count */
    uint32_t irq;       /* its interrupt line */
};

struct vb_driver {
    struct task task;
    uint64_t ep;       /* root's slot: the endpoint, all rights */
    uint64_t thread;   /* root's slot: the driver's thread */
    uint64_t exit_cap; /* signalled when a driver thread ends */
    uint64_t flags;    /* RD_FLAG_*, VB_FLAG_* of the first instance */
    uint8_t *client;   /* root's view of the client's buffers, or NULL */
    unsigned restarts;
};

/* The disk, found once per boot (root keeps the configuration ports and
 * the BAR's to itself from then on); UK_EINVAL if the machine has none. */
long vb_probe(const struct vb_dev **dev);
/* Let `space` use the driver's ports: configuration space and the BAR. */
long vb_grant_ports(uint64_t space);
/* A driver task on a new endpoint; exit_cap is a notification slot of
 * root's, signalled when the driver's thread ends (it must be one:
 * restarts depend on it). */
long vb_start(struct vb_driver *d, uint64_t flags, uint64_t exit_cap);
/* Make t the client: buffers at WLUK_VBLK_VA, a send capability at
 * WLUK_VBLK_SLOT, a->vblk_pages saying so. */
long vb_give(struct vb_driver *d, struct task *t, struct wluk_args *a);
/* Kill the driver (liability.c): its thread ends as if it had died (its
 * caller's call fails with UK_EABORT, exit_cap is signalled, and
 * vb_restart() then starts a fresh one). */
void vb_kill(struct vb_driver *d);
/* The driver's thread ended: say so on the console, quiet the device,
 * unbind its line and start a fresh driver (without test flags).  An
 * instance that could not bring the device up is not restarted
 * (UK_EINVAL). */
long vb_restart(struct vb_driver *d);
/* End the driver and delete the endpoint. */
void vb_stop(struct vb_driver *d);

#endif
