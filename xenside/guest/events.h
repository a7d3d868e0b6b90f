/* SPDX-License-Identifier: MIT */
/*
 * Event channels (2-level ABI): creating and connecting ports, sending,
 * blocking until a port fires, and an upcall dispatcher for ports that
 * want a handler.  Upcalls stay masked (vcpu_info.evtchn_upcall_mask = 1)
 * except inside events_enable() .. events_disable(); waiting uses
 * SCHEDOP_poll, which needs them masked and wakes on a port's pending bit
 * whether or not the port itself is masked.
 */
#ifndef XENGUEST_EVENTS_H
#define XENGUEST_EVENTS_H

#include "xen_public.h"
#include <stdbool.h>

/* Mask every port, register the upcall entry point. */
void events_init(void);

/* 0 or a negative Xen errno; the new local port in *port. */
int evtchn_alloc_unbound(domid_t remote, evtchn_port_t *port);
int evtchn_bind_interdomain(domid_t remote, evtchn_port_t remote_port, evtchn_port_t *port);
int evtchn_send(evtchn_port_t port);
int evtchn_close(evtchn_port_t port);
/* The port's EVTCHNSTAT_* state into *state (EVTCHNOP_status): an
 * interdomain port falls back to unbound when the remote end closes, e.g.
 * when Xen destroys the peer domain. */
int evtchn_state(evtchn_port_t port, uint32_t *state);

/* The port's pending bit: test, test-and-clear. */
bool evtchn_pending(evtchn_port_t port);
bool evtchn_clear(evtchn_port_t port);

/* Block until port is pending or Xen system time reaches deadline_ns
 * (0: no deadline).  Does not clear the bit.  0 or a negative errno. */
int evtchn_poll(evtchn_port_t port, uint64_t deadline_ns);
/* Consume one notification on port: return 0 at once if it was pending,
 * else block (never spin) for at most timeout_ns (0: forever);
 * -XEN_ETIMEDOUT when the time ran out. */
int evtchn_wait(evtchn_port_t port, uint64_t timeout_ns);

/* Upcall dispatch: handler(port, ctx) runs in the upcall with upcalls
 * masked.  Binding a handler unmasks the port; it fires only while upcalls
 * are enabled. */
typedef void (*evtchn_handler_t)(evtchn_port_t port, void *ctx);
int evtchn_set_handler(evtchn_port_t port, evtchn_handler_t handler, void *ctx);
void evtchn_mask(evtchn_port_t port);
int evtchn_unmask(evtchn_port_t port);
void events_enable(void);
void events_disable(void);
/* Number of upcalls taken so far. */
unsigned long events_upcalls(void);

#endif
