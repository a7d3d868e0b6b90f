/* SPDX-License-Identifier: MIT */
/*
 * Liability inversion on Xen (claim C6): the failing client (d0) and the
 * bystander (d1).  liability.c says what each does and prints.
 */
#ifndef XENGUEST_LIABILITY_H
#define XENGUEST_LIABILITY_H

/* role=liability: exit status (failures end in guest_panic). */
int liability_run(void);
/* role=bystander: exit status. */
int bystander_run(void);

#endif
