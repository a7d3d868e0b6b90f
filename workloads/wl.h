/* SPDX-License-Identifier: MIT */
/*
 * The workload port API.  Workloads (pingpong.c, ...) are written once
 * against this header and nothing else; every system under test (the
 * microkernel, a Xen PV guest, Linux processes) implements it in a port
 * that lives with the system.  The port decides how a client and a server
 * are placed into protection domains and names that placement in the
 * `variant` it hands to the client: the workload only measures.
 *
 * A workload runs as a client and a server, each in its own protection
 * domain (or thread), connected by a channel, plus optionally a "solo"
 * measurement that needs no peer.  Results leave through wl_emit().
 */
#ifndef WL_H
#define WL_H

#include <stddef.h>
#include <stdint.h>

/* One end of a request-response channel; each port defines it. */
typedef struct wl_chan wl_chan_t;

struct wl_config {
    uint32_t iterations; /* measured iterations per (variant, param) */
    uint32_t warmup;     /* untimed iterations before them */
};

/* ---- provided by each port ---- */

/* A serialized timestamp (lfence; rdtsc): cycles on hardware, guest
 * instructions under QEMU -icount.  wl_unit() says which. */
uint64_t wl_cycles(void);

#define WL_MSG_MAX 4096
/* Send req (len bytes, len <= WL_MSG_MAX) and wait for the response,
 * copied into resp (at most resp_max bytes).  Returns the response length,
 * or a negative port error code. */
long wl_call(wl_chan_t *ch, const void *req, size_t len, void *resp, size_t resp_max);

/* A server's handler: fill resp (WL_MSG_MAX bytes available) and return
 * its length, or WL_STOP to answer with an empty response and stop. */
#define WL_STOP (-1L)
typedef long (*wl_handler_t)(void *ctx, const void *req, size_t len, void *resp);
/* Serve requests until the handler returns WL_STOP (returns 0) or the
 * channel fails (returns the negative port error code). */
long wl_serve(wl_chan_t *ch, wl_handler_t handler, void *ctx);

/* The cheapest round trip into the kernel or hypervisor and back. */
void wl_null_call(void);

/* Room for n samples, or NULL if the port cannot hold that many. */
int64_t *wl_sample_buffer(uint32_t n);

/* Console output, the system's name and the timestamp unit for records. */
void wl_console_write(const char *s, size_t len);
const char *wl_system(void);
const char *wl_unit(void);

/* ---- provided by workloads/wl_emit.c, the same for every system ---- */

/* Smallest cost of two back-to-back wl_cycles() reads (subtracted from
 * every sample). */
int64_t wl_timer_overhead(void);
/* Print one @@BENCH record (format: wl_record.h). */
void wl_emit(const char *workload, const char *variant, uint64_t param, const struct wl_config *cfg,
             int64_t overhead, const int64_t *samples, uint32_t n);
/* Print a diagnostic line prefixed with the workload's name. */
void wl_log(const char *workload, const char *what, long value);

/* ---- a workload ---- */

struct wl_workload {
    const char *name;
    /* Run every measurement of the workload against a server; returns the
     * number of records emitted, or a negative error. */
    int (*client)(wl_chan_t *ch, const char *variant, const struct wl_config *cfg);
    /* The peer of client(); returns 0 when the client said stop. */
    int (*server)(wl_chan_t *ch, const struct wl_config *cfg);
    /* Measurements without a peer (may be NULL); returns records or < 0. */
    int (*solo)(const char *variant, const struct wl_config *cfg);
};

extern const struct wl_workload wl_pingpong;

#endif
