/* SPDX-License-Identifier: MIT */
/*
 * What wlprof needs to know of one x86-64 instruction, read from its bytes
 * at translation time: which event it is (syscall, CR3 write, port I/O,
 * ...), whether it is a string move whose stored bytes count, and whether
 * it is one of the markers of wl_marker.h.  Only what that takes is
 * decoded: legacy prefixes, REX, the opcode and, for 0f 01 and 0f 22, the
 * ModRM byte.  The code is taken to be 64-bit (REX bytes are prefixes).
 */
#ifndef X86_CLASS_H
#define X86_CLASS_H

#include <stddef.h>
#include <stdint.h>

enum wl_event {
    EV_SYSCALL,   /* 0f 05 */
    EV_SYSRET,    /* 0f 07 */
    EV_SYSENTER,  /* 0f 34 */
    EV_SYSEXIT,   /* 0f 35 */
    EV_INT,       /* cd ib, f1 (int1), ce (into) */
    EV_INT3,      /* cc */
    EV_IRET,      /* cf (iret, iretq) */
    EV_CR3,       /* 0f 22 /3: mov to cr3 */
    EV_CR4,       /* 0f 22 /4: mov to cr4 (the value, so PGE, is invisible) */
    EV_INVLPG,    /* 0f 01 /7, memory operand */
    EV_INVPCID,   /* 66 0f 38 82 */
    EV_HLT,       /* f4 */
    EV_PIO,       /* in/out: per execution; ins/outs: per memory access */
    EV_N,
    EV_NONE = EV_N
};

enum x86_mark { MARK_NONE, MARK_BEGIN, MARK_END, MARK_DOMAIN };

/* Which memory accesses of the instruction count (mem_event, str_bytes). */
enum x86_rw { RW_NONE, RW_READ, RW_WRITE };

struct x86_class {
    enum wl_event event;     /* counted once per execution */
    enum wl_event mem_event; /* counted once per access of direction rw */
    enum x86_rw rw;          /* direction for mem_event and str_bytes */
    unsigned str_bytes;      /* movs/stos: bytes per store (1, 2, 4, 8) */
    enum x86_mark mark;
    unsigned mark_id;
};

/* Classify the instruction in b[0..len); never reads past len. */
void x86_classify(const uint8_t *b, size_t len, struct x86_class *c);

extern const char *const wl_event_name[EV_N];

#endif
