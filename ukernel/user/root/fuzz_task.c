/* SPDX-License-Identifier: MIT */
/*
 * The fuzz task: runs calls [first, end) of the run the root task wrote
 * into the shared page, one after the other, and ends with FZ_EXIT_DONE,
 * or with FZ_EXIT_ORACLE at the first call whose result the kernel must
 * not give.  A call may well kill the task (its stack unmapped, its own
 * exit); the root task then starts a new one at the next call.  Before
 * each call the task writes the call's index to the shared page, so the
 * root task knows which call was running.  Around each single call it
 * reads its kernel-memory account: a call that failed must leave it as it
 * was (nothing else in the task can take from it: the threads it starts
 * make no calls that allocate).
 */
#include "console.h"
#include "fuzz_gen.h"
#include "fuzz_task.h"

#define STR(x) #x
#define XSTR(x) STR(x)
#define FLOOD_MAX (UK_CAP_SLOTS + 1) /* a table of UK_CAP_SLOTS must refuse by then */

/* The children: no stack, no memory, whatever rsp they are given. */
__asm__(
    ".text\n"
    ".globl fz_child_exit\n"
    ".type fz_child_exit, @function\n"
    "fz_child_exit:\n" /* exit(rdi) */
    "    mov $" XSTR(
        UK_SYS_THREAD_EXIT) ", %eax\n"
                            "    syscall\n"
                            "    ud2\n"
                            ".globl fz_child_block\n"
                            ".type fz_child_block, @function\n"
                            "fz_child_block:\n" /* wait(rdi, 0), then exit with the bits */
                            "    xor %esi, %esi\n"
                            "    mov $" XSTR(UK_SYS_WAIT) ", %eax\n"
                                                          "    syscall\n"
                                                          "    mov $" XSTR(
                                                              UK_SYS_THREAD_EXIT) ", %eax\n"
                                                                                  "    syscall\n"
                                                                                  "    ud2\n");

/* Receive one item, then exit with the result (rax); 4 KiB aligned so it
 * is the only code in its page. */
__asm__(
    ".text\n"
    ".balign 4096\n"
    ".globl fz_child_recv\n"
    ".type fz_child_recv, @function\n"
    "fz_child_recv:\n"
    "    mov %rdi, %r15\n"
    "    mov $" XSTR(
        FZ_SLOT_EP) ", %edi\n"
                    "    mov $" XSTR(
                        UK_INFO_WINDOW) ", %rsi\n"
                                        "    mov $" XSTR(
                                            FZ_RECV_BUF) ", %r13\n"
                                                         "    mov $" XSTR(
                                                             FZ_RECV_CAP) ", %r14\n"
                                                                          "    mov $" XSTR(
                                                                              UK_SYS_RECV) ", "
                                                                                           "%eax\n"
                                                                                           "    "
                                                                                           "syscall"
                                                                                           "\n"
                                                                                           "    "
                                                                                           "mov "
                                                                                           "%rax, "
                                                                                           "%rdi\n"
                                                                                           "    "
                                                                                           "mov "
                                                                                           "$" XSTR(
                                                                                               UK_SYS_THREAD_EXIT) ", %eax\n"
                                                                                                                   "    syscall\n"
                                                                                                                   "    ud2\n"
                                                                                                                   ".balign 4096\n");

static long raw(const struct fz_call *c, uint64_t *rdi_out)
{
    struct uk_regs r = { c->a[FZ_RDI], c->a[FZ_RSI], c->a[FZ_RDX], c->a[FZ_R10], c->a[FZ_R8],
                         c->a[FZ_R9],  c->a[FZ_R12], c->a[FZ_R13], c->a[FZ_R14] };
    long e = uk_syscall(c->nr, &r);
    *rdi_out = r.rdi;
    return e;
}

/* THREAD_CREATE as given, then THREAD_START of the slot it returned
 * (which must work: the new cap has every right). */
static long spawn(const struct fz_call *c, long *start)
{
    uint64_t slot;
    long e = raw(c, &slot);
    if (e == UK_OK)
        *start = uk_thread_start(slot);
    return e;
}

static long create(unsigned kind, uint64_t rights, bool start, uint64_t *slot)
{
    long e;
    switch (kind) {
    case FZ_FLOOD_EP:
        return uk_endpoint_create(slot);
    case FZ_FLOOD_NTFN:
        return uk_notification_create(slot);
    case FZ_FLOOD_SPACE:
        return uk_space_create(UK_SPACE_COST, slot);
    case FZ_FLOOD_THREAD:
        e = uk_thread_create(FZ_SLOT_OWN, fz_child_exit, FZ_CHILD_STACK_VA + UK_PAGE_SIZE, 0,
                             FZ_TASK_PRIO, ~0ull, slot);
        if (e == UK_OK && start)
            uk_thread_start(*slot);
        return e;
    default:
        return uk_cap_copy(FZ_SLOT_OWN, UK_CAP_ANY, FZ_SLOT_EP, (unsigned)rights, 0, slot);
    }
}

/* Create until the kernel refuses (a full table); returns its error, or
 * UK_OK if it never refused.  Then delete them, or keep them. */
static long flood(const struct fz_call *c, struct fz_shared *sh)
{
    uint64_t slots[FLOOD_MAX];
    unsigned n = 0;
    long e = UK_OK;
    while (n < FLOOD_MAX &&
           (e = create((unsigned)c->a[0], c->a[2] & UK_RIGHTS_ALL, true, &slots[n])) == UK_OK) {
        n++;
        sh->beat++;
    }
    for (unsigned i = 0; i < n && !c->a[1]; i++)
        uk_cap_delete(slots[i]);
    return e;
}

/*
 * An item to a thread of space `space` waiting in fz_child_recv with the
 * given window: SEND (or CALL: the receiver ends without a reply, so a
 * delivered call is UK_EABORT) of the item, or of nothing once more if it
 * was refused, so the thread ends.  Returns the item's result (UK_OK if
 * delivered).  A refused item must leave the caller's account as it was,
 * once the thread is gone.
 */
static long send_item(uint64_t space, uint64_t item, uint64_t window, bool call, unsigned *what)
{
    uint64_t t, before = 0, after = 0, none = 0;
    uk_quota(UK_CAP_ANY, &before);
    long e = uk_thread_create(space, fz_child_recv, FZ_CHILD_STACK_VA + UK_PAGE_SIZE, window,
                              FZ_TASK_PRIO, ~0ull, &t);
    if (e)
        return e;
    uk_thread_start(t);
    uk_yield(); /* it waits in its receive now */
    struct uk_regs r = { FZ_SLOT_EP, UK_INFO_ITEM, 0, 0, 0, 0, 0, 0, 0 };
    e = uk_syscall_items(call ? UK_SYS_CALL : UK_SYS_SEND, &r, &item, 0);
    if (call && e == UK_EABORT)
        e = UK_OK;
    if (e != UK_OK) {
        r = (struct uk_regs){ FZ_SLOT_EP, UK_INFO_POLL, 0, 0, 0, 0, 0, 0, 0 };
        uk_syscall_items(UK_SYS_SEND, &r, &none, 0);
    }
    uk_cap_delete(t);
    uk_quota(UK_CAP_ANY, &after);
    if (e != UK_OK && after != before && what)
        *what = FZ_WHAT_ACCOUNT;
    return e;
}

/*
 * Exhaust with items: a new space (its account from ours) with the
 * receiving code in it gets map items of a zero page into far-apart
 * windows (page tables and records, all charged to it) until one is
 * refused for its empty account; then it goes, and our account must be
 * back to the frame.
 */
#define FZ_ITEMS_QUOTA 24
static long exhaust_items(struct fz_shared *sh)
{
    uint64_t s, before = 0, after = 0, code = (uint64_t)fz_child_recv;
    long e;
    uk_quota(UK_CAP_ANY, &before);
    if (uk_space_create(FZ_ITEMS_QUOTA, &s))
        return UK_OK; /* nothing to exhaust with */
    e = uk_map(s, code, code, 1, UK_MAP_EXEC);
    if (!e)
        e = uk_cap_copy(s, FZ_SLOT_EP, FZ_SLOT_EP, UK_RIGHT_SEND | UK_RIGHT_RECV, 0, NULL);
    for (uint64_t i = 1; !e && i < 64; i++) {
        e = send_item(s, UK_ITEM(UK_ITEM_MAP, FZ_ZERO_VA, 1ull, 0), UK_WINDOW(i << 39, 1ull), false,
                      NULL);
        sh->beat++;
    }
    uk_cap_delete(s);
    uk_quota(UK_CAP_ANY, &after);
    return e == UK_ENOMEM && after == before ? UK_OK : UK_EINVAL;
}

/*
 * Create until the kernel refuses (the task's account or its capability
 * table runs out), then delete them all.  Endpoints, notifications, spaces
 * and threads (never started here) are freed with their last capability,
 * so the account must be back where it was: UK_OK if it is and the kernel
 * did refuse, UK_EINVAL (a leak, or no refusal) otherwise.
 */
static long exhaust(const struct fz_call *c, struct fz_shared *sh)
{
    uint64_t slots[UK_CAP_SLOTS], before = 0, after = 0;
    unsigned kind = (unsigned)c->a[0], n = 0;
    long e = UK_OK;
    if (kind == FZ_EXHAUST_ITEMS)
        return exhaust_items(sh);
    for (uint64_t s = UK_CAP_SLOTS - 8; s < UK_CAP_SLOTS; s++) /* room to work in */
        uk_cap_delete(s);
    uk_quota(UK_CAP_ANY, &before);
    while (n < UK_CAP_SLOTS && (e = create(kind, 0, false, &slots[n])) == UK_OK) {
        n++;
        sh->beat++;
    }
    for (unsigned i = 0; i < n; i++)
        uk_cap_delete(slots[i]);
    uk_quota(UK_CAP_ANY, &after);
    return e != UK_OK && after == before ? UK_OK : UK_EINVAL;
}

/* Map the code page into the last user page of a space; if the kernel
 * allows that, run a thread at its `syscall` (it has the task's priority:
 * the yield lets it run now). */
static long top(const struct fz_call *c)
{
    long e = uk_map(c->a[0], FZ_CODE_VA, c->a[1], 1, UK_MAP_EXEC);
    uint64_t t;
    if (e == UK_OK &&
        uk_thread_create(c->a[0], (void (*)(uint64_t))(c->a[1] + UK_PAGE_SIZE - FZ_CODE_TAIL),
                         FZ_CHILD_STACK_VA + UK_PAGE_SIZE, 0, FZ_TASK_PRIO, ~0ull, &t) == UK_OK &&
        uk_thread_start(t) == UK_OK)
        uk_yield();
    return e;
}

/* Run one call; *what says which part of it failed the oracle. */
static long run(const struct fz_call *c, struct fz_shared *sh, unsigned *what)
{
    uint64_t out;
    long e, start = UK_OK;
    switch (c->op) {
    case FZ_OP_SPAWN:
        e = spawn(c, &start);
        if (start != UK_OK) {
            *what = FZ_WHAT_START;
            return start;
        }
        return e;
    case FZ_OP_FLOOD:
        return flood(c, sh);
    case FZ_OP_EXHAUST:
        return exhaust(c, sh);
    case FZ_OP_TOP:
        return top(c);
    case FZ_OP_ITEM:
        return send_item(FZ_SLOT_OWN, c->a[0], c->a[1], c->a[2], what);
    default:
        e = raw(c, &out);
        /* End the line of safe text it printed, all of it or up to a
         * fault (fuzz_gen.c's rules: anything else printed nothing). */
        if (c->nr == UK_SYS_DEBUG_WRITE && c->a[FZ_RSI] &&
            c->a[FZ_RDI] - FZ_SAFE_VA < FZ_SAFE_PAGES_BIG * UK_PAGE_SIZE)
            uk_debug_write("\n", 1);
        return e;
    }
}

/* Frames left in the task's account, or -1 if the kernel cannot say. */
static long account(void)
{
    uint64_t frames;
    return uk_quota(UK_CAP_ANY, &frames) ? -1 : (long)frames;
}

_Noreturn void fz_task_main(uint64_t shared_va)
{
    struct fz_shared *sh = (void *)shared_va;
    const uint64_t seed = sh->seed, classes = sh->classes, end = sh->end, trace = sh->trace_from;
    for (uint64_t i = sh->first; i < end; i++) {
        struct fz_call c;
        unsigned what = FZ_WHAT_RESULT;
        sh->next = i;
        sh->beat++;
        fz_gen(seed, i, classes, &c);
        sh->per_class[c.cls]++;
        if (i >= trace) {
            char line[400];
            fz_describe(&c, line, sizeof(line));
            console_printf("# fuzz: call %lu: %s\n", i, line);
        }
        bool single = c.op == FZ_OP_SYSCALL || c.op == FZ_OP_SPAWN;
        long before = single ? account() : -1;
        long e = run(&c, sh, &what);
        long taken = before >= 0 ? before - account() : 0;
        if (what == FZ_WHAT_RESULT && e != UK_OK && taken)
            what = FZ_WHAT_ACCOUNT;
        if (what != FZ_WHAT_RESULT || !fz_expected(&c, e))
            uk_thread_exit(FZ_EXIT_CODE(FZ_EXIT_ORACLE, e, what, taken));
    }
    uk_thread_exit(FZ_EXIT_CODE(FZ_EXIT_DONE, 0, FZ_WHAT_RESULT, 0));
}
