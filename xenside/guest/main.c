/* SPDX-License-Identifier: MIT */
/*
 * The guest's start, read top to bottom: hypervisor state, traps, event
 * channels, console, grant table, xenstore; then a greeting, the command
 * line, what the TSC and a null hypercall cost here, and the role the
 * command line names:
 *   role=hello (default)  exit after the facts above
 *   role=test             self-tests of every mechanism (selftest.c)
 *   role=front|back       two domains meet through xenstore (pair.c)
 *   role=client|server    the workloads of workloads/ over wl.h (bench.c)
 *   role=liability|bystander|byserver  claim C6: a dom0 backend fails
 *                         under one domU while a pair of others looks on
 *                         (liability.c)
 *   role=fault            touch an unmapped page: checks that a fault is
 *                         reported (@@PANIC, exit status 127) by traps.c
 * Every figure is in TSC ticks: cycles on hardware, guest instructions
 * under QEMU -icount shift=0.
 */
#include "sort.h"
#include "bench.h"
#include "cmdline.h"
#include "console.h"
#include "events.h"
#include "gnttab.h"
#include "hypercall.h"
#include "hypervisor.h"
#include "liability.h"
#include "mm.h"
#include "pair.h"
#include "selftest.h"
#include "shutdown.h"
#include "string.h"
#include "time.h"
#include "traps.h"
#include "tsc.h"
#include "xenstore.h"

#define MAIN_SAMPLES 256
#define MAIN_WARMUP 32

static uint64_t main_samples[MAIN_SAMPLES];

/* Smallest cost of a back-to-back pair of serialized reads. */
static uint64_t main_timer_overhead(void)
{
    uint64_t best = UINT64_MAX;
    for (unsigned int i = 0; i < MAIN_SAMPLES; i++) {
        uint64_t t0 = tsc_read_serialized();
        uint64_t t1 = tsc_read_serialized();
        if (t1 - t0 < best)
            best = t1 - t0;
    }
    return best;
}

static void main_report_tsc(void)
{
    uint64_t a = tsc_read();
    uint64_t b = tsc_read();
    cprintf("xenguest: rdtsc twice: %lu, %lu (delta %lu ticks)\n", (unsigned long)a,
            (unsigned long)b, (unsigned long)(b - a));
    struct time_tsc_info info;
    if (time_tsc_info(&info))
        cprintf("xenguest: Xen says tsc_mode %u, rdtsc %s, %u kHz\n", info.tsc_mode,
                info.emulated ? "emulated (trapped)" : "native", info.khz);
    else
        cprintf("xenguest: Xen's TSC leaf not found\n");
}

static void main_report_null_hypercall(void)
{
    uint64_t overhead = main_timer_overhead();
    for (unsigned int i = 0; i < MAIN_WARMUP; i++)
        hypercall_xen_version(XENVER_version, NULL);
    uint64_t sum = 0;
    for (unsigned int i = 0; i < MAIN_SAMPLES; i++) {
        uint64_t t0 = tsc_read_serialized();
        hypercall_xen_version(XENVER_version, NULL);
        uint64_t t1 = tsc_read_serialized();
        main_samples[i] = t1 - t0 - overhead;
        sum += main_samples[i];
    }
    sort_u64(main_samples, MAIN_SAMPLES);
    cprintf("xenguest: timer overhead (lfence;rdtsc pair, min) %lu ticks\n", (unsigned long)overhead);
    cprintf("xenguest: null hypercall (xen_version) min %lu median %lu mean %lu ticks, n=%u\n",
            (unsigned long)main_samples[0], (unsigned long)main_samples[MAIN_SAMPLES / 2],
            (unsigned long)(sum / MAIN_SAMPLES), MAIN_SAMPLES);
}

/* A domU learns its id from its own xenstore home. */
static void main_find_domid(void)
{
    uint32_t id;
    int rc = xs_read_u32("domid", &id);
    if (rc != 0)
        guest_panic("xenstore read of domid failed: %d", rc);
    hypervisor_set_domid((domid_t)id);
}

noreturn void guest_start(start_info_t *si)
{
    hypervisor_init(si);
    traps_init();
    events_init();
    console_init();

    unsigned int version = hypervisor_version();
    cprintf("xenguest: hello from %s on Xen %u.%u\n", hypervisor_is_dom0() ? "dom0" : "a domU",
            version >> 16, version & 0xffff);
    cprintf("xenguest: cmdline \"%s\"\n", cmdline());

    int rc = gnttab_init();
    if (rc != 0)
        guest_panic("grant table setup failed: %d", rc);
    if (!hypervisor_is_dom0()) {
        rc = xs_init();
        if (rc != 0)
            guest_panic("xenstore ring setup failed: %d", rc);
        main_find_domid();
    }
    cprintf("xenguest: domid %u, %lu pages\n", (unsigned)hypervisor_domid(),
            (unsigned long)si->nr_pages);

    main_report_tsc();
    main_report_null_hypercall();

    char role[16] = "hello";
    cmdline_get("role", role, sizeof(role));
    int status;
    if (strcmp(role, "hello") == 0)
        status = 0;
    else if (strcmp(role, "test") == 0)
        status = selftest_run();
    else if (strcmp(role, "front") == 0 || strcmp(role, "back") == 0)
        status = pair_run(strcmp(role, "front") == 0);
    else if (strcmp(role, "client") == 0 || strcmp(role, "server") == 0)
        status = bench_run(strcmp(role, "client") == 0);
    else if (strcmp(role, "liability") == 0)
        status = liability_run();
    else if (strcmp(role, "bystander") == 0)
        status = bystander_run();
    else if (strcmp(role, "byserver") == 0)
        status = byserver_run();
    else if (strcmp(role, "fault") == 0)
        status = *(volatile int *)mm_hole_alloc(1);
    else
        guest_panic("unknown role \"%s\"", role);
    guest_exit(status);
}
