// SPDX-License-Identifier: MIT
// Host test of the instruction classifier (x86_class.c): byte sequences,
// as an assembler emits them, against the class wlprof must give them.
#include <stdio.h>
#include <string.h>

#include "x86_class.h"

struct example {
    const char *what;
    unsigned char bytes[16];
    size_t len;
    enum wl_event event, mem_event;
    unsigned str_bytes;
    enum x86_mark mark;
    unsigned mark_id;
};

#define N EV_NONE
static const struct example examples[] = {
    {"syscall", {0x0f, 0x05}, 2, EV_SYSCALL, N, 0, MARK_NONE, 0},
    {"sysretq", {0x48, 0x0f, 0x07}, 3, EV_SYSRET, N, 0, MARK_NONE, 0},
    {"sysenter", {0x0f, 0x34}, 2, EV_SYSENTER, N, 0, MARK_NONE, 0},
    {"sysexit", {0x0f, 0x35}, 2, EV_SYSEXIT, N, 0, MARK_NONE, 0},
    {"iretq", {0x48, 0xcf}, 2, EV_IRET, N, 0, MARK_NONE, 0},
    {"int $0x80", {0xcd, 0x80}, 2, EV_INT, N, 0, MARK_NONE, 0},
    {"int3", {0xcc}, 1, EV_INT3, N, 0, MARK_NONE, 0},
    {"mov %rax,%cr3", {0x0f, 0x22, 0xd8}, 3, EV_CR3, N, 0, MARK_NONE, 0},
    {"mov %r12,%cr3", {0x41, 0x0f, 0x22, 0xdc}, 4, EV_CR3, N, 0, MARK_NONE, 0},
    {"mov %rax,%cr4", {0x0f, 0x22, 0xe0}, 3, EV_CR4, N, 0, MARK_NONE, 0},
    {"mov %rax,%cr0 (not counted)", {0x0f, 0x22, 0xc0}, 3, N, N, 0, MARK_NONE, 0},
    {"mov %cr3,%rax (a read)", {0x0f, 0x20, 0xd8}, 3, N, N, 0, MARK_NONE, 0},
    {"invlpg (%rax)", {0x0f, 0x01, 0x38}, 3, EV_INVLPG, N, 0, MARK_NONE, 0},
    {"swapgs (0f 01 /7, register form)", {0x0f, 0x01, 0xf8}, 3, N, N, 0, MARK_NONE, 0},
    {"invpcid (%rax),%rcx", {0x66, 0x0f, 0x38, 0x82, 0x08}, 5, EV_INVPCID, N, 0, MARK_NONE, 0},
    {"hlt", {0xf4}, 1, EV_HLT, N, 0, MARK_NONE, 0},
    {"out %al,$0x80", {0xe6, 0x80}, 2, EV_PIO, N, 0, MARK_NONE, 0},
    {"in (%dx),%eax", {0xed}, 1, EV_PIO, N, 0, MARK_NONE, 0},
    {"rep outsb", {0xf3, 0x6e}, 2, N, EV_PIO, 0, MARK_NONE, 0},
    {"rep insl", {0xf3, 0x6d}, 2, N, EV_PIO, 0, MARK_NONE, 0},
    {"rep movsb", {0xf3, 0xa4}, 2, N, N, 1, MARK_NONE, 0},
    {"rep movsq", {0xf3, 0x48, 0xa5}, 3, N, N, 8, MARK_NONE, 0},
    {"movsw", {0x66, 0xa5}, 2, N, N, 2, MARK_NONE, 0},
    {"rep stosl", {0xf3, 0xab}, 2, N, N, 4, MARK_NONE, 0},
    {"mov %rax,%rbx", {0x48, 0x89, 0xc3}, 3, N, N, 0, MARK_NONE, 0},
    {"nopl 0x0(%rax) (plain long nop)", {0x0f, 0x1f, 0x80, 0, 0, 0, 0}, 7, N, N, 0, MARK_NONE, 0},
    {"begin marker id 0", {0x0f, 0x1f, 0x80, 0x00, 0x10, 0xa7, 0x57}, 7, N, N, 0, MARK_BEGIN, 0},
    {"end marker id 4095", {0x0f, 0x1f, 0x80, 0xff, 0x2f, 0xa7, 0x57}, 7, N, N, 0, MARK_END, 4095},
    {"marker magic, unknown kind", {0x0f, 0x1f, 0x80, 0x00, 0x90, 0xa7, 0x57}, 7, N, N, 0, MARK_NONE, 0},
    {"domain marker (%rax) id 3", {0x81, 0x38, 0x03, 0x30, 0xa7, 0x57}, 6, N, N, 0, MARK_DOMAIN, 3},
    {"domain marker -10(%rip) id 1", {0x81, 0x3d, 0xf6, 0xff, 0xff, 0xff, 0x01, 0x30, 0xa7, 0x57}, 10, N, N, 0,
     MARK_DOMAIN, 1},
    {"domain marker id 9 (too big)", {0x81, 0x38, 0x09, 0x30, 0xa7, 0x57}, 6, N, N, 0, MARK_NONE, 0},
    {"truncated 0f", {0x0f}, 1, N, N, 0, MARK_NONE, 0},
    {"prefixes only", {0x66, 0xf3}, 2, N, N, 0, MARK_NONE, 0},
};

int main(void)
{
    int failed = 0;
    for (size_t i = 0; i < sizeof examples / sizeof examples[0]; i++) {
        const struct example *e = &examples[i];
        struct x86_class c;
        x86_classify(e->bytes, e->len, &c);
        int ok = c.event == e->event && c.mem_event == e->mem_event && c.str_bytes == e->str_bytes &&
                 c.mark == e->mark && (e->mark == MARK_NONE || c.mark_id == e->mark_id);
        if (!ok) {
            printf("x86_class: %s: got event %d mem_event %d str_bytes %u mark %d id %u\n", e->what,
                   (int)c.event, (int)c.mem_event, c.str_bytes, (int)c.mark, c.mark_id);
            failed++;
        }
    }
    printf("x86_class: %zu examples, %d failed\n", sizeof examples / sizeof examples[0], failed);
    return failed != 0;
}
