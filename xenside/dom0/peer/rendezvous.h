/* SPDX-License-Identifier: MIT */
/*
 * Meeting a domain through xenstore, from dom0: the front of a channel
 * writes "<ring grant ref> <its port>" under its domain's data/ and the
 * back reads it (xenside/guest/channel.c does the same from a domU).
 */
#ifndef PEER_RENDEZVOUS_H
#define PEER_RENDEZVOUS_H

#include <stdint.h>

/* Wait up to timeout_s for /local/domain/<domid>/data/<key> and parse
 * it.  Fails at once when domain domid goes away first. */
int rendezvous_lookup(uint32_t domid, const char *key, unsigned int timeout_s, uint32_t *ring_ref,
                      uint32_t *port);
/* Write "<ring_ref> <port>" at /local/domain/0/data/<key>, readable by
 * domain reader. */
int rendezvous_publish(const char *key, uint32_t reader, uint32_t ring_ref, uint32_t port);

#endif
