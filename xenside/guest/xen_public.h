/* SPDX-License-Identifier: MIT */
/*
 * The one place that includes Xen's public interface headers (Debian's
 * libxen-dev; the Makefile exposes only /usr/include/xen).  The headers
 * expect the fixed-width types to exist already and the includer to pick
 * an interface version: 0x00040e00 is the newest one Xen 4.17 defines, so
 * every name has its current meaning (e.g. the sched_op argument layout).
 */
#ifndef XENGUEST_XEN_PUBLIC_H
#define XENGUEST_XEN_PUBLIC_H

#include <stddef.h>
#include <stdint.h>

#define __XEN_INTERFACE_VERSION__ 0x00040e00

#include <xen/xen.h>
#include <xen/errno.h>
#include <xen/callback.h>
#include <xen/event_channel.h>
#include <xen/grant_table.h>
#include <xen/memory.h>
#include <xen/physdev.h>
#include <xen/sched.h>
#include <xen/version.h>
#include <xen/io/console.h>
#include <xen/io/xs_wire.h>

#endif
