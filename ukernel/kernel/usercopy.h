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

/*
 * The kernel's copy: 8-byte words with `rep movsq`, the rest (under 8
 * bytes) with `rep movsb`, as Xen's copy does.  Under QEMU's icount a
 * `rep` iteration counts as one instruction, so a byte loop would charge
 * a 4 KiB message 4096 instructions; this charges it 512.
 */
static inline void usercopy_words(void *dst, const void *src, uint64_t n)
{
    uint64_t words = n / 8, rest = n % 8;
    __asm__ volatile("rep movsq" : "+D"(dst), "+S"(src), "+c"(words) : : "memory");
    __asm__ volatile("rep movsb" : "+D"(dst), "+S"(src), "+c"(rest) : : "memory");
}

/* UK_OK if [va, va + len) is mapped user memory (writable, if asked). */
long usercopy_check(struct space *s, uint64_t va, uint64_t len, bool write);
long usercopy_in(struct space *s, void *dst, uint64_t va, uint64_t len);
/* Copy len (at most UK_MSG_MAX) bytes from src's sva to dst's dva; on a
 * fault (UK_EFAULT) nothing is written. */
long usercopy_between(struct space *dst, uint64_t dva, struct space *src, uint64_t sva,
                      uint64_t len);

#endif
