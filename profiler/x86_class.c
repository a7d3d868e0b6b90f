// SPDX-License-Identifier: MIT
// Reads just enough of an x86-64 instruction to classify it (x86_class.h).
// Opcodes are from the Intel SDM volume 2, appendix A (opcode map).
#include "x86_class.h"

#include "wl_marker.h"

const char *const wl_event_name[EV_N] = {
    "syscall", "sysret", "sysenter", "sysexit", "int", "int3", "iret",
    "cr3_write", "cr4_write", "invlpg", "invpcid", "hlt", "pio",
};

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int is_magic(uint32_t v, unsigned kind)
{
    return (v & 0xffff0000u) == WL_MARK_MAGIC && (v >> 12 & 0xf) == kind;
}

// Markers are matched on their exact bytes, without prefixes.
static int classify_marker(const uint8_t *b, size_t len, struct x86_class *c)
{
    if (len == 7 && b[0] == 0x0f && b[1] == 0x1f && b[2] == 0x80) {
        uint32_t d = le32(b + 3);
        if (is_magic(d, WL_MARK_BEGIN) || is_magic(d, WL_MARK_END)) {
            c->mark = is_magic(d, WL_MARK_BEGIN) ? MARK_BEGIN : MARK_END;
            c->mark_id = d & WL_MARK_ID_MAX;
            return 1;
        }
    }
    // cmpl $IMM, (%rax) and cmpl $IMM, -10(%rip)
    uint32_t imm = 0;
    if (len == 6 && b[0] == 0x81 && b[1] == 0x38)
        imm = le32(b + 2);
    else if (len == 10 && b[0] == 0x81 && b[1] == 0x3d && le32(b + 2) == 0xfffffff6u)
        imm = le32(b + 6);
    if (is_magic(imm, WL_MARK_DOMAIN) && (imm & 0xfff) <= WL_MARK_DOMAIN_MAX) {
        c->mark = MARK_DOMAIN;
        c->mark_id = imm & 0xfff;
        c->rw = RW_READ;
        return 1;
    }
    return 0;
}

// The two-byte map (after 0f); i indexes the byte after 0f.
static void classify_0f(const uint8_t *b, size_t len, size_t i, int opsize16, struct x86_class *c)
{
    if (i >= len)
        return;
    uint8_t op = b[i];
    uint8_t modrm = i + 1 < len ? b[i + 1] : 0;
    unsigned mod = modrm >> 6, reg = modrm >> 3 & 7;
    switch (op) {
    case 0x05: c->event = EV_SYSCALL; break;
    case 0x07: c->event = EV_SYSRET; break;
    case 0x34: c->event = EV_SYSENTER; break;
    case 0x35: c->event = EV_SYSEXIT; break;
    case 0x01:
        if (i + 1 < len && mod != 3 && reg == 7)
            c->event = EV_INVLPG;
        break;
    case 0x22: // mov cr, reg: the ModRM reg field names the control register
        if (i + 1 < len && reg == 3)
            c->event = EV_CR3;
        else if (i + 1 < len && reg == 4)
            c->event = EV_CR4;
        break;
    case 0x38:
        if (opsize16 && i + 1 < len && b[i + 1] == 0x82)
            c->event = EV_INVPCID;
        break;
    default: break;
    }
}

void x86_classify(const uint8_t *b, size_t len, struct x86_class *c)
{
    *c = (struct x86_class){.event = EV_NONE, .mem_event = EV_NONE};
    if (classify_marker(b, len, c))
        return;

    size_t i = 0;
    int opsize16 = 0, rexw = 0;
    for (; i < len; i++) { // legacy prefixes, any order
        uint8_t p = b[i];
        if (p == 0x66)
            opsize16 = 1;
        else if (!(p == 0x67 || p == 0xf0 || p == 0xf2 || p == 0xf3 || p == 0x2e || p == 0x36 ||
                   p == 0x3e || p == 0x26 || p == 0x64 || p == 0x65))
            break;
    }
    if (i < len && (b[i] & 0xf0) == 0x40) { // REX, last before the opcode
        rexw = b[i] >> 3 & 1;
        i++;
    }
    if (i >= len)
        return;

    unsigned wide = rexw ? 8 : opsize16 ? 2 : 4; // size of the "v" operand forms
    switch (b[i]) {
    case 0x0f: classify_0f(b, len, i + 1, opsize16, c); break;
    case 0xcc: c->event = EV_INT3; break;
    case 0xcd: case 0xce: case 0xf1: c->event = EV_INT; break;
    case 0xcf: c->event = EV_IRET; break;
    case 0xf4: c->event = EV_HLT; break;
    case 0xe4: case 0xe5: case 0xe6: case 0xe7:
    case 0xec: case 0xed: case 0xee: case 0xef:
        c->event = EV_PIO;
        break;
    // ins stores what it reads from the port, outs loads what it writes;
    // under rep each iteration is one access.
    case 0x6c: case 0x6d: c->mem_event = EV_PIO; c->rw = RW_WRITE; break;
    case 0x6e: case 0x6f: c->mem_event = EV_PIO; c->rw = RW_READ; break;
    // movs loads then stores, stos stores: the stores are the bytes moved.
    case 0xa4: case 0xaa: c->str_bytes = 1; c->rw = RW_WRITE; break;
    case 0xa5: case 0xab: c->str_bytes = wide; c->rw = RW_WRITE; break;
    default: break;
    }
}
