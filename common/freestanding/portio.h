/* SPDX-License-Identifier: MIT */
/*
 * x86 port I/O, for the microkernel and for user-level drivers (a task
 * given the ports through a capability; ukernel/README.md "Devices").
 */
#ifndef FREESTANDING_PORTIO_H
#define FREESTANDING_PORTIO_H

#include <stdint.h>

static inline void outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
    uint8_t v;
    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

#endif
