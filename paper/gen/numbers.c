/* SPDX-License-Identifier: MIT */
/* The numbers the text cites, as macros: the headline rows of
 * summary.csv (the cases scripts/headline.sh prints, plus the page-flip
 * and large-payload rows the claims need), the crossings per block
 * request (profile.csv, else the device boot's windows), and claim C7's
 * counts (interface.csv).  Every macro is defined whatever the run holds:
 * a missing row is "not measured in this run (how to get it)". */
#include <stdlib.h>
#include <string.h>

#include "gen.h"
#include "tex.h"

/* One case of summary.csv: the macro's stem, what selects the row, and
 * the command that measures it when the run lacks it. */
typedef struct {
    const char *stem;
    const char *match[16];
    const char *how;
} pick_t;

#define PP(sys, var, pay) { "system", sys, "workload", "pingpong", "variant", var, "payload", pay, NULL }
#define BLK(sys, wl, var) { "system", sys, "workload", wl, "variant", var, "size", "4096", "pattern", "seq", \
                            "direction", "read", "depth", "1", NULL }
#define FLIP(sys, var, pay, batch) { "system", sys, "workload", "pageflip", "variant", var, "payload", pay, \
                                     "batch", batch, NULL }

static const pick_t picks[] = {
    /* C2: the empty round trip across protection domains, and a page of payload. */
    { "RtUk", PP("uk", "inter-as", "0"), "make bench SYSTEMS=uk WORKLOADS=pingpong" },
    { "RtUkIntra", PP("uk", "intra-as", "0"), "make bench SYSTEMS=uk WORKLOADS=pingpong" },
    { "RtUkNofp", PP("uk-nofp", "inter-as", "0"), "make bench SYSTEMS=uk-nofp WORKLOADS=pingpong" },
    { "RtXenDomuDomu", PP("xen", "domu-domu", "0"), "make bench SYSTEMS=xen WORKLOADS=pingpong" },
    { "RtXenDomuDomZero", PP("xen", "domu-dom0", "0"), "make bench SYSTEMS=xen WORKLOADS=pingpong" },
    { "RtLinuxPipe", PP("linux", "pipe", "0"), "make bench SYSTEMS=linux WORKLOADS=pingpong" },
    { "RtLinuxFutex", PP("linux", "futex", "0"), "make bench SYSTEMS=linux WORKLOADS=pingpong" },
    { "RtLinuxPvPipe", PP("linux-pv", "pipe", "0"), "make bench SYSTEMS=linux-pv WORKLOADS=pingpong" },
    { "RtLinuxPvFutex", PP("linux-pv", "futex", "0"), "make bench SYSTEMS=linux-pv WORKLOADS=pingpong" },
    { "RtUkPage", PP("uk", "inter-as", "4096"), "make bench SYSTEMS=uk WORKLOADS=pingpong" },
    { "RtXenDomuDomuPage", PP("xen", "domu-domu", "4096"), "make bench SYSTEMS=xen WORKLOADS=pingpong" },
    /* C4: the null kernel entry. */
    { "NullUk", PP("uk", "null-syscall", "0"), "make bench SYSTEMS=uk WORKLOADS=pingpong" },
    { "NullXen", PP("xen", "null-hypercall", "0"), "make bench SYSTEMS=xen WORKLOADS=pingpong" },
    { "NullLinux", PP("linux", "null-syscall", "0"), "make bench SYSTEMS=linux WORKLOADS=pingpong" },
    { "NullLinuxPv", PP("linux-pv", "null-syscall", "0"), "make bench SYSTEMS=linux-pv WORKLOADS=pingpong" },
    /* C5: a 4 KiB read at queue depth 1 to the RAM disk and the virtio disk. */
    { "BlkUk", BLK("uk", "blkio", "ramdisk"), "make bench SYSTEMS=uk WORKLOADS=blkio" },
    { "BlkXen", BLK("xen", "blkio", "blkfront-brd"), "make bench SYSTEMS=xen WORKLOADS=blkio" },
    { "BlkLinux", BLK("linux", "blkio", "odirect-brd"), "make bench SYSTEMS=linux WORKLOADS=blkio" },
    { "BlkLinuxPv", BLK("linux-pv", "blkio", "odirect-brd"), "make bench SYSTEMS=linux-pv WORKLOADS=blkio" },
    { "DevUk", BLK("uk", "blkdev", "virtio-driver"), "make bench SYSTEMS=uk WORKLOADS=blkdev" },
    { "DevXen", BLK("xen", "blkdev", "blkfront-vda"), "make bench SYSTEMS=xen WORKLOADS=blkdev" },
    { "DevLinux", BLK("linux", "blkdev", "odirect-vda"), "make bench SYSTEMS=linux WORKLOADS=blkdev" },
    { "DevLinuxPv", BLK("linux-pv", "blkdev", "odirect-vda"), "make bench SYSTEMS=linux-pv WORKLOADS=blkdev" },
    /* C3: moving pages, one and 64 per operation, a small and a full payload. */
    { "FlipUkOne", FLIP("uk", "inter-as-move", "4096", "1"), "make bench SYSTEMS=uk WORKLOADS=pageflip" },
    { "FlipUkSixtyFour", FLIP("uk", "inter-as-move", "4096", "64"), "make bench SYSTEMS=uk WORKLOADS=pageflip" },
    { "FlipUkSixtyFourSmall", FLIP("uk", "inter-as-move", "64", "64"), "make bench SYSTEMS=uk WORKLOADS=pageflip" },
    { "FlipXenOne", FLIP("xen", "domu-domu-move", "4096", "1"), "make bench SYSTEMS=xen WORKLOADS=pageflip" },
    { "FlipXenSixtyFour", FLIP("xen", "domu-domu-move", "4096", "64"), "make bench SYSTEMS=xen WORKLOADS=pageflip" },
    { "FlipXenSixtyFourSmall", FLIP("xen", "domu-domu-move", "64", "64"), "make bench SYSTEMS=xen WORKLOADS=pageflip" },
};

/* \STEM (median), \STEM{Lo,Hi} (p5, p95), \STEMN (n), \STEMPerPage. */
static void def_pick(FILE *fp, const csvtab_t *s, const pick_t *p)
{
    static const char *const cols[][2] = {
        { "", "median" }, { "Lo", "p5" }, { "Hi", "p95" }, { "N", "n" }, { "PerPage", "median_per_page" },
    };
    long r = csvtab_find(s, p->match);
    /* Only a page-flip row has a per-page median. */
    size_t ncols = strcmp(p->match[3], "pageflip") == 0 ? 5 : 4;
    for (size_t i = 0; i < ncols; i++) {
        char name[96];
        snprintf(name, sizeof name, "%s%s", p->stem, cols[i][0]);
        const char *v = r < 0 ? "" : csvtab_get(s, (size_t)r, cols[i][1]);
        if (*v)
            tex_def_num(fp, name, v);
        else
            tex_def_missing(fp, name, r < 0 ? p->how : "no such column for this row");
    }
}

/* Systems as the text names them in macros (no digits, no dashes). */
static const char *const systems[][2] = {
    { "uk", "Uk" }, { "uk-nofp", "UkNofp" }, { "xen", "Xen" }, { "linux", "Linux" }, { "linux-pv", "LinuxPv" },
};
#define NSYS (sizeof systems / sizeof systems[0])

/* Crossings per 4 KiB read at depth 1, from profile.csv: \Xing{Blk,Dev}SYS
 * and the instructions \Insn{Blk,Dev}SYS. */
static void def_profile(FILE *fp, const run_t *run)
{
    static const char *const wls[][3] = { { "Blk", "blkio", NULL }, { "Dev", "blkdev", NULL } };
    for (size_t w = 0; w < 2; w++)
        for (size_t i = 0; i < NSYS; i++) {
            const char *m[] = { "system", systems[i][0], "workload", wls[w][1], "size", "4096", "pattern", "seq",
                                "direction", "read", "depth", "1", NULL };
            long r = run->profile ? csvtab_find(run->profile, m) : -1;
            char name[64], how[160];
            snprintf(how, sizeof how, "%s: make profile SYSTEMS=%s WORKLOADS=%s",
                     run->profile ? "no such row in profile.csv" : "no profile.csv in this run",
                     systems[i][0], wls[w][1]);
            const char *cols[][2] = { { "Xing", "crossings" }, { "Insn", "insns" }, { "DomSw", "dom_switches" } };
            for (size_t c = 0; c < 3; c++) {
                snprintf(name, sizeof name, "%s%s%s", cols[c][0], wls[w][0], systems[i][1]);
                const char *v = r < 0 ? "" : csvtab_get(run->profile, (size_t)r, cols[c][1]);
                if (*v)
                    tex_def_num(fp, name, v);
                else
                    tex_def_missing(fp, name, how);
            }
        }
}

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

/* The device boot's windows (windows-SYS-1-device.csv, every block case
 * of the boot): \WinXingSYS, the median crossings per window, and
 * \WinCountSYS, the windows. */
static void def_windows(FILE *fp, const run_t *run)
{
    for (size_t i = 0; i < NSYS; i++) {
        char path[4096], err[256], name[64], how[160];
        snprintf(path, sizeof path, "%s/windows-%s-1-device.csv", run->run_dir, systems[i][0]);
        snprintf(how, sizeof how, "no windows-%s-1-device.csv: make bench SYSTEMS=%s WORKLOADS=blkdev (tcg)",
                 systems[i][0], systems[i][0]);
        csvtab_t *t = csvtab_load(path, path, NULL, err, sizeof err);
        if (t && (csvtab_col(t, "crossings") < 0 || t->nrows == 0)) {
            snprintf(how, sizeof how, "windows-%s-1-device.csv has no crossings column or no windows", systems[i][0]);
            csvtab_free(t);
            t = NULL;
        }
        snprintf(name, sizeof name, "WinXing%s", systems[i][1]);
        if (!t) {
            tex_def_missing(fp, name, how);
            snprintf(name, sizeof name, "WinCount%s", systems[i][1]);
            tex_def_missing(fp, name, how);
            continue;
        }
        long *x = malloc(t->nrows * sizeof *x);
        for (size_t r = 0; r < t->nrows; r++)
            x[r] = atol(csvtab_get(t, r, "crossings"));
        qsort(x, t->nrows, sizeof *x, cmp_long);
        char v[64];
        /* The median as summary.csv gives it: the mean of the middle two. */
        if (t->nrows % 2)
            snprintf(v, sizeof v, "%ld", x[t->nrows / 2]);
        else if ((x[t->nrows / 2 - 1] + x[t->nrows / 2]) % 2 == 0)
            snprintf(v, sizeof v, "%ld", (x[t->nrows / 2 - 1] + x[t->nrows / 2]) / 2);
        else
            snprintf(v, sizeof v, "%ld.50", (x[t->nrows / 2 - 1] + x[t->nrows / 2]) / 2);
        tex_def_num(fp, name, v);
        snprintf(name, sizeof name, "WinCount%s", systems[i][1]);
        snprintf(v, sizeof v, "%zu", t->nrows);
        tex_def_num(fp, name, v);
        free(x);
        csvtab_free(t);
    }
}

/* Claim C7: the counts of interface.csv the text cites. */
static void def_interface(FILE *fp, const run_t *run)
{
    static const char *const rows[][4] = {
        { "IfUkSyscalls", "ukernel", "syscalls", "all" },
        { "IfUkArgsIn", "ukernel", "args_in", "all" },
        { "IfUkArgsOut", "ukernel", "args_out", "all" },
        { "IfXenHypercalls", "xen", "hypercalls", "all" },
        { "IfXenSubops", "xen", "subops", "all" },
        { "IfXenOperations", "xen", "operations", "all" },
        { "IfGuestHypercalls", "xen-guest", "hypercalls", "all" },
        { "IfGuestOperations", "xen-guest", "operations", "all" },
        { "IfPeerLibFunctions", "dom0-peer", "lib_functions", "all" },
        { "IfUkLines", "ukernel", "lines", "kernel" },
        { "TcbUk", "tcb", "text", "ukernel" },
        { "TcbUkDiskIo", "tcb", "text", "ukernel-disk-io" },
        { "TcbXenDomuIo", "tcb", "text", "xen-domU-io" },
        { "TcbXenText", "xen", "text", "xen.bin" },
        { "TcbDomZeroKernel", "dom0-kernel", "text", "vmlinux" },
        { "TcbDomZeroModules", "dom0-modules", "text", "all" },
        { "TcbDomZeroToolstack", "dom0-toolstack", "text", "all" },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const char *m[] = { "component", rows[i][1], "kind", rows[i][2], "item", rows[i][3], NULL };
        long r = run->interface ? csvtab_find(run->interface, m) : -1;
        const char *v = r < 0 ? "" : csvtab_get(run->interface, (size_t)r, "count");
        if (*v)
            tex_def_num(fp, rows[i][0], v);
        else
            tex_def_missing(fp, rows[i][0], run->interface
                                                 ? "no such row in interface.csv: make interface after building every system"
                                                 : "no interface.csv in this run: make interface (every system built)");
    }
}

void gen_numbers(FILE *fp, const run_t *run)
{
    for (size_t i = 0; i < sizeof picks / sizeof picks[0]; i++)
        def_pick(fp, run->summary, &picks[i]);
    def_profile(fp, run);
    def_windows(fp, run);
    def_interface(fp, run);
}
