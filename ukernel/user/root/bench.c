/* SPDX-License-Identifier: MIT */
/*
 * The benchmark driver on the microkernel.  For each workload it runs the
 * client and server in the placements the microkernel offers, each named
 * by the variant its records carry:
 *   inter-as      client and server in two address spaces (the headline)
 *   intra-as      two threads of one address space
 *   (its own)     the workload's solo part, which names its variants
 *                 (pingpong: null-syscall, UK_SYS_NULL); it runs as a
 *                 client of a RAM-disk server of its own (ramdisk_start.h:
 *                 blkio's wl_blk_open() connects to it) and, if the
 *                 machine has the virtio disk, of a virtio-blk driver of
 *                 its own (virtioblk_start.h: blkdev's), which root
 *                 restarts if it dies
 * A workload that needs two protection domains (WL_TWO_DOMAINS) does not
 * run intra-as; one without a client and server (blkio) runs only solo.
 * then prints "@@DONE" with the number of records the tasks reported.
 */
#include "bench.h"
#include "console.h"
#include "mapbench.h"
#include "ramdisk_start.h"
#include "string.h"
#include "task.h"
#include "virtioblk_start.h"
#include "wl_spec.h"
#include "wl_uk.h"

#define BADGE_SERVER 1
#define BADGE_CLIENT 2
#define BADGE_DRIVER 4 /* the virtio-blk driver's thread ended */

struct placement {
    const char *variant;
    bool same_space;
};

static const struct placement placements[] = {
    { "inter-as", false },
    { "intra-as", true },
};

static int fail(const char *what, long code)
{
    console_printf("@@PANIC root: %s (%ld)\n", what, code);
    return -1;
}

static void set_args(struct wluk_args *a, const struct bench_opts *o, const char *wl,
                     const char *variant, enum wluk_role role)
{
    a->role = role;
    a->cfg = o->cfg;
    strlcpy(a->workload, wl, sizeof(a->workload));
    strlcpy(a->variant, variant, sizeof(a->variant));
    strlcpy(a->system, o->system, sizeof(a->system));
    strlcpy(a->unit, o->unit, sizeof(a->unit));
}

/* Map an args page into t (for the thread-th thread) and fill it; a
 * solo part becomes a client of the disk server and of the virtio-blk
 * driver (NULL: none). */
static long map_args(struct task *t, unsigned thread, const struct bench_opts *o, const char *wl,
                     const char *variant, enum wluk_role role, const struct rd_server *disk,
                     struct vb_driver *vdisk, uint64_t *va)
{
    *va = WLUK_ARGS_VA + thread * UK_PAGE_SIZE;
    struct wluk_args *a = task_map_new(t, *va, 1, false);
    if (!a)
        return UK_ENOMEM;
    set_args(a, o, wl, variant, role);
    /* The page API's memory (wl_uk.h): a client's (or solo part's) pool,
     * a server's buffer. */
    if (role == WLUK_CLIENT || role == WLUK_SOLO) {
        if (!task_map_new(t, WLUK_POOL_VA, WLUK_POOL_PAGES, true))
            return UK_ENOMEM;
        a->pool_pages = WLUK_POOL_PAGES;
    } else if (role == WLUK_SERVER) {
        if (!task_map_new(t, WLUK_RBUF_VA, WLUK_RBUF_PAGES, true))
            return UK_ENOMEM;
        a->rbuf_pages = WLUK_RBUF_PAGES;
    }
    if (role == WLUK_CLIENT || role == WLUK_SOLO) {
        /* Two samples per iteration (wl.h: wl_sample_buffer). */
        uint64_t pages = ((uint64_t)o->cfg.iterations * 16 + UK_PAGE_SIZE - 1) / UK_PAGE_SIZE;
        if (!task_map_new(t, WLUK_SAMPLES_VA, pages, true))
            return UK_ENOMEM;
        a->samples_max = pages * UK_PAGE_SIZE / 8;
    }
    long e = disk ? rd_give(disk, t, a) : UK_OK;
    return !e && vdisk ? vb_give(vdisk, t, a) : e;
}

/* Wait until every thread in `want` (badges) has ended, restarting the
 * driver drv (if any) whenever it dies meanwhile; check each one exited
 * with a record count and add it to *records. */
static int collect(uint64_t ntfn, uint64_t want, const uint64_t threads[], const char *variant,
                   struct vb_driver *drv, int *records)
{
    uint64_t seen = 0, bits;
    while ((seen & want) != want) {
        long e = uk_wait(ntfn, 0, &bits);
        if (e)
            return fail("waiting for workload tasks failed", e);
        if (bits & BADGE_DRIVER && drv && vb_restart(drv))
            console_printf("root: %s goes on without the virtio disk\n", variant);
        seen |= bits;
    }
    for (unsigned i = 0; i < 2; i++) {
        struct uk_thread_status st;
        if (!(want & (1u << i)))
            continue;
        uk_thread_status(threads[i], &st);
        if (st.state == UK_THREAD_KILLED) {
            console_printf("@@PANIC root: %s: workload thread killed by exception %lu at %lx\n",
                           variant, st.vector, st.value);
            return -1;
        }
        if ((int64_t)st.value < 0)
            return fail(variant, (long)st.value);
        *records += (int)st.value;
    }
    return 0;
}

static int run_pair(const struct bench_opts *o, const char *wl, const struct placement *pl,
                    int *records)
{
    struct task srv, cli_space, *cli = &srv;
    uint64_t ep, ntfn, n_srv, n_cli, threads[2], args_srv, args_cli;
    long e;

    console_printf("bench: %s %s\n", wl, pl->variant);
    if ((e = uk_endpoint_create(&ep)) || (e = uk_notification_create(&ntfn)) ||
        (e = root_mint(ntfn, UK_RIGHT_SEND, BADGE_SERVER, &n_srv)) ||
        (e = root_mint(ntfn, UK_RIGHT_SEND, BADGE_CLIENT, &n_cli)) || (e = task_create(&srv)))
        return fail("cannot set up the workload tasks", e);
    if (!pl->same_space) {
        cli = &cli_space;
        if ((e = task_create(cli)))
            return fail("cannot create the client task", e);
    }
    /* The server may only receive on the channel, the client only send;
     * in one space both threads share one slot with both rights. */
    unsigned srv_rights = pl->same_space ? UK_RIGHT_SEND | UK_RIGHT_RECV : UK_RIGHT_RECV;
    if ((e = uk_cap_copy(srv.space, WLUK_CHAN_SLOT, ep, srv_rights, 0, NULL)) ||
        (!pl->same_space &&
         (e = uk_cap_copy(cli->space, WLUK_CHAN_SLOT, ep, UK_RIGHT_SEND, 0, NULL))))
        return fail("cannot give the channel", e);
    if ((e = map_args(&srv, 0, o, wl, pl->variant, WLUK_SERVER, NULL, NULL, &args_srv)) ||
        (e = map_args(cli, pl->same_space ? 1 : 0, o, wl, pl->variant, WLUK_CLIENT, NULL, NULL,
                      &args_cli)) ||
        (e = task_thread(&srv, wluk_task_main, args_srv, TASK_PRIO, n_srv, &threads[0])) ||
        (e = task_thread(cli, wluk_task_main, args_cli, TASK_PRIO, n_cli, &threads[1])) ||
        (e = uk_thread_start(threads[0])) || (e = uk_thread_start(threads[1])))
        return fail("cannot start the workload threads", e);
    int r = collect(ntfn, BADGE_SERVER | BADGE_CLIENT, threads, pl->variant, NULL, records);
    uint64_t slots[] = { ep, ntfn, n_srv, n_cli, srv.space, threads[0], threads[1], cli->space };
    for (unsigned i = 0; i < sizeof(slots) / sizeof(slots[0]); i++)
        uk_cap_delete(slots[i]);
    return r;
}

static int run_solo(const struct bench_opts *o, const char *wl, const char *variant, int *records)
{
    struct task t;
    struct rd_server disk;
    struct vb_driver vdisk;
    const struct vb_dev *dev;
    uint64_t ntfn, n_solo, n_drv, threads[2] = { 0, 0 }, args;
    long e;

    console_printf("bench: %s %s\n", wl, variant);
    bool virtio = !vb_probe(&dev);
    if ((e = uk_notification_create(&ntfn)) ||
        (e = root_mint(ntfn, UK_RIGHT_SEND, BADGE_CLIENT, &n_solo)) ||
        (e = root_mint(ntfn, UK_RIGHT_SEND, BADGE_DRIVER, &n_drv)) || (e = task_create(&t)) ||
        (e = rd_start(&disk, 0, UK_CAP_ANY)) || (virtio && (e = vb_start(&vdisk, 0, n_drv))) ||
        (e = map_args(&t, 0, o, wl, variant, WLUK_SOLO, &disk, virtio ? &vdisk : NULL, &args)) ||
        (e = task_thread(&t, wluk_task_main, args, TASK_PRIO, n_solo, &threads[1])) ||
        (e = uk_thread_start(threads[1])))
        return fail("cannot start the solo task", e);
    int r = collect(ntfn, BADGE_CLIENT, threads, variant, virtio ? &vdisk : NULL, records);
    rd_stop(&disk);
    if (virtio)
        vb_stop(&vdisk);
    uk_cap_delete(n_drv);
    uk_cap_delete(ntfn);
    uk_cap_delete(n_solo);
    uk_cap_delete(t.space);
    uk_cap_delete(threads[1]);
    return r;
}

int bench_run(const struct bench_opts *o)
{
    const char *list = o->workloads;
    struct wl_spec spec;
    int records = 0, rc;

    /* What the numbers depend on, for meta.json (see wl_record.h). */
    console_printf("@@META {\"fastpath\":%s,\"cpu_protection\":\"%s\",\"timer_hz\":%lu,"
                   "\"kernel_text_bytes\":%lu}\n",
                   bootinfo->fastpath ? "true" : "false", bootinfo->cpu_protection,
                   (unsigned long)bootinfo->timer_hz, (unsigned long)bootinfo->kernel_text_bytes);
    if (mapbench_report())
        return -1;
    while ((rc = wl_spec_next(&list, &o->cfg, &spec)) > 0) {
        const struct wl_workload *w = wl_find(spec.name);
        struct bench_opts wo = *o;
        if (!w) {
            console_printf("@@PANIC root: unknown workload \"%s\"\n", spec.name);
            return -1;
        }
        wo.cfg = spec.cfg;
        for (unsigned p = 0; p < sizeof(placements) / sizeof(placements[0]); p++) {
            if (!w->client || !w->server ||
                (placements[p].same_space && (w->flags & WL_TWO_DOMAINS)))
                continue;
            if (run_pair(&wo, spec.name, &placements[p], &records))
                return -1;
        }
        if (w->solo && run_solo(&wo, spec.name, "solo", &records))
            return -1;
    }
    if (rc < 0) {
        console_printf("@@PANIC root: malformed workload list \"%s\" at \"%s\"\n", o->workloads,
                       list);
        return -1;
    }
    console_printf("@@DONE {\"records\":%d}\n", records);
    return 0;
}
