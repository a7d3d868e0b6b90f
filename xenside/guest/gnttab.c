/* SPDX-License-Identifier: MIT */
/*
 * Grant tables v1 (xen/grant_table.h).
 *
 * Setup: GNTTABOP_setup_table(DOMID_SELF, nr_frames) makes Xen allocate
 * the table and return its frames; a PV guest gets machine frames and maps
 * them itself (update_va_mapping into holes).  A v1 entry is 8 bytes,
 * {uint16 flags, domid_t domid, uint32 frame}, 512 per page; the first
 * GNTTAB_NR_RESERVED_ENTRIES (8) belong to the toolstack (console, xenstore).
 *
 * Granting: write domid and frame (a PV guest's frame is the MFN), then,
 * after a release barrier, flags = GTF_permit_access [| GTF_readonly].
 * Xen sets GTF_reading/GTF_writing while the peer has the page mapped;
 * ending a grant is a compare-and-swap of flags to 0 that must not race
 * with those bits.
 *
 * Accepting a transfer: domid = the giver, frame = the pseudo-physical
 * slot the page is to fill, flags = GTF_accept_transfer.  Xen sets
 * GTF_transfer_committed when a transfer picks the entry, then writes the
 * new machine frame into `frame` and sets GTF_transfer_completed; a PV
 * guest itself then maps the frame and updates its p2m (Xen has set the
 * m2p entry to `frame`'s old value, our slot).  Xen only takes an entry
 * whose flags are exactly GTF_accept_transfer, and only from its domid.
 *
 * Mapping (the peer side): GNTTABOP_map_grant_ref with GNTMAP_host_map and
 * host_addr = a virtual address makes Xen write that PTE of the caller's
 * page tables; the L1 table must exist, which is why we map into holes of
 * the image.  The result is a per-operation status (GNTST_*) and a handle
 * for GNTTABOP_unmap_grant_ref.
 */
#include "gnttab.h"
#include "hypercall.h"
#include "mm.h"

/* 2 frames, 1016 references: channels and page tests, plus blkfront's
 * ring and its 256 data pages granted at once (wl_blk_xen.c). */
#define GNTTAB_FRAMES 2
#define GNTTAB_ENTRIES (GNTTAB_FRAMES * PAGE_SIZE / sizeof(grant_entry_v1_t))

static grant_entry_v1_t *gnttab_table;
static grant_ref_t gnttab_free[GNTTAB_ENTRIES];
static unsigned int gnttab_nfree;

int gnttab_init(void)
{
    xen_pfn_t frames[GNTTAB_FRAMES];
    struct gnttab_setup_table op = { .dom = DOMID_SELF, .nr_frames = GNTTAB_FRAMES };
    set_xen_guest_handle(op.frame_list, frames);
    int rc = (int)hypercall_grant_table_op(GNTTABOP_setup_table, &op, 1);
    if (rc != 0)
        return rc;
    if (op.status != GNTST_okay)
        return op.status;

    uint8_t *va = mm_hole_alloc(GNTTAB_FRAMES);
    if (va == NULL)
        return -XEN_ENOMEM;
    for (unsigned int i = 0; i < GNTTAB_FRAMES; i++) {
        rc = mm_map_mfn(va + i * PAGE_SIZE, frames[i], true);
        if (rc != 0)
            return rc;
    }
    gnttab_table = (grant_entry_v1_t *)va;
    /* Hand out low references first. */
    for (grant_ref_t ref = GNTTAB_ENTRIES - 1; ref >= GNTTAB_NR_RESERVED_ENTRIES; ref--)
        gnttab_free[gnttab_nfree++] = ref;
    return 0;
}

static long gnttab_alloc_ref(void);

long gnttab_reserve(void)
{
    return gnttab_alloc_ref();
}

long gnttab_grant(domid_t dom, const void *va, bool readonly)
{
    long r = gnttab_alloc_ref();
    if (r < 0)
        return r;
    grant_ref_t ref = (grant_ref_t)r;
    grant_entry_v1_t *e = &gnttab_table[ref];
    e->domid = dom;
    e->frame = (uint32_t)mm_mfn(va);
    uint16_t flags = GTF_permit_access | (readonly ? GTF_readonly : 0);
    __atomic_store_n(&e->flags, flags, __ATOMIC_RELEASE);
    return ref;
}

int gnttab_end(grant_ref_t ref)
{
    grant_entry_v1_t *e = &gnttab_table[ref];
    uint16_t flags = __atomic_load_n(&e->flags, __ATOMIC_ACQUIRE);
    do {
        if (flags & (GTF_reading | GTF_writing))
            return -XEN_EBUSY;
    } while (!__atomic_compare_exchange_n(&e->flags, &flags, 0, false, __ATOMIC_SEQ_CST,
                                          __ATOMIC_ACQUIRE));
    gnttab_free[gnttab_nfree++] = ref;
    return 0;
}

static long gnttab_alloc_ref(void)
{
    if (gnttab_table == NULL || gnttab_nfree == 0)
        return -XEN_ENOSPC;
    return gnttab_free[--gnttab_nfree];
}

long gnttab_accept(domid_t dom, unsigned long pfn)
{
    long ref = gnttab_alloc_ref();
    if (ref >= 0)
        gnttab_accept_rearm((grant_ref_t)ref, dom, pfn);
    return ref;
}

void gnttab_accept_rearm(grant_ref_t ref, domid_t dom, unsigned long pfn)
{
    grant_entry_v1_t *e = &gnttab_table[ref];
    e->domid = dom;
    e->frame = (uint32_t)pfn;
    __atomic_store_n(&e->flags, GTF_accept_transfer, __ATOMIC_RELEASE);
}

int gnttab_accept_done(grant_ref_t ref, xen_pfn_t *mfn)
{
    grant_entry_v1_t *e = &gnttab_table[ref];
    uint16_t flags = __atomic_load_n(&e->flags, __ATOMIC_ACQUIRE);
    /* Committed but not yet completed happens only while another vCPU is
     * inside the transfer; one vCPU per domain here, so treat it as "not
     * yet" rather than spin. */
    if ((flags & GTF_type_mask) != GTF_accept_transfer || !(flags & GTF_transfer_completed))
        return -XEN_EAGAIN;
    *mfn = e->frame;
    return 0;
}

int gnttab_accept_disarm(grant_ref_t ref)
{
    grant_entry_v1_t *e = &gnttab_table[ref];
    uint16_t flags = GTF_accept_transfer;
    if (!__atomic_compare_exchange_n(&e->flags, &flags, 0, false, __ATOMIC_SEQ_CST,
                                     __ATOMIC_ACQUIRE)) {
        if ((flags & GTF_transfer_committed) && !(flags & GTF_transfer_completed))
            return -XEN_EBUSY;
        /* a completed entry (its frame taken by gnttab_accept_done) or one
         * never armed: Xen will not touch it again */
        __atomic_store_n(&e->flags, 0, __ATOMIC_RELEASE);
    }
    return 0;
}

int gnttab_accept_end(grant_ref_t ref)
{
    int rc = gnttab_accept_disarm(ref);
    if (rc == 0)
        gnttab_free[gnttab_nfree++] = ref;
    return rc;
}

int gnttab_map(domid_t dom, grant_ref_t ref, void *va, bool readonly, grant_handle_t *handle)
{
    struct gnttab_map_grant_ref op = {
        .host_addr = (uint64_t)(uintptr_t)va,
        .flags = GNTMAP_host_map | (readonly ? GNTMAP_readonly : 0),
        .ref = ref,
        .dom = dom,
    };
    int rc = (int)hypercall_grant_table_op(GNTTABOP_map_grant_ref, &op, 1);
    if (rc != 0)
        return rc;
    if (op.status != GNTST_okay)
        return op.status;
    *handle = op.handle;
    return 0;
}

int gnttab_unmap(void *va, grant_handle_t handle)
{
    struct gnttab_unmap_grant_ref op = { .host_addr = (uint64_t)(uintptr_t)va, .handle = handle };
    int rc = (int)hypercall_grant_table_op(GNTTABOP_unmap_grant_ref, &op, 1);
    if (rc != 0)
        return rc;
    return op.status;
}

int gnttab_copy_to(domid_t dom, grant_ref_t ref, uint16_t offset, const void *src, uint16_t len)
{
    struct gnttab_copy op = {
        .source = { .u.gmfn = mm_mfn(src), .domid = DOMID_SELF,
                    .offset = (uint16_t)((uintptr_t)src & (PAGE_SIZE - 1)) },
        .dest = { .u.ref = ref, .domid = dom, .offset = offset },
        .len = len,
        .flags = GNTCOPY_dest_gref,
    };
    int rc = (int)hypercall_grant_table_op(GNTTABOP_copy, &op, 1);
    if (rc != 0)
        return rc;
    return op.status;
}
