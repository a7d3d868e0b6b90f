/* SPDX-License-Identifier: MIT */
/*
 * pagetest: a test of the Xen ports' page hand-over (wl_call_pages), not
 * a benchmark.  Its server part, written against wl.h only, is compiled
 * into the guest (xenside/guest) and into the dom0 peer
 * (xenside/dom0/peer); the client part, which also checks what only the
 * guest can see (a page given away faults), is the guest's
 * (xenside/guest/pagetest.c).
 *
 * A request is struct pagetest_req; for a batch the handler answers with
 * a struct pagetest_reply describing what it saw (mechanism, n, bytes and
 * a checksum of the first `bytes` bytes of each page), and for MOVE and
 * COPY it then writes pagetest_mark() over those bytes (MOVE: the client
 * must find them when the pages come back; COPY: it must not).  The
 * request "stop" (4 bytes) ends the server.
 */
#ifndef XENSIDE_PAGETEST_H
#define XENSIDE_PAGETEST_H

#include "wl.h"

struct pagetest_req {
    uint32_t magic; /* PAGETEST_MAGIC */
    uint32_t seed;
    uint32_t quiet; /* 1: answer at once, look at nothing (timing runs) */
};

struct pagetest_reply {
    uint32_t magic;
    uint32_t mech, n, bytes;
    uint32_t sum;
};

#define PAGETEST_MAGIC 0x74706770u

/* The client's bytes: page i, offset j, for a seed. */
static inline uint8_t pagetest_byte(uint32_t seed, uint32_t i, uint32_t j)
{
    return (uint8_t)(seed * 7 + i * 31 + j * 13 + (j >> 8));
}

/* What the server writes over a moved page. */
static inline uint8_t pagetest_mark(uint32_t seed, uint32_t i, uint32_t j)
{
    return (uint8_t)~pagetest_byte(seed + 1, i, j);
}

/* FNV-1a over the first `bytes` bytes of each of n pages from base. */
uint32_t pagetest_sum(const uint8_t *base, uint32_t n, uint32_t bytes);

/* The server part (wl_serve with the handler above).  quiet, if not
 * NULL, is told before each batch's handler returns whether the request
 * was a quiet one (the guest turns its window probes off for those). */
int pagetest_serve(wl_chan_t *ch, void (*quiet)(int on));
int pagetest_server(wl_chan_t *ch, const struct wl_config *cfg);

#endif
