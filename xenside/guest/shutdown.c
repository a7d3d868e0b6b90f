/* SPDX-License-Identifier: MIT */
/*
 * Shutdown.  SCHEDOP_shutdown with SHUTDOWN_poweroff or SHUTDOWN_crash
 * ends the domain; xl sees the reason.  When we are dom0, Xen's reaction
 * to dom0's poweroff is to halt the machine without powering it off, so
 * QEMU would keep running: dom0 first leaves QEMU through its
 * isa-debug-exit device (I/O port 0xf4, exit status (code << 1) | 1).  A PV
 * kernel runs in ring 3, so `outb` traps and Xen emulates it if the port is
 * permitted to the domain (dom0 gets all ports Xen does not use) and the
 * vCPU's virtual IOPL allows the guest kernel's ring: PHYSDEVOP_set_iopl
 * with iopl 1 (PV kernels count as ring 1 for IOPL checks).
 */
#include "shutdown.h"
#include "console.h"
#include "fmt.h"
#include "hypercall.h"
#include "hypervisor.h"
#include "wl_record.h"

#include <stdarg.h>

#define DEBUG_EXIT_PORT 0xf4

static int shutdown_depth;

static void shutdown_qemu(int status)
{
    struct physdev_set_iopl iopl = { .iopl = 1 };
    if (hypercall_physdev_op(PHYSDEVOP_set_iopl, &iopl) != 0)
        return;
    __asm__ volatile("outb %b0, %w1" ::"a"((uint8_t)status), "Nd"((uint16_t)DEBUG_EXIT_PORT));
}

noreturn void guest_exit(int status)
{
    /* A fault on the way out (say the port is not permitted) comes back
     * here through guest_panic: go straight to the hypercall then. */
    if (shutdown_depth++ == 0) {
        cprintf("xenguest: exit status %d\n", status);
        console_flush();
        if (hypervisor_is_dom0())
            shutdown_qemu(status);
    }
    struct sched_shutdown reason = { .reason = status == 0 ? SHUTDOWN_poweroff : SHUTDOWN_crash };
    for (;;)
        hypercall_sched_op(SCHEDOP_shutdown, &reason);
}

noreturn void guest_panic(const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (shutdown_depth == 0)
        cprintf("\n" WL_PANIC_PREFIX " xenguest: %s\n", buf);
    guest_exit(GUEST_PANIC_STATUS);
}
