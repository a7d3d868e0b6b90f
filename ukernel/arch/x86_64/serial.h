/* SPDX-License-Identifier: MIT */
#ifndef ARCH_SERIAL_H
#define ARCH_SERIAL_H

#include <stdint.h>

void serial_init(void);
void serial_putc(char c);
void serial_write(const char *s, uint64_t len);

#endif
