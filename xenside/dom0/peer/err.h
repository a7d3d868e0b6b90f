/* SPDX-License-Identifier: MIT */
/*
 * One error message per failure: the peer program exits with one line on
 * stderr that dom0's job runner turns into the run's one-line reason, so
 * the function that fails words it (with the values it knows) and main()
 * prints it.
 */
#ifndef PEER_ERR_H
#define PEER_ERR_H

/* Set the message (printf format); returns -1 so callers can write
 * "return err_set(...)". */
int err_set(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *err_get(void);

#endif
