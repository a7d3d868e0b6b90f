/* SPDX-License-Identifier: MIT */
/*
 * Page hand-over mechanisms (pageops.h).  ABI facts used here:
 *  - GNTTABOP_transfer (xen/grant_table.h) takes a frame from its owner
 *    only if nothing but the allocation holds it (Xen's steal_page): every
 *    PTE mapping it is a reference, so the giver unmaps first.  Xen checks
 *    ownership before taking it (a frame not ours, or still mapped:
 *    GNTST_bad_page, nothing happened); everything it checks after taking
 *    it (the domain, its reservation headroom, the entry being exactly
 *    GTF_accept_transfer from us) frees the frame on failure.  The giver's
 *    reservation drops by one per page moved, the taker's grows by one
 *    (refused if it is at its maximum).
 *  - For a PV guest, a frame number in these calls is the machine frame;
 *    the guest keeps its own p2m (start_info->mfn_list).
 *  - A multicall runs a list of hypercalls in one entry into Xen, each
 *    with its own result; update_va_mapping with UVMF_INVLPG | UVMF_LOCAL
 *    writes one PTE and drops that TLB entry.
 *  - Grant map/unmap/copy take arrays of operations, each with its own
 *    status (GNTST_*, negative on failure).
 * Operation arrays are static (one vCPU, nothing here is reentrant).
 */
#include "pageops.h"
#include "gnttab.h"
#include "hypercall.h"
#include "mm.h"
#include "tsc.h"

#define PTE_FLAGS_RW 0x063UL /* present, writable, accessed, dirty */
#define PTE_FLAGS_RO 0x021UL /* present, accessed */

static int64_t pg_overhead;
static multicall_entry_t pg_calls[PG_MAX];
static gnttab_transfer_t pg_transfers[PG_MAX];
static struct gnttab_map_grant_ref pg_maps[PG_MAX];
static struct gnttab_unmap_grant_ref pg_unmaps[PG_MAX];
static struct gnttab_copy pg_copies[PG_MAX];
static uint64_t pg_pte[PG_MAX];

void pg_init(void)
{
    int64_t best = INT64_MAX;
    for (unsigned int i = 0; i < 64; i++) {
        uint64_t t0 = tsc_read_serialized();
        uint64_t t1 = tsc_read_serialized();
        if ((int64_t)(t1 - t0) < best)
            best = (int64_t)(t1 - t0);
    }
    pg_overhead = best;
}

static inline uint64_t pg_start(void)
{
    return tsc_read_serialized();
}

static inline void pg_stop(struct pg_cost *c, uint64_t t0)
{
    c->time += (int64_t)(tsc_read_serialized() - t0) - pg_overhead;
}

#define PG_SKIP UINT64_MAX

/* Write the PTEs of n consecutive pages from va (pte[i] = 0: unmap,
 * PG_SKIP: leave alone) in one multicall. */
static int pg_ptes(uint8_t *va, const uint64_t *pte, unsigned int n, struct pg_cost *c)
{
    unsigned int k = 0;
    for (unsigned int i = 0; i < n; i++) {
        if (pte[i] == PG_SKIP)
            continue;
        pg_calls[k].op = __HYPERVISOR_update_va_mapping;
        pg_calls[k].args[0] = (xen_ulong_t)(va + i * PAGE_SIZE);
        pg_calls[k].args[1] = pte[i];
        pg_calls[k].args[2] = UVMF_INVLPG | UVMF_LOCAL;
        k++;
    }
    if (k == 0)
        return 0;
    uint64_t t0 = pg_start();
    long rc = hypercall_multicall(pg_calls, k);
    pg_stop(c, t0);
    if (rc != 0)
        return (int)rc;
    int first = 0;
    for (unsigned int i = 0; i < k; i++) {
        long r = (long)pg_calls[i].result;
        if (r == 0)
            pg_calls[i].args[1] != 0 ? c->mapped++ : c->unmapped++;
        else if (first == 0)
            first = (int)r;
    }
    return first;
}

int pg_map(void *va, const xen_pfn_t *mfns, unsigned int n, bool writable, struct pg_cost *c)
{
    if (n == 0 || n > PG_MAX || !mm_in_image(va, n))
        return -XEN_EINVAL;
    for (unsigned int i = 0; i < n; i++)
        pg_pte[i] = ((uint64_t)mfns[i] << PAGE_SHIFT) | (writable ? PTE_FLAGS_RW : PTE_FLAGS_RO);
    int rc = pg_ptes(va, pg_pte, n, c);
    if (rc != 0) {
        struct pg_cost undo = { 0 };
        pg_unmap(va, n, &undo);
    }
    return rc;
}

int pg_unmap(void *va, unsigned int n, struct pg_cost *c)
{
    if (n == 0 || n > PG_MAX || !mm_in_image(va, n))
        return -XEN_EINVAL;
    static const uint64_t zero[PG_MAX];
    return pg_ptes(va, zero, n, c);
}

int pg_give(domid_t dom, void *va, unsigned int n, const grant_ref_t *refs, struct pg_cost *c)
{
    if (n == 0 || n > PG_MAX || !mm_in_image(va, n))
        return -XEN_EINVAL;
    uint8_t *base = va;
    xen_pfn_t mfns[PG_MAX];
    for (unsigned int i = 0; i < n; i++) {
        mfns[i] = mm_mfn(base + i * PAGE_SIZE);
        if (mfns[i] == MM_NO_MFN)
            return -XEN_EINVAL; /* nothing there to give */
    }
    int rc = pg_unmap(base, n, c);
    if (rc != 0) {
        struct pg_cost undo = { 0 };
        pg_map(base, mfns, n, true, &undo);
        return rc;
    }
    for (unsigned int i = 0; i < n; i++) {
        pg_transfers[i] = (gnttab_transfer_t){ .mfn = mfns[i], .domid = dom, .ref = refs[i],
                                               .status = GNTST_bad_page };
    }
    uint64_t t0 = pg_start();
    rc = (int)hypercall_grant_table_op(GNTTABOP_transfer, pg_transfers, n);
    pg_stop(c, t0);
    /* If the call itself failed (it could not read the list), no entry was
     * processed: each still says GNTST_bad_page and is mapped back below. */
    int first = rc;
    for (unsigned int i = 0; i < n; i++) {
        uint8_t *page = base + i * PAGE_SIZE;
        int16_t st = rc == 0 ? pg_transfers[i].status : GNTST_bad_page;
        if (st == GNTST_okay) {
            mm_set_mfn(page, MM_NO_MFN);
            continue;
        }
        if (first == 0)
            first = st;
        struct pg_cost undo = { 0 };
        if (st == GNTST_bad_page) {
            pg_map(page, &mfns[i], 1, true, &undo);
        } else {
            mm_set_mfn(page, MM_NO_MFN);
            mm_populate(page);
        }
    }
    return first;
}

int pg_take(void *va, unsigned int n, const grant_ref_t *refs, unsigned int *got,
            struct pg_cost *c)
{
    *got = 0;
    if (n == 0 || n > PG_MAX || !mm_in_image(va, n))
        return -XEN_EINVAL;
    uint8_t *base = va;
    uint64_t *pte = pg_pte;
    for (unsigned int i = 0; i < n; i++) {
        xen_pfn_t mfn;
        if (gnttab_accept_done(refs[i], &mfn) != 0) {
            pte[i] = PG_SKIP; /* nothing came: the slot stays empty and unmapped */
            continue;
        }
        mm_set_mfn(base + i * PAGE_SIZE, mfn);
        pte[i] = ((uint64_t)mfn << PAGE_SHIFT) | PTE_FLAGS_RW;
        (*got)++;
    }
    int rc = pg_ptes(base, pte, n, c);
    if (rc != 0)
        return rc;
    return *got == n ? 0 : -XEN_EAGAIN;
}

int pg_map_grants(domid_t dom, const grant_ref_t *refs, unsigned int n, void *va, bool readonly,
                  grant_handle_t *handles, struct pg_cost *c)
{
    if (n == 0 || n > PG_MAX || !mm_in_image(va, n))
        return -XEN_EINVAL;
    uint8_t *base = va;
    for (unsigned int i = 0; i < n; i++) {
        pg_maps[i] = (struct gnttab_map_grant_ref){
            .host_addr = (uint64_t)(uintptr_t)(base + i * PAGE_SIZE),
            .flags = GNTMAP_host_map | (readonly ? GNTMAP_readonly : 0),
            .ref = refs[i],
            .dom = dom,
        };
    }
    uint64_t t0 = pg_start();
    int rc = (int)hypercall_grant_table_op(GNTTABOP_map_grant_ref, pg_maps, n);
    pg_stop(c, t0);
    int first = rc;
    unsigned int ok = 0;
    for (unsigned int i = 0; i < n; i++) {
        if (rc == 0 && pg_maps[i].status == GNTST_okay) {
            handles[i] = pg_maps[i].handle;
            ok++;
        } else if (first == 0) {
            first = rc == 0 ? pg_maps[i].status : rc;
        }
    }
    c->mapped += ok;
    if (first == 0)
        return 0;
    /* Nothing stays half mapped: undo the ones that worked. */
    unsigned int k = 0;
    for (unsigned int i = 0; i < n; i++) {
        if (rc == 0 && pg_maps[i].status == GNTST_okay)
            pg_unmaps[k++] = (struct gnttab_unmap_grant_ref){ .host_addr = pg_maps[i].host_addr,
                                                              .handle = pg_maps[i].handle };
    }
    if (k > 0) {
        t0 = pg_start();
        hypercall_grant_table_op(GNTTABOP_unmap_grant_ref, pg_unmaps, k);
        pg_stop(c, t0);
        c->unmapped += k;
    }
    return first;
}

int pg_unmap_grants(void *va, const grant_handle_t *handles, unsigned int n, struct pg_cost *c)
{
    if (n == 0 || n > PG_MAX || !mm_in_image(va, n))
        return -XEN_EINVAL;
    uint8_t *base = va;
    for (unsigned int i = 0; i < n; i++)
        pg_unmaps[i] = (struct gnttab_unmap_grant_ref){
            .host_addr = (uint64_t)(uintptr_t)(base + i * PAGE_SIZE), .handle = handles[i] };
    uint64_t t0 = pg_start();
    int rc = (int)hypercall_grant_table_op(GNTTABOP_unmap_grant_ref, pg_unmaps, n);
    pg_stop(c, t0);
    int first = rc;
    for (unsigned int i = 0; i < n; i++) {
        if (rc == 0 && pg_unmaps[i].status == GNTST_okay)
            c->unmapped++;
        else if (first == 0)
            first = pg_unmaps[i].status;
    }
    return first;
}

int pg_copy_grants(domid_t dom, const grant_ref_t *refs, unsigned int n, uint16_t bytes,
                   void *dst, struct pg_cost *c)
{
    if (n == 0 || n > PG_MAX || bytes == 0 || bytes > PAGE_SIZE || !mm_in_image(dst, n))
        return -XEN_EINVAL;
    uint8_t *base = dst;
    for (unsigned int i = 0; i < n; i++) {
        pg_copies[i] = (struct gnttab_copy){
            .source = { .u.ref = refs[i], .domid = dom, .offset = 0 },
            .dest = { .u.gmfn = mm_mfn(base + i * PAGE_SIZE), .domid = DOMID_SELF, .offset = 0 },
            .len = bytes,
            .flags = GNTCOPY_source_gref,
        };
    }
    uint64_t t0 = pg_start();
    int rc = (int)hypercall_grant_table_op(GNTTABOP_copy, pg_copies, n);
    pg_stop(c, t0);
    int first = rc;
    for (unsigned int i = 0; i < n; i++) {
        if (rc == 0 && pg_copies[i].status == GNTST_okay)
            c->copied += bytes;
        else if (first == 0)
            first = pg_copies[i].status;
    }
    return first;
}
