/* SPDX-License-Identifier: MIT */
#ifndef ARCH_TIMER_H
#define ARCH_TIMER_H

#define TIMER_VECTOR 32
#define TIMER_HZ 100

void timer_init(unsigned hz);
void timer_eoi(unsigned vector);

#endif
