/* SPDX-License-Identifier: MIT */
/*
 * wl.h's page hand-over in the dom0 process: the server side of SHARE and
 * COPY for a domU client (the request's page part is in the ring page's
 * xpages area, common/xring/xpages.h, as for a domU server).
 *
 * SHARE  xengnttab_map_domain_grant_refs(n refs, PROT_READ): one
 *        IOCTL_GNTDEV_MAP_GRANT_REF and an mmap, in which Linux's gntdev
 *        maps the n grants (GNTTABOP_map_grant_ref) into this process;
 *        the handler reads them there; xengnttab_unmap: munmap (gntdev
 *        unmaps the grants) and IOCTL_GNTDEV_UNMAP_GRANT_REF.
 * COPY   xengnttab_grant_copy: one IOCTL_GNTDEV_GRANT_COPY with n
 *        segments, `bytes` bytes of each grant into our own pages (the
 *        receiver pulls, as in the guest), which gntdev pins and hands to
 *        one GNTTABOP_copy.
 * MOVE   refused: the answer's status is -EOPNOTSUPP (the guest client
 *        refuses MOVE towards dom0 before it gets here).  Debian's
 *        libxengnttab has no transfer, and Linux's gntdev/gntalloc have no
 *        ioctl for one: GNTTABOP_transfer needs a frame that nothing but
 *        its owner's allocation holds, and a process cannot unmap its own
 *        page from Linux's page tables and the p2m (README.md).
 *
 * Counts: pages_mapped/unmapped = n for a SHARE (the grant PTEs gntdev
 * writes), bytes_copied = what the copy segments moved; mech_time = the
 * time inside the two SHARE calls or the copy call, each timed alone with
 * the timer's cost taken off.  Error numbers are Linux's, the same
 * numbers as Xen's for those used here.
 */
#include "wl_dom0.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "xpages.h"

#define WLD_PAGE 4096u

static int64_t wld_overhead = -1;

static int64_t wld_timer_overhead(void)
{
    if (wld_overhead < 0) {
        int64_t best = INT64_MAX;
        for (int i = 0; i < 64; i++) {
            uint64_t t0 = wl_cycles(), t1 = wl_cycles();
            if ((int64_t)(t1 - t0) < best)
                best = (int64_t)(t1 - t0);
        }
        wld_overhead = best;
    }
    return wld_overhead;
}

static int wld_answer(struct wl_chan *ch, int status)
{
    const struct wld_pages *p = &ch->pages;
    return xpages_answer(ch->chan.ring.shared, ch->chan.ring.id, status, p->copied, p->mapped,
                         p->unmapped, p->time);
}

int wld_pages_begin(struct wl_chan *ch, struct wl_pages *got)
{
    struct wld_pages *p = &ch->pages;
    struct xring_shared *s = ch->chan.ring.shared;
    const struct xpages_req *r = &xpages_area(s)->req[xring_slot(s->req_cons)];
    uint32_t refs[XPAGES_MAX];
    p->mech = r->mech;
    p->n = r->n;
    p->bytes = r->bytes;
    p->copied = p->mapped = p->unmapped = 0;
    p->time = 0;
    p->map = NULL;
    if (p->n < 1 || p->n > XPAGES_MAX || p->bytes < 1 || p->bytes > WLD_PAGE) {
        p->mech = 0;
        return wld_answer(ch, -EINVAL);
    }
    memcpy(refs, r->gref, p->n * sizeof(refs[0]));
    got->n = p->n;
    got->bytes = p->bytes;
    int64_t overhead = wld_timer_overhead();
    int rc = 0;
    if (p->mech == XPAGES_SHARE) {
        uint64_t t0 = wl_cycles();
        p->map = xengnttab_map_domain_grant_refs(ch->chan.xgt, p->n, ch->chan.peer, refs,
                                                 PROT_READ);
        p->time += (int64_t)(wl_cycles() - t0) - overhead;
        if (p->map == NULL)
            rc = -(errno != 0 ? errno : EINVAL);
        else
            p->mapped += p->n;
        got->mech = WL_PAGES_SHARE;
        got->base = p->map;
    } else if (p->mech == XPAGES_COPY) {
        if (p->copybuf == NULL && posix_memalign((void **)&p->copybuf, WLD_PAGE,
                                                 XPAGES_MAX * WLD_PAGE) != 0) {
            p->copybuf = NULL;
            rc = -ENOMEM;
        }
        for (uint32_t i = 0; rc == 0 && i < p->n; i++) {
            p->segs[i] = (xengnttab_grant_copy_segment_t){
                .source.foreign = { .ref = refs[i], .offset = 0, .domid = (uint16_t)ch->chan.peer },
                .dest.virt = p->copybuf + (size_t)i * WLD_PAGE,
                .len = (uint16_t)p->bytes,
                .flags = GNTCOPY_source_gref,
            };
        }
        if (rc == 0) {
            uint64_t t0 = wl_cycles();
            rc = xengnttab_grant_copy(ch->chan.xgt, p->n, p->segs);
            p->time += (int64_t)(wl_cycles() - t0) - overhead;
            rc = rc < 0 ? -(errno != 0 ? errno : EIO) : 0;
        }
        for (uint32_t i = 0; rc == 0 && i < p->n; i++) {
            if (p->segs[i].status != GNTST_okay)
                rc = p->segs[i].status; /* negative GNTST_* */
            else
                p->copied += p->bytes;
        }
        got->mech = WL_PAGES_COPY;
        got->base = p->copybuf;
    } else {
        rc = -EOPNOTSUPP; /* MOVE (or nonsense): no transfer from a dom0 process */
    }
    if (rc != 0) {
        p->mech = 0;
        return wld_answer(ch, rc);
    }
    return 0;
}

int wld_pages_end(struct wl_chan *ch)
{
    struct wld_pages *p = &ch->pages;
    int rc = 0;
    if (p->mech == XPAGES_SHARE && p->map != NULL) {
        uint64_t t0 = wl_cycles();
        rc = xengnttab_unmap(ch->chan.xgt, p->map, p->n);
        p->time += (int64_t)(wl_cycles() - t0) - wld_timer_overhead();
        if (rc == 0)
            p->unmapped += p->n;
        else
            rc = -(errno != 0 ? errno : EIO);
        p->map = NULL;
    }
    p->mech = 0;
    return wld_answer(ch, rc);
}

/* A dom0 process as the client of a page hand-over is not part of this
 * port (only domU clients talk to dom0 here): no pages, every call refused. */
int wl_pages_can(wl_chan_t *ch, enum wl_page_mech mech)
{
    (void)ch, (void)mech;
    return 0;
}

uint8_t *wl_pages_alloc(uint32_t n)
{
    (void)n;
    return NULL;
}

long wl_call_pages(wl_chan_t *ch, const struct wl_pages *give, const void *req, size_t len,
                   void *resp, size_t resp_max, struct wl_page_counts *counts)
{
    (void)ch, (void)give, (void)req, (void)len, (void)resp, (void)resp_max;
    memset(counts, 0, sizeof(*counts));
    return -EOPNOTSUPP;
}
