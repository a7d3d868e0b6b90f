// SPDX-License-Identifier: MIT
// wlprof: a QEMU TCG plugin that counts, inside measurement windows marked
// by the guest (wl_marker.h), where instructions ran and which
// system-making events happened (README.md says what each count means).
//
// Cost outside windows is kept low by never asking "are we in a window?"
// per instruction.  Every instruction adds 1 to its block's own counter by
// an inline operation (a memory add, no call); events add to theirs the
// same way.  One C callback per executed block moves what the previous
// block executed into the running totals of its place and domain, and
// counts a crossing when the place changes.  A window is the difference of
// the running totals at its two markers, taken by a C callback on the
// marker instructions only.  The domain of a block is looked up at run
// time and cached, since it is known only once the guest has announced
// its memory.
//
// Counting executed instructions, not executed blocks, keeps the totals
// equal to icount's when a block stops early: an I/O access in the middle
// of a block ends it there, and QEMU retranslates the access alone without
// instruction callbacks (CF_MEMI_ONLY), so each instruction counts once.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pagemap.h"
#include "qemu_plugin_api.h"
#include "wlprof.h"

// The API version this plugin declares; the test builds one that declares
// another, to see QEMU refuse it (tests/profiler.sh).
#ifndef WLPROF_API_VERSION
#define WLPROF_API_VERSION QEMU_PLUGIN_VERSION
#endif
QEMU_PLUGIN_EXPORT int qemu_plugin_version = WLPROF_API_VERSION;

// One translated block as the callbacks see it.  Blocks are retranslated
// (icount cuts blocks short at its deadlines), so equal blocks share one
// record, found by a hash of address, host address, length and bytes.
struct tbinfo {
    struct tbinfo *next;
    uint64_t count;    // instructions executed, by the inline operations
    uint64_t moved;    // the part of count already in the running totals
    uint64_t hot;      // the part of count executed inside hot windows
    uint64_t pend;     // ... inside the open hot window (kept if it is big enough)
    struct tbinfo *pend_next; // blocks with pend > 0
    uint64_t vaddr, key;
    uintptr_t haddr;
    uint32_t n;
    uint32_t full;     // instructions a whole execution counts (n less begin/end markers)
    uint8_t place;
    uint8_t dom;       // valid when gen == dom_gen
    uint32_t gen;
    struct mark *marks; // markers in this block, in order
};

// One marker instruction (window or domain).
struct mark {
    struct mark *next;
    struct tbinfo *tb;
    uint64_t vaddr;
    uintptr_t haddr;
    uint16_t id;
    uint8_t kind;   // enum x86_mark
    uint8_t place;
};

static struct config cfg;
static struct counts live, start; // running totals; totals at the open window's begin

static struct tbinfo *cur_tb; // the block executing now
static uint64_t cur_exec;     // instructions it counted in this execution
static uint8_t cur_place = PL_OTHER, cur_dom = DOM_NONE;
static bool open_window, hot_window;
static struct tbinfo *pend_list; // blocks that ran in the open hot window
static unsigned open_id;
static uint64_t windows, restarted, stray_ends, mismatched, bad_dom_marks;

// Guest-physical addresses of code: host address minus ram_base, learned
// from a domain marker that reads its own page (wl_marker.h).
static bool calibrated;
static uintptr_t ram_base;
static uint32_t dom_gen = 1; // bumped whenever a page is announced

#define TB_HASH_BITS 16
static struct tbinfo *tb_hash[1u << TB_HASH_BITS];

static void *xcalloc(size_t size)
{
    void *p = calloc(1, size);
    if (!p) {
        fputs("wlprof: out of memory\n", stderr);
        abort();
    }
    return p;
}

static uint8_t dom_of(uintptr_t haddr)
{
    if (!calibrated || !haddr)
        return DOM_NONE;
    uint64_t phys = (uint64_t)(haddr - ram_base);
    int d = pagemap_get(phys >> 12);
    if (d >= 0)
        return (uint8_t)d;
    for (d = 0; d < cfg.ndom; d++)
        if (phys >= cfg.dom[d].lo && phys <= cfg.dom[d].hi)
            return (uint8_t)d;
    return DOM_NONE;
}

// --- execution-time callbacks ------------------------------------------

// Bring the running totals up to date with the current block.
static void move_counts(void)
{
    struct tbinfo *t = cur_tb;
    if (!t)
        return;
    uint64_t n = t->count - t->moved;
    t->moved = t->count;
    cur_exec += n;
    if (hot_window && n) {
        if (!t->pend) {
            t->pend_next = pend_list;
            pend_list = t;
        }
        t->pend += n;
    }
    live.insns[t->place] += n;
    live.dom[t->dom] += n;
}

static void on_tb_exec(unsigned int vcpu, void *ud)
{
    (void)vcpu;
    struct tbinfo *t = ud;
    move_counts();
    // The previous block stopped before its end: an instruction faulted
    // (counted here, not by icount) or did I/O in mid-block (README.md).
    if (cur_tb && cur_exec < cur_tb->full)
        live.cut_blocks++;
    cur_exec = 0;
    cur_tb = t;
    if (t->place != cur_place) {
        live.cross[cur_place][t->place]++;
        cur_place = t->place;
    }
    if (cfg.ndom) {
        if (t->gen != dom_gen) {
            t->dom = dom_of(t->haddr);
            t->gen = dom_gen;
        }
        if (t->place != PL_HYP && t->dom != cur_dom) {
            live.dom_switches++;
            cur_dom = t->dom;
        }
    }
}

// The open hot window closes: its blocks' counts join the hot spots if
// it was big enough (hot_min=), and are dropped otherwise.
static void hot_end(bool keep)
{
    for (struct tbinfo *t = pend_list, *next; t; t = next) {
        next = t->pend_next;
        if (keep)
            t->hot += t->pend;
        t->pend = 0;
        t->pend_next = NULL;
    }
    pend_list = NULL;
    hot_window = false;
}

// The window holds the instructions after the begin marker up to and
// including the end marker.  Markers carry no inline counter, so the end
// marker is added here, and the order in which QEMU runs inline
// operations and callbacks of one instruction does not matter.
static void on_mark(unsigned int vcpu, void *ud)
{
    (void)vcpu;
    const struct mark *m = ud;
    if (m->kind == MARK_BEGIN) {
        if (open_window) {
            restarted++;
            hot_end(false);
        }
        move_counts();
        start = live;
        open_window = true;
        hot_window = cfg.hot && windows >= cfg.hot_windows.lo && windows <= cfg.hot_windows.hi;
        open_id = m->id;
        return;
    }
    move_counts();
    live.insns[m->place]++;
    live.dom[m->tb->dom]++;
    if (!open_window) {
        stray_ends++;
        return;
    }
    open_window = false;
    if (m->id != open_id) {
        hot_end(false);
        mismatched++;
        return;
    }
    struct counts w;
    const uint64_t *a = (const uint64_t *)&live, *b = (const uint64_t *)&start;
    uint64_t *d = (uint64_t *)&w;
    for (size_t i = 0; i < sizeof w / sizeof(uint64_t); i++)
        d[i] = a[i] - b[i];
    uint64_t total = 0;
    for (int p = 0; p < PL_N; p++)
        total += w.insns[p];
    hot_end(total >= cfg.hot_min);
    output_window(windows++, m->id, &w, cfg.ndom);
}

// Memory accesses that count: the stores of movs/stos (bytes moved) and
// each port access of ins (a store) and outs (a load).
enum { ACC_STR, ACC_INS, ACC_OUTS };
static const struct access_kind {
    bool store;
    bool bytes; // add the access size, not 1
    uint64_t *counter;
} access_kinds[] = {
    [ACC_STR] = {true, true, &live.str_bytes},
    [ACC_INS] = {true, false, &live.ev[EV_PIO]},
    [ACC_OUTS] = {false, false, &live.ev[EV_PIO]},
};

static void on_access(unsigned int vcpu, qemu_plugin_meminfo_t info, uint64_t vaddr, void *ud)
{
    (void)vcpu;
    (void)vaddr;
    const struct access_kind *k = ud;
    if (qemu_plugin_mem_is_store(info) == k->store)
        *k->counter += k->bytes ? 1u << qemu_plugin_mem_size_shift(info) : 1;
}

// A domain marker's read: the physical page read joins the domain, and a
// read of the marker's own page relates host and physical addresses.
static void on_domain_read(unsigned int vcpu, qemu_plugin_meminfo_t info, uint64_t vaddr, void *ud)
{
    (void)vcpu;
    const struct mark *m = ud;
    struct qemu_plugin_hwaddr *hw = qemu_plugin_get_hwaddr(info, vaddr);
    if (!hw || qemu_plugin_hwaddr_is_io(hw) || m->id >= cfg.ndom) {
        bad_dom_marks++;
        return;
    }
    uint64_t page = qemu_plugin_hwaddr_phys_addr(hw) & ~0xfffull;
    if (m->haddr && vaddr >> 12 == m->vaddr >> 12) {
        ram_base = (m->haddr & ~(uintptr_t)0xfff) - (uintptr_t)page;
        calibrated = true;
    }
    pagemap_set(page >> 12, (uint8_t)m->id);
    dom_gen++;
}

// --- translation ---------------------------------------------------------

static uint64_t tb_key(const struct qemu_plugin_tb *tb, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ull; // FNV-1a over the block's bytes
    for (size_t i = 0; i < n; i++) {
        const struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        const uint8_t *b = qemu_plugin_insn_data(insn);
        for (size_t k = qemu_plugin_insn_size(insn); k--; b++)
            h = (h ^ *b) * 0x100000001b3ull;
    }
    return h;
}

// The block's record and whether it is new.
static struct tbinfo *tb_find(uint64_t vaddr, uintptr_t haddr, uint32_t n, uint64_t key, bool *fresh)
{
    uint64_t h = (vaddr ^ haddr ^ key) * 0x9e3779b97f4a7c15ull;
    struct tbinfo **slot = &tb_hash[h >> (64 - TB_HASH_BITS)];
    for (struct tbinfo *t = *slot; t; t = t->next)
        if (t->vaddr == vaddr && t->haddr == haddr && t->n == n && t->key == key) {
            *fresh = false;
            return t;
        }
    struct tbinfo *t = xcalloc(sizeof *t);
    *t = (struct tbinfo){.next = *slot, .vaddr = vaddr, .key = key, .haddr = haddr, .n = n,
                         .place = (uint8_t)config_place(&cfg, vaddr), .dom = DOM_NONE};
    *slot = t;
    *fresh = true;
    return t;
}

static struct mark *mark_for(struct tbinfo *t, struct mark ***tail, bool fresh, const struct x86_class *c,
                             const struct qemu_plugin_insn *insn)
{
    if (!fresh) { // same bytes, same markers, same order
        struct mark *m = **tail;
        *tail = &m->next;
        return m;
    }
    struct mark *m = xcalloc(sizeof *m);
    uint64_t va = qemu_plugin_insn_vaddr(insn);
    *m = (struct mark){.tb = t, .vaddr = va, .haddr = (uintptr_t)qemu_plugin_insn_haddr(insn),
                       .id = (uint16_t)c->mark_id, .kind = (uint8_t)c->mark,
                       .place = (uint8_t)config_place(&cfg, va)};
    **tail = m;
    *tail = &m->next;
    return m;
}

static void on_tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    (void)id;
    size_t n = qemu_plugin_tb_n_insns(tb);
    if (!n)
        return;
    struct qemu_plugin_insn *first = qemu_plugin_tb_get_insn(tb, 0);
    bool fresh;
    struct tbinfo *t = tb_find(qemu_plugin_insn_vaddr(first), (uintptr_t)qemu_plugin_insn_haddr(first),
                               (uint32_t)n, tb_key(tb, n), &fresh);
    struct mark **tail = &t->marks;
    qemu_plugin_register_vcpu_tb_exec_cb(tb, on_tb_exec, QEMU_PLUGIN_CB_NO_REGS, t);
    if (fresh)
        t->full = (uint32_t)n;

    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        struct x86_class c;
        x86_classify(qemu_plugin_insn_data(insn), qemu_plugin_insn_size(insn), &c);
        if (c.mark == MARK_BEGIN || c.mark == MARK_END) {
            struct mark *m = mark_for(t, &tail, fresh, &c, insn);
            if (fresh)
                t->full--;
            qemu_plugin_register_vcpu_insn_exec_cb(insn, on_mark, QEMU_PLUGIN_CB_NO_REGS, m);
            continue;
        }
        qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64, &t->count, 1);
        if (c.event != EV_NONE)
            qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64, &live.ev[c.event], 1);
        // A C callback, not an inline operation: 7.2 ignores the
        // direction asked for on inline memory operations.
        if (c.mem_event != EV_NONE || c.str_bytes)
            qemu_plugin_register_vcpu_mem_cb(insn, on_access, QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_MEM_RW,
                                             (void *)&access_kinds[c.str_bytes ? ACC_STR : c.rw == RW_WRITE ? ACC_INS : ACC_OUTS]);
        if (c.mark == MARK_DOMAIN && cfg.ndom) {
            struct mark *m = mark_for(t, &tail, fresh, &c, insn);
            qemu_plugin_register_vcpu_mem_cb(insn, on_domain_read, QEMU_PLUGIN_CB_NO_REGS,
                                             QEMU_PLUGIN_MEM_RW, m);
        }
    }
}

// --- install and exit ----------------------------------------------------

// Every block that ran inside a hot window, for output_hot().
static void write_hot(void)
{
    size_t n = 0, cap = 0;
    struct hot_block *b = NULL;
    char err[256];

    for (size_t h = 0; h < sizeof tb_hash / sizeof tb_hash[0]; h++)
        for (struct tbinfo *t = tb_hash[h]; t; t = t->next) {
            if (!t->hot)
                continue;
            if (n == cap) {
                cap = cap ? 2 * cap : 1024;
                b = realloc(b, cap * sizeof *b);
                if (!b) {
                    fputs("wlprof: out of memory for the hot-spot file\n", stderr);
                    return;
                }
            }
            b[n++] = (struct hot_block){t->vaddr, t->hot, t->n, t->place, t->dom};
        }
    if (output_hot(cfg.hot, b, n, err, sizeof err))
        fprintf(stderr, "wlprof: %s\n", err);
    free(b);
}

static void on_qemu_exit(qemu_plugin_id_t id, void *ud)
{
    (void)id;
    (void)ud;
    move_counts();
    output_close();
    if (cfg.hot)
        write_hot();
    if (open_window || restarted || stray_ends || mismatched || bad_dom_marks)
        fprintf(stderr,
                "wlprof: %llu windows written; not written: %d still open at exit, %llu restarted by a "
                "second begin, %llu ends without begin, %llu ends with another id; %llu domain "
                "markers ignored\n",
                (unsigned long long)windows, open_window, (unsigned long long)restarted,
                (unsigned long long)stray_ends, (unsigned long long)mismatched,
                (unsigned long long)bad_dom_marks);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                                           char **argv)
{
    char err[256];
    // QEMU has checked min <= ours <= cur; the calls declared in
    // qemu_plugin_api.h are those of API version 1 exactly.
    if (info->version.cur != QEMU_PLUGIN_VERSION) {
        fprintf(stderr, "wlprof: written for QEMU plugin API version %d (QEMU 7.2); this QEMU's is %d\n",
                QEMU_PLUGIN_VERSION, info->version.cur);
        return -1;
    }
    if (!info->system_emulation || strcmp(info->target_name, "x86_64")) {
        fprintf(stderr, "wlprof: needs qemu-system-x86_64 (this is %s%s)\n", info->target_name,
                info->system_emulation ? "" : " user mode");
        return -1;
    }
    if (info->system.smp_vcpus != 1) { // the totals are shared, unlocked
        fprintf(stderr, "wlprof: needs -smp 1 (got %d vCPUs)\n", info->system.smp_vcpus);
        return -1;
    }
    if (config_parse(&cfg, argc, argv, err, sizeof err) || output_open(cfg.out, cfg.ndom, err, sizeof err)) {
        fprintf(stderr, "wlprof: %s\n", err);
        return -1;
    }
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_tb_trans);
    qemu_plugin_register_atexit_cb(id, on_qemu_exit, NULL);
    return 0;
}
