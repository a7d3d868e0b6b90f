/* SPDX-License-Identifier: MIT */
/*
 * The fuzzer's classes of calls (fuzz_gen.h lists them): each fills in a
 * call's registers from the call's random stream and says what result the
 * kernel must give, where the arguments alone decide it.
 */
#include "fuzz_rand.h"

static void set(struct fz_call *c, uint64_t nr, uint8_t op)
{
    c->nr = nr;
    c->op = op;
}

static void expect(struct fz_call *c, uint8_t how, long err, const char *why)
{
    c->expect = how;
    c->err = (int8_t)err;
    c->why = why;
}

static void gen_nr(struct fz_rng *r, struct fz_call *c, uint64_t classes)
{
    (void)classes;
    static const uint64_t firsts[] = { UK_SYS_COUNT, 0x100, 1ull << 32, 1ull << 63, ~0ull - 15 };
    uint64_t nr = firsts[fz_pick(r, 5)] + fz_pick(r, 16);
    if (fz_chance(r, 20))
        nr = 1ull << (32 + fz_pick(r, 32)) |
             fz_pick(r, UK_SYS_COUNT); /* high bits over a good one */
    if (nr < UK_SYS_COUNT)
        nr += UK_SYS_COUNT;
    set(c, nr, FZ_OP_SYSCALL);
    for (unsigned i = 0; i < FZ_NREGS; i++)
        c->a[i] = fz_next(r);
    expect(c, FZ_EXPECT_EXACT, UK_ENOSYS, "no such system call");
}

/* A call with a slot out of range: UK_ECAP if it is the first slot the
 * kernel looks at, some error if an earlier argument may fail first. */
static void gen_slot(struct fz_rng *r, struct fz_call *c, uint64_t classes)
{
    static const uint8_t calls[] = {
        UK_SYS_SEND,          UK_SYS_CALL,  UK_SYS_RECV,         UK_SYS_REPLY_RECV,
        UK_SYS_NOTIFY,        UK_SYS_WAIT,  UK_SYS_THREAD_START, UK_SYS_THREAD_STATUS,
        UK_SYS_MAP,           UK_SYS_UNMAP, UK_SYS_CAP_DELETE,   UK_SYS_CAP_COPY,
        UK_SYS_THREAD_CREATE, UK_SYS_QUOTA,
    };
    uint64_t nr = calls[fz_pick(r, sizeof(calls))], bad = fz_slot_out_of_range(r);
    bool first = true;
    set(c, nr, FZ_OP_SYSCALL);
    if (nr == UK_SYS_QUOTA && bad == UK_CAP_ANY)
        bad--; /* UK_CAP_ANY is one's own account */
    c->a[FZ_RDI] = bad;
    c->a[FZ_RSI] = UK_INFO_POLL; /* no long message: the slot is the first check */
    if (nr == UK_SYS_MAP || nr == UK_SYS_UNMAP) {
        uint64_t avail, src = fz_map_source(r, classes, &avail);
        c->a[FZ_RSI] = nr == UK_SYS_MAP ? src : fz_region_addr(r, &avail);
        c->a[FZ_RDX] = nr == UK_SYS_MAP ? fz_region_addr(r, &avail) : 1;
        c->a[FZ_R10] = 1;
    } else if (nr == UK_SYS_CAP_COPY) {
        /* Any of the three slots may be the bad one. */
        unsigned which = (unsigned)fz_pick(r, 3);
        c->a[FZ_RDI] = which == 0 ? bad : FZ_SLOT_OWN;
        c->a[FZ_RSI] = which == 1 && bad != UK_CAP_ANY ? bad : UK_CAP_ANY;
        c->a[FZ_RDX] = which == 2 ? bad : FZ_SLOT_EP;
        c->a[FZ_R10] = UK_RIGHTS_ALL;
        if (which == 1 && bad == UK_CAP_ANY)
            c->a[FZ_RDI] = bad;
        first = c->a[FZ_RDI] == bad;
    } else if (nr == UK_SYS_THREAD_CREATE) {
        /* Space or exit-notification slot bad; everything else good. */
        c->a[FZ_RSI] = (uint64_t)fz_child_exit;
        c->a[FZ_RDX] = FZ_CHILD_STACK_VA + PAGE;
        c->a[FZ_R8] = FZ_TASK_PRIO;
        c->a[FZ_R9] = ~0ull;
        if (fz_chance(r, 50) && bad != ~0ull) {
            c->a[FZ_RDI] = FZ_SLOT_OWN;
            c->a[FZ_R9] = bad;
            first = false;
        }
    }
    if (first)
        expect(c, FZ_EXPECT_EXACT, UK_ECAP, "capability slot out of range");
    else
        expect(c, FZ_EXPECT_ERROR, 0, "capability slot out of range");
}

/* Kernel, non-canonical and edge addresses where the kernel reads or
 * writes user memory or maps it. */
static void gen_addr(struct fz_rng *r, struct fz_call *c, uint64_t classes)
{
    uint64_t avail, bad = fz_addr_invalid(r), nonuser = fz_addr_not_user(r);
    switch (fz_pick(r, 7)) {
    case 0: /* send buffer */
        set(c, fz_chance(r, 50) ? UK_SYS_SEND : UK_SYS_CALL, FZ_OP_SYSCALL);
        c->a[FZ_RDI] = FZ_SLOT_EP;
        c->a[FZ_RSI] = UK_INFO_POLL | (1 + fz_pick(r, UK_MSG_MAX));
        c->a[FZ_R12] = bad;
        expect(c, FZ_EXPECT_ERROR, 0, "send buffer is not user memory");
        break;
    case 1: /* receive buffer: nothing arrives, whatever the buffer */
        set(c, fz_chance(r, 50) ? UK_SYS_RECV : UK_SYS_REPLY_RECV, FZ_OP_SYSCALL);
        c->a[FZ_RDI] = FZ_SLOT_EP;
        c->a[FZ_RSI] = UK_INFO_POLL;
        c->a[FZ_R13] = fz_addr_hostile(r);
        c->a[FZ_R14] = fz_capacity(r);
        break;
    case 2:
        set(c, UK_SYS_DEBUG_WRITE, FZ_OP_SYSCALL);
        c->a[FZ_RDI] = bad;
        c->a[FZ_RSI] = 1 + fz_pick(r, 2 * PAGE);
        expect(c, FZ_EXPECT_ERROR, 0, "console buffer is not user memory");
        break;
    case 3: /* map from an invalid source */
        set(c, UK_SYS_MAP, FZ_OP_SYSCALL);
        c->a[FZ_RDI] = fz_slot_space(r);
        c->a[FZ_RSI] = fz_chance(r, 50) ? bad
                                        : (fz_map_source(r, classes, &avail) & ~(PAGE - 1)) |
                                              (1 + fz_pick(r, PAGE - 1));
        c->a[FZ_RDX] = fz_region_addr(r, &avail);
        c->a[FZ_R10] = 1 + fz_pick(r, 4);
        c->a[FZ_R8] = fz_pick(r, 4);
        expect(c, FZ_EXPECT_ERROR, 0, "map source is not a page of user memory");
        break;
    case 4: /* map to an invalid destination */
        set(c, UK_SYS_MAP, FZ_OP_SYSCALL);
        c->a[FZ_RDI] = fz_slot_space(r);
        c->a[FZ_RSI] = fz_map_source(r, classes, &avail);
        c->a[FZ_RDX] =
            fz_chance(r, 50) ? nonuser : fz_region_addr(r, &avail) + 1 + fz_pick(r, PAGE - 1);
        c->a[FZ_R10] = 1;
        c->a[FZ_R8] = fz_pick(r, 4);
        expect(c, FZ_EXPECT_ERROR, 0, "map destination is not a user page");
        break;
    case 5:
        set(c, UK_SYS_UNMAP, FZ_OP_SYSCALL);
        c->a[FZ_RDI] = fz_slot_space(r);
        c->a[FZ_RSI] =
            fz_chance(r, 50) ? nonuser : fz_region_addr(r, &avail) + 1 + fz_pick(r, PAGE - 1);
        c->a[FZ_RDX] = 1 + fz_pick(r, 16);
        expect(c, FZ_EXPECT_ERROR, 0, "unmap address is not a user page");
        break;
    default: /* thread entry and stack */
        set(c, UK_SYS_THREAD_CREATE, FZ_OP_SPAWN);
        c->a[FZ_RDI] = fz_slot_space(r);
        c->a[FZ_RSI] = fz_chance(r, 50) ? fz_addr_hostile(r) : bad;
        c->a[FZ_RDX] = fz_chance(r, 50) ? fz_addr_hostile(r) : FZ_CHILD_STACK_VA + PAGE;
        c->a[FZ_R10] = fz_next(r);
        c->a[FZ_R8] = fz_pick(r, FZ_TASK_PRIO + 1);
        c->a[FZ_R9] = ~0ull;
        if (c->a[FZ_RSI] >= UK_USER_TOP || c->a[FZ_RDX] > UK_USER_TOP)
            expect(c, FZ_EXPECT_ERROR, 0, "thread entry or stack is not a user address");
        break;
    }
}

/* Lengths and counts: too long, unaligned, huge. */
static void gen_len(struct fz_rng *r, struct fz_call *c, uint64_t classes)
{
    uint64_t avail, safe_end = FZ_SAFE_VA + fz_safe_pages(classes) * PAGE;
    static const uint64_t huge[] = { 0, 1ull << 32, 1ull << 35, 1ull << 52, ~0ull, 1ull << 63 };
    switch (fz_pick(r, 6)) {
    case 0: /* console: over the end of the safe text, or over the limit */
        set(c, UK_SYS_DEBUG_WRITE, FZ_OP_SYSCALL);
        if (fz_chance(r, 50)) {
            c->a[FZ_RDI] = safe_end - 1 - fz_pick(r, 63);
            c->a[FZ_RSI] = safe_end - c->a[FZ_RDI] + 1 + fz_pick(r, 3 * PAGE);
            expect(c, FZ_EXPECT_ERROR, 0, "console buffer runs past mapped memory");
        } else {
            c->a[FZ_RDI] = FZ_SAFE_VA + fz_pick(r, PAGE);
            c->a[FZ_RSI] = FZ_DEBUG_WRITE_MAX + 1 + fz_pick(r, 1ull << 40);
            if (fz_chance(r, 30))
                c->a[FZ_RSI] = huge[1 + fz_pick(r, 5)];
            expect(c, FZ_EXPECT_ERROR, 0, "console write longer than the kernel's limit");
        }
        break;
    case 1: /* message length field and receive capacity */
        set(c, fz_pick(r, 2) ? UK_SYS_SEND : UK_SYS_CALL, FZ_OP_SYSCALL);
        c->a[FZ_RDI] = FZ_SLOT_EP;
        c->a[FZ_RSI] = UK_INFO_POLL | (UK_MSG_MAX + 1 + fz_pick(r, UK_INFO_LEN_MASK - UK_MSG_MAX));
        c->a[FZ_R12] = FZ_ZERO_VA;
        expect(c, FZ_EXPECT_ERROR, 0, "message longer than UK_MSG_MAX");
        break;
    case 2:
        set(c, UK_SYS_RECV, FZ_OP_SYSCALL);
        c->a[FZ_RDI] = FZ_SLOT_EP;
        c->a[FZ_RSI] = UK_INFO_POLL;
        c->a[FZ_R13] = FZ_ZERO_VA + fz_pick(r, PAGE);
        c->a[FZ_R14] = huge[fz_pick(r, 6)] + fz_pick(r, 7);
        break;
    case 3: /* map: zero, more than fits, huge */
        set(c, UK_SYS_MAP, FZ_OP_SYSCALL);
        c->a[FZ_RDI] = fz_slot_space(r);
        c->a[FZ_RSI] = fz_map_source(r, classes, &avail);
        c->a[FZ_RDX] = fz_region_addr(r, &avail);
        c->a[FZ_R10] =
            fz_chance(r, 50) ? huge[fz_pick(r, 6)] : (UK_USER_TOP - c->a[FZ_RDX]) / PAGE + 1;
        c->a[FZ_R8] = fz_pick(r, 4);
        expect(c, FZ_EXPECT_ERROR, 0, "map page count is zero or larger than any source");
        break;
    case 4: /* unmap: zero, past the user half, unaligned */
        set(c, UK_SYS_UNMAP, FZ_OP_SYSCALL);
        c->a[FZ_RDI] = fz_slot_space(r);
        c->a[FZ_RSI] = fz_region_addr(r, &avail);
        c->a[FZ_RDX] =
            fz_chance(r, 30) ? 0 : (UK_USER_TOP - c->a[FZ_RSI]) / PAGE + 1 + fz_pick(r, 1000);
        if (fz_chance(r, 30))
            c->a[FZ_RDX] = huge[1 + fz_pick(r, 5)] | UK_USER_TOP / PAGE; /* never a valid count */
        expect(c, FZ_EXPECT_ERROR, 0, "unmap page count is zero or runs past the user half");
        break;
    default: /* thread stack unaligned or at the very top */
        set(c, UK_SYS_THREAD_CREATE, FZ_OP_SPAWN);
        c->a[FZ_RDI] = FZ_SLOT_OWN;
        c->a[FZ_RSI] = (uint64_t)fz_child_exit;
        c->a[FZ_RDX] =
            fz_chance(r, 50) ? UK_USER_TOP - fz_pick(r, 16) : FZ_CHILD_STACK_VA + fz_pick(r, PAGE);
        c->a[FZ_R10] = fz_next(r);
        c->a[FZ_R8] = FZ_TASK_PRIO;
        c->a[FZ_R9] = ~0ull;
        break;
    }
}

static void gen_map(struct fz_rng *r, struct fz_call *c, uint64_t classes)
{
    uint64_t avail, left;
    if (fz_chance(r, 60)) {
        set(c, UK_SYS_MAP, FZ_OP_SYSCALL);
        c->a[FZ_RDI] = fz_slot_space(r);
        c->a[FZ_RSI] = fz_map_source(r, classes, &avail);
        c->a[FZ_RDX] = fz_region_addr(r, &left);
        c->a[FZ_R10] = fz_some_pages(r, avail < left ? avail : left);
        if (fz_chance(r, 5))
            c->a[FZ_R10] = avail + 1 + fz_pick(r, 4); /* runs past the source */
        c->a[FZ_R8] = fz_pick(r, 4);
        return;
    }
    set(c, UK_SYS_UNMAP, FZ_OP_SYSCALL);
    c->a[FZ_RDI] = fz_slot_space(r);
    c->a[FZ_RSI] = fz_region_addr(r, &left);
    c->a[FZ_RDX] = fz_some_pages(r, left);
    if (fz_chance(r, 10) && c->a[FZ_RSI] >= FZ_PLAY_VA) /* below, it would reach the image */
        c->a[FZ_RDX] = 1 + fz_pick(r, FZ_UNMAP_PAGES);
    if (fz_pick(r, 1000) < 3) {
        /* Part of the task itself: it may well die of it. */
        static const uint64_t own[] = { 0x400000,
                                        FZ_SHARED_VA,
                                        FZ_CODE_VA,
                                        FZ_CHILD_STACK_VA,
                                        FZ_SAFE_VA,
                                        FZ_ZERO_VA,
                                        FZ_STACK_TOP - FZ_STACK_PAGES * PAGE };
        c->a[FZ_RDI] = FZ_SLOT_OWN;
        c->a[FZ_RSI] = own[fz_pick(r, sizeof(own) / sizeof(own[0]))] + fz_pick(r, 16) * PAGE;
        c->a[FZ_RDX] = 1 + fz_pick(r, 4);
    }
}

static const uint8_t ipc_calls[] = { UK_SYS_SEND,  UK_SYS_CALL,   UK_SYS_RECV, UK_SYS_REPLY_RECV,
                                     UK_SYS_REPLY, UK_SYS_NOTIFY, UK_SYS_WAIT };

static void gen_ipc(struct fz_rng *r, struct fz_call *c, uint64_t classes)
{
    uint64_t nr = ipc_calls[fz_pick(r, sizeof(ipc_calls))];
    /* Block (no UK_INFO_POLL) now and then: the root task unblocks. */
    bool block = fz_pick(r, 1000) < 2;
    set(c, nr, FZ_OP_SYSCALL);
    c->a[FZ_RDI] = nr == UK_SYS_WAIT || nr == UK_SYS_NOTIFY
                       ? (fz_chance(r, 80) ? FZ_SLOT_NTFN : fz_slot_any(r))
                       : (fz_chance(r, 80) ? FZ_SLOT_EP : fz_slot_any(r));
    c->a[FZ_RSI] = fz_info_word(r, !block);
    for (unsigned i = FZ_RDX; i <= FZ_R9; i++)
        c->a[i] = fz_next(r);
    if (nr == UK_SYS_WAIT) {
        c->a[FZ_RSI] = block ? 0 : UK_INFO_POLL;
        if (fz_chance(r, 10)) /* a timed wait of rdx ticks */
            c->a[FZ_RSI] = UK_INFO_TIMEOUT;
        c->a[FZ_RDX] = fz_pick(r, 3);
    } else if (nr == UK_SYS_RECV && fz_chance(r, 10)) { /* a timed receive of rdx ticks */
        c->a[FZ_RSI] |= UK_INFO_TIMEOUT;
        c->a[FZ_RDX] = fz_pick(r, 3);
    } else if ((nr == UK_SYS_CALL || nr == UK_SYS_REPLY_RECV) && fz_chance(r, 10)) {
        c->a[FZ_RSI] |= UK_INFO_TIMEOUT; /* ticks in rbp: whatever the fuzz task has there */
    }
    c->a[FZ_R12] = fz_buffer(r, classes);
    c->a[FZ_R13] = fz_buffer(r, classes);
    c->a[FZ_R14] = fz_capacity(r);
}

/* Where a new thread starts (fuzz_gen.c's rules have the last word). */
static uint64_t thread_entry(struct fz_rng *r)
{
    switch (fz_pick(r, 10)) {
    case 0:
        return FZ_CODE_VA + fz_pick(r, PAGE);
    case 1:
        return fz_addr_hostile(r);
    case 2: {
        uint64_t left;
        return fz_region_addr(r, &left) + fz_pick(r, PAGE);
    }
    case 3:
    case 4:
        return (uint64_t)fz_child_block;
    default:
        return (uint64_t)fz_child_exit;
    }
}

static void gen_thread(struct fz_rng *r, struct fz_call *c, uint64_t classes)
{
    (void)classes;
    switch (fz_pick(r, 10)) {
    case 0:
        set(c, UK_SYS_THREAD_START, FZ_OP_SYSCALL);
        c->a[FZ_RDI] = fz_slot_any(r);
        return;
    case 1:
        set(c, UK_SYS_THREAD_STATUS, FZ_OP_SYSCALL);
        c->a[FZ_RDI] = fz_chance(r, 30) ? FZ_SLOT_SELF : fz_slot_any(r);
        return;
    case 2:
        if (fz_chance(r, 1)) { /* the fuzz task ends itself */
            set(c, UK_SYS_THREAD_EXIT, FZ_OP_SYSCALL);
            c->a[FZ_RDI] = fz_next(r);
            return;
        }
        set(c, UK_SYS_YIELD, FZ_OP_SYSCALL);
        return;
    default:
        break;
    }
    /* Create, and start the new slot unless it is only created. */
    set(c, UK_SYS_THREAD_CREATE, fz_chance(r, 80) ? FZ_OP_SPAWN : FZ_OP_SYSCALL);
    c->a[FZ_RDI] = fz_chance(r, 70) ? FZ_SLOT_OWN : fz_slot_space(r);
    c->a[FZ_RSI] = thread_entry(r);
    c->a[FZ_RDX] =
        fz_chance(r, 80) ? FZ_CHILD_STACK_VA + PAGE - 8 * fz_pick(r, 4) : fz_addr_hostile(r);
    c->a[FZ_R10] = c->a[FZ_RSI] == (uint64_t)fz_child_block
                       ? (fz_chance(r, 70) ? FZ_SLOT_NTFN : fz_slot_any(r))
                       : fz_next(r);
    c->a[FZ_R8] = fz_chance(r, 80) ? FZ_TASK_PRIO : fz_pick(r, FZ_TASK_PRIO + 1);
    if (fz_chance(r, 5))
        c->a[FZ_R8] = UK_PRIO_MAX + 1 + fz_pick(r, 1000);
    c->a[FZ_R9] = fz_chance(r, 50) ? ~0ull : fz_chance(r, 50) ? FZ_SLOT_NTFN : fz_slot_any(r);
}

static void gen_cap(struct fz_rng *r, struct fz_call *c, uint64_t classes)
{
    (void)classes;
    static const uint8_t creates[] = { UK_SYS_ENDPOINT_CREATE, UK_SYS_NOTIFICATION_CREATE,
                                       UK_SYS_SPACE_CREATE };
    unsigned k = (unsigned)fz_pick(r, 20);
    if (k < 9) {
        set(c, creates[fz_pick(r, 3)], FZ_OP_SYSCALL);
        if (c->nr != UK_SYS_SPACE_CREATE)
            return;
        /* The frames handed over: what a space costs, a little more, too
         * few, more than the task has. */
        switch (fz_pick(r, 6)) {
        case 0:
            c->a[FZ_RDI] = fz_pick(r, UK_SPACE_COST);
            expect(c, FZ_EXPECT_ERROR, 0, "fewer frames than a space costs");
            break;
        case 1:
            c->a[FZ_RDI] = FZ_TASK_QUOTA + 1 + fz_next(r) % (1ull << fz_pick(r, 64));
            expect(c, FZ_EXPECT_ERROR, 0, "more frames than the task's account holds");
            break;
        case 2:
            c->a[FZ_RDI] = UK_SPACE_COST + fz_pick(r, 16);
            break;
        default:
            c->a[FZ_RDI] = UK_SPACE_COST;
            break;
        }
        return;
    }
    if (k == 9) { /* an account: one's own, the scratch space's, any */
        set(c, UK_SYS_QUOTA, FZ_OP_SYSCALL);
        c->a[FZ_RDI] = fz_chance(r, 40) ? UK_CAP_ANY : fz_slot_space(r);
        return;
    }
    if (k < 18) {
        set(c, UK_SYS_CAP_COPY, FZ_OP_SYSCALL);
        c->a[FZ_RDI] = fz_chance(r, 60) ? FZ_SLOT_OWN : fz_slot_space(r);
        c->a[FZ_RSI] = fz_chance(r, 70) ? UK_CAP_ANY : fz_slot_any(r);
        c->a[FZ_RDX] = fz_slot_any(r);
        c->a[FZ_R10] = fz_pick(r, UK_RIGHTS_ALL + 1);
        c->a[FZ_R8] = fz_chance(r, 70) ? 0 : fz_next(r);
        return;
    }
    /* Delete: the given slots rarely, so the task keeps working. */
    set(c, UK_SYS_CAP_DELETE, FZ_OP_SYSCALL);
    c->a[FZ_RDI] = fz_chance(r, 5) ? fz_pick(r, FZ_SLOTS_GIVEN)
                                   : FZ_SLOTS_GIVEN + fz_pick(r, UK_CAP_SLOTS - FZ_SLOTS_GIVEN);
}

static void gen_flood(struct fz_rng *r, struct fz_call *c, uint64_t classes)
{
    (void)classes;
    set(c, 0, FZ_OP_FLOOD);
    c->a[0] = fz_pick(r, 5);
    c->a[1] = fz_chance(r, 25); /* keep what was created */
    c->a[2] = fz_next(r);       /* rights and badge bits for copies */
    expect(c, FZ_EXPECT_ERROR, 0, "a full capability table refuses");
}

static void gen_console(struct fz_rng *r, struct fz_call *c, uint64_t classes)
{
    uint64_t bytes = fz_safe_pages(classes) * PAGE;
    set(c, UK_SYS_DEBUG_WRITE, FZ_OP_SYSCALL);
    if (fz_chance(r, 60)) {
        c->a[FZ_RDI] = FZ_SAFE_VA + fz_pick(r, bytes);
        c->a[FZ_RSI] = fz_pick(r, 40);
        return;
    }
    c->a[FZ_RDI] = fz_addr_invalid(r);
    c->a[FZ_RSI] = fz_chance(r, 80) ? 1 + fz_pick(r, PAGE) : fz_next(r);
    expect(c, FZ_EXPECT_ERROR, 0, "console buffer is not user memory");
}

static void gen_shutdown(struct fz_rng *r, struct fz_call *c, uint64_t classes)
{
    (void)classes;
    set(c, UK_SYS_SHUTDOWN, FZ_OP_SYSCALL);
    c->a[FZ_RDI] = fz_chance(r, 50) ? 0 : fz_next(r);
    expect(c, FZ_EXPECT_EXACT, UK_EPERM, "only the root task may shut down");
}

/* The fuzz task holds no device capability (only root has them), so
 * every device call fails on its slot, whatever the other registers say. */
static void gen_device(struct fz_rng *r, struct fz_call *c, uint64_t classes)
{
    static const uint64_t nrs[] = { UK_SYS_IO_PORTS, UK_SYS_IRQ_BIND, UK_SYS_IRQ_ACK,
                                    UK_SYS_DMA_ALLOC };
    (void)classes;
    set(c, nrs[fz_pick(r, 4)], FZ_OP_SYSCALL);
    c->a[FZ_RDI] = fz_chance(r, 80) ? fz_pick(r, UK_CAP_SLOTS) : fz_next(r);
    for (unsigned i = 1; i < 5; i++)
        c->a[i] = fz_chance(r, 50) ? fz_pick(r, 0x10000) : fz_next(r);
    expect(c, FZ_EXPECT_EXACT, UK_ECAP, "the task holds no device capability");
}

static void gen_random(struct fz_rng *r, struct fz_call *c, uint64_t classes)
{
    uint64_t nr;
    /* Only calls this file knows how to keep safe; the task's own exit
     * comes up in class thread (here it would be a call in 22). */
    do
        nr = fz_pick(r, UK_SYS_COUNT);
    while (!fz_sys_name(nr) || nr == UK_SYS_THREAD_EXIT);
    set(c, nr, FZ_OP_SYSCALL);
    for (unsigned i = 0; i < FZ_NREGS; i++) {
        switch (fz_pick(r, 4)) {
        case 0:
            c->a[i] = fz_next(r);
            break;
        case 1:
            c->a[i] = fz_pick(r, 2 * UK_CAP_SLOTS);
            break;
        case 2:
            c->a[i] = fz_addr_hostile(r);
            break;
        default:
            c->a[i] = fz_buffer(r, classes);
            break;
        }
    }
}

static void gen_huge(struct fz_rng *r, struct fz_call *c, uint64_t classes)
{
    (void)classes;
    uint64_t left;
    set(c, UK_SYS_UNMAP, FZ_OP_SYSCALL);
    c->a[FZ_RDI] = fz_chance(r, 30)   ? FZ_SLOT_OWN
                   : fz_chance(r, 80) ? FZ_SLOT_SCRATCH
                                      : fz_slot_any(r);
    c->a[FZ_RSI] = fz_chance(r, 50) ? fz_region_addr(r, &left) : fz_pick(r, 1ull << 35) * PAGE;
    /* The most pages that are still a valid range, or a little less. */
    uint64_t most = (FZ_TOP_PAGE - c->a[FZ_RSI]) / PAGE;
    c->a[FZ_RDX] = most ? most - fz_pick(r, most < 1024 ? most : 1024) : 1;
}

static void gen_bigwrite(struct fz_rng *r, struct fz_call *c, uint64_t classes)
{
    (void)classes;
    set(c, UK_SYS_DEBUG_WRITE, FZ_OP_SYSCALL);
    c->a[FZ_RDI] = FZ_SAFE_VA + fz_pick(r, 16);
    c->a[FZ_RSI] = FZ_SAFE_PAGES_BIG * PAGE - 16 - fz_pick(r, MiB / 2);
}

static void gen_top(struct fz_rng *r, struct fz_call *c, uint64_t classes)
{
    uint64_t avail;
    if (fz_chance(r, 50)) {
        set(c, UK_SYS_MAP, FZ_OP_TOP);
        c->a[0] = fz_chance(r, 50) ? FZ_SLOT_OWN : FZ_SLOT_SCRATCH;
        c->a[1] = FZ_TOP_PAGE;
        expect(c, FZ_EXPECT_ERROR, 0, "the last user page is never mapped");
        return;
    }
    /* A range that ends in the last page. */
    set(c, UK_SYS_MAP, FZ_OP_SYSCALL);
    c->a[FZ_RDI] = fz_slot_space(r);
    c->a[FZ_RSI] = fz_map_source(r, classes, &avail);
    c->a[FZ_R10] = 1 + fz_pick(r, avail);
    c->a[FZ_RDX] = UK_USER_TOP - c->a[FZ_R10] * PAGE;
    c->a[FZ_R8] = fz_pick(r, 4);
    expect(c, FZ_EXPECT_ERROR, 0, "the last user page is never mapped");
}

static void gen_bits(struct fz_rng *r, struct fz_call *c, uint64_t classes)
{
    uint64_t avail, left;
    uint64_t stray =
        fz_chance(r, 50) ? 1ull << (2 + fz_pick(r, 62)) : fz_next(r) & ~(uint64_t)UK_RIGHTS_ALL;
    if (!stray)
        stray = 1ull << 32;
    if (fz_chance(r, 50)) {
        set(c, UK_SYS_MAP, FZ_OP_SYSCALL);
        c->a[FZ_RDI] = FZ_SLOT_SCRATCH;
        c->a[FZ_RSI] = fz_map_source(r, classes, &avail);
        c->a[FZ_RDX] = fz_region_addr(r, &left);
        c->a[FZ_R10] = 1;
        c->a[FZ_R8] = fz_pick(r, 4) | (stray & ~3ull ? stray & ~3ull : 4);
        expect(c, FZ_EXPECT_ERROR, 0, "map permissions have bits besides write and execute");
        return;
    }
    set(c, UK_SYS_CAP_COPY, FZ_OP_SYSCALL);
    c->a[FZ_RDI] = fz_chance(r, 50) ? FZ_SLOT_OWN : FZ_SLOT_SCRATCH;
    c->a[FZ_RSI] = UK_CAP_ANY;
    c->a[FZ_RDX] = fz_pick(r, FZ_SLOTS_GIVEN);
    c->a[FZ_R10] = fz_pick(r, UK_RIGHTS_ALL + 1) |
                   (stray & ~(uint64_t)UK_RIGHTS_ALL ? stray & ~(uint64_t)UK_RIGHTS_ALL : 16);
    expect(c, FZ_EXPECT_ERROR, 0, "rights mask has bits besides UK_RIGHTS_ALL");
}

static void gen_prio(struct fz_rng *r, struct fz_call *c, uint64_t classes)
{
    (void)classes;
    set(c, UK_SYS_THREAD_CREATE, FZ_OP_SPAWN);
    c->a[FZ_RDI] = fz_chance(r, 70) ? FZ_SLOT_OWN : FZ_SLOT_SCRATCH;
    c->a[FZ_RSI] = (uint64_t)fz_child_exit;
    c->a[FZ_RDX] = FZ_CHILD_STACK_VA + PAGE;
    c->a[FZ_R10] = 0;
    c->a[FZ_R8] = FZ_TASK_PRIO + 1 + fz_pick(r, UK_PRIO_MAX - FZ_TASK_PRIO);
    c->a[FZ_R9] = ~0ull;
    expect(c, FZ_EXPECT_ERROR, 0, "no thread may outrank its creator");
}

static void gen_exhaust(struct fz_rng *r, struct fz_call *c, uint64_t classes)
{
    (void)classes;
    set(c, 0, FZ_OP_EXHAUST);
    /* Not copies: they take no memory. */
    c->a[0] = fz_pick(r, 5);
    if (c->a[0] == 4)
        c->a[0] = FZ_EXHAUST_ITEMS;
    expect(c, FZ_EXPECT_EXACT, UK_OK, "refused in the end, and all refunded when deleted");
}

static bool in_low_region(uint64_t va)
{
    return va >= FZ_LOW_START && va < FZ_PLAY_VA;
}

/* UK_SYS_REVOKE: of the playground (own mappings too, or not), of the
 * task's own pages (what was derived from them goes, they stay; now and
 * then they go too, and the task may well die of it), or with arguments
 * that must fail. */
static void gen_revoke(struct fz_rng *r, struct fz_call *c)
{
    static const uint64_t own[] = { 0x400000,   FZ_SHARED_VA, FZ_CODE_VA,         FZ_CHILD_STACK_VA,
                                    FZ_SAFE_VA, FZ_ZERO_VA,   FZ_STACK_TOP - PAGE };
    uint64_t left;
    set(c, UK_SYS_REVOKE, FZ_OP_SYSCALL);
    switch (fz_pick(r, 5)) {
    case 0:
    case 1:
        c->a[FZ_RDI] = fz_region_addr(r, &left);
        c->a[FZ_RSI] = fz_some_pages(r, left);
        c->a[FZ_RDX] = fz_pick(r, 2) ? UK_REVOKE_SELF : 0;
        expect(c, FZ_EXPECT_EXACT, UK_OK, "revoke of a range of user pages");
        break;
    case 2:
        c->a[FZ_RDI] = own[fz_pick(r, sizeof(own) / sizeof(own[0]))];
        c->a[FZ_RSI] = 1 + fz_pick(r, 16);
        c->a[FZ_RDX] = fz_pick(r, 1000) < 3 ? UK_REVOKE_SELF : 0;
        if (!c->a[FZ_RDX])
            expect(c, FZ_EXPECT_EXACT, UK_OK, "revoke of the task's own pages");
        break;
    case 3:
        c->a[FZ_RDI] = fz_region_addr(r, &left);
        c->a[FZ_RSI] = 1;
        c->a[FZ_RDX] = 1ull << (1 + fz_pick(r, 63)) | fz_pick(r, 2);
        expect(c, FZ_EXPECT_ERROR, 0, "revoke flags have bits besides UK_REVOKE_SELF");
        break;
    default:
        if (fz_chance(r, 50)) {
            c->a[FZ_RDI] = fz_addr_not_user(r) & ~(PAGE - 1);
            c->a[FZ_RSI] = 1 + fz_pick(r, 4);
        } else {
            c->a[FZ_RDI] =
                fz_region_addr(r, &left) + (fz_chance(r, 50) ? 1 + fz_pick(r, PAGE - 1) : 0);
            c->a[FZ_RSI] = c->a[FZ_RDI] & (PAGE - 1) ? 1 : 0;
        }
        c->a[FZ_RDX] = fz_pick(r, 2);
        expect(c, FZ_EXPECT_ERROR, 0, "revoke range is not user pages");
        break;
    }
}

/*
 * An item (map, grant or copy) to a thread of the task that receives
 * with a window, or revoke.  The rules of maps hold: sources are the
 * safe, zero and code pages and what was mapped from them, a grant's only
 * the playground (the task's own pages stay where they are), and windows
 * never touch the low region; copies land in the zero pages, so they
 * only ever hold what safe, zero and code pages hold.
 */
static void gen_item(struct fz_rng *r, struct fz_call *c, uint64_t classes)
{
    uint64_t avail, left, kind = 1 + fz_pick(r, 3);
    if (fz_chance(r, 25)) {
        gen_revoke(r, c);
        return;
    }
    set(c, 0, FZ_OP_ITEM);
    uint64_t src = fz_map_source(r, classes, &avail) & ~(PAGE - 1);
    if (kind == UK_ITEM_GRANT && in_low_region(src))
        src = FZ_PLAY_VA + (src & (2 * MiB - 1));
    uint64_t pages = fz_some_pages(r, avail < UK_ITEM_MAX_PAGES ? avail : UK_ITEM_MAX_PAGES);
    if (fz_chance(r, 5) && avail < UK_ITEM_MAX_PAGES)
        pages = avail + 1; /* runs past the source */
    uint64_t item = src | kind << UK_ITEM_KIND_SHIFT | (pages - 1);
    if (kind == UK_ITEM_COPY)
        item |= (1 + fz_pick(r, PAGE)) << UK_ITEM_BYTES_SHIFT;
    else
        item |= fz_pick(r, 4) << 8; /* write, exec */
    bool bad = src >= UK_USER_TOP;
    if (fz_chance(r, 5)) { /* a stray bit or no kind */
        item = fz_chance(r, 50) ? item | 1ull << (10 + fz_pick(r, 2)) : item & ~(3ull << 6);
        bad = true;
    }
    /* The window: in the playground (or below the low region), sometimes
     * too small, or nowhere a window can be. */
    uint64_t base = fz_region_addr(r, &left), wpages = pages + fz_pick(r, 4);
    if (wpages > left)
        wpages = left;
    if (base < FZ_PLAY_VA && base + wpages * PAGE > FZ_LOW_START)
        base = FZ_PLAY_VA + (base & (2 * MiB - 1));
    uint64_t window = base | (wpages - 1);
    if (kind != UK_ITEM_COPY && fz_chance(r, 10)) {
        window = fz_chance(r, 50) ? (fz_addr_not_user(r) & ~(PAGE - 1)) : base | (pages - 2);
        bad = bad || pages > 1 || window >= UK_USER_TOP;
    }
    c->a[0] = item;
    c->a[1] = window;
    c->a[2] = fz_chance(r, 30); /* CALL */
    if (bad)
        expect(c, FZ_EXPECT_ERROR, 0, "item or window that cannot be");
}

/* Weights add up to about 760,000 with every class on: class flood comes
 * about once in 7,600 calls, exhaust once in 38,000, bigwrite (a megabyte
 * of console output) once in 380,000. */
const struct fz_class_info fz_classes[FZ_NCLASSES] = {
    [FZ_NR] = { "nr", 20000, gen_nr },
    [FZ_SLOT] = { "slot", 50000, gen_slot },
    [FZ_ADDR] = { "addr", 60000, gen_addr },
    [FZ_LEN] = { "len", 50000, gen_len },
    [FZ_MAP] = { "map", 160000, gen_map },
    [FZ_IPC] = { "ipc", 160000, gen_ipc },
    [FZ_THREAD] = { "thread", 60000, gen_thread },
    [FZ_CAP] = { "cap", 90000, gen_cap },
    [FZ_FLOOD] = { "flood", 100, gen_flood },
    [FZ_CONSOLE] = { "console", 10000, gen_console },
    [FZ_SHUTDOWN] = { "shutdown", 2000, gen_shutdown },
    [FZ_RANDOM] = { "random", 60000, gen_random },
    [FZ_ITEM] = { "item", 40000, gen_item },
    [FZ_DEVICE] = { "device", 10000, gen_device },
    [FZ_HUGE] = { "huge", 5000, gen_huge },
    [FZ_BIGWRITE] = { "bigwrite", 2, gen_bigwrite },
    [FZ_TOP] = { "top", 2000, gen_top },
    [FZ_BITS] = { "bits", 20000, gen_bits },
    [FZ_PRIO] = { "prio", 10000, gen_prio },
    [FZ_EXHAUST] = { "exhaust", 20, gen_exhaust },
};
