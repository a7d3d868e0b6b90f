/* SPDX-License-Identifier: MIT */
/*
 * Event channels, 2-level ABI (xen/event_channel.h, xen/xen.h).
 *
 * State lives in shared_info: evtchn_pending[] and evtchn_mask[] are
 * bitmaps indexed by port (64 words of 64 bits: 4096 ports); each vCPU's
 * vcpu_info has evtchn_pending_sel (which words may hold pending ports),
 * evtchn_upcall_pending and evtchn_upcall_mask.  When a port fires Xen sets
 * its pending bit; if the port is unmasked it also sets the selector bit
 * and upcall_pending, and if the vCPU's upcall mask is clear it enters the
 * callback registered with CALLBACKOP_register(CALLBACKTYPE_event).
 * Independently of any mask it wakes a vCPU blocked in SCHEDOP_poll on that
 * port.  Xen never clears a pending bit: the guest does (atomically, Xen
 * writes the same words), and a port whose bit is still set does not wake
 * a poller again.
 *
 * Operations are EVTCHNOP_* sub-ops of HYPERVISOR_event_channel_op.  A
 * connection: one side allocates an unbound port for a remote domain
 * (alloc_unbound), publishes it (xenstore), and the other binds to it
 * (bind_interdomain); send on either end raises the other end.
 */
#include "events.h"
#include "hypercall.h"
#include "hypervisor.h"
#include "shutdown.h"
#include "time.h"

#define EVTCHN_WORD_BITS 64
#define EVTCHN_WORDS (sizeof(xen_shared_info->evtchn_pending) / sizeof(xen_ulong_t))
/* Ports that may carry a handler; others only poll. */
#define EVTCHN_HANDLED 256

struct evtchn_slot {
    evtchn_handler_t handler;
    void *ctx;
};

extern char evtchn_upcall_entry[];

static struct evtchn_slot evtchn_slots[EVTCHN_HANDLED];
static unsigned long evtchn_upcall_count;

static xen_ulong_t *evtchn_word(xen_ulong_t *bitmap, evtchn_port_t port)
{
    return &bitmap[port / EVTCHN_WORD_BITS];
}

static xen_ulong_t evtchn_bit(evtchn_port_t port)
{
    return (xen_ulong_t)1 << (port % EVTCHN_WORD_BITS);
}

void events_init(void)
{
    events_disable();
    for (unsigned int i = 0; i < EVTCHN_WORDS; i++)
        __atomic_store_n(&xen_shared_info->evtchn_mask[i], ~(xen_ulong_t)0, __ATOMIC_SEQ_CST);
    struct callback_register event = {
        .type = CALLBACKTYPE_event,
        .address = (xen_callback_t)evtchn_upcall_entry,
    };
    if (hypercall_callback_op(CALLBACKOP_register, &event) != 0)
        guest_panic("event callback registration failed");
}

int evtchn_alloc_unbound(domid_t remote, evtchn_port_t *port)
{
    struct evtchn_alloc_unbound op = { .dom = DOMID_SELF, .remote_dom = remote };
    int rc = (int)hypercall_event_channel_op(EVTCHNOP_alloc_unbound, &op);
    if (rc == 0)
        *port = op.port;
    return rc;
}

int evtchn_bind_interdomain(domid_t remote, evtchn_port_t remote_port, evtchn_port_t *port)
{
    struct evtchn_bind_interdomain op = { .remote_dom = remote, .remote_port = remote_port };
    int rc = (int)hypercall_event_channel_op(EVTCHNOP_bind_interdomain, &op);
    if (rc == 0)
        *port = op.local_port;
    return rc;
}

int evtchn_send(evtchn_port_t port)
{
    struct evtchn_send op = { .port = port };
    return (int)hypercall_event_channel_op(EVTCHNOP_send, &op);
}

int evtchn_close(evtchn_port_t port)
{
    if (port < EVTCHN_HANDLED)
        evtchn_slots[port] = (struct evtchn_slot){ 0 };
    evtchn_mask(port);
    struct evtchn_close op = { .port = port };
    return (int)hypercall_event_channel_op(EVTCHNOP_close, &op);
}

int evtchn_state(evtchn_port_t port, uint32_t *state)
{
    struct evtchn_status op = { .dom = DOMID_SELF, .port = port };
    int rc = (int)hypercall_event_channel_op(EVTCHNOP_status, &op);
    if (rc == 0)
        *state = op.status;
    return rc;
}

bool evtchn_pending(evtchn_port_t port)
{
    return (__atomic_load_n(evtchn_word(xen_shared_info->evtchn_pending, port), __ATOMIC_ACQUIRE) &
            evtchn_bit(port)) != 0;
}

bool evtchn_clear(evtchn_port_t port)
{
    xen_ulong_t bit = evtchn_bit(port);
    return (__atomic_fetch_and(evtchn_word(xen_shared_info->evtchn_pending, port), ~bit,
                               __ATOMIC_SEQ_CST) & bit) != 0;
}

int evtchn_poll(evtchn_port_t port, uint64_t deadline_ns)
{
    struct sched_poll op = { .nr_ports = 1, .timeout = deadline_ns };
    set_xen_guest_handle(op.ports, &port);
    return (int)hypercall_sched_op(SCHEDOP_poll, &op);
}

int evtchn_wait(evtchn_port_t port, uint64_t timeout_ns)
{
    if (evtchn_clear(port))
        return 0;
    uint64_t deadline = timeout_ns ? time_now_ns() + timeout_ns : 0;
    for (;;) {
        int rc = evtchn_poll(port, deadline);
        if (rc != 0)
            return rc;
        if (evtchn_clear(port))
            return 0;
        if (deadline != 0 && time_now_ns() >= deadline)
            return -XEN_ETIMEDOUT;
    }
}

void evtchn_mask(evtchn_port_t port)
{
    __atomic_fetch_or(evtchn_word(xen_shared_info->evtchn_mask, port), evtchn_bit(port),
                      __ATOMIC_SEQ_CST);
}

/* Through Xen rather than by clearing the bit: EVTCHNOP_unmask also
 * raises the upcall if the port went pending while it was masked. */
int evtchn_unmask(evtchn_port_t port)
{
    struct evtchn_unmask op = { .port = port };
    return (int)hypercall_event_channel_op(EVTCHNOP_unmask, &op);
}

int evtchn_set_handler(evtchn_port_t port, evtchn_handler_t handler, void *ctx)
{
    if (port >= EVTCHN_HANDLED)
        return -XEN_EINVAL;
    evtchn_mask(port);
    evtchn_slots[port] = (struct evtchn_slot){ handler, ctx };
    return handler ? evtchn_unmask(port) : 0;
}

void events_enable(void)
{
    vcpu_info_t *v = hypervisor_vcpu();
    __atomic_store_n(&v->evtchn_upcall_mask, 0, __ATOMIC_SEQ_CST);
    /* Something arrived while masked: any hypercall returns through Xen's
     * event check, which delivers the upcall. */
    if (__atomic_load_n(&v->evtchn_upcall_pending, __ATOMIC_SEQ_CST))
        hypercall_xen_version(XENVER_version, NULL);
}

void events_disable(void)
{
    __atomic_store_n(&hypervisor_vcpu()->evtchn_upcall_mask, 1, __ATOMIC_SEQ_CST);
}

unsigned long events_upcalls(void)
{
    return evtchn_upcall_count;
}

/* Called from entry.S with upcalls masked.  Clear upcall_pending before
 * scanning (Xen sets it again for anything that arrives during the scan,
 * and the iret then re-enters us); take the selector word atomically. */
void evtchn_do_upcall(void)
{
    vcpu_info_t *v = hypervisor_vcpu();
    evtchn_upcall_count++;
    __atomic_store_n(&v->evtchn_upcall_pending, 0, __ATOMIC_SEQ_CST);
    xen_ulong_t sel = __atomic_exchange_n(&v->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
    while (sel != 0) {
        unsigned int w = (unsigned int)__builtin_ctzl(sel);
        sel &= sel - 1;
        xen_ulong_t ready = __atomic_load_n(&xen_shared_info->evtchn_pending[w], __ATOMIC_ACQUIRE) &
                            ~__atomic_load_n(&xen_shared_info->evtchn_mask[w], __ATOMIC_ACQUIRE);
        while (ready != 0) {
            evtchn_port_t port = w * EVTCHN_WORD_BITS + (unsigned int)__builtin_ctzl(ready);
            ready &= ready - 1;
            evtchn_clear(port);
            if (port < EVTCHN_HANDLED && evtchn_slots[port].handler)
                evtchn_slots[port].handler(port, evtchn_slots[port].ctx);
        }
    }
}
