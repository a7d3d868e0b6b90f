/* SPDX-License-Identifier: MIT */
/*
 * Self-tests of the page hand-over mechanisms (pageops.c) and of probes,
 * inside one domain: pages are moved to, shared with and copied for our
 * own domid, which goes through the same Xen paths as for a peer.  Also
 * what must fail cleanly: a frame still mapped, not ours or not there;
 * an entry that does not accept; a grant that is not there; a window
 * outside our address space.  After each failure the page must be where
 * it was (or refilled), nothing half mapped, and our reservation whole.
 */
#include "selftest.h"
#include "console.h"
#include "gnttab.h"
#include "hypercall.h"
#include "hypervisor.h"
#include "mm.h"
#include "pageops.h"
#include "probe.h"
#include "string.h"
#include "traps.h"

#define check selftest_check

static void sp_fill(uint8_t *page, uint8_t seed)
{
    for (unsigned int i = 0; i < PAGE_SIZE; i++)
        page[i] = (uint8_t)(seed + i * 13);
}

static bool sp_holds(const uint8_t *page, uint8_t seed)
{
    for (unsigned int i = 0; i < PAGE_SIZE; i++)
        if (page[i] != (uint8_t)(seed + i * 13))
            return false;
    return true;
}

/* One raw GNTTABOP_transfer: its status. */
static int sp_transfer(xen_pfn_t mfn, domid_t dom, grant_ref_t ref)
{
    gnttab_transfer_t op = { .mfn = mfn, .domid = dom, .ref = ref };
    long rc = hypercall_grant_table_op(GNTTABOP_transfer, &op, 1);
    return rc != 0 ? (int)rc : op.status;
}

static void sp_probe(void)
{
    uint8_t *page = mm_page_alloc();
    uint8_t *hole = mm_hole_alloc(1);
    unsigned long before = traps_probe_count();
    check(page != NULL && hole != NULL && probe_read(page) == 0 && probe_write(page) == 0,
          "probe: a mapped page can be read and written", 0);
    int r = probe_read(hole), w = probe_write(hole);
    check(r == 1 && w == 1 && traps_probe_count() == before + 2,
          "probe: touching an unmapped page faults and resumes at the fixup", r + 2 * w);
}

static void sp_move(void)
{
    domid_t self = hypervisor_domid();
    struct pg_cost c = { 0 };
    uint8_t *p = mm_page_alloc();
    uint8_t *h = mm_hole_alloc(1);
    sp_fill(p, 3);
    xen_pfn_t mfn = mm_mfn(p);
    int rc = mm_release(h, 1);
    long cur = mm_reservation(false), max = mm_reservation(true);
    cprintf("xenguest: reservation %ld pages, maximum %ld\n", cur, max);
    check(rc == 0 && cur > 0, "move: a window slot's own frame goes back to Xen", rc);

    long a = gnttab_accept(self, mm_pfn(h));
    rc = a < 0 ? (int)a : pg_give(self, p, 1, (grant_ref_t *)&(grant_ref_t){ (grant_ref_t)a }, &c);
    check(rc == 0 && c.unmapped == 1, "move: unmap and GNTTABOP_transfer to an accepting entry", rc);
    check(probe_read(p) == 1 && mm_mfn(p) == MM_NO_MFN, "move: the giver's access faults after", 0);
    unsigned int got = 0;
    grant_ref_t ra = (grant_ref_t)a;
    rc = pg_take(h, 1, &ra, &got, &c);
    check(rc == 0 && got == 1 && mm_mfn(h) == mfn && sp_holds(h, 3) && c.mapped == 1,
          "move: the taker maps the frame that came, with the giver's bytes", rc);
    check(mm_reservation(false) == cur, "move: our reservation is whole after a move to ourselves",
          mm_reservation(false) - cur);

    long b = gnttab_accept(self, mm_pfn(p));
    grant_ref_t rb = (grant_ref_t)b;
    rc = sp_transfer(mfn, self, rb);
    check(rc == GNTST_bad_page && probe_read(h) == 0 && sp_holds(h, 3) &&
              mm_reservation(false) == cur,
          "move: a frame still mapped is refused (GNTST_bad_page) and stays", rc);
    rc = sp_transfer(xen_start_info->shared_info >> PAGE_SHIFT, self, rb);
    check(rc == GNTST_bad_page, "move: Xen's frame (shared_info) is refused", rc);
    rc = sp_transfer((xen_pfn_t)1 << 40, self, rb);
    check(rc == GNTST_bad_page, "move: a frame that does not exist is refused", rc);

    rc = pg_give(self, h, 1, &rb, &c);
    if (rc == 0)
        rc = pg_take(p, 1, &rb, &got, &c);
    check(rc == 0 && sp_holds(p, 3) && probe_read(h) == 1 && mm_mfn(p) == mfn,
          "move: and back again to the giver's slot", rc);
    rc = pg_give(self, h, 1, &rb, &c);
    check(rc == -XEN_EINVAL && probe_read(p) == 0, "move: an empty slot cannot be given", rc);

    /* Taken, then dropped by Xen: the entry does not accept (spent), or the
     * domain does not exist.  pg_give refills the slot. */
    rc = pg_give(self, p, 1, &rb, &c);
    check(rc == GNTST_general_error && probe_read(p) == 0 && mm_mfn(p) != MM_NO_MFN &&
              mm_reservation(false) == cur,
          "move: to an entry that does not accept: an error, the slot refilled, reservation whole", rc);
    grant_ref_t bogus = 1u << 20;
    rc = pg_give(self, p, 1, &bogus, &c);
    check(rc == GNTST_general_error && probe_read(p) == 0 && mm_reservation(false) == cur,
          "move: to a grant ref out of range: the same", rc);
    rc = pg_give(DOMID_FIRST_RESERVED - 1, p, 1, &ra, &c);
    check(rc == GNTST_bad_domain && probe_read(p) == 0 && mm_reservation(false) == cur,
          "move: to a domain that does not exist: the same", rc);
    int e1 = gnttab_accept_end(ra), e2 = gnttab_accept_end(rb);
    check(e1 == 0 && e2 == 0, "move: accepting entries withdrawn", e1 ? e1 : e2);
}

static void sp_share(void)
{
    domid_t self = hypervisor_domid();
    struct pg_cost c = { 0 };
    uint8_t *p = mm_page_alloc(), *q = mm_page_alloc();
    uint8_t *w = mm_hole_alloc(2);
    sp_fill(p, 5);
    sp_fill(q, 6);
    grant_ref_t refs[2] = { (grant_ref_t)gnttab_grant(self, p, true),
                            (grant_ref_t)gnttab_grant(self, q, true) };
    grant_handle_t handles[2];
    int rc = pg_map_grants(self, refs, 2, w, true, handles, &c);
    check(rc == 0 && c.mapped == 2 && sp_holds(w, 5) && sp_holds(w + PAGE_SIZE, 6),
          "share: two read-only grants mapped in one GNTTABOP_map_grant_ref", rc);
    check(probe_write(w) == 1, "share: the peer cannot write a read-only grant", 0);
    rc = gnttab_end(refs[0]);
    check(rc == -XEN_EBUSY, "share: a grant still mapped cannot be ended", rc);
    rc = pg_unmap_grants(w, handles, 2, &c);
    check(rc == 0 && c.unmapped == 2 && probe_read(w) == 1 && probe_read(w + PAGE_SIZE) == 1,
          "share: after unmap the peer's access faults", rc);

    grant_ref_t bad[2] = { refs[0], 1u << 20 };
    rc = pg_map_grants(self, bad, 2, w, true, handles, &c);
    check(rc == GNTST_bad_gntref && probe_read(w) == 1 && probe_read(w + PAGE_SIZE) == 1,
          "share: a bad ref in the batch: an error and nothing left mapped", rc);
    int e1 = gnttab_end(refs[0]), e2 = gnttab_end(refs[1]);
    check(e1 == 0 && e2 == 0, "share: both grants ended", e1 ? e1 : e2);
    rc = pg_map_grants(self, refs, 1, w, true, handles, &c);
    check(rc < 0 && probe_read(w) == 1, "share: an ended grant cannot be mapped", rc);

    long r = gnttab_grant(self, p, true);
    grant_handle_t h;
    rc = gnttab_map(self, (grant_ref_t)r, (void *)0x100000000000UL, true, &h);
    check(rc < 0, "share: mapping at an address we have no page table for is an error", rc);
    rc = pg_map_grants(self, (grant_ref_t *)&r, 1, (void *)0x100000000000UL, true, handles, &c);
    check(rc == -XEN_EINVAL, "share: a window outside the image is refused", rc);
    gnttab_end((grant_ref_t)r);

    /* dom0 may map any frame that is not RAM (I/O memory), a domU not. */
    if (!hypervisor_is_dom0()) {
        xen_pfn_t nowhere = (xen_pfn_t)1 << 40;
        rc = pg_map(w, &nowhere, 1, true, &c);
        check(rc < 0 && probe_read(w) == 1, "share: mapping a frame that is not RAM is refused", rc);
    }
}

static void sp_copy(void)
{
    domid_t self = hypervisor_domid();
    struct pg_cost c = { 0 };
    uint8_t *p = mm_page_alloc(), *q = mm_page_alloc();
    uint8_t *d = mm_page_alloc(), *d2 = mm_page_alloc();
    (void)d2;
    sp_fill(p, 7);
    sp_fill(q, 8);
    grant_ref_t refs[2] = { (grant_ref_t)gnttab_grant(self, p, true),
                            (grant_ref_t)gnttab_grant(self, q, true) };
    int rc = pg_copy_grants(self, refs, 2, 64, d, &c);
    check(rc == 0 && c.copied == 128 && memcmp(d, p, 64) == 0 && memcmp(d + PAGE_SIZE, q, 64) == 0 &&
              d[64] == 0 && d[PAGE_SIZE + 64] == 0,
          "copy: 64 bytes of two grants in one GNTTABOP_copy", rc);
    grant_ref_t bad[2] = { refs[0], 1u << 20 };
    rc = pg_copy_grants(self, bad, 2, 4096, d, &c);
    check(rc == GNTST_bad_gntref, "copy: a bad ref is an error", rc);
    gnttab_end(refs[0]);
    gnttab_end(refs[1]);
}

void selftest_pages(void)
{
    pg_init();
    sp_probe();
    sp_move();
    sp_share();
    sp_copy();
}
