/* SPDX-License-Identifier: MIT */
/*
 * See fuzz_gen.h.  A call's randomness is a splitmix64 stream started from
 * a hash of (seed, index) (fuzz_rand.h); a class is picked by weight among
 * the enabled ones and fills in the registers (fuzz_classes.c).  Then
 * sanitize() applies the few rules that keep the fuzz task from hurting
 * anything but itself without a kernel bug (the layout they protect is in
 * fuzz_task.h):
 *   - no map destination touches the low region [FZ_LOW_START, FZ_PLAY_VA),
 *     nor does an item's window (class item, fuzz_classes.c, keeps to it:
 *     a grant moves only playground pages, copies land in the zero pages);
 *   - map sources are the safe, zero and code pages and what was mapped
 *     from them, never the task's image, stack or shared page;
 *   - new threads start in fz_child_exit/fz_child_block, in the code page
 *     or outside the low region;
 *   - DEBUG_WRITE reads only safe text or memory that cannot be valid, so
 *     nothing on the console can look like the harness's "@@" markers;
 *   - only the given endpoint and notification are waited on without
 *     UK_INFO_POLL, so the root task can always unblock the task;
 *   - unmaps walk at most FZ_UNMAP_PAGES pages unless class huge is on,
 *     no map reaches the last user page unless class top is on, and no
 *     thread is made above its creator unless class prio is on.
 * A rule that moves an address keeps its offset in the page: it never
 * turns an argument that must fail into one that works.
 */
#include "fuzz_rand.h"
#include "fmt.h"
#include "string.h"

static bool in_low_region(uint64_t va)
{
    return va >= FZ_LOW_START && va < FZ_PLAY_VA;
}

/* Could [va, va + pages) be a valid range of user pages? */
static bool could_be_range(uint64_t va, uint64_t pages)
{
    return va < UK_USER_TOP && pages <= (UK_USER_TOP - va) / PAGE;
}

static bool is_blocking_ipc(uint64_t nr)
{
    return nr == UK_SYS_SEND || nr == UK_SYS_CALL || nr == UK_SYS_RECV || nr == UK_SYS_REPLY_RECV ||
           nr == UK_SYS_WAIT;
}

static void sanitize(struct fz_call *c, uint64_t classes)
{
    uint64_t *a = c->a;
    switch (c->nr) {
    case UK_SYS_MAP: {
        uint64_t dst = a[FZ_RDX], pages = a[FZ_R10];
        if (could_be_range(dst, pages) && dst < FZ_PLAY_VA && dst + pages * PAGE > FZ_LOW_START)
            a[FZ_RDX] = FZ_PLAY_VA + (dst & (2 * MiB - 1));
        uint64_t src = a[FZ_RSI];
        /* Below the low region a source range meets FZ_LOW_START, which is
         * never mapped, before it could reach the task's own pages. */
        if (in_low_region(src) && !fz_is_guard(src) &&
            !(src >= FZ_SAFE_VA && src < FZ_ZERO_VA + FZ_ZERO_PAGES * PAGE) && src != FZ_CODE_VA)
            a[FZ_RSI] = FZ_ZERO_VA + (src & (FZ_ZERO_PAGES * PAGE - 1));
        dst = a[FZ_RDX];
        if (!(classes & (1ull << FZ_TOP)) && could_be_range(dst, pages) &&
            pages * PAGE <= FZ_TOP_PAGE && dst + pages * PAGE > FZ_TOP_PAGE)
            a[FZ_RDX] = dst - ((dst + pages * PAGE - FZ_TOP_PAGE + PAGE - 1) & ~(PAGE - 1));
        break;
    }
    case UK_SYS_UNMAP:
        if (!(classes & (1ull << FZ_HUGE)) && could_be_range(a[FZ_RSI], a[FZ_RDX]) &&
            a[FZ_RDX] > FZ_UNMAP_PAGES)
            a[FZ_RDX] = 1 + a[FZ_RDX] % FZ_UNMAP_PAGES;
        break;
    case UK_SYS_THREAD_CREATE: {
        uint64_t entry = a[FZ_RSI];
        if (entry != (uint64_t)fz_child_exit && entry != (uint64_t)fz_child_block &&
            in_low_region(entry) && entry - FZ_CODE_VA >= PAGE)
            a[FZ_RSI] = FZ_CODE_VA + (entry & (PAGE - 1));
        if (in_low_region(a[FZ_RDX]) && a[FZ_RDX] - FZ_CHILD_STACK_VA > PAGE)
            a[FZ_RDX] = FZ_CHILD_STACK_VA + PAGE;
        /* Never above the creator unless class prio asks for it. */
        if (!(classes & (1ull << FZ_PRIO)) && a[FZ_R8] > FZ_TASK_PRIO && a[FZ_R8] <= UK_PRIO_MAX)
            a[FZ_R8] = FZ_TASK_PRIO;
        break;
    }
    case UK_SYS_THREAD_EXIT:
        if (a[FZ_RDI] >> 48 == FZ_EXIT_MAGIC)
            a[FZ_RDI] ^= 1ull << 48;
        break;
    case UK_SYS_DEBUG_WRITE: {
        uint64_t buf = a[FZ_RDI], len = a[FZ_RSI];
        uint64_t safe_end = FZ_SAFE_VA + fz_safe_pages(classes) * PAGE;
        bool safe = buf >= FZ_SAFE_VA && buf < safe_end;
        bool invalid = buf >= UK_USER_TOP || fz_is_guard(buf) ||
                       (buf > UK_USER_TOP - 64 && len > UK_USER_TOP - buf);
        if (len && !safe && !invalid)
            a[FZ_RDI] = 0xffffffff80000000ull + (buf & 0xfff);
        break;
    }
    case UK_SYS_SHUTDOWN:
        c->expect = FZ_EXPECT_EXACT;
        c->err = UK_EPERM;
        c->why = "only the root task may shut down";
        break;
    default:
        break;
    }
    if (is_blocking_ipc(c->nr)) {
        uint64_t given = c->nr == UK_SYS_WAIT ? FZ_SLOT_NTFN : FZ_SLOT_EP;
        if (a[FZ_RDI] != given)
            a[FZ_RSI] |= UK_INFO_POLL;
    }
    if (c->nr >= UK_SYS_COUNT && c->op == FZ_OP_SYSCALL) {
        c->expect = FZ_EXPECT_EXACT;
        c->err = UK_ENOSYS;
        c->why = "no such system call";
    }
}

void fz_gen(uint64_t seed, uint64_t index, uint64_t classes, struct fz_call *c)
{
    struct fz_rng r = { fz_mix64(seed ^ fz_mix64(index ^ 0x6a09e667f3bcc909ull)) };
    uint64_t total = 0;
    for (unsigned k = 0; k < FZ_NCLASSES; k++)
        total += classes & (1ull << k) ? fz_classes[k].weight : 0;
    uint64_t w = fz_pick(&r, total);
    unsigned k = 0;
    while (!(classes & (1ull << k)) || w >= fz_classes[k].weight) {
        w -= classes & (1ull << k) ? fz_classes[k].weight : 0;
        k++;
    }
    memset(c, 0, sizeof(*c));
    c->cls = (uint8_t)k;
    fz_classes[k].gen(&r, c, classes);
    sanitize(c, classes);
}

bool fz_expected(const struct fz_call *c, long r)
{
    switch (c->expect) {
    case FZ_EXPECT_ERROR:
        return r != UK_OK;
    case FZ_EXPECT_EXACT:
        return r == c->err;
    default:
        return true;
    }
}

const char *fz_class_name(unsigned cls)
{
    return cls < FZ_NCLASSES ? fz_classes[cls].name : "?";
}

static int class_by_name(const char *s, size_t len)
{
    for (unsigned k = 0; k < FZ_NCLASSES; k++) {
        if (strlen(fz_classes[k].name) == len && !strncmp(fz_classes[k].name, s, len))
            return (int)k;
    }
    return -1;
}

int fz_parse_classes(const char *list, uint64_t *mask, const char **bad, size_t *bad_len)
{
    uint64_t m = 0;
    while (*list) {
        const char *w = list;
        size_t len = 0;
        while (w[len] && w[len] != ',')
            len++;
        list = w[len] ? w + len + 1 : w + len;
        bool remove = *w == '-';
        const char *name = remove ? w + 1 : w;
        size_t nlen = remove ? len - 1 : len;
        int k;
        uint64_t bits;
        if (nlen == 3 && !strncmp(name, "all", 3))
            bits = FZ_ALL_CLASSES;
        else if (nlen == 7 && !strncmp(name, "default", 7))
            bits = FZ_DEFAULT_CLASSES;
        else if ((k = class_by_name(name, nlen)) >= 0)
            bits = 1ull << k;
        else {
            *bad = w;
            *bad_len = len;
            return -1;
        }
        m = remove ? m & ~bits : m | bits;
    }
    *mask = m;
    return 0;
}

void fz_format_classes(uint64_t mask, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
    for (unsigned k = 0; k < FZ_NCLASSES && n < size; k++) {
        if (mask & (1ull << k))
            n += (size_t)fmt_snprintf(buf + n, size - n, "%s%s", n ? "," : "", fz_classes[k].name);
    }
}
