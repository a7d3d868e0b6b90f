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
 *
 * The Xen recipe (DESIGN.md, "Booting Xen under QEMU"): Xen's multiboot
 * image gets its own command line with -append; -initrd carries two
 * modules, "dom0-kernel dom0-cmdline" and dom0's initrd.  QEMU splits
 * -initrd at ',' and reads ",," as a literal ',' (tested with QEMU 7.2),
 * so commas in paths and command lines are doubled.  Xen's line: serial
 * console on COM1; dom0 gets a fixed 512 MB; bootscrub=false, or Xen
 * scrubs free RAM in its idle loop, which is very slow under icount.
 * dom0's line: console on Xen's console (so on COM1), quiet.
 */
#include "qemu.h"

#include "mem.h"

#include <stdlib.h>
#include <string.h>

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

/* s with every ',' doubled, for one module of -initrd; caller frees. */
static char *qemu_module_escape(const char *s)
{
    char *out = mem_alloc(2 * strlen(s) + 1), *p = out;

    for (; *s; s++) {
        *p++ = *s;
        if (*s == ',')
            *p++ = ',';
    }
    *p = '\0';
    return out;
}

static void qemu_xen_modules(strlist_t *a, const qemu_boot_t *b)
{
    char *dom0 = mem_printf("%s %s%s%s bench.extra=\"%s\"", b->dom0_kernel, QEMU_DOM0_CMDLINE,
                            b->dom0_job ? " " : "", b->dom0_job ? b->dom0_job : "", b->cmdline);
    char *m1 = qemu_module_escape(dom0), *m2 = qemu_module_escape(b->dom0_initrd);

    strlist_pushf(a, "%s,%s", m1, m2);
    free(m2);
    free(m1);
    free(dom0);
}

static void qemu_boot(strlist_t *a, const qemu_boot_t *b)
{
    switch (b->kind) {
    case SYSTEM_BOOT_MULTIBOOT:
        strlist_push(a, "-kernel");
        strlist_push(a, b->image);
        strlist_push(a, "-append");
        strlist_push(a, b->cmdline);
        break;
    case SYSTEM_BOOT_XEN:
        strlist_push(a, "-kernel");
        strlist_push(a, b->image);
        strlist_push(a, "-append");
        strlist_push(a, QEMU_XEN_CMDLINE);
        strlist_push(a, "-initrd");
        qemu_xen_modules(a, b);
        break;
    }
}

void qemu_argv(strlist_t *out, const qemu_cfg_t *cfg, const qemu_boot_t *boot,
               const char *serial_log)
{
    strlist_free(out);
    strlist_push(out, cfg->qemu);
    qemu_common(out, serial_log);
    qemu_accel(out, cfg->mode);
    qemu_boot(out, boot);
    if (cfg->extra)
        strlist_append(out, cfg->extra);
}
