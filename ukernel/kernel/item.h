/* SPDX-License-Identifier: MIT */
/*
 * Items of IPC messages: map, grant and gathered copy (uk/abi.h).  The
 * general IPC path checks an item in two steps so that a failure changes
 * nothing: item_prepare() checks everything and reserves what the
 * receiver pays for (records, page tables); then item_commit() does it
 * and cannot fail, or item_abort() gives the reservation back.
 */
#ifndef KERNEL_ITEM_H
#define KERNEL_ITEM_H

#include "paging.h"
#include "thread.h"
#include <stdbool.h>

struct item {
    uint64_t word, kind, base, pages, bytes, rights;
    uint64_t dst; /* where it lands in the receiver */
    struct paging_undo undo;
};

/* The sender's half of the checks (bits, and its own pages); before it
 * may block. */
long item_check_sender(struct thread *s, struct item *it);
/* All checks and reservations for s's item (s->regs.rbx) into r; on an
 * error nothing changed.  `checked`: s has just passed
 * item_check_sender() in this kernel entry, its pages need no second look. */
long item_prepare(struct thread *s, struct thread *r, struct item *it, bool checked);
void item_abort(struct thread *r, struct item *it);
/* Do it; r->regs.rbx says what landed. */
void item_commit(struct thread *s, struct thread *r, struct item *it);

#endif
