/* SPDX-License-Identifier: MIT */
/*
 * See fuzz_space.h.  The pages come from the root task's pool once per
 * run: code and read-only data are shared by every fuzz task; the data
 * segment, the zero pages and the child stack are made fresh for each
 * task, so that a task started at call I always starts the same way.  A
 * task that ended has all of it unmapped again: any of its threads still
 * blocked in the kernel dies at once if it is ever woken, and cannot run
 * on the pages of the task after it.
 */
#include "fuzz_space.h"
#include "elf_load.h"
#include "fuzz_gen.h"
#include "string.h"
#include "task.h"

#define PAGE UK_PAGE_SIZE

/* The safe text: x86 prefix bytes only (fuzz_task.h); printable, no '@'. */
static const char safe_text[] = "&.6>defg";
/* The code page's last bytes: mov $UK_SYS_NULL, %eax; syscall. */
static const uint8_t code_tail[FZ_CODE_TAIL] = { 0xb8, UK_SYS_NULL, 0, 0, 0, 0x0f, 0x05 };
#define NOP 0x90

static struct fz_area *add_area(struct fz_image *im, uint64_t va, uint64_t pages, unsigned perms)
{
    if (im->nareas == FZ_AREAS)
        return NULL;
    uint8_t *mem = pool_alloc(pages);
    if (!mem)
        return NULL;
    struct fz_area *a = &im->area[im->nareas++];
    *a = (struct fz_area){ .va = va, .pages = pages, .mem = mem, .perms = perms };
    return a;
}

static int add_segment(void *ctx, const struct elf_segment *seg)
{
    struct fz_image *im = ctx;
    uint64_t start = seg->vaddr & ~(PAGE - 1);
    uint64_t pages = (seg->vaddr + seg->memsz - start + PAGE - 1) / PAGE;
    unsigned perms =
        (seg->flags & ELF_SEG_W ? UK_MAP_WRITE : 0) | (seg->flags & ELF_SEG_X ? UK_MAP_EXEC : 0);
    struct fz_area *a = add_area(im, start, pages, perms);
    if (!a)
        return UK_ENOMEM;
    memcpy(a->mem + (seg->vaddr - start), seg->data, seg->filesz);
    if (seg->flags & ELF_SEG_W) {
        a->data = seg->data;
        a->off = seg->vaddr - start;
        a->filesz = seg->filesz;
    } else {
        if (!im->ro_start || start < im->ro_start)
            im->ro_start = start;
        if (start + pages * PAGE > im->ro_end)
            im->ro_end = start + pages * PAGE;
    }
    return UK_OK;
}

long fz_image_load(struct fz_image *im, uint64_t classes)
{
    uint64_t entry, safe = classes & (1ull << FZ_BIGWRITE) ? FZ_SAFE_PAGES_BIG : FZ_SAFE_PAGES;
    int e = elf_load((const void *)UK_IMAGE_VA, bootinfo->image_size, UK_USER_TOP, add_segment, im,
                     &entry);
    if (e)
        return e < 0 ? UK_EINVAL : e;
    struct fz_area *sh = add_area(im, FZ_SHARED_VA, 1, UK_MAP_WRITE);
    struct fz_area *code = add_area(im, FZ_CODE_VA, 1, UK_MAP_EXEC);
    struct fz_area *text = add_area(im, FZ_SAFE_VA, safe, 0);
    struct fz_area *zero = add_area(im, FZ_ZERO_VA, FZ_ZERO_PAGES, UK_MAP_WRITE);
    struct fz_area *child = add_area(im, FZ_CHILD_STACK_VA, 1, UK_MAP_WRITE);
    struct fz_area *stack =
        add_area(im, FZ_STACK_TOP - FZ_STACK_PAGES * PAGE, FZ_STACK_PAGES, UK_MAP_WRITE);
    if (!sh || !code || !text || !zero || !child || !stack)
        return UK_ENOMEM;
    im->shared = (struct fz_shared *)sh->mem;
    memset(code->mem, NOP, PAGE - FZ_CODE_TAIL);
    memcpy(code->mem + PAGE - FZ_CODE_TAIL, code_tail, FZ_CODE_TAIL);
    for (uint64_t i = 0; i < safe * PAGE; i++)
        text->mem[i] = (uint8_t)safe_text[i % (sizeof(safe_text) - 1)];
    /* Made fresh for each task: zeroed (and a data segment copied in). */
    zero->data = child->data = (const uint8_t *)"";
    return UK_OK;
}

long fz_space_build(struct fz_image *im, uint64_t *space)
{
    long e = uk_space_create(FZ_TASK_QUOTA, space);
    for (unsigned i = 0; i < im->nareas && !e; i++) {
        struct fz_area *a = &im->area[i];
        if (a->data) {
            memset(a->mem, 0, a->pages * PAGE);
            memcpy(a->mem + a->off, a->data, a->filesz);
        }
        e = uk_map(*space, (uint64_t)a->mem, a->va, a->pages, a->perms);
    }
    return e;
}

void fz_space_retire(const struct fz_image *im, uint64_t space)
{
    for (unsigned i = 0; i < im->nareas; i++)
        uk_unmap(space, im->area[i].va, im->area[i].pages);
}
