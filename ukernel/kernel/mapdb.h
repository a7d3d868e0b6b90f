/* SPDX-License-Identifier: MIT */
/*
 * The mapping database: every user page mapping has a record, and a
 * mapping made from another one (UK_SYS_MAP, a map item) is recorded as
 * its child, so the owner of a page can take back everything derived from
 * it, in any space, without anyone's cooperation (UK_SYS_REVOKE, UNMAP,
 * the end of a space).  A grant moves a record: the receiver takes the
 * sender's place in the tree.  Pages the kernel gave the root task at
 * boot are the roots.
 *
 * A record is found from its page-table entry (paging_records: the frame
 * beside every leaf table), and records come from frames charged to the
 * space the mapping is in, RECORDS_PER_FRAME to a frame; a frame goes
 * back to its space's account as soon as its last record is freed.
 */
#ifndef KERNEL_MAPDB_H
#define KERNEL_MAPDB_H

#include "paging.h"
#include "space.h"
#include <stdbool.h>

struct mapnode {
    struct mapnode *parent, *child; /* child: the first one */
    struct mapnode *next, *prev;    /* siblings */
    struct space *space;            /* the mapping: where, and its entry */
    uint64_t va;
    uint64_t *pte;
    uint64_t unused;
};

/* Make sure s holds n unused records, new frames charged to s; UK_ENOMEM
 * (nothing changed) if its account runs dry. */
long mdb_reserve(struct space *s, uint64_t n);
/* Give back frames that mdb_reserve() took and no record uses. */
void mdb_trim(struct space *s);
/* Record the mapping just written at pte (va in s) as derived from
 * parent (NULL: a root), from a reserved record. */
void mdb_insert(struct space *s, uint64_t va, uint64_t *pte, struct mapnode *parent);
/* The record of the present entry pte. */
static inline struct mapnode *mdb_of(uint64_t *pte)
{
    return *paging_records(pte);
}
/* Grant: the mapping just written at pte (va in s) takes n's place in
 * the tree (from a reserved record of s); n's own mapping is removed. */
void mdb_move(struct mapnode *n, struct space *s, uint64_t va, uint64_t *pte);
/* Remove every mapping derived from n, and n's own if self, at most
 * *budget mappings (each counts one); true when all are gone, false if
 * the budget ran out first (call again to go on). */
bool mdb_revoke(struct mapnode *n, bool self, uint64_t *budget);

#endif
