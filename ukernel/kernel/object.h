/* SPDX-License-Identifier: MIT */
/*
 * Kernel objects that capabilities name, and their lifetime.  Endpoints,
 * notifications and threads are counted: one reference per capability
 * slot holding them (and, for a notification, per thread that signals it
 * when it ends).  When the last goes, the object is destroyed: threads
 * blocked on an endpoint or notification are woken with UK_EABORT, a live
 * thread is ended (thread_destroy), and the frame goes back to the
 * account that paid for it.  A space counts capabilities and its threads;
 * when none is left its page tables are freed and its own capabilities
 * let go, and once nothing it paid for exists, its frames and quota go
 * back to its creator (space.h).
 */
#ifndef KERNEL_OBJECT_H
#define KERNEL_OBJECT_H

#include "kobj.h"
#include "space.h"

/* A counted object of the given type, charged to payer; NULL if its
 * account or memory is empty.  It starts with no references. */
void *object_create(struct space *payer, enum cap_type type);
/* One more reference to obj (of type; no-op for uncounted types). */
void object_get(enum cap_type type, void *obj);
/* One reference less; the last destroys obj. */
void object_put(enum cap_type type, void *obj);

#endif
