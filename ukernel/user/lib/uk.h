/* SPDX-License-Identifier: MIT */
/*
 * System call wrappers for user tasks.  All calls go through uk_syscall(),
 * an inline `syscall` with the full register set of uk/abi.h; with
 * optimisation the compiler keeps struct uk_regs in registers, so a
 * wrapper costs no more than the hand-written assembly would.
 */
#ifndef UK_USER_UK_H
#define UK_USER_UK_H

#include "uk/abi.h"
#include <stdint.h>
#include <stdnoreturn.h>

struct uk_regs {
    uint64_t rdi, rsi, rdx, r10, r8, r9; /* in and out */
    uint64_t r12, r13, r14;              /* in only */
};

static inline long uk_syscall(uint64_t nr, struct uk_regs *r)
{
    register uint64_t r10 __asm__("r10") = r->r10;
    register uint64_t r8 __asm__("r8") = r->r8;
    register uint64_t r9 __asm__("r9") = r->r9;
    register uint64_t r12 __asm__("r12") = r->r12;
    register uint64_t r13 __asm__("r13") = r->r13;
    register uint64_t r14 __asm__("r14") = r->r14;
    __asm__ volatile("syscall"
                     : "+a"(nr), "+D"(r->rdi), "+S"(r->rsi), "+d"(r->rdx), "+r"(r10), "+r"(r8),
                       "+r"(r9)
                     : "r"(r12), "r"(r13), "r"(r14)
                     : "rcx", "r11", "memory");
    r->r10 = r10;
    r->r8 = r8;
    r->r9 = r9;
    return (long)nr;
}

/*
 * The same with an item (rbx, in and out) and a receive window (r15): for
 * messages that carry pages (UK_INFO_ITEM) or receives that accept them
 * (UK_INFO_WINDOW).  Plain IPC keeps to uk_syscall(), which leaves both
 * registers alone.
 */
static inline long uk_syscall_items(uint64_t nr, struct uk_regs *r, uint64_t *item, uint64_t window)
{
    register uint64_t r10 __asm__("r10") = r->r10;
    register uint64_t r8 __asm__("r8") = r->r8;
    register uint64_t r9 __asm__("r9") = r->r9;
    register uint64_t r12 __asm__("r12") = r->r12;
    register uint64_t r13 __asm__("r13") = r->r13;
    register uint64_t r14 __asm__("r14") = r->r14;
    register uint64_t r15 __asm__("r15") = window;
    __asm__ volatile("syscall"
                     : "+a"(nr), "+D"(r->rdi), "+S"(r->rsi), "+d"(r->rdx), "+r"(r10), "+r"(r8),
                       "+r"(r9), "+b"(*item)
                     : "r"(r12), "r"(r13), "r"(r14), "r"(r15)
                     : "rcx", "r11", "memory");
    r->r10 = r10;
    r->r8 = r8;
    r->r9 = r9;
    return (long)nr;
}

/*
 * The same with rbp, the timeout of a CALL or REPLY_RECV with
 * UK_INFO_TIMEOUT (their rdx is MR0).  rbp may be the frame pointer, so
 * it is swapped in and out around the `syscall` rather than named as an
 * operand; the kernel preserves it.
 */
static inline long uk_syscall_timeout(uint64_t nr, struct uk_regs *r, uint64_t ticks)
{
    register uint64_t r10 __asm__("r10") = r->r10;
    register uint64_t r8 __asm__("r8") = r->r8;
    register uint64_t r9 __asm__("r9") = r->r9;
    register uint64_t r12 __asm__("r12") = r->r12;
    register uint64_t r13 __asm__("r13") = r->r13;
    register uint64_t r14 __asm__("r14") = r->r14;
    __asm__ volatile("xchg %[t], %%rbp\n\tsyscall\n\txchg %[t], %%rbp"
                     : "+a"(nr), "+D"(r->rdi), "+S"(r->rsi), "+d"(r->rdx), "+r"(r10), "+r"(r8),
                       "+r"(r9), [t] "+r"(ticks)
                     : "r"(r12), "r"(r13), "r"(r14)
                     : "rcx", "r11", "memory");
    r->r10 = r10;
    r->r8 = r8;
    r->r9 = r9;
    return (long)nr;
}

/* Both: an item (rbx) and a timeout (rbp), for a CALL that carries pages
 * and gives up after `ticks` (a client connecting to a server). */
static inline long uk_syscall_items_timeout(uint64_t nr, struct uk_regs *r, uint64_t *item,
                                            uint64_t ticks)
{
    register uint64_t r10 __asm__("r10") = r->r10;
    register uint64_t r8 __asm__("r8") = r->r8;
    register uint64_t r9 __asm__("r9") = r->r9;
    register uint64_t r12 __asm__("r12") = r->r12;
    register uint64_t r13 __asm__("r13") = r->r13;
    register uint64_t r14 __asm__("r14") = r->r14;
    __asm__ volatile("xchg %[t], %%rbp\n\tsyscall\n\txchg %[t], %%rbp"
                     : "+a"(nr), "+D"(r->rdi), "+S"(r->rsi), "+d"(r->rdx), "+r"(r10), "+r"(r8),
                       "+r"(r9), "+b"(*item), [t] "+r"(ticks)
                     : "r"(r12), "r"(r13), "r"(r14)
                     : "rcx", "r11", "memory");
    r->r10 = r10;
    r->r8 = r8;
    r->r9 = r9;
    return (long)nr;
}

/* A message: info word and the four message registers. */
struct uk_msg {
    uint64_t info;
    uint64_t mr[UK_MSG_REGS];
};

/* What a received message leaves in the registers, into m and *badge
 * (nothing is received by SEND and REPLY, nor on an error). */
static inline long uk_ipc_result(uint64_t nr, long e, const struct uk_regs *r, struct uk_msg *m,
                                 uint64_t *badge)
{
    if (e == UK_OK && nr != UK_SYS_SEND && nr != UK_SYS_REPLY) {
        m->info = r->rsi;
        m->mr[0] = r->rdx;
        m->mr[1] = r->r10;
        m->mr[2] = r->r8;
        m->mr[3] = r->r9;
        if (badge)
            *badge = r->rdi;
    }
    return e;
}

static inline long uk_ipc(uint64_t nr, uint64_t cap, struct uk_msg *m, const void *sbuf, void *rbuf,
                          uint64_t rcap, uint64_t *badge)
{
    struct uk_regs r = { cap,      m->info,        m->mr[0],       m->mr[1], m->mr[2],
                         m->mr[3], (uint64_t)sbuf, (uint64_t)rbuf, rcap };
    return uk_ipc_result(nr, uk_syscall(nr, &r), &r, m, badge);
}

/* IPC with an item and a window (m->info says which apply); *item is the
 * item to send, and the item received if m->info has UK_INFO_ITEM then. */
static inline long uk_ipc_items(uint64_t nr, uint64_t cap, struct uk_msg *m, uint64_t *item,
                                uint64_t window, const void *sbuf, void *rbuf, uint64_t rcap,
                                uint64_t *badge)
{
    struct uk_regs r = { cap,      m->info,        m->mr[0],       m->mr[1], m->mr[2],
                         m->mr[3], (uint64_t)sbuf, (uint64_t)rbuf, rcap };
    return uk_ipc_result(nr, uk_syscall_items(nr, &r, item, window), &r, m, badge);
}

static inline long uk_call(uint64_t cap, struct uk_msg *m, const void *sbuf, void *rbuf,
                           uint64_t rcap)
{
    return uk_ipc(UK_SYS_CALL, cap, m, sbuf, rbuf, rcap, 0);
}

static inline long uk_send(uint64_t cap, struct uk_msg *m, const void *sbuf)
{
    return uk_ipc(UK_SYS_SEND, cap, m, sbuf, 0, 0, 0);
}

/* flags: 0 to block, UK_INFO_POLL to return UK_ETIMEOUT if nobody sends. */
static inline long uk_recv(uint64_t cap, uint64_t flags, struct uk_msg *m, void *rbuf,
                           uint64_t rcap, uint64_t *badge)
{
    *m = (struct uk_msg){ flags, { 0, 0, 0, 0 } };
    return uk_ipc(UK_SYS_RECV, cap, m, 0, rbuf, rcap, badge);
}

/* A receive that gives up after `ticks` timer ticks with UK_ETIMEOUT
 * (0 ticks: a poll); the timeout travels in rdx. */
static inline long uk_recv_timeout(uint64_t cap, uint64_t ticks, struct uk_msg *m, void *rbuf,
                                   uint64_t rcap, uint64_t *badge)
{
    *m = (struct uk_msg){ UK_INFO_TIMEOUT, { ticks, 0, 0, 0 } };
    return uk_ipc(UK_SYS_RECV, cap, m, 0, rbuf, rcap, badge);
}

/* A call that gives up with UK_ETIMEOUT unless the reply comes within
 * `ticks` (>= 1) timer ticks of the call, its send included. */
static inline long uk_call_timeout(uint64_t cap, struct uk_msg *m, const void *sbuf, void *rbuf,
                                   uint64_t rcap, uint64_t ticks)
{
    uint64_t info = m->info | UK_INFO_TIMEOUT;
    struct uk_regs r = { cap,      info,           m->mr[0],       m->mr[1], m->mr[2],
                         m->mr[3], (uint64_t)sbuf, (uint64_t)rbuf, rcap };
    return uk_ipc_result(UK_SYS_CALL, uk_syscall_timeout(UK_SYS_CALL, &r, ticks), &r, m, 0);
}

static inline long uk_reply_recv(uint64_t cap, struct uk_msg *m, const void *sbuf, void *rbuf,
                                 uint64_t rcap, uint64_t *badge)
{
    return uk_ipc(UK_SYS_REPLY_RECV, cap, m, sbuf, rbuf, rcap, badge);
}

static inline long uk_reply(struct uk_msg *m, const void *sbuf)
{
    return uk_ipc(UK_SYS_REPLY, 0, m, sbuf, 0, 0, 0);
}

static inline long uk_sys(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
                          uint64_t a4, uint64_t a5, uint64_t *out)
{
    struct uk_regs r = { a0, a1, a2, a3, a4, a5, 0, 0, 0 };
    long e = uk_syscall(nr, &r);
    if (out)
        *out = r.rdi;
    return e;
}

static inline long uk_null(void)
{
    return uk_sys(UK_SYS_NULL, 0, 0, 0, 0, 0, 0, 0);
}

static inline long uk_notify(uint64_t cap)
{
    return uk_sys(UK_SYS_NOTIFY, cap, 0, 0, 0, 0, 0, 0);
}

static inline long uk_wait(uint64_t cap, uint64_t flags, uint64_t *bits)
{
    return uk_sys(UK_SYS_WAIT, cap, flags, 0, 0, 0, 0, bits);
}

/* Wait at most `ticks` timer ticks (UK_ETIMEOUT after that). */
static inline long uk_wait_timeout(uint64_t cap, uint64_t ticks, uint64_t *bits)
{
    return uk_sys(UK_SYS_WAIT, cap, UK_INFO_TIMEOUT, ticks, 0, 0, 0, bits);
}

static inline long uk_yield(void)
{
    return uk_sys(UK_SYS_YIELD, 0, 0, 0, 0, 0, 0, 0);
}

static inline long uk_thread_create(uint64_t space, void (*entry)(uint64_t), uint64_t stack,
                                    uint64_t arg, unsigned prio, uint64_t exit_cap, uint64_t *slot)
{
    return uk_sys(UK_SYS_THREAD_CREATE, space, (uint64_t)entry, stack, arg, prio, exit_cap, slot);
}

static inline long uk_thread_start(uint64_t thread)
{
    return uk_sys(UK_SYS_THREAD_START, thread, 0, 0, 0, 0, 0, 0);
}

struct uk_thread_status {
    uint64_t state, value, vector;
};

static inline long uk_thread_status(uint64_t thread, struct uk_thread_status *st)
{
    struct uk_regs r = { thread, 0, 0, 0, 0, 0, 0, 0, 0 };
    long e = uk_syscall(UK_SYS_THREAD_STATUS, &r);
    st->state = r.rdi;
    st->value = r.rsi;
    st->vector = r.rdx;
    return e;
}

static inline noreturn void uk_thread_exit(uint64_t code)
{
    uk_sys(UK_SYS_THREAD_EXIT, code, 0, 0, 0, 0, 0, 0);
    __builtin_unreachable();
}

/* A new space, handed `frames` of the caller's kernel-memory account. */
static inline long uk_space_create(uint64_t frames, uint64_t *slot)
{
    return uk_sys(UK_SYS_SPACE_CREATE, frames, 0, 0, 0, 0, 0, slot);
}

/* Frames left in a space's account (UK_CAP_ANY: the caller's own). */
static inline long uk_quota(uint64_t space, uint64_t *frames)
{
    return uk_sys(UK_SYS_QUOTA, space, 0, 0, 0, 0, 0, frames);
}

static inline long uk_map(uint64_t space, uint64_t src, uint64_t dst, uint64_t pages,
                          unsigned perms)
{
    return uk_sys(UK_SYS_MAP, space, src, dst, pages, perms, 0, 0);
}

static inline long uk_unmap(uint64_t space, uint64_t va, uint64_t pages)
{
    return uk_sys(UK_SYS_UNMAP, space, va, pages, 0, 0, 0, 0);
}

/* Take back what was derived from the caller's pages (UK_REVOKE_SELF:
 * and the caller's own mappings). */
static inline long uk_revoke(uint64_t va, uint64_t pages, uint64_t flags)
{
    return uk_sys(UK_SYS_REVOKE, va, pages, flags, 0, 0, 0, 0);
}

static inline long uk_endpoint_create(uint64_t *slot)
{
    return uk_sys(UK_SYS_ENDPOINT_CREATE, 0, 0, 0, 0, 0, 0, slot);
}

static inline long uk_notification_create(uint64_t *slot)
{
    return uk_sys(UK_SYS_NOTIFICATION_CREATE, 0, 0, 0, 0, 0, 0, slot);
}

static inline long uk_cap_copy(uint64_t space, uint64_t dst_slot, uint64_t src_slot,
                               unsigned rights, uint64_t badge, uint64_t *slot)
{
    return uk_sys(UK_SYS_CAP_COPY, space, dst_slot, src_slot, rights, badge, 0, slot);
}

static inline long uk_cap_delete(uint64_t slot)
{
    return uk_sys(UK_SYS_CAP_DELETE, slot, 0, 0, 0, 0, 0, 0);
}

static inline long uk_debug_write(const void *buf, uint64_t len)
{
    return uk_sys(UK_SYS_DEBUG_WRITE, (uint64_t)buf, len, 0, 0, 0, 0, 0);
}

static inline long uk_shutdown(unsigned status)
{
    return uk_sys(UK_SYS_SHUTDOWN, status, 0, 0, 0, 0, 0, 0);
}

#endif
