/* SPDX-License-Identifier: MIT */
/*
 * The header of every counted kernel object (lifetime rules: object.h).
 */
#ifndef KERNEL_KOBJ_H
#define KERNEL_KOBJ_H

#include <stdint.h>

struct space;

struct kobj {
    struct space *payer; /* whose account the object came from */
    uint64_t refs;       /* capabilities naming it (and, per kind, more) */
};

#endif
