/* SPDX-License-Identifier: MIT */
/*
 * Access to user memory.  The kernel never dereferences a user address:
 * it walks the space's page tables and goes through the direct map.  So a
 * bad pointer from a task is an error code, not a kernel page fault, and
 * SMAP can stay on without stac/clac.
 */
#ifndef KERNEL_USERCOPY_H
#define KERNEL_USERCOPY_H

#include "space.h"
#include <stdbool.h>
#include <stdint.h>

/* UK_OK if [va, va + len) is mapped user memory (writable, if asked). */
long usercopy_check(struct space *s, uint64_t va, uint64_t len, bool write);
long usercopy_in(struct space *s, void *dst, uint64_t va, uint64_t len);
/* Copy len (at most UK_MSG_MAX) bytes from src's sva to dst's dva; on a
 * fault (UK_EFAULT) nothing is written. */
long usercopy_between(struct space *dst, uint64_t dva, struct space *src, uint64_t sva,
                      uint64_t len);

#endif
