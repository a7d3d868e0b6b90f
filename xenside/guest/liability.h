/* SPDX-License-Identifier: MIT */
/*
 * Liability inversion on Xen (claim C6): the failing client (d0) and the
 * bystander pair (d1, d2).  liability.c and bystander.c say what each does and prints.
 */
#ifndef XENGUEST_LIABILITY_H
#define XENGUEST_LIABILITY_H

#include "events.h"
#include "time.h"
#include <stdbool.h>
#include <stdint.h>

#define LIAB_ACK_NS (30 * TIME_S) /* dom0's (or a peer's) reaction */
#define LIAB_WIN_PATH "data/liab-win"
#define LIAB_SEEN_PATH "data/liab-seen" /* the bystander has the windows */
#define LIAB_PING_LEN 8
#define LIAB_STOP_LEN 1 /* pingpong's stop request */

/* Block for about ns in SCHEDOP_poll on a port nobody sends to. */
void liab_sleep(evtchn_port_t quiet, uint64_t ns);
/* The TSC, serialized: every domain's clock (tsc_mode native). */
uint64_t liab_now(void);
/* One "@@LIAB server=S failure=F measure=M value=V outcome=TEXT" line
 * (value empty unless have). */
void liab_line(const char *server, const char *failure, const char *measure, uint64_t value,
               bool have, const char *outcome);

/* role=liability: exit status (failures end in guest_panic). */
int liability_run(void);
/* role=bystander (d1, the pair's client): exit status. */
int bystander_run(void);
/* role=byserver (d2, the pair's server): exit status. */
int byserver_run(void);

#endif
