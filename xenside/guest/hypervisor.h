/* SPDX-License-Identifier: MIT */
/*
 * Start-of-day state every mechanism shares: start_info and shared_info,
 * who we are (dom0 or a domU, our domain id) and which Xen we run on.
 */
#ifndef XENGUEST_HYPERVISOR_H
#define XENGUEST_HYPERVISOR_H

#include "xen_public.h"
#include <stdbool.h>

extern start_info_t *xen_start_info;
extern shared_info_t *xen_shared_info;

/* Check start_info, map shared_info.  Nothing can be printed before this
 * and console_init(); a bad start_info crashes the domain. */
void hypervisor_init(start_info_t *si);

/* vCPU 0's slice of shared_info: event flags, time, cr2. */
static inline vcpu_info_t *hypervisor_vcpu(void)
{
    return &xen_shared_info->vcpu_info[0];
}

/* The initial domain (booted by Xen itself, console_io allowed). */
bool hypervisor_is_dom0(void);
/* Our domain id: 0 for dom0; a domU learns it from xenstore ("domid"),
 * DOMID_SELF until then. */
domid_t hypervisor_domid(void);
void hypervisor_set_domid(domid_t id);
/* (major << 16) | minor */
unsigned int hypervisor_version(void);

#endif
