/* SPDX-License-Identifier: MIT */
/*
 * Choosing how QEMU executes guests.  "kvm" gives real TSC cycles but only
 * on hardware-assisted KVM; some hosts expose a /dev/kvm that emulates every
 * instruction, so auto mode boots the calibration guest (calib/calib.S)
 * under KVM and keeps KVM only if a dec/jnz loop costs a few cycles per
 * iteration.  Otherwise it falls back to "tcg" with icount, whose unit is
 * guest instructions.
 */
#ifndef BENCH_MODE_H
#define BENCH_MODE_H

#include "strlist.h"

typedef enum { MODE_AUTO, MODE_KVM, MODE_TCG } mode_kind_t;

/* Accept KVM below this many TSC cycles per calibration loop iteration. */
#define MODE_KVM_MAX_CYCLES_PER_ITER 10.0

typedef struct {
    mode_kind_t want;            /* what the user asked for */
    const char *qemu;            /* QEMU binary */
    const strlist_t *qemu_extra; /* extra QEMU arguments */
    const char *calib_image;     /* calib.bin */
    const char *kvm_dev;         /* normally /dev/kvm */
    int timeout_s;               /* calibration boot time limit */
} mode_req_t;

typedef struct {
    mode_kind_t mode;      /* MODE_KVM or MODE_TCG */
    const char *unit;      /* WL_UNIT_CYCLES or WL_UNIT_INSNS */
    char reason[512];      /* why: printed and kept in meta.json */
    long long calib_iters; /* largest finished loop, 0 if none */
    long long calib_tsc;
    strlist_t calib_argv; /* QEMU argv of the calibration boot */
} mode_result_t;

const char *mode_name(mode_kind_t m);
/* -1 if s is not auto, kvm or tcg. */
int mode_parse(const char *s, mode_kind_t *out);
const char *mode_unit(mode_kind_t m);

/*
 * Decide the mode.  Returns 0 with *res filled, -1 when KVM was forced but
 * is not usable, -2 when a signal interrupted the calibration boot;
 * res->reason says why in every case.
 */
int mode_detect(const mode_req_t *req, mode_result_t *res);
/* Parse the @@CALIB lines of a console log; the largest iters wins. */
int mode_calib_parse(const char *log_path, long long *iters, long long *tsc);
void mode_result_free(mode_result_t *res);

#endif
