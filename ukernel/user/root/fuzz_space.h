/* SPDX-License-Identifier: MIT */
/*
 * The root task's side of the fuzz task's address space (fuzz_task.h has
 * its layout): the pages all fuzz tasks of a run are built from, and the
 * building and retiring of one task's space.
 */
#ifndef ROOT_FUZZ_SPACE_H
#define ROOT_FUZZ_SPACE_H

#include "fuzz_task.h"
#include <stdint.h>

#define FZ_SEGS_MAX 4
#define FZ_AREAS (FZ_SEGS_MAX + 6)

/* A range of the fuzz task's space and the root task's pages behind it. */
struct fz_area {
    uint64_t va, pages;
    uint8_t *mem; /* root's view */
    unsigned perms;
    const uint8_t *data;  /* a data segment: bytes to copy in afresh, */
    uint64_t off, filesz; /* at this offset */
};

struct fz_image {
    struct fz_area area[FZ_AREAS];
    unsigned nareas;
    uint64_t ro_start, ro_end; /* the image's code and read-only data */
    struct fz_shared *shared;  /* root's view of the shared page */
};

/* Allocate and fill every page once (the safe text's size depends on the
 * classes).  Returns UK_OK or an error. */
long fz_image_load(struct fz_image *im, uint64_t classes);
/* A new space with everything mapped and the data made fresh; *space is
 * root's slot for it. */
long fz_space_build(struct fz_image *im, uint64_t *space);
/* Unmap all of it from an ended task's space. */
void fz_space_retire(const struct fz_image *im, uint64_t space);

#endif
