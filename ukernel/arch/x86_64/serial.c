/* SPDX-License-Identifier: MIT */
/*
 * Early serial console on COM1 (16550 UART at I/O port 0x3f8), the only
 * output device the kernel drives.  Results and panics leave the machine
 * this way; the host harness reads QEMU's serial log.
 */
#include "serial.h"
#include "cpu.h"

#define COM1 0x3f8

void serial_init(void)
{
    outb(COM1 + 1, 0x00); /* no UART interrupts */
    outb(COM1 + 3, 0x80); /* DLAB on */
    outb(COM1 + 0, 0x01); /* divisor 1: 115200 baud */
    outb(COM1 + 1, 0x00);
    outb(COM1 + 3, 0x03); /* 8N1, DLAB off */
    outb(COM1 + 2, 0xc7); /* FIFO on */
}

void serial_putc(char c)
{
    while (!(inb(COM1 + 5) & 0x20)) /* LSR.THRE: transmitter ready */
        ;
    outb(COM1, (uint8_t)c);
}

void serial_write(const char *s, uint64_t len)
{
    for (uint64_t i = 0; i < len; i++) {
        if (s[i] == '\n')
            serial_putc('\r');
        serial_putc(s[i]);
    }
}
