/* SPDX-License-Identifier: MIT */
/*
 * start_info and shared_info.  start_info (xen.h) is handed over in %rsi
 * at entry and is already mapped; its magic says "xen-3.0-x86_64" for a
 * 64-bit PV guest.  It gives shared_info only as a *machine* address: a PV
 * guest maps that frame itself (update_va_mapping into a hole).  The
 * SIF_INITDOMAIN flag marks dom0.
 */
#include "hypervisor.h"
#include "hypercall.h"
#include "mm.h"
#include "string.h"

start_info_t *xen_start_info;
shared_info_t *xen_shared_info;
static domid_t hypervisor_self = DOMID_SELF;

/* Nothing can be printed yet: give up the only way a domU always can. */
static void hypervisor_early_crash(void)
{
    struct sched_shutdown reason = { .reason = SHUTDOWN_crash };
    for (;;)
        hypercall_sched_op(SCHEDOP_shutdown, &reason);
}

void hypervisor_init(start_info_t *si)
{
    xen_start_info = si;
    if (memcmp(si->magic, "xen-3.0-x86_64", 14) != 0)
        hypervisor_early_crash();
    void *page = mm_hole_alloc(1);
    if (page == NULL || mm_map_mfn(page, si->shared_info >> PAGE_SHIFT, true) != 0)
        hypervisor_early_crash();
    xen_shared_info = page;
    if (hypervisor_is_dom0())
        hypervisor_self = 0;
}

bool hypervisor_is_dom0(void)
{
    return (xen_start_info->flags & SIF_INITDOMAIN) != 0;
}

domid_t hypervisor_domid(void)
{
    return hypervisor_self;
}

void hypervisor_set_domid(domid_t id)
{
    hypervisor_self = id;
}

unsigned int hypervisor_version(void)
{
    return (unsigned int)hypercall_xen_version(XENVER_version, NULL);
}
