/* SPDX-License-Identifier: MIT */
/*
 * Markers for the profiler (profiler/README.md): instructions that do
 * nothing on any system but that the QEMU plugin wlprof recognises by
 * their bytes when it translates them.  Header-only and freestanding: no
 * includes, usable in a kernel, a PV guest and a hosted program alike.
 *
 * Window markers are a long NOP with a 32-bit displacement that carries
 * the marker:  nopl DISP(%rax)  =  0f 1f 80 <DISP, little endian>
 *   DISP = 0x57A70000 | kind << 12 | id,  kind 1 = begin, 2 = end,
 *   id 0..4095 (the window's marker id, reported in the CSV).
 * A NOP with a memory operand never touches memory and changes no flag or
 * register, in any privilege level, on real CPUs and under TCG; each
 * marker costs one instruction in a normal run.
 *
 * A window counts the instructions retired after its begin marker up to
 * and including its end marker: exactly what a TSC delta counts under
 * `-icount shift=0` when each rdtsc sits immediately before a marker
 *   t0 = rdtsc; wl_mark_begin(); ...op...; t1 = rdtsc; wl_mark_end();
 * gives t1 - t0 == the plugin's count.
 *
 * The domain marker names the physical memory a domain runs from, for
 * telling apart domains that run one binary at the same virtual addresses
 * (Xen domUs).  It reads 4 bytes, so it clobbers the flags:
 *   cmpl $IMM, (%rax)      =  81 38 <IMM>                announce the page at rax
 *   cmpl $IMM, -10(%rip)   =  81 3d f6 ff ff ff <IMM>    announce the marker's own page
 *   IMM = 0x57A73000 | id, id 0..7.
 * Domain id is the set of physical pages announced for it: a domain
 * announces every page of its code, e.g.
 *   wl_mark_domain_here(ID);
 *   for (const char *p = text_start; p < text_end; p += 4096)
 *       wl_mark_domain(ID, p);
 * at boot, outside any window.  The second form also lets the plugin
 * relate host and guest-physical addresses (it sees the host address of
 * code and the physical address of data), which it needs before any
 * domain counts.
 */
#ifndef WL_MARKER_H
#define WL_MARKER_H

/* Plain constants: this part is also read by the assembler (test/guest.S). */
#define WL_MARK_MAGIC 0x57A70000
#define WL_MARK_BEGIN 1
#define WL_MARK_END 2
#define WL_MARK_DOMAIN 3
#define WL_MARK_ID_MAX 4095
#define WL_MARK_DOMAIN_MAX 7

#define WL_MARK_DISP(kind, id) (WL_MARK_MAGIC | (kind) << 12 | ((id) & WL_MARK_ID_MAX))

#ifndef __ASSEMBLER__

/* id must be a constant expression. */
#define wl_mark_begin_id(id) \
    __asm__ volatile(".byte 0x0f, 0x1f, 0x80\n\t.long %c0" ::"i"(WL_MARK_DISP(WL_MARK_BEGIN, id)) : "memory")
#define wl_mark_end_id(id) \
    __asm__ volatile(".byte 0x0f, 0x1f, 0x80\n\t.long %c0" ::"i"(WL_MARK_DISP(WL_MARK_END, id)) : "memory")

static inline void wl_mark_begin(void) { wl_mark_begin_id(0); }
static inline void wl_mark_end(void) { wl_mark_end_id(0); }

/* Announce the page holding p as domain id's (p must be readable). */
#define wl_mark_domain(id, p)                                                     \
    __asm__ volatile(".byte 0x81, 0x38\n\t.long %c1" ::"a"(p),                    \
                     "i"(WL_MARK_DISP(WL_MARK_DOMAIN, (id) & WL_MARK_DOMAIN_MAX)) \
                     : "cc", "memory")

/* Announce the page of this code as domain id's, and calibrate. */
#define wl_mark_domain_here(id)                                                    \
    __asm__ volatile(".byte 0x81, 0x3d, 0xf6, 0xff, 0xff, 0xff\n\t.long %c0" ::"i"( \
                         WL_MARK_DISP(WL_MARK_DOMAIN, (id) & WL_MARK_DOMAIN_MAX))   \
                     : "cc", "memory")

/* Announce every page of [start, end) -- a domain's code -- as domain
 * id's, after calibrating on the marker's own page.  id must be a
 * constant (it is part of the instruction). */
#define wl_mark_domain_code(id, start, end)                              \
    do {                                                                 \
        wl_mark_domain_here(id);                                         \
        for (const char *p_ = (start); p_ < (const char *)(end); p_ += 4096) \
            wl_mark_domain(id, p_);                                      \
    } while (0)

#endif /* !__ASSEMBLER__ */

#endif
