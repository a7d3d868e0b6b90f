/* SPDX-License-Identifier: MIT */
/*
 * The harness reports every failure as one line of text in a caller's
 * buffer; this is the one place that formats it.
 */
#ifndef HARNESS_ERRMSG_H
#define HARNESS_ERRMSG_H

#include <stddef.h>

/* Format the message into buf (len bytes) and return -1. */
int errmsg_set(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
