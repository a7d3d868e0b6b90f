/* SPDX-License-Identifier: MIT */
/*
 * System call dispatch (fastpath first, if built in) and the non-IPC calls:
 * null, yield, threads, spaces, mapping, new objects, capability copy and
 * delete, console output, shutdown.  Every argument comes from the caller's
 * saved registers and is checked here: a bad one is an error code in rax.
 */
#include "cpu.h"
#include "device.h"
#include "endpoint.h"
#include "frame.h"
#include "ipc.h"
#include "object.h"
#include "sched.h"
#include "serial.h"
#include "usercopy.h"

#define DEBUG_WRITE_MAX (1ull << 20)
/*
 * Work one kernel entry may do before the call is restarted: bytes of
 * console output (polled with interrupts off: ~6 ms at 115200 baud), and
 * steps of an unmap or revoke (a page, a span without tables, or one
 * derived mapping taken back).  Between two entries the timer can preempt.
 */
#define DEBUG_WRITE_CHUNK 64
#define UNMAP_STEPS 512
/* `syscall` is two bytes long (0f 05). */
#define SYSCALL_INSN_BYTES 2

static void set_result(struct thread *t, long err, uint64_t value)
{
    t->regs.rax = (uint64_t)err;
    if (err == UK_OK)
        t->regs.rdi = value;
}

static void sys_null(struct thread *t)
{
    t->regs.rax = UK_OK;
}

/*
 * Make the thread execute its `syscall` again on return, with the
 * argument registers already advanced past the work done: a long call
 * goes on in bounded steps, and the timer may preempt between them.
 */
static void restart(struct thread *t, uint64_t nr)
{
    t->regs.rax = nr;
    t->regs.rip -= SYSCALL_INSN_BYTES;
}

static void sys_yield(struct thread *t)
{
    t->regs.rax = UK_OK;
    sched_schedule();
}

static void sys_thread_create(struct thread *t)
{
    long err;
    struct regs *a = &t->regs;
    struct cap *sc = space_cap(t->space, a->rdi, CAP_SPACE, UK_RIGHT_CONTROL, &err);
    if (!sc) {
        set_result(t, err, 0);
        return;
    }
    if (a->rsi >= UK_USER_TOP || a->rdx > UK_USER_TOP || a->r8 > UK_PRIO_MAX) {
        set_result(t, UK_EINVAL, 0);
        return;
    }
    /* No thread may outrank the one that created it. */
    if (a->r8 > t->prio) {
        set_result(t, UK_EPERM, 0);
        return;
    }
    struct cap *nc = NULL;
    if (a->r9 != ~0ull) {
        nc = space_cap(t->space, a->r9, CAP_NOTIFICATION, UK_RIGHT_SEND, &err);
        if (!nc) {
            set_result(t, err, 0);
            return;
        }
    }
    struct thread *nt = thread_create(t->space, sc->obj, a->rsi, a->rdx, a->r10, (unsigned)a->r8);
    if (!nt) {
        set_result(t, UK_ENOMEM, 0);
        return;
    }
    if (nc) {
        nt->exit_notify = nc->obj;
        nt->exit_badge = nc->badge ? nc->badge : 1;
        object_get(CAP_NOTIFICATION, nc->obj); /* until the thread is freed */
    }
    long slot = space_cap_insert(t->space, CAP_THREAD, UK_RIGHTS_ALL, nt);
    if (slot < 0) {
        if (nc)
            object_put(CAP_NOTIFICATION, nc->obj); /* the slot still holds it */
        thread_discard(nt);
        set_result(t, slot, 0);
        return;
    }
    set_result(t, UK_OK, (uint64_t)slot);
}

static void sys_thread_start(struct thread *t)
{
    long err;
    struct cap *c = space_cap(t->space, t->regs.rdi, CAP_THREAD, UK_RIGHT_CONTROL, &err);
    if (!c) {
        set_result(t, err, 0);
        return;
    }
    struct thread *nt = c->obj;
    if (nt->state != TS_INACTIVE) {
        set_result(t, UK_EINVAL, 0);
        return;
    }
    t->regs.rax = UK_OK;
    thread_start(nt);
}

static void sys_thread_status(struct thread *t)
{
    long err;
    struct cap *c = space_cap(t->space, t->regs.rdi, CAP_THREAD, UK_RIGHT_CONTROL, &err);
    if (!c) {
        set_result(t, err, 0);
        return;
    }
    struct thread *o = c->obj;
    uint64_t state = UK_THREAD_ALIVE;
    if (o->state == TS_DEAD)
        state = o->fault_vector == ~0ull ? UK_THREAD_EXITED : UK_THREAD_KILLED;
    set_result(t, UK_OK, state);
    t->regs.rsi = o->exit_value;
    t->regs.rdx = o->fault_vector;
}

static void sys_thread_exit(struct thread *t)
{
    thread_end(t, t->regs.rdi, ~0ull);
}

static void sys_space_create(struct thread *t)
{
    if (t->regs.rdi < SPACE_COST) {
        set_result(t, UK_EINVAL, 0);
        return;
    }
    struct space *s = space_create(t->space, t->regs.rdi);
    if (!s) {
        set_result(t, UK_ENOMEM, 0);
        return;
    }
    long slot = space_cap_insert(t->space, CAP_SPACE, UK_RIGHTS_ALL, s);
    if (slot < 0)
        space_destroy_empty(s); /* an error changes nothing */
    set_result(t, slot < 0 ? slot : UK_OK, (uint64_t)slot);
}

static void sys_quota(struct thread *t)
{
    long err;
    struct space *s = t->space;
    if (t->regs.rdi != UK_CAP_ANY) {
        struct cap *c = space_cap(t->space, t->regs.rdi, CAP_SPACE, UK_RIGHT_CONTROL, &err);
        if (!c) {
            set_result(t, err, 0);
            return;
        }
        s = c->obj;
    }
    set_result(t, UK_OK, s->quota);
}

static void sys_map(struct thread *t)
{
    long err;
    struct regs *a = &t->regs;
    struct cap *c = space_cap(t->space, a->rdi, CAP_SPACE, UK_RIGHT_MAP, &err);
    if (c)
        err = space_map(t->space, a->rsi, c->obj, a->rdx, a->r10, a->r8);
    t->regs.rax = (uint64_t)err;
}

static void sys_unmap(struct thread *t)
{
    long err;
    struct cap *c = space_cap(t->space, t->regs.rdi, CAP_SPACE, UK_RIGHT_MAP, &err);
    if (c)
        err = space_revoke(c->obj, &t->regs.rsi, &t->regs.rdx, true, UNMAP_STEPS);
    if (c && err == UK_OK && t->regs.rdx)
        restart(t, UK_SYS_UNMAP);
    else
        t->regs.rax = (uint64_t)err;
}

/* Like UNMAP, on the caller's own pages, keeping them unless asked. */
static void sys_revoke(struct thread *t)
{
    long err = UK_EINVAL;
    if (!(t->regs.rdx & ~UK_REVOKE_SELF))
        err = space_revoke(t->space, &t->regs.rdi, &t->regs.rsi, t->regs.rdx & UK_REVOKE_SELF,
                           UNMAP_STEPS);
    if (err == UK_OK && t->regs.rsi)
        restart(t, UK_SYS_REVOKE);
    else
        t->regs.rax = (uint64_t)err;
}

static void create_object(struct thread *t, enum cap_type type)
{
    void *obj = object_create(t->space, type);
    if (!obj) {
        set_result(t, UK_ENOMEM, 0);
        return;
    }
    long slot = space_cap_insert(t->space, type, UK_RIGHTS_ALL, obj);
    if (slot < 0)
        space_refund_object(t->space, obj);
    set_result(t, slot < 0 ? slot : UK_OK, (uint64_t)slot);
}

static void sys_endpoint_create(struct thread *t)
{
    create_object(t, CAP_ENDPOINT);
}

static void sys_notification_create(struct thread *t)
{
    create_object(t, CAP_NOTIFICATION);
}

static void sys_cap_copy(struct thread *t)
{
    long err;
    struct regs *a = &t->regs;
    struct cap *dc = space_cap(t->space, a->rdi, CAP_SPACE, UK_RIGHT_CONTROL, &err);
    if (!dc) {
        set_result(t, err, 0);
        return;
    }
    if (a->rdx >= UK_CAP_SLOTS || t->space->caps[a->rdx].type == CAP_NONE ||
        (a->rsi >= UK_CAP_SLOTS && a->rsi != UK_CAP_ANY)) {
        set_result(t, UK_ECAP, 0);
        return;
    }
    if (a->r10 & ~(uint64_t)UK_RIGHTS_ALL) {
        set_result(t, UK_EINVAL, 0);
        return;
    }
    struct cap c = t->space->caps[a->rdx];
    if (a->r8) {
        /* A badge, once set, identifies the holder for good; a device
         * cap's badge is what it covers, and may only shrink. */
        if (c.badge && !device_badge_within(c.type, a->r8, c.badge)) {
            set_result(t, UK_EPERM, 0);
            return;
        }
        c.badge = a->r8;
    }
    c.rights &= a->r10;
    struct space *dst = dc->obj;
    long slot = (long)a->rsi;
    if (a->rsi == UK_CAP_ANY)
        slot = space_cap_insert(dst, c.type, c.rights, c.obj);
    else if (dst->caps[slot].type != CAP_NONE)
        slot = UK_EINVAL;
    else
        object_get(c.type, c.obj);
    if (slot >= 0)
        dst->caps[slot] = c;
    set_result(t, slot < 0 ? slot : UK_OK, (uint64_t)slot);
}

/* One chunk per kernel entry; a fault in a later chunk comes after the
 * earlier ones were written. */
static void sys_debug_write(struct thread *t)
{
    uint64_t va = t->regs.rdi, len = t->regs.rsi;
    if (len > DEBUG_WRITE_MAX) {
        set_result(t, UK_EINVAL, 0);
        return;
    }
    char buf[DEBUG_WRITE_CHUNK];
    uint64_t n = len < sizeof(buf) ? len : sizeof(buf);
    if (usercopy_in(t->space, buf, va, n)) {
        set_result(t, UK_EFAULT, 0);
        return;
    }
    serial_write(buf, n);
    t->regs.rdi = va + n;
    t->regs.rsi = len - n;
    if (len > n)
        restart(t, UK_SYS_DEBUG_WRITE);
    else
        t->regs.rax = UK_OK;
}

static void sys_shutdown(struct thread *t)
{
    if (!t->space->is_root_task) {
        set_result(t, UK_EPERM, 0);
        return;
    }
    cpu_power_off((uint8_t)t->regs.rdi);
}

static void sys_cap_delete(struct thread *t)
{
    if (t->regs.rdi >= UK_CAP_SLOTS) {
        set_result(t, UK_ECAP, 0);
        return;
    }
    struct cap c = t->space->caps[t->regs.rdi];
    t->space->caps[t->regs.rdi].type = CAP_NONE;
    t->regs.rax = UK_OK;
    if (c.type != CAP_NONE)
        object_put(c.type, c.obj); /* may destroy it, and switch threads */
}

typedef void (*syscall_fn)(struct thread *t);

static const syscall_fn syscall_table[UK_SYS_COUNT] = {
    [UK_SYS_NULL] = sys_null,
    [UK_SYS_SEND] = ipc_sys_send,
    [UK_SYS_RECV] = ipc_sys_recv,
    [UK_SYS_CALL] = ipc_sys_call,
    [UK_SYS_REPLY_RECV] = ipc_sys_reply_recv,
    [UK_SYS_REPLY] = ipc_sys_reply,
    [UK_SYS_NOTIFY] = ipc_sys_notify,
    [UK_SYS_WAIT] = ipc_sys_wait,
    [UK_SYS_YIELD] = sys_yield,
    [UK_SYS_THREAD_CREATE] = sys_thread_create,
    [UK_SYS_THREAD_START] = sys_thread_start,
    [UK_SYS_THREAD_STATUS] = sys_thread_status,
    [UK_SYS_THREAD_EXIT] = sys_thread_exit,
    [UK_SYS_SPACE_CREATE] = sys_space_create,
    [UK_SYS_MAP] = sys_map,
    [UK_SYS_UNMAP] = sys_unmap,
    [UK_SYS_ENDPOINT_CREATE] = sys_endpoint_create,
    [UK_SYS_NOTIFICATION_CREATE] = sys_notification_create,
    [UK_SYS_CAP_COPY] = sys_cap_copy,
    [UK_SYS_DEBUG_WRITE] = sys_debug_write,
    [UK_SYS_SHUTDOWN] = sys_shutdown,
    [UK_SYS_CAP_DELETE] = sys_cap_delete,
    [UK_SYS_QUOTA] = sys_quota,
    [UK_SYS_REVOKE] = sys_revoke,
    [UK_SYS_IO_PORTS] = sys_io_ports,
    [UK_SYS_IRQ_BIND] = sys_irq_bind,
    [UK_SYS_IRQ_ACK] = sys_irq_ack,
    [UK_SYS_DMA_ALLOC] = sys_dma_alloc,
};

/* Called by entry.S with the caller's registers saved in cur_thread. */
void syscall_dispatch(void)
{
    struct thread *t = cur_thread;
    uint64_t nr = t->regs.rax;

#if FASTPATH
    if (nr == UK_SYS_CALL) {
        fastpath_call(t);
        return;
    }
    if (nr == UK_SYS_REPLY_RECV) {
        fastpath_reply_recv(t);
        return;
    }
#endif
    if (nr >= UK_SYS_COUNT)
        set_result(t, UK_ENOSYS, 0);
    else
        syscall_table[nr](t);
}
