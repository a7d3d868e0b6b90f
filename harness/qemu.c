/* SPDX-License-Identifier: MIT */
/*
 * QEMU argument vectors (see qemu.h).
 *
 * The fixed flags, and why each is there, are written once in
 * common/qemu/flags.sh, which the shell users source too; the harness
 * Makefile turns them into qemu_flags.h (common/qemu/flags-to-c.sh).
 * Here they are put in order: machine, the virtio disk, serial file,
 * accelerator and CPU of the run's mode, then the system's boot recipe,
 * then extra arguments.  The disk goes with the machine (every benchmark
 * boot of every system has it, flags.sh), so extra arguments can never
 * come between its -drive and its -device.
 *
 * The Xen recipe (DESIGN.md, "Booting Xen under QEMU"): Xen's multiboot
 * image gets its own command line with -append; -initrd carries two
 * modules, "dom0-kernel dom0-cmdline" and dom0's initrd.  QEMU splits
 * -initrd at ',' and reads ",," as a literal ',' (tested with QEMU 7.2),
 * so commas in paths and command lines are doubled.
 *
 * The Linux recipe: -kernel is the plain ELF vmlinux (QEMU enters it
 * through its PVH note, no decompression), -initrd the initramfs, and the
 * kernel's command line QEMU_LINUX_CMDLINE, then the benchmark's words,
 * which the initramfs's /init hands to the program (linux/README.md).
 *
 * The kernels' own lines (Xen's, dom0's, Linux's) carry the words that
 * turn their speculative-execution mitigations off; with mitigations
 * "default" (mitig.h) those words (QEMU_MITIGATIONS_OFF) are left out.
 * The benchmark's words are never touched.
 */
#include "qemu.h"

#include "mem.h"
#include "qemu_flags.h"

#include <stdlib.h>
#include <string.h>

static void qemu_push_all(strlist_t *a, const char *const *words)
{
    for (; *words; words++)
        strlist_push(a, *words);
}

/* -drive file=F,<options> -device <virtio-blk>: the file's name needs no
 * escaping (disk.c names it disk-<system>-<run>.img, no commas). */
static void qemu_disk(strlist_t *a, const qemu_cfg_t *cfg)
{
    if (!cfg->disk_file)
        return;
    strlist_push(a, "-drive");
    strlist_pushf(a, "file=%s,%s", cfg->disk_file,
                  cfg->disk_direct ? QEMU_DISK_DRIVE : QEMU_DISK_DRIVE_NODIRECT);
    strlist_push(a, "-device");
    strlist_push(a, QEMU_DISK_DEVICE);
}

static void qemu_common(strlist_t *a, const qemu_cfg_t *cfg, const char *serial_log)
{
    qemu_push_all(a, qemu_machine_args);
    qemu_disk(a, cfg);
    strlist_push(a, "-serial");
    strlist_pushf(a, "file:%s", serial_log);
}

static void qemu_accel(strlist_t *a, mode_kind_t mode)
{
    qemu_push_all(a, mode == MODE_KVM ? qemu_kvm_args : qemu_tcg_args);
    strlist_push(a, "-cpu");
    strlist_push(a, mode == MODE_KVM ? QEMU_KVM_CPU : QEMU_TCG_CPU);
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

static int qemu_off_word(const char *w)
{
    for (const char *const *off = qemu_mitigations_off; *off; off++)
        if (strcmp(w, *off) == 0)
            return 1;
    return 0;
}

/* One of flags.sh's kernel lines as the run's mitigation setting wants
 * it (words separated by single blanks); caller frees. */
static char *qemu_kernel_line(const qemu_cfg_t *cfg, const char *line)
{
    strlist_t kept = { 0 };
    char *copy, *save = NULL, *s;

    if (cfg->mitigations != MITIG_DEFAULT)
        return mem_strdup(line);
    copy = mem_strdup(line);
    for (char *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save))
        if (!qemu_off_word(w))
            strlist_push(&kept, w);
    s = strlist_join(&kept, " ");
    strlist_free(&kept);
    free(copy);
    return s;
}

static void qemu_xen_modules(strlist_t *a, const qemu_cfg_t *cfg, const qemu_boot_t *b)
{
    char *line = qemu_kernel_line(cfg, QEMU_DOM0_CMDLINE);
    char *dom0 = mem_printf("%s %s%s%s bench.extra=\"%s\"", b->dom0_kernel, line,
                            b->dom0_job ? " " : "", b->dom0_job ? b->dom0_job : "", b->cmdline);
    char *m1 = qemu_module_escape(dom0), *m2 = qemu_module_escape(b->dom0_initrd);

    strlist_pushf(a, "%s,%s", m1, m2);
    free(m2);
    free(m1);
    free(dom0);
    free(line);
}

static void qemu_boot(strlist_t *a, const qemu_cfg_t *cfg, const qemu_boot_t *b)
{
    char *line = NULL;

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
        line = qemu_kernel_line(cfg, QEMU_XEN_CMDLINE);
        strlist_push(a, line);
        strlist_push(a, "-initrd");
        qemu_xen_modules(a, cfg, b);
        break;
    case SYSTEM_BOOT_LINUX:
        strlist_push(a, "-kernel");
        strlist_push(a, b->image);
        strlist_push(a, "-initrd");
        strlist_push(a, b->initrd);
        strlist_push(a, "-append");
        line = qemu_kernel_line(cfg, QEMU_LINUX_CMDLINE);
        strlist_pushf(a, "%s %s", line, b->cmdline);
        break;
    }
    free(line);
}

void qemu_argv(strlist_t *out, const qemu_cfg_t *cfg, const qemu_boot_t *boot,
               const char *serial_log)
{
    strlist_free(out);
    strlist_push(out, cfg->qemu);
    qemu_common(out, cfg, serial_log);
    qemu_accel(out, cfg->mode);
    qemu_boot(out, cfg, boot);
    if (cfg->extra)
        strlist_append(out, cfg->extra);
}
