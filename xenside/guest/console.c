/* SPDX-License-Identifier: MIT */
/*
 * Console output, two ways.
 *
 * dom0: HYPERVISOR_console_io(CONSOLEIO_write, len, buf) goes straight to
 * Xen's serial console.  A release build of Xen allows this for the
 * hardware domain only.
 *
 * domU: the PV console ring (io/console.h, struct xencons_interface) in the
 * page start_info->console.domU.mfn, with event channel
 * start_info->console.domU.evtchn bound to xenconsoled in dom0.  We produce
 * into out[] (2048 bytes, free-running 32-bit indices masked by
 * MASK_XENCONS_IDX): write the bytes, a release barrier, then out_prod, then
 * notify the channel.  xenconsoled advances out_cons and notifies us back,
 * which is what a writer waiting for room or a flush waits on.
 */
#include "console.h"
#include "events.h"
#include "fmt.h"
#include "hypercall.h"
#include "hypervisor.h"
#include "mm.h"
#include "string.h"
#include "time.h"

#include <stdarg.h>

/* How long a writer waits for xenconsoled before dropping output. */
#define CONSOLE_STALL_NS (5 * TIME_S)
#define CONSOLE_WAIT_NS (20 * TIME_MS)

static struct xencons_interface *console_ring;
static evtchn_port_t console_port;
static bool console_stalled;

void console_init(void)
{
    if (hypervisor_is_dom0())
        return;
    void *page = mm_hole_alloc(1);
    if (page == NULL || mm_map_mfn(page, xen_start_info->console.domU.mfn, true) != 0)
        return; /* no console at all: the exit status still reaches xl */
    console_port = xen_start_info->console.domU.evtchn;
    console_ring = page;
}

/* Wait for xenconsoled to free room or drain; false after CONSOLE_STALL_NS
 * without progress (the console is then treated as gone). */
static bool console_wait_progress(XENCONS_RING_IDX old_cons)
{
    uint64_t deadline = time_now_ns() + CONSOLE_STALL_NS;
    while (__atomic_load_n(&console_ring->out_cons, __ATOMIC_ACQUIRE) == old_cons) {
        if (time_now_ns() >= deadline)
            return false;
        evtchn_send(console_port);
        evtchn_wait(console_port, CONSOLE_WAIT_NS);
    }
    return true;
}

static void console_ring_write(const char *s, size_t len)
{
    struct xencons_interface *r = console_ring;
    while (len > 0 && !console_stalled) {
        XENCONS_RING_IDX cons = __atomic_load_n(&r->out_cons, __ATOMIC_ACQUIRE);
        XENCONS_RING_IDX prod = r->out_prod;
        size_t room = sizeof(r->out) - (prod - cons);
        if (room == 0) {
            console_stalled = !console_wait_progress(cons);
            continue;
        }
        size_t n = len < room ? len : room;
        for (size_t i = 0; i < n; i++)
            r->out[MASK_XENCONS_IDX(prod + i, r->out)] = s[i];
        __atomic_store_n(&r->out_prod, prod + (XENCONS_RING_IDX)n, __ATOMIC_RELEASE);
        s += n;
        len -= n;
    }
    evtchn_send(console_port);
}

static void console_write_now(const char *s, size_t len)
{
    if (console_ring != NULL)
        console_ring_write(s, len);
    else
        hypercall_console_io(CONSOLEIO_write, (unsigned int)len, s);
}

/*
 * Held output (console_hold): a domU's console reaches the bench's serial
 * line through xenconsoled and dom0's relay, which run in dom0 for a good
 * while after the writer returns; while a benchmark measures, that work
 * would land in its timed windows (measured with the profiler: whole
 * 10 ms time slices of dom0 in domU-to-dom0 round trips).  So a client
 * keeps its output here until it has measured everything.
 */
#define CONSOLE_HOLD_BYTES (4u << 20)
static char console_held[CONSOLE_HOLD_BYTES];
static size_t console_held_len;
static bool console_holding;

void console_hold(void)
{
    console_holding = true;
}

void console_release(void)
{
    console_holding = false;
    if (console_held_len)
        console_write_now(console_held, console_held_len);
    console_held_len = 0;
}

void console_write(const char *s, size_t len)
{
    if (!console_holding) {
        console_write_now(s, len);
        return;
    }
    if (console_held_len + len > CONSOLE_HOLD_BYTES) {
        /* Full: out now, in whatever window it falls; nothing is lost. */
        console_release();
        console_holding = true;
        if (len > CONSOLE_HOLD_BYTES) {
            console_write_now(s, len);
            return;
        }
    }
    memcpy(console_held + console_held_len, s, len);
    console_held_len += len;
}

int cprintf(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    size_t len = n < (int)sizeof(buf) ? (size_t)n : sizeof(buf) - 1;
    console_write(buf, len);
    return (int)len;
}

bool console_flush(void)
{
    console_release();
    if (console_ring == NULL)
        return true;
    for (;;) {
        XENCONS_RING_IDX cons = __atomic_load_n(&console_ring->out_cons, __ATOMIC_ACQUIRE);
        if (cons == console_ring->out_prod)
            return true;
        if (console_stalled || !console_wait_progress(cons))
            return false;
    }
}
