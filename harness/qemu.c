/* SPDX-License-Identifier: MIT */
/*
 * QEMU argument vectors (see qemu.h).
 *
 * Why each fixed flag is there:
 *  - isa-debug-exit at 0xf4: the guest ends the run by writing v there and
 *    QEMU exits with (v << 1) | 1, so status 1 means "guest said success".
 *  - -no-reboot: a triple fault ends QEMU (status 0) instead of looping.
 *  - -rtc ...,clock=vm and, under TCG, -icount shift=0,sleep=off,align=off
 *    with rdrand/rdseed off: together they make TCG runs bit-for-bit
 *    reproducible, and icount makes the TSC count guest instructions.
 *  - -smap/-smep: Xen's PV dom0 needs them off under TCG; every system in
 *    a run gets the same CPU flags, so they are off for all.
 *  - -nic none: no guest needs a network card, and without one the BIOS
 *    does not spend boot time in the card's PXE option ROM.
 */
#include "qemu.h"

static void qemu_common(strlist_t *a, const char *serial_log)
{
    strlist_push(a, "-machine");
    strlist_push(a, "pc");
    strlist_push(a, "-m");
    strlist_push(a, "2048");
    strlist_push(a, "-smp");
    strlist_push(a, "1");
    strlist_push(a, "-display");
    strlist_push(a, "none");
    strlist_push(a, "-nographic");
    strlist_push(a, "-monitor");
    strlist_push(a, "none");
    strlist_push(a, "-no-reboot");
    strlist_push(a, "-nic");
    strlist_push(a, "none");
    strlist_push(a, "-serial");
    strlist_pushf(a, "file:%s", serial_log);
    strlist_push(a, "-device");
    strlist_push(a, "isa-debug-exit,iobase=0xf4,iosize=0x04");
    strlist_push(a, "-rtc");
    strlist_push(a, "base=2024-01-01T00:00:00,clock=vm");
}

static void qemu_accel(strlist_t *a, mode_kind_t mode)
{
    if (mode == MODE_KVM) {
        strlist_push(a, "-accel");
        strlist_push(a, "kvm");
        strlist_push(a, "-cpu");
        strlist_push(a, "host,-smap,-smep,-rdrand,-rdseed");
    } else {
        strlist_push(a, "-accel");
        strlist_push(a, "tcg");
        strlist_push(a, "-icount");
        strlist_push(a, "shift=0,sleep=off,align=off");
        strlist_push(a, "-cpu");
        strlist_push(a, "max,-smap,-smep,-rdrand,-rdseed");
    }
}

static void qemu_boot(strlist_t *a, system_boot_t boot, const char *image, const char *cmdline)
{
    switch (boot) {
    case SYSTEM_BOOT_MULTIBOOT:
        strlist_push(a, "-kernel");
        strlist_push(a, image);
        strlist_push(a, "-append");
        strlist_push(a, cmdline);
        break;
    }
}

void qemu_argv(strlist_t *out, const qemu_cfg_t *cfg, system_boot_t boot, const char *image,
               const char *cmdline, const char *serial_log)
{
    strlist_free(out);
    strlist_push(out, cfg->qemu);
    qemu_common(out, serial_log);
    qemu_accel(out, cfg->mode);
    qemu_boot(out, boot, image, cmdline);
    if (cfg->extra)
        strlist_append(out, cfg->extra);
}
