/* SPDX-License-Identifier: MIT */
/*
 * The fuzzer's call generator: call i of a run is a pure function of the
 * seed, i and the set of enabled classes (counter-based randomness, no
 * state carried from call to call), so a run can go on at any call after
 * the fuzz task was killed, and `seed=S` or `from=I` replays a call
 * exactly.  What a call may touch is limited by the rules in fuzz_gen.c,
 * so that only kernel bugs can hurt the root task, the witness or the
 * console.
 */
#ifndef ROOT_FUZZ_GEN_H
#define ROOT_FUZZ_GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Classes of hostile arguments, switched with classes= (names in
 * fuzz_classes.c).  The last six are the extremes that the kernel before
 * commit 57eb13c ("survives hostile tasks") and e3f0b57 (kernel-memory
 * accounts) failed at: classes=default,-huge,... leaves them out. */
enum fz_class {
    FZ_NR,       /* system call numbers out of range */
    FZ_SLOT,     /* capability slots out of range */
    FZ_ADDR,     /* kernel, non-canonical and edge addresses as buffers and ranges */
    FZ_LEN,      /* huge and unaligned lengths and page counts that must fail */
    FZ_MAP,      /* map and unmap random ranges, own space and scratch space */
    FZ_IPC,      /* send, receive, call, reply, notify, wait with random words */
    FZ_THREAD,   /* create, start, ask about threads; the fuzz task's own exit */
    FZ_CAP,      /* new endpoints, notifications, spaces; copies, deletes, accounts */
    FZ_FLOOD,    /* fill the capability table until the kernel refuses */
    FZ_CONSOLE,  /* debug writes of safe text or of invalid memory */
    FZ_SHUTDOWN, /* root-only shutdown: must be refused */
    FZ_RANDOM,   /* a valid number with every register random */
    FZ_ITEM,     /* map, grant and copy items to a receiving thread; revoke */
    FZ_DEVICE,   /* ports, IRQ lines, DMA without a device capability: refused */
    FZ_HUGE,     /* unmap of enormous page counts */
    FZ_BIGWRITE, /* debug writes of up to 1 MiB of valid text */
    FZ_TOP,      /* code in the last user page, `syscall` in its last bytes */
    FZ_BITS,     /* stray bits in map permissions and capability rights: refused */
    FZ_PRIO,     /* threads above their creator's priority: refused */
    FZ_EXHAUST,  /* create and delete objects until the task's account runs out */
    FZ_NCLASSES
};

#define FZ_ALL_CLASSES ((1ull << FZ_NCLASSES) - 1)
#define FZ_DEFAULT_CLASSES FZ_ALL_CLASSES /* what `make test` and `make fuzz` run */

/* What the fuzz task does with a call (fuzz_task.c). */
enum fz_op {
    FZ_OP_SYSCALL, /* one system call with the registers as given */
    FZ_OP_SPAWN,   /* THREAD_CREATE, then THREAD_START of the slot it returns */
    FZ_OP_FLOOD,   /* a[0] = FZ_FLOOD_*; create until refused; a[1] != 0: keep them */
    FZ_OP_EXHAUST, /* a[0] = FZ_FLOOD_*; create until refused, delete, check the account */
    FZ_OP_TOP,     /* map the code page at a[1] in space a[0]; if that works, run it */
    FZ_OP_ITEM,    /* a thread receives with window a[1]; SEND (a[2] = 0) or CALL item a[0] */
};

enum fz_flood { FZ_FLOOD_EP, FZ_FLOOD_NTFN, FZ_FLOOD_SPACE, FZ_FLOOD_THREAD, FZ_FLOOD_COPY };
/* Exhaust only: map items into a new space until its account is dry. */
#define FZ_EXHAUST_ITEMS 5

/* The result the kernel must give (the oracle). */
enum fz_expect {
    FZ_EXPECT_ANY,   /* whatever it returns */
    FZ_EXPECT_ERROR, /* any error, not UK_OK */
    FZ_EXPECT_EXACT, /* exactly `err` */
};

/* Registers of a system call, in uk/abi.h's order. */
enum { FZ_RDI, FZ_RSI, FZ_RDX, FZ_R10, FZ_R8, FZ_R9, FZ_R12, FZ_R13, FZ_R14, FZ_NREGS };

struct fz_call {
    uint64_t nr;          /* rax: system call number */
    uint64_t a[FZ_NREGS]; /* argument registers */
    uint8_t cls, op;      /* enum fz_class, enum fz_op */
    uint8_t expect;       /* enum fz_expect */
    int8_t err;           /* the error for FZ_EXPECT_EXACT */
    const char *why;      /* why that result is expected */
};

/* splitmix64's finaliser: the hash behind the generator (and the
 * witness's memory patterns). */
static inline uint64_t fz_mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* Call `index` of the run with this seed and class mask (which must not
 * be empty). */
void fz_gen(uint64_t seed, uint64_t index, uint64_t classes, struct fz_call *c);

/* Does result r meet the call's expectation? */
bool fz_expected(const struct fz_call *c, long r);

/* One line describing c ("[map] MAP(space=1, src=0x..., ...)"). */
void fz_describe(const struct fz_call *c, char *buf, size_t size);

/* Class names: parse a list ("default,top,-flood", "all", "map,ipc") into
 * a mask; returns -1 and the unknown word in *bad on error. */
int fz_parse_classes(const char *list, uint64_t *mask, const char **bad, size_t *bad_len);
/* The mask as a comma-separated list of names. */
void fz_format_classes(uint64_t mask, char *buf, size_t size);
const char *fz_class_name(unsigned cls);

#endif
