/* SPDX-License-Identifier: MIT */
/*
 * Walk the loadable segments of a static x86_64 ELF executable.  Used by
 * the kernel to start the root task and by the root task to start others;
 * the caller decides where the bytes go through the callback.
 */
#ifndef UK_LIB_ELF_LOAD_H
#define UK_LIB_ELF_LOAD_H

#include <stddef.h>
#include <stdint.h>

#define ELF_SEG_W 2u
#define ELF_SEG_X 1u

struct elf_segment {
    uint64_t vaddr, memsz, filesz;
    const uint8_t *data; /* filesz bytes inside the image */
    unsigned flags;      /* ELF_SEG_W, ELF_SEG_X */
};

typedef int (*elf_segment_fn)(void *ctx, const struct elf_segment *seg);

/* Validate the image and call fn for each PT_LOAD segment.  Returns 0,
 * -1 for a malformed image, or the first non-zero value fn returned. */
int elf_load(const void *image, size_t size, uint64_t user_top, elf_segment_fn fn, void *ctx,
             uint64_t *entry);

#endif
