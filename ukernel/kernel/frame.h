/* SPDX-License-Identifier: MIT */
#ifndef KERNEL_FRAME_H
#define KERNEL_FRAME_H

#include <stdint.h>

/* Hand the allocator a physical range [start, end) of free RAM. */
void frame_add_range(uint64_t start, uint64_t end);
/* One zeroed 4 KiB frame, by physical address; 0 when memory is gone. */
uint64_t frame_alloc(void);
void frame_free(uint64_t pa);
uint64_t frame_free_count(void);
/* Two adjacent zeroed frames (8 KiB), by the first one's address; 0 when
 * memory is gone.  Freed only as a pair. */
uint64_t frame_alloc_pair(void);
void frame_free_pair(uint64_t pa);
/* n adjacent zeroed frames, by the first one's address; 0 when no range
 * has them.  Never freed (they become user pages). */
uint64_t frame_alloc_run(uint64_t n);

/* A zeroed page for a kernel object, through the direct map. */
void *frame_alloc_object(void);

#endif
