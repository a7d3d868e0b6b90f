/* SPDX-License-Identifier: MIT */
/*
 * Liability inversion on Xen (claim C6): the failing client (d0) and the
 * bystander pair (d1, d2).  liability.c says what each does and prints.
 */
#ifndef XENGUEST_LIABILITY_H
#define XENGUEST_LIABILITY_H

/* role=liability: exit status (failures end in guest_panic). */
int liability_run(void);
/* role=bystander (d1, the pair's client): exit status. */
int bystander_run(void);
/* role=byserver (d2, the pair's server): exit status. */
int byserver_run(void);

#endif
