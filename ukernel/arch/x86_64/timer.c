/* SPDX-License-Identifier: MIT */
/*
 * The preemption timer: the legacy 8254 PIT on IRQ 0 through the 8259
 * PIC, remapped to vectors 32-47.  Every QEMU machine has both, and under
 * -icount the PIT runs on virtual time, so preemption points are the same
 * in every run.  All other IRQ lines stay masked until a user-level driver
 * binds one (kernel/irq.c); the cascade line 2 is open so that lines 8-15
 * can reach the CPU once unmasked.
 */
#include "timer.h"
#include "cpu.h"

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xa0
#define PIC2_DATA 0xa1
#define PIT_CH0 0x40
#define PIT_CMD 0x43
#define PIT_HZ 1193182u

void timer_init(unsigned hz)
{
    /* ICW1..ICW4: edge triggered, cascade, vectors 32/40, 8086 mode. */
    outb(PIC1_CMD, 0x11);
    outb(PIC2_CMD, 0x11);
    outb(PIC1_DATA, 32);
    outb(PIC2_DATA, 40);
    outb(PIC1_DATA, 4);
    outb(PIC2_DATA, 2);
    outb(PIC1_DATA, 1);
    outb(PIC2_DATA, 1);
    outb(PIC1_DATA, 0xfa); /* only IRQ 0, and the cascade */
    outb(PIC2_DATA, 0xff);

    unsigned div = PIT_HZ / hz;
    outb(PIT_CMD, 0x34); /* channel 0, lo/hi byte, mode 2 (rate generator) */
    outb(PIT_CH0, div & 0xff);
    outb(PIT_CH0, div >> 8);
}

void timer_eoi(unsigned vector)
{
    if (vector >= 40)
        outb(PIC2_CMD, 0x20);
    outb(PIC1_CMD, 0x20);
}

void pic_mask(unsigned line, bool masked)
{
    uint16_t port = line < 8 ? PIC1_DATA : PIC2_DATA;
    uint8_t bit = (uint8_t)(1u << (line & 7)), imr = inb(port);
    outb(port, masked ? imr | bit : imr & (uint8_t)~bit);
}
