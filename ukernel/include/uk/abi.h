/* SPDX-License-Identifier: MIT */
/*
 * The microkernel's user ABI: the one interface header user programs and
 * the kernel share.  Everything a task can ask of the kernel is listed here.
 *
 * System call convention (x86_64 `syscall`):
 *   rax            system call number in, error code out (UK_OK or < 0)
 *   rdi            capability slot in; badge of the sender out (receive)
 *   rsi            message info in/out (UK_INFO_* below)
 *   rdx r10 r8 r9  message registers MR0..MR3 in/out, or plain arguments
 *   r12            send buffer of a long message (info length > 0)
 *   r13, r14       receive buffer and its capacity for a long message
 *   rbx            item of a message (UK_INFO_ITEM) in; item received out
 *   r15            receive window (UK_INFO_WINDOW) for map and grant items
 *   rbp            timeout of a CALL or REPLY_RECV with UK_INFO_TIMEOUT
 *   rcx, r11       clobbered by the instruction itself; all others preserved
 *
 * Capabilities live in a per-address-space table of UK_CAP_SLOTS slots.
 * A task can only name objects through its slots, and only use them as the
 * rights in the slot allow: that is how "who may send to whom" is enforced.
 */
#ifndef UK_ABI_H
#define UK_ABI_H

/* System call numbers. */
/* clang-format off */
#define UK_SYS_NULL 0        /* returns UK_OK; the cheapest kernel entry */
#define UK_SYS_SEND 1        /* rdi=endpoint cap, rsi=info, MR0-3, r12 */
#define UK_SYS_RECV 2        /* rdi=endpoint cap, rsi=flags, r13, r14; rdx=
                                timeout in timer ticks if UK_INFO_TIMEOUT */
#define UK_SYS_CALL 3        /* send, then wait for the reply, atomically;
                                rbp=timeout if UK_INFO_TIMEOUT */
#define UK_SYS_REPLY_RECV 4  /* reply to the last caller, then receive on rdi;
                                rbp=timeout of the receive if UK_INFO_TIMEOUT */
#define UK_SYS_REPLY 5       /* reply to the last caller, do not wait */
#define UK_SYS_NOTIFY 6      /* rdi=notification cap: OR its badge into it */
#define UK_SYS_WAIT 7        /* rdi=notification cap, rsi=flags, rdx=timeout
                                in timer ticks if UK_INFO_TIMEOUT; rdi=bits out */
#define UK_SYS_YIELD 8
#define UK_SYS_THREAD_CREATE 9 /* rdi=space cap, rsi=entry, rdx=stack,
                                  r10=arg (in rdi at entry), r8=priority,
                                  r9=exit notification cap or -1;
                                  out: rdi=thread cap slot */
#define UK_SYS_THREAD_START 10 /* rdi=thread cap */
#define UK_SYS_THREAD_STATUS 11 /* rdi=thread cap; out: rdi=state,
                                   rsi=exit code or fault address, rdx=vector */
#define UK_SYS_THREAD_EXIT 12  /* rdi=exit code; does not return */
#define UK_SYS_SPACE_CREATE 13 /* rdi=frames of kernel memory to hand over
                                  (>= UK_SPACE_COST); out: rdi=space cap slot */
#define UK_SYS_MAP 14          /* rdi=space cap, rsi=own va, rdx=dest va,
                                  r10=pages (1..UK_MAP_MAX_PAGES), r8=UK_MAP_* */
#define UK_SYS_UNMAP 15        /* rdi=space cap, rsi=va, rdx=pages; may
                                  return with rsi, rdx advanced (restarts) */
#define UK_SYS_ENDPOINT_CREATE 16 /* out: rdi=slot */
#define UK_SYS_NOTIFICATION_CREATE 17 /* out: rdi=slot */
#define UK_SYS_CAP_COPY 18     /* rdi=dest space cap, rsi=dest slot or
                                  UK_CAP_ANY, rdx=own slot, r10=rights mask,
                                  r8=badge (0 keeps the badge); out: rdi=slot */
#define UK_SYS_DEBUG_WRITE 19  /* rdi=buffer, rsi=length: console output;
                                  may return with rdi, rsi advanced */
#define UK_SYS_SHUTDOWN 20     /* rdi=status; root task only */
#define UK_SYS_CAP_DELETE 21   /* rdi=own slot: empty it; the last capability
                                  to an object frees it (a live thread is
                                  ended; a space once no thread runs in it) */
#define UK_SYS_QUOTA 22        /* rdi=space cap (control) or UK_CAP_ANY for
                                  one's own; out: rdi=frames it may still take */
#define UK_SYS_REVOKE 23       /* rdi=own va, rsi=pages, rdx=UK_REVOKE_*:
                                  take back every mapping derived from the
                                  caller's pages; may return with rdi, rsi
                                  advanced (restarts) */
/* Devices (user-level drivers); each needs a device capability, which
 * only root has at boot (slots below) and may copy, narrowed by a badge. */
#define UK_SYS_IO_PORTS 24     /* rdi=I/O-port cap, rsi=space cap (control),
                                  rdx=first port, r10=count, r8=UK_IO_*: let
                                  the space use in/out on those ports (or,
                                  UK_IO_DENY, no longer); any other port
                                  faults (general protection) */
#define UK_SYS_IRQ_BIND 25     /* rdi=IRQ cap, rsi=line, rdx=notification cap
                                  (send) or UK_CAP_ANY to unbind: the line's
                                  interrupt masks it and signals the badge */
#define UK_SYS_IRQ_ACK 26      /* rdi=IRQ cap, rsi=line: unmask it again */
#define UK_SYS_DMA_ALLOC 27    /* rdi=DMA cap, rsi=va, rdx=pages (1..
                                  UK_DMA_MAX_PAGES): map that many physically
                                  contiguous zeroed frames there, writable,
                                  charged to the caller's account; out:
                                  rdi=physical address of the first.
                                  rdx=0: only look up the physical address
                                  of own address rsi (UK_EFAULT unmapped) */
#define UK_SYS_COUNT 28
/* clang-format on */

/* The argument words of each call: abi-args.txt beside this file (kept out
 * of the kernel's counted source; scripts/interface.sh checks it names
 * exactly these calls). */

/* Error codes (returned in rax). */
#define UK_OK 0
#define UK_EINVAL (-1)   /* an argument is out of range */
#define UK_ECAP (-2)     /* empty slot, slot out of range, wrong object type */
#define UK_EPERM (-3)    /* the capability lacks the right */
#define UK_EFAULT (-4)   /* a buffer is not mapped, or not user memory */
#define UK_ETIMEOUT (-5) /* poll found no partner, or a timeout ran out */
#define UK_ENOMEM (-6)
#define UK_ENOSYS (-7) /* no such system call */
#define UK_EABORT (-8) /* the partner died before the operation completed */
#define UK_EBUSY (-9)    /* a destination page of a map or item is already mapped */
#define UK_EWINDOW (-10) /* the receiver named no window or buffer the item fits in */

/* Message info word (rsi). */
#define UK_INFO_LEN_MASK 0x1fffULL /* long message length, 0..4096 */
#define UK_INFO_POLL (1ULL << 16)  /* in: do not block */
#define UK_INFO_TRUNC (1ULL << 17) /* out: long message was cut */
/* In: give up after n timer ticks (UK_ETIMEOUT), like UK_SYS_WAIT: n in rdx
 * for WAIT and RECV, in rbp for CALL and REPLY_RECV (their rdx is MR0).
 * n = 0 is a poll for WAIT and RECV and UK_EINVAL for CALL (no reply could
 * come); a larger n than the timer can count waits for good.  A CALL's
 * timeout covers its send and its wait for the reply; when it ends the
 * wait for the reply, the callee's later REPLY or REPLY_RECV fails with
 * UK_ETIMEOUT (owing nothing any more, the callee's REPLY_RECV does not
 * receive), and can never reach a later call of the caller's.  Ignored by
 * SEND and REPLY.  Timed waits always take the general path. */
#define UK_INFO_TIMEOUT (1ULL << 18)
#define UK_INFO_ITEM (1ULL << 21)  /* in: rbx holds an item; out: one arrived */
/* In: r15 is the receive window of this receive (RECV, the reply of a
 * CALL, the receive of REPLY_RECV); passes through to the partner. */
#define UK_INFO_WINDOW (1ULL << 22)
#define UK_INFO_LABEL_SHIFT 32 /* bits 32-63 pass through untouched */
#define UK_MSG_MAX 4096
#define UK_MSG_REGS 4

/*
 * Kernel memory.  Every space has an account of frames (4 KiB) it may
 * still take; every kernel allocation is charged to one: a new thread,
 * endpoint or notification to the space whose slot receives it, the page
 * tables of a mapping to the receiving space (which opened the window), a
 * new space to the frames its creator hands over (UK_SPACE_COST of them
 * become the space itself).  Root's account starts with all free memory.
 * An empty account is UK_ENOMEM for the caller, never another task's
 * problem, and a failed call refunds what it took.  UK_SYS_QUOTA reads an
 * account.  Deleting the last capability to an endpoint, notification or
 * thread frees it and refunds its payer (threads blocked on the first two
 * get UK_EABORT; a live thread is ended first).  A space no capability
 * names and no thread runs in is freed with its page tables; its account
 * returns to its creator once nothing it paid for exists.
 */
#define UK_SPACE_COST 2

/*
 * Items: pages that travel with a message (L4's map and grant, and a
 * gathered copy), one per message, in rbx when the info word has
 * UK_INFO_ITEM, on every sending call (SEND, CALL, REPLY, REPLY_RECV):
 *   bits 0-5    pages - 1 (1..UK_ITEM_MAX_PAGES), contiguous from the base
 *   bits 6-7    UK_ITEM_MAP: the receiver gets a mapping, the sender keeps
 *               its own; UK_ITEM_GRANT: the mapping moves, the sender's is
 *               gone; UK_ITEM_COPY: `bytes` of each page are copied
 *   bits 8-9    UK_ITEM_WRITE, UK_ITEM_EXEC: rights the receiver gets (map,
 *               grant); never more than the sender holds on every page
 *   bits 12-46  the base: a page-aligned address in the sender's space
 *   bits 48-60  UK_ITEM_COPY only: bytes of each page to copy, 1..4096
 *   other bits  zero
 * The receiver names where items may land when it receives: map and grant
 * land in its window, r15 with UK_INFO_WINDOW in its info word (a page-
 * aligned base | pages - 1, up to 4096 pages), at the window's base; every
 * page they land on must be unmapped.  A copy lands in the receive buffer
 * at r13 + UK_MSG_MAX, page i at + i * 4096 (the long part keeps the first
 * UK_MSG_MAX bytes), so r14 must reach the last byte.  The receiver's info
 * word then has UK_INFO_ITEM and rbx the item as it landed: the sender's
 * word with the base replaced by the window's (map, grant) or 0 (copy).
 *
 * The kernel checks the whole item before anything changes: the sender
 * holds every page with the rights asked for (UK_EFAULT), the bits are
 * well formed (UK_EINVAL), the receiver's window or buffer fits
 * (UK_EWINDOW), its landing pages are free (UK_EBUSY) and its account pays
 * for the page tables and mapping records (UK_ENOMEM).  A failed item is
 * an error for the sender only, and changes nothing: the receiver keeps
 * waiting (a caller waiting for a reply too: the server may reply again).
 * An item's message always takes the general path; one kernel entry
 * copies at most UK_ITEM_MAX_PAGES pages of 4 KiB.
 *
 * Every mapping the kernel makes (UK_SYS_MAP or an item) is recorded as
 * derived from the page it came from; a grant puts the receiver's mapping
 * in the sender's place.  UK_SYS_REVOKE takes back every mapping derived
 * from the caller's pages, recursively (maps of maps, in any space),
 * without anyone's cooperation; with UK_REVOKE_SELF the caller's own go
 * too.  UK_SYS_UNMAP and the end of a space take a page's derived mappings
 * with it.
 */
#define UK_ITEM_MAX_PAGES 64ULL
#define UK_ITEM_MAP 1ULL
#define UK_ITEM_GRANT 2ULL
#define UK_ITEM_COPY 3ULL
#define UK_ITEM_KIND_SHIFT 6
#define UK_ITEM_WRITE (1ULL << 8)
#define UK_ITEM_EXEC (1ULL << 9)
#define UK_ITEM_BYTES_SHIFT 48
#define UK_ITEM_BASE_MASK 0x00007ffffffff000ULL
#define UK_ITEM(kind, base, pages, rights)                                                         \
    ((kind) << UK_ITEM_KIND_SHIFT | ((pages) - 1) | (rights) | (base))
#define UK_ITEM_COPY_OF(base, pages, bytes)                                                        \
    (UK_ITEM(UK_ITEM_COPY, base, pages, 0) | (unsigned long long)(bytes) << UK_ITEM_BYTES_SHIFT)
#define UK_WINDOW(base, pages) ((base) | ((pages) - 1))
#define UK_REVOKE_SELF 1ULL /* also drop the caller's own mappings */

/* Capability slots and rights. */
#define UK_CAP_SLOTS 64
#define UK_CAP_ANY (~0ULL)  /* "the first free slot" where a slot is asked for */
#define UK_RIGHT_SEND 1u    /* endpoint: send/call; notification: notify */
#define UK_RIGHT_RECV 2u    /* endpoint: receive; notification: wait */
#define UK_RIGHT_MAP 4u     /* space: map and unmap pages into it */
#define UK_RIGHT_CONTROL 8u /* space: create threads, copy caps in; thread: start, status */
#define UK_RIGHTS_ALL 15u

/* Slots the kernel fills in the root task's table. */
#define UK_ROOT_SPACE_SLOT 0
#define UK_ROOT_THREAD_SLOT 1
#define UK_ROOT_IOPORT_SLOT 2 /* every I/O port */
#define UK_ROOT_IRQ_SLOT 3    /* every IRQ line but the timer's and the cascade */
#define UK_ROOT_DMA_SLOT 4    /* contiguous memory for DMA */

/* Device capabilities carry what they cover in their badge; UK_SYS_CAP_COPY
 * with a badge (r8) narrows them (never widens: UK_EPERM).  An I/O-port
 * cap: first port | count << 16 (count 1..65536); an IRQ cap: a mask of
 * lines 0..15. */
#define UK_IO_RANGE(first, count) ((unsigned long long)(first) | (unsigned long long)(count) << 16)
#define UK_IO_DENY 1ULL
#define UK_IRQ_LINES 16
#define UK_DMA_MAX_PAGES 16ULL

/* Map permissions.  A mapping is writable or executable only if the source
 * page is; other bits are an error (UK_EINVAL).  Every destination page
 * must be unmapped (UK_EBUSY): a mapping is never silently replaced. */
#define UK_MAP_WRITE 1u
#define UK_MAP_EXEC 2u
#define UK_MAP_MAX_PAGES 1024ULL /* pages one UK_SYS_MAP may map */

/* Thread states reported by UK_SYS_THREAD_STATUS. */
#define UK_THREAD_ALIVE 0
#define UK_THREAD_EXITED 1 /* rsi = exit code */
#define UK_THREAD_KILLED 2 /* rsi = fault address, rdx = vector */

/* User address-space layout. */
#define UK_PAGE_SIZE 4096ULL
#define UK_USER_TOP 0x0000800000000000ULL /* first non-user address */
/* The last user page can never be mapped: a `syscall` in its last bytes
 * would make `sysretq` return to a non-canonical address, which faults in
 * ring 0 on Intel CPUs (the CVE-2012-0217 class).  Maps end here. */
#define UK_MAP_TOP (UK_USER_TOP - UK_PAGE_SIZE)
#define UK_PRIO_MAX 31 /* a thread may create threads up to its own priority */

/* What the kernel gives the root task, mapped read-only at UK_BOOTINFO_VA. */
#define UK_BOOTINFO_VA 0x200000ULL
#define UK_IMAGE_VA 0x40000000ULL /* read-only copy of the user ELF image */
#define UK_POOL_VA 0x100000000ULL /* root's zeroed memory pool (writable,
                                     executable: the source of code pages) */
#define UK_ROOT_STACK_TOP 0x7ff000000000ULL
#define UK_ROOT_STACK_PAGES 16

struct uk_bootinfo {
    unsigned long long image_size;        /* bytes at UK_IMAGE_VA */
    unsigned long long pool_size;         /* bytes at UK_POOL_VA */
    unsigned long long fastpath;          /* 1 if the IPC fastpath is compiled in */
    unsigned long long kernel_text_bytes; /* size of the kernel's code (.text) */
    unsigned long long timer_hz;          /* preemption timer frequency */
    char cpu_protection[32];              /* "smep smap", "smep", "smap" or "none" */
    char cmdline[512];                    /* the boot loader's command line */
};

#endif
