/* SPDX-License-Identifier: MIT */
/*
 * The table of systems under test (see systems.h).
 */
#include "systems.h"

#include "strlist.h"

#include <string.h>

static const system_t systems_table[] = {
    {
        .name = "uk",
        .image = "ukernel/ukernel.bin",
        .boot = SYSTEM_BOOT_MULTIBOOT,
        .record_system = "uk",
        .about = "the microkernel, IPC fastpath on",
        .boot_budget_s = 60,
        /* kernel in the upper half, tasks low: the plugin's defaults;
         * a task announces its code as domain 0 (client, solo part) or 1
         * (server: a workload's, the RAM-disk server; user/lib/domain.h) */
        .profile_args = "domains=2",
    },
    {
        .name = "uk-nofp",
        .image = "ukernel/ukernel-nofp.bin",
        .boot = SYSTEM_BOOT_MULTIBOOT,
        .record_system = "uk-nofp",
        .about = "the same microkernel, IPC fastpath compiled out",
        .boot_budget_s = 60,
        /* kernel in the upper half, tasks low: the plugin's defaults;
         * a task announces its code as domain 0 (client, solo part) or 1
         * (server: a workload's, the RAM-disk server; user/lib/domain.h) */
        .profile_args = "domains=2",
    },
    {
        .name = "xen",
        .image = "xenside/xen.bin",
        .boot = SYSTEM_BOOT_XEN,
        .record_system = "xen",
        .about = "Xen 4.17, Linux PV dom0, the minimal PV guest as domU",
        .dom0_kernel = "xenside/vmlinux",
        .dom0_initrd = "xenside/dom0-bench-initrd.gz",
        /*
         * d0 is the client (it prints the records), d1 the server of
         * domu-domu, and a dom0 process (xenside/dom0/peer) the server of
         * domu-dom0, started with d0's domid.  d0 also has two disks
         * behind xen-blkback: xvda, dom0's /dev/ram0 (brd), for blkio, and
         * xvdb, dom0's /dev/vda (QEMU's virtio disk), for blkdev.
         */
        .dom0_job = "bench.domains=2 "
                    "bench.d0.extra=\"role=client dom0peer=1\" bench.d1.extra=role=server "
                    "bench.d0.disk=/dev/ram0 bench.d0.vdisk=/dev/vda",
        /* Serves the workloads in the client's order: run.c adds -w. */
        .dom0_peer = "/usr/bin/wl-dom0-server",
        .versions = "xenside/versions.json",
        /* Xen and dom0 boot in ~25 s here under tcg, domain setup and
         * teardown take ~10 s more. */
        .boot_budget_s = 300,
        /*
         * Xen's own range (XEN_VIRT_START + 1 GiB, its text and per-CPU
         * stubs), the PV kernels above it (dom0's Linux and our guest at
         * 0xffffffff80000000), user space low; the two domUs announce
         * their code pages as domains 0 (client) and 1 (server).
         */
        .profile_args = "hyp=0xffff82d040000000-0xffff82d07fffffff,"
                        "kernel=0xffff800000000000-0xffffffffffffffff,user=0-0x7fffffffffff,"
                        "domains=2",
    },
    {
        .name = "linux",
        .image = "linux/vmlinux",
        .boot = SYSTEM_BOOT_LINUX,
        .record_system = "linux",
        .about = "Debian's Linux (dom0's kernel) natively: pipe, futex, eventfd, threads, unix",
        .initrd = "linux/initramfs.gz",
        .versions = "linux/versions.json",
        /* The kernel reaches /init in ~18 s here under tcg (~1.9 s of
         * emulated time), more on a loaded host. */
        .boot_budget_s = 180,
        /* the kernel in the upper half, the processes low: the defaults */
        .profile_args = "",
    },
    {
        .name = "linux-pv",
        .image = "xenside/xen.bin",
        .boot = SYSTEM_BOOT_XEN,
        .record_system = "linux-pv",
        .about = "the same Linux programs as processes in Xen's dom0 (a PV domain)",
        .dom0_kernel = "xenside/vmlinux",
        .dom0_initrd = "linux/dom0-linux-initrd.gz",
        /*
         * No domUs: dom0's job is wl-linux itself, with the bench words
         * (bench.extra) as its arguments (xenside/dom0/README.md).
         */
        .dom0_job = "bench.domains=0 bench.dom0run=/usr/bin/wl-linux",
        .versions = "xenside/versions.json",
        /* Xen and dom0 boot in ~25 s here under tcg; no domains to set up. */
        .boot_budget_s = 300,
        /* Xen's range, dom0's kernel above it, its processes low. */
        .profile_args = "hyp=0xffff82d040000000-0xffff82d07fffffff,"
                        "kernel=0xffff800000000000-0xffffffffffffffff,user=0-0x7fffffffffff",
    },
};

#define SYSTEMS_N (sizeof(systems_table) / sizeof(systems_table[0]))

size_t systems_count(void)
{
    return SYSTEMS_N;
}

const system_t *systems_at(size_t i)
{
    return i < SYSTEMS_N ? &systems_table[i] : NULL;
}

const system_t *systems_find(const char *name)
{
    for (size_t i = 0; i < SYSTEMS_N; i++)
        if (strcmp(systems_table[i].name, name) == 0)
            return &systems_table[i];
    return NULL;
}

size_t systems_files(const system_t *sys, const char *files[SYSTEMS_MAX_FILES])
{
    size_t n = 0;

    files[n++] = sys->image;
    if (sys->boot == SYSTEM_BOOT_XEN) {
        files[n++] = sys->dom0_kernel;
        files[n++] = sys->dom0_initrd;
    } else if (sys->boot == SYSTEM_BOOT_LINUX) {
        files[n++] = sys->initrd;
    }
    return n;
}

char *systems_names(void)
{
    strlist_t l = { 0 };
    char *s;

    for (size_t i = 0; i < SYSTEMS_N; i++)
        strlist_push(&l, systems_table[i].name);
    s = strlist_join(&l, ", ");
    strlist_free(&l);
    return s;
}
