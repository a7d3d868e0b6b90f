/* SPDX-License-Identifier: MIT */
/*
 * The guest's command line: start_info->cmd_line, which is the domain
 * config's extra= for a domU and the module string minus the image name
 * for dom0.  Words separated by spaces; "key=value" words are options.
 */
#ifndef XENGUEST_CMDLINE_H
#define XENGUEST_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

const char *cmdline(void);
/* Copy key's value into buf (NUL-terminated); false if key is absent. */
bool cmdline_get(const char *key, char *buf, size_t size);
/* key's value as a decimal number, or dflt if absent or not a number. */
uint32_t cmdline_get_u32(const char *key, uint32_t dflt);
/* Parse a decimal number at s; *end (if not NULL) gets the first byte
 * after it.  False if s does not start with a digit or it overflows. */
bool parse_u32(const char *s, const char **end, uint32_t *out);

#endif
