/* SPDX-License-Identifier: MIT */
#ifndef ARCH_TIMER_H
#define ARCH_TIMER_H

#include <stdbool.h>

#define TIMER_VECTOR 32
#define TIMER_HZ 100

void timer_init(unsigned hz);
void timer_eoi(unsigned vector);
/* Mask or unmask IRQ line 0..15 at the 8259 PIC (vector 32 + line). */
void pic_mask(unsigned line, bool masked);

#endif
