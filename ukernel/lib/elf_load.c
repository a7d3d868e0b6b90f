/* SPDX-License-Identifier: MIT */
/*
 * See elf_load.h.  Only what a static executable needs: ELF64, little
 * endian, x86_64, ET_EXEC, PT_LOAD segments inside the image and below
 * user_top.  The structures follow the System V gABI.
 */
#include "elf_load.h"

struct elf64_ehdr {
    uint8_t ident[16];
    uint16_t type, machine;
    uint32_t version;
    uint64_t entry, phoff, shoff;
    uint32_t flags;
    uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf64_phdr {
    uint32_t type, flags;
    uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

#define PT_LOAD 1
#define ET_EXEC 2
#define EM_X86_64 62

int elf_load(const void *image, size_t size, uint64_t user_top, elf_segment_fn fn, void *ctx,
             uint64_t *entry)
{
    const uint8_t *img = image;
    const struct elf64_ehdr *eh = image;

    if (size < sizeof(*eh) || img[0] != 0x7f || img[1] != 'E' || img[2] != 'L' || img[3] != 'F' ||
        img[4] != 2 || img[5] != 1 || eh->type != ET_EXEC || eh->machine != EM_X86_64 ||
        eh->phentsize != sizeof(struct elf64_phdr) || eh->phoff > size ||
        (size - eh->phoff) / sizeof(struct elf64_phdr) < eh->phnum || eh->entry >= user_top)
        return -1;

    const struct elf64_phdr *ph = (const void *)(img + eh->phoff);
    for (unsigned i = 0; i < eh->phnum; i++) {
        if (ph[i].type != PT_LOAD)
            continue;
        if (ph[i].filesz > ph[i].memsz || ph[i].offset > size ||
            size - ph[i].offset < ph[i].filesz || ph[i].vaddr >= user_top ||
            user_top - ph[i].vaddr < ph[i].memsz)
            return -1;
        struct elf_segment seg = {
            .vaddr = ph[i].vaddr,
            .memsz = ph[i].memsz,
            .filesz = ph[i].filesz,
            .data = img + ph[i].offset,
            .flags = ph[i].flags & 3,
        };
        int r = fn(ctx, &seg);
        if (r)
            return r;
    }
    *entry = eh->entry;
    return 0;
}
