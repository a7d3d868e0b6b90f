/* SPDX-License-Identifier: MIT */
/*
 * Pool pages and holes (see mm.h).  ABI facts used here:
 *  - the image is mapped from VIRT_BASE (guest.ld) so pfn = (va - base) / 4K;
 *  - start_info->mfn_list is the guest-virtual address of the p2m array;
 *  - HYPERVISOR_update_va_mapping(va, pte, UVMF_INVLPG) rewrites the PTE of
 *    an address whose L1 table exists, and flushes that TLB entry.  A PTE is
 *    the machine address of the frame | flags (present, writable, accessed,
 *    dirty); Xen adds the user bit a ring-3 PV kernel needs itself.
 * Nothing is ever freed: the guest lives for one benchmark run.
 */
#include "mm.h"
#include "hypercall.h"
#include "hypervisor.h"
#include "string.h"

/* 96 for channels and tests, 64 more for wl_pages_alloc (wl.h's
 * WL_PAGES_MAX), and as many again for a server's copy window; holes:
 * 64 for rings and foreign pages, 64 for a server's page window. */
#define MM_POOL_PAGES 256
#define MM_HOLE_PAGES 128

#define PTE_PRESENT 0x001UL
#define PTE_WRITABLE 0x002UL
#define PTE_ACCESSED 0x020UL
#define PTE_DIRTY 0x040UL

extern char _image_start[], _image_end[];

static uint8_t mm_pool[MM_POOL_PAGES][PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t mm_holes[MM_HOLE_PAGES][PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static unsigned int mm_pool_used;
static unsigned int mm_holes_used;

unsigned long mm_pfn(const void *va)
{
    return ((uintptr_t)va - (uintptr_t)_image_start) >> PAGE_SHIFT;
}

xen_pfn_t mm_mfn(const void *va)
{
    const xen_pfn_t *p2m = (const xen_pfn_t *)xen_start_info->mfn_list;
    return p2m[mm_pfn(va)];
}

void mm_set_mfn(const void *va, xen_pfn_t mfn)
{
    xen_pfn_t *p2m = (xen_pfn_t *)xen_start_info->mfn_list;
    p2m[mm_pfn(va)] = mfn;
}

bool mm_in_image(const void *va, unsigned long n)
{
    uintptr_t a = (uintptr_t)va;
    return (a & (PAGE_SIZE - 1)) == 0 && a >= (uintptr_t)_image_start &&
           a < (uintptr_t)_image_end && n <= ((uintptr_t)_image_end - a) / PAGE_SIZE;
}

int mm_release(void *va, unsigned int n)
{
    if (!mm_in_image(va, n))
        return -XEN_EINVAL;
    for (unsigned int i = 0; i < n; i++) {
        uint8_t *page = (uint8_t *)va + i * PAGE_SIZE;
        xen_pfn_t mfn = mm_mfn(page);
        if (mfn == MM_NO_MFN)
            return -XEN_EINVAL;
        /* A PV guest names its frames by MFN here. */
        struct xen_memory_reservation r = { .nr_extents = 1, .domid = DOMID_SELF };
        set_xen_guest_handle(r.extent_start, &mfn);
        long done = hypercall_memory_op(XENMEM_decrease_reservation, &r);
        if (done != 1)
            return done < 0 ? (int)done : -XEN_EBUSY;
        mm_set_mfn(page, MM_NO_MFN);
    }
    return 0;
}

int mm_populate(void *va)
{
    if (!mm_in_image(va, 1) || mm_mfn(va) != MM_NO_MFN)
        return -XEN_EINVAL;
    xen_pfn_t frame = mm_pfn(va);
    struct xen_memory_reservation r = { .nr_extents = 1, .domid = DOMID_SELF };
    set_xen_guest_handle(r.extent_start, &frame);
    /* In: the pseudo-physical slot; out: the machine frame put there (Xen
     * also sets the m2p entry). */
    long done = hypercall_memory_op(XENMEM_populate_physmap, &r);
    if (done != 1)
        return done < 0 ? (int)done : -XEN_ENOMEM;
    mm_set_mfn(va, frame);
    return mm_map_mfn(va, frame, true);
}

long mm_reservation(bool maximum)
{
    domid_t self = DOMID_SELF;
    return hypercall_memory_op(maximum ? XENMEM_maximum_reservation : XENMEM_current_reservation,
                               &self);
}

int mm_map_mfn(void *va, xen_pfn_t mfn, bool writable)
{
    uint64_t pte = ((uint64_t)mfn << PAGE_SHIFT) | PTE_PRESENT | PTE_ACCESSED;
    if (writable)
        pte |= PTE_WRITABLE | PTE_DIRTY;
    return (int)hypercall_update_va_mapping((unsigned long)va, pte, UVMF_INVLPG | UVMF_LOCAL);
}

int mm_unmap(void *va)
{
    return (int)hypercall_update_va_mapping((unsigned long)va, 0, UVMF_INVLPG | UVMF_LOCAL);
}

void *mm_page_alloc(void)
{
    if (mm_pool_used == MM_POOL_PAGES)
        return NULL;
    void *page = mm_pool[mm_pool_used++];
    memset(page, 0, PAGE_SIZE);
    return page;
}

void *mm_hole_alloc(unsigned int n)
{
    if (n == 0 || n > MM_HOLE_PAGES - mm_holes_used)
        return NULL;
    uint8_t *first = mm_holes[mm_holes_used];
    for (unsigned int i = 0; i < n; i++) {
        /* An unmapped hole cannot leave a stale TLB entry for its old frame
         * behind when a foreign frame is mapped over it later. */
        if (mm_unmap(first + i * PAGE_SIZE) != 0)
            return NULL;
    }
    mm_holes_used += n;
    return first;
}
