/* SPDX-License-Identifier: MIT */
/*
 * A minimal xenstore client over the domain's xenstore ring: one request
 * at a time, no transactions.  Paths without a leading '/' are relative
 * to the domain's home, /local/domain/<domid>.
 */
#ifndef XENGUEST_XENSTORE_H
#define XENGUEST_XENSTORE_H

#include "xen_public.h"
#include <stdbool.h>
#include <stddef.h>

/* Map the ring from start_info; -XEN_ENODEV when there is none (dom0
 * before xenstored exists). */
int xs_init(void);
/* Read path's value into buf (NUL-terminated, truncated to size - 1);
 * returns its length or a negative errno (-XEN_ENOENT, -XEN_EACCES ...). */
int xs_read(const char *path, char *buf, size_t size);
/* Read path as a decimal number. */
int xs_read_u32(const char *path, uint32_t *value);
/* The same for a 64-bit value (a disk's sectors). */
int xs_read_u64(const char *path, uint64_t *value);
int xs_write(const char *path, const char *value);
/* Make path readable by domain reader (owner: us; others: no access). */
int xs_allow_read(const char *path, domid_t reader);
/* The first entry of directory path (XS_DIRECTORY) into buf; its length,
 * 0 when the directory is empty, or a negative errno. */
int xs_first_child(const char *path, char *buf, size_t size);
/* Wait up to timeout_ns (0: forever) until path exists and accept(value,
 * ctx) is true, the value then in buf; a watch on path wakes us. */
int xs_wait_until(const char *path, bool (*accept)(const char *value, void *ctx), void *ctx,
                  char *buf, size_t size, uint64_t timeout_ns);
/* Read path, waiting up to timeout_ns (0: forever) for it to appear: a
 * watch on path wakes us, the wait blocks on the xenstore event channel. */
int xs_wait(const char *path, char *buf, size_t size, uint64_t timeout_ns);

#endif
