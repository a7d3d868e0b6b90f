/* SPDX-License-Identifier: MIT */
/*
 * See usercopy.h.  Each copy proceeds in pieces that stay within one page
 * on both sides; each page is translated and checked (present, user, and
 * writable for a destination) before its bytes move.
 */
#include "usercopy.h"
#include "paging.h"
#include "string.h"

static bool range_ok(uint64_t va, uint64_t len)
{
    return va < UK_USER_TOP && len <= UK_USER_TOP - va;
}

/* Kernel pointer to the byte at va, or NULL. */
static uint8_t *translate(struct space *s, uint64_t va, bool write)
{
    uint64_t need = PTE_P | PTE_U | (write ? PTE_W : 0);
    uint64_t pte = paging_lookup(s->root, va);
    if ((pte & need) != need)
        return NULL;
    return (uint8_t *)phys_to_virt(pte & PTE_ADDR) + (va & (PAGE_SIZE - 1));
}

static uint64_t page_left(uint64_t va)
{
    return PAGE_SIZE - (va & (PAGE_SIZE - 1));
}

long usercopy_check(struct space *s, uint64_t va, uint64_t len, bool write)
{
    if (!range_ok(va, len))
        return UK_EFAULT;
    for (uint64_t done = 0; done < len;) {
        uint64_t n = page_left(va + done);
        if (!translate(s, va + done, write))
            return UK_EFAULT;
        done += n;
    }
    return UK_OK;
}

long usercopy_in(struct space *s, void *dst, uint64_t va, uint64_t len)
{
    if (!range_ok(va, len))
        return UK_EFAULT;
    for (uint64_t done = 0; done < len;) {
        uint64_t n = page_left(va + done);
        uint8_t *p = translate(s, va + done, false);
        if (!p)
            return UK_EFAULT;
        if (n > len - done)
            n = len - done;
        usercopy_words((uint8_t *)dst + done, p, n);
        done += n;
    }
    return UK_OK;
}

/* One piece of a copy between spaces: within one page on both sides. */
struct piece {
    uint8_t *d;
    const uint8_t *s;
    uint64_t n;
};
#define MAX_PIECES 3 /* UK_MSG_MAX bytes cross at most one page edge per side */

long usercopy_between(struct space *dst, uint64_t dva, struct space *src, uint64_t sva,
                      uint64_t len)
{
    struct piece p[MAX_PIECES];
    unsigned np = 0;

    if (!range_ok(dva, len) || !range_ok(sva, len) || len > UK_MSG_MAX)
        return UK_EFAULT;
    if (len == 0)
        return UK_OK;
    if (len <= page_left(dva) && len <= page_left(sva)) { /* one piece */
        uint8_t *d = translate(dst, dva, true);
        const uint8_t *s = translate(src, sva, false);
        if (!d || !s)
            return UK_EFAULT;
        usercopy_words(d, s, len);
        return UK_OK;
    }
    /* Translate every piece first: a fault writes nothing. */
    for (uint64_t done = 0; done < len; np++) {
        uint64_t n = page_left(dva + done), m = page_left(sva + done);
        if (np == MAX_PIECES)
            return UK_EFAULT; /* cannot happen for len <= UK_MSG_MAX */
        p[np].d = translate(dst, dva + done, true);
        p[np].s = translate(src, sva + done, false);
        if (!p[np].d || !p[np].s)
            return UK_EFAULT;
        if (m < n)
            n = m;
        if (n > len - done)
            n = len - done;
        p[np].n = n;
        done += n;
    }
    for (unsigned i = 0; i < np; i++)
        usercopy_words(p[i].d, p[i].s, p[i].n);
    return UK_OK;
}
