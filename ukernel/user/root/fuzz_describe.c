/* SPDX-License-Identifier: MIT */
/*
 * One line per fuzzed call, for traces and failure reports: the class,
 * the system call by name with the registers it reads in hex (every
 * register for classes nr and random), or what a compound operation
 * does.  The same line comes out of the fuzz task (trace=) and of the
 * root task (failures), as both run this code.
 */
#include "fmt.h"
#include "fuzz_rand.h"
#include <stdarg.h>

/* Each known call with the names of the registers it reads. */
static const struct {
    const char *name;
    const char *arg[FZ_NREGS]; /* rdi rsi rdx r10 r8 r9 r12 r13 r14 */
} sys_info[UK_SYS_COUNT] = {
    [UK_SYS_NULL] = { "NULL", { 0 } },
    [UK_SYS_SEND] = { "SEND", { "slot", "info", "mr0", "mr1", "mr2", "mr3", "sbuf" } },
    [UK_SYS_RECV] = { "RECV", { "slot", "flags", 0, 0, 0, 0, 0, "rbuf", "rcap" } },
    [UK_SYS_CALL] = { "CALL",
                      { "slot", "info", "mr0", "mr1", "mr2", "mr3", "sbuf", "rbuf", "rcap" } },
    [UK_SYS_REPLY_RECV] = { "REPLY_RECV",
                            { "slot", "info", "mr0", "mr1", "mr2", "mr3", "sbuf", "rbuf",
                              "rcap" } },
    [UK_SYS_REPLY] = { "REPLY", { 0, "info", "mr0", "mr1", "mr2", "mr3", "sbuf" } },
    [UK_SYS_NOTIFY] = { "NOTIFY", { "slot" } },
    [UK_SYS_WAIT] = { "WAIT", { "slot", "flags", "ticks" } },
    [UK_SYS_YIELD] = { "YIELD", { 0 } },
    [UK_SYS_THREAD_CREATE] = { "THREAD_CREATE",
                               { "space", "entry", "stack", "arg", "prio", "exit" } },
    [UK_SYS_THREAD_START] = { "THREAD_START", { "slot" } },
    [UK_SYS_THREAD_STATUS] = { "THREAD_STATUS", { "slot" } },
    [UK_SYS_THREAD_EXIT] = { "THREAD_EXIT", { "code" } },
    [UK_SYS_SPACE_CREATE] = { "SPACE_CREATE", { "frames" } },
    [UK_SYS_MAP] = { "MAP", { "space", "src", "dst", "pages", "perms" } },
    [UK_SYS_UNMAP] = { "UNMAP", { "space", "va", "pages" } },
    [UK_SYS_ENDPOINT_CREATE] = { "ENDPOINT_CREATE", { 0 } },
    [UK_SYS_NOTIFICATION_CREATE] = { "NOTIFICATION_CREATE", { 0 } },
    [UK_SYS_CAP_COPY] = { "CAP_COPY", { "space", "to", "from", "rights", "badge" } },
    [UK_SYS_DEBUG_WRITE] = { "DEBUG_WRITE", { "buf", "len" } },
    [UK_SYS_SHUTDOWN] = { "SHUTDOWN", { "status" } },
    [UK_SYS_CAP_DELETE] = { "CAP_DELETE", { "slot" } },
    [UK_SYS_QUOTA] = { "QUOTA", { "space" } },
    [UK_SYS_REVOKE] = { "REVOKE", { "va", "pages", "flags" } },
    [UK_SYS_IO_PORTS] = { "IO_PORTS", { "slot", "space", "first", "count", "flags" } },
    [UK_SYS_IRQ_BIND] = { "IRQ_BIND", { "slot", "line", "ntfn" } },
    [UK_SYS_IRQ_ACK] = { "IRQ_ACK", { "slot", "line" } },
    [UK_SYS_DMA_ALLOC] = { "DMA_ALLOC", { "slot", "va", "pages" } },
};

static const char *const reg_names[FZ_NREGS] = { "rdi", "rsi", "rdx", "r10", "r8",
                                                 "r9",  "r12", "r13", "r14" };

static const char *const flood_names[] = {
    "endpoints", "notifications",          "spaces",
    "threads",   "copies of the endpoint", "map items into a new space"
};

const char *fz_sys_name(uint64_t nr)
{
    return nr < UK_SYS_COUNT ? sys_info[nr].name : NULL;
}

/* Formatted text appended to a buffer that may fill up. */
struct line {
    char *buf;
    size_t size, len;
};

static void add(struct line *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(struct line *l, const char *fmt, ...)
{
    if (l->len + 1 >= l->size)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = fmt_vsnprintf(l->buf + l->len, l->size - l->len, fmt, ap);
    va_end(ap);
    l->len += (size_t)n < l->size - l->len ? (size_t)n : l->size - l->len - 1;
}

void fz_describe(const struct fz_call *c, char *buf, size_t size)
{
    struct line l = { buf, size, 0 };
    buf[0] = '\0';
    add(&l, "[%s] ", fz_classes[c->cls].name);
    if (c->op == FZ_OP_FLOOD) {
        add(&l, "flood: new %s until refused, then %s", flood_names[c->a[0] % 5],
            c->a[1] ? "kept" : "deleted");
        return;
    }
    if (c->op == FZ_OP_EXHAUST) {
        add(&l, "create %s until refused, then delete them", flood_names[c->a[0] % 6]);
        return;
    }
    if (c->op == FZ_OP_ITEM) {
        add(&l, "%s(item=0x%lx) to a thread in RECV(window=0x%lx)", c->a[2] ? "CALL" : "SEND",
            c->a[0], c->a[1]);
        return;
    }
    if (c->op == FZ_OP_TOP) {
        add(&l,
            "MAP(space=0x%lx, src=0x%lx, dst=0x%lx, pages=0x1, perms=EXEC), then a thread there "
            "runs the syscall at 0x%lx",
            c->a[0], (uint64_t)FZ_CODE_VA, c->a[1], (uint64_t)(c->a[1] + PAGE - FZ_CODE_TAIL));
        return;
    }
    /* Named arguments of a known call; every register otherwise. */
    const char *name = fz_sys_name(c->nr);
    bool all = !name || c->cls == FZ_RANDOM || c->cls == FZ_NR;
    if (name)
        add(&l, "%s(", name);
    else
        add(&l, "syscall 0x%lx(", c->nr);
    for (unsigned i = 0, n = 0; i < FZ_NREGS; i++) {
        const char *arg = all ? reg_names[i] : sys_info[c->nr].arg[i];
        if (arg)
            add(&l, "%s%s=0x%lx", n++ ? ", " : "", arg, c->a[i]);
    }
    add(&l, ")%s", c->op == FZ_OP_SPAWN ? " + THREAD_START" : "");
}
