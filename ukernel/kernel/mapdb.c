/* SPDX-License-Identifier: MIT */
/*
 * See mapdb.h.  The tree of a page keeps parent, first child and a
 * doubly linked list of siblings in every record, so inserting and
 * removing a mapping is a few pointer writes, and a revocation walks the
 * subtree without recursion (the kernel stack stays flat however deep a
 * chain of maps of maps is): it goes down first children to a leaf,
 * removes it and goes back up, one mapping per step.
 */
#include "mapdb.h"
#include "cpu.h"
#include "frame.h"
#include "thread.h"

/* A frame of records; its header takes the place of the first record. */
struct mdb_frame {
    struct mdb_frame *next, *prev; /* in its space's list of frames with free records */
    struct mapnode *free;
    uint64_t used;
};
#define RECORDS_PER_FRAME (PAGE_SIZE / sizeof(struct mapnode) - 1)
_Static_assert(sizeof(struct mdb_frame) <= sizeof(struct mapnode), "header fits a record");

static void frame_list_remove(struct space *s, struct mdb_frame *f)
{
    if (f->prev)
        f->prev->next = f->next;
    else
        s->mdb_frames = f->next;
    if (f->next)
        f->next->prev = f->prev;
}

static void frame_list_push(struct space *s, struct mdb_frame *f)
{
    f->prev = NULL;
    f->next = s->mdb_frames;
    if (f->next)
        f->next->prev = f;
    s->mdb_frames = f;
}

long mdb_reserve(struct space *s, uint64_t n)
{
    while (s->mdb_free < n) {
        struct mdb_frame *f = space_charge_object(s);
        if (!f) {
            mdb_trim(s);
            return UK_ENOMEM;
        }
        struct mapnode *r = (struct mapnode *)f;
        for (uint64_t i = RECORDS_PER_FRAME; i > 0; i--) {
            r[i].next = f->free;
            f->free = &r[i];
        }
        frame_list_push(s, f);
        s->mdb_free += RECORDS_PER_FRAME;
    }
    return UK_OK;
}

void mdb_trim(struct space *s)
{
    struct mdb_frame *f = s->mdb_frames, *next;
    for (; f; f = next) {
        next = f->next;
        if (f->used)
            continue;
        frame_list_remove(s, f);
        s->mdb_free -= RECORDS_PER_FRAME;
        space_refund_object(s, f);
    }
}

/* A reserved record: the first frame on the list has one. */
static struct mapnode *record_alloc(struct space *s)
{
    struct mdb_frame *f = s->mdb_frames;
    struct mapnode *r = f->free;
    f->free = r->next;
    f->used++;
    s->mdb_free--;
    if (!f->free)
        frame_list_remove(s, f); /* full */
    return r;
}

/* The last record of a frame frees it: the account gets it back at once. */
static void record_free(struct mapnode *r)
{
    struct space *s = r->space;
    struct mdb_frame *f = (struct mdb_frame *)((uint64_t)r & ~(PAGE_SIZE - 1));
    if (!f->free)
        frame_list_push(s, f); /* it was full */
    r->next = f->free;
    f->free = r;
    s->mdb_free++;
    if (--f->used)
        return;
    frame_list_remove(s, f);
    s->mdb_free -= RECORDS_PER_FRAME;
    space_refund_object(s, f);
}

static void tree_link(struct mapnode *r, struct mapnode *parent)
{
    r->parent = parent;
    r->prev = NULL;
    r->next = parent ? parent->child : NULL;
    if (r->next)
        r->next->prev = r;
    if (parent)
        parent->child = r;
}

static void tree_unlink(struct mapnode *r)
{
    if (r->prev)
        r->prev->next = r->next;
    else if (r->parent)
        r->parent->child = r->next;
    if (r->next)
        r->next->prev = r->prev;
}

void mdb_insert(struct space *s, uint64_t va, uint64_t *pte, struct mapnode *parent)
{
    struct mapnode *r = record_alloc(s);
    r->space = s;
    r->va = va;
    r->pte = pte;
    r->child = NULL;
    *paging_records(pte) = r;
    tree_link(r, parent);
}

/*
 * Remove a mapping's entry and its TLB entry.  invlpg only reaches the
 * address space loaded in CR3, the current thread's.  That is enough on
 * one CPU: user mappings are never global (PTE_G is set only in the
 * kernel half, paging.c) and PCIDs are not used, so loading another
 * space's CR3 (sched_switch) flushes every user translation; a space
 * that is not current has none in the TLB to go stale.
 */
static void clear_entry(struct mapnode *r)
{
    *r->pte = 0;
    *paging_records(r->pte) = NULL;
    if (r->space == cur_thread->space)
        invlpg(r->va);
}

void mdb_move(struct mapnode *n, struct space *s, uint64_t va, uint64_t *pte)
{
    struct mapnode *r = record_alloc(s);
    *r = *n;
    r->space = s;
    r->va = va;
    r->pte = pte;
    *paging_records(pte) = r;
    if (r->prev)
        r->prev->next = r;
    else if (r->parent)
        r->parent->child = r;
    if (r->next)
        r->next->prev = r;
    for (struct mapnode *c = r->child; c; c = c->next)
        c->parent = r;
    clear_entry(n);
    record_free(n);
}

static void drop(struct mapnode *r)
{
    clear_entry(r);
    tree_unlink(r);
    record_free(r);
}

bool mdb_revoke(struct mapnode *n, bool self, uint64_t *budget)
{
    struct mapnode *p = n;
    for (;;) {
        if (!*budget)
            return false;
        if (p->child) {
            p = p->child;
            continue;
        }
        if (p == n)
            break;
        struct mapnode *up = p->parent;
        drop(p);
        --*budget;
        p = up;
    }
    if (self) {
        drop(n);
        --*budget;
    }
    return true;
}
