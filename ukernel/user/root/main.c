/* SPDX-License-Identifier: MIT */
/*
 * The root task: reads the boot command line and either runs benchmarks
 * ("bench ...", driven by the host harness), the kernel self-tests
 * ("selftest"), the system-call fuzzer ("fuzz ...", fuzz.h) or the
 * liability scenario ("liability ...", liability.h), then powers the
 * machine off with the outcome.
 *
 *   bench system=uk unit=insns wl=pingpong:10000:1000
 *   selftest
 *   fuzz seed=1 calls=100000 [from=I] [classes=default,top] [trace=I]
 *   liability unit=insns [servers=virtioblk,ramdisk] [restart=0]
 *
 * wl= names the workloads with their own iteration counts
 * (workloads/wl_spec.h); n= and warmup= give the counts for entries of
 * wl= that name none.
 *
 * The kernel is named by QEMU as the first word of the command line;
 * words containing '/' are skipped for that reason.
 */
#include "bench.h"
#include "console.h"
#include "fuzz.h"
#include "liability.h"
#include "selftest.h"
#include "string.h"
#include "task.h"

#define EXIT_OK 0
#define EXIT_FAILED 1
#define EXIT_USAGE 2

struct options {
    const char *mode;
    struct bench_opts bench;
    struct fuzz_opts fuzz;
    struct liability_opts liability;
    char buf[sizeof(((struct uk_bootinfo *)0)->cmdline)];
};

static int parse_u32(const char *s, uint32_t *out)
{
    uint64_t v = 0;
    if (!*s)
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || (v = v * 10 + (uint64_t)(*s - '0')) > 0xffffffffu)
            return -1;
    }
    *out = (uint32_t)v;
    return 0;
}

static int parse_word(struct options *o, char *w)
{
    char *eq = strchr(w, '=');
    if (!eq) {
        if (strchr(w, '/'))
            return 0;
        if (o->mode)
            return -1;
        o->mode = w;
        return 0;
    }
    *eq++ = '\0';
    int f = fuzz_option(&o->fuzz, w, eq);
    if (!f)
        f = liability_option(&o->liability, w, eq);
    if (f)
        return f < 0 ? -1 : 0;
    if (!strcmp(w, "system"))
        o->bench.system = eq;
    else if (!strcmp(w, "unit"))
        o->bench.unit = eq;
    else if (!strcmp(w, "wl"))
        o->bench.workloads = eq;
    else if (!strcmp(w, "n"))
        return parse_u32(eq, &o->bench.cfg.iterations) || !o->bench.cfg.iterations ? -1 : 0;
    else if (!strcmp(w, "warmup"))
        return parse_u32(eq, &o->bench.cfg.warmup);
    else
        return -1;
    return 0;
}

static int parse(struct options *o)
{
    strlcpy(o->buf, bootinfo->cmdline, sizeof(o->buf));
    for (char *w = o->buf; *w;) {
        char *end = w;
        while (*end && *end != ' ')
            end++;
        char next = *end;
        *end = '\0';
        if (*w && parse_word(o, w)) {
            console_printf("@@PANIC root: bad command-line word \"%s\"\n", w);
            return -1;
        }
        w = next ? end + 1 : end;
    }
    return 0;
}

void root_main(void)
{
    const char *build_system = bootinfo->fastpath ? "uk" : "uk-nofp";
    static struct options o = {
        .bench = { .unit = "insns", .workloads = "pingpong", .cfg = { 10000, 1000 } },
        .fuzz = FUZZ_OPTS_DEFAULT,
        .liability = LIABILITY_OPTS_DEFAULT,
    };

    if (parse(&o))
        uk_shutdown(EXIT_USAGE);
    o.bench.system = o.bench.system ? o.bench.system : build_system;
    if (strcmp(o.bench.system, build_system)) {
        console_printf("@@PANIC root: asked to report as \"%s\" but this kernel is \"%s\"\n",
                       o.bench.system, build_system);
        uk_shutdown(EXIT_USAGE);
    }
    if (strcmp(o.bench.unit, "insns") && strcmp(o.bench.unit, "cycles")) {
        console_printf("@@PANIC root: unit must be insns or cycles, not \"%s\"\n", o.bench.unit);
        uk_shutdown(EXIT_USAGE);
    }
    if (o.mode && !strcmp(o.mode, "selftest"))
        uk_shutdown(selftest_run() ? EXIT_FAILED : EXIT_OK);
    if (o.mode && !strcmp(o.mode, "bench"))
        uk_shutdown(bench_run(&o.bench) ? EXIT_FAILED : EXIT_OK);
    if (o.mode && !strcmp(o.mode, "liability"))
        uk_shutdown(liability_run(&o.liability, o.bench.unit) ? EXIT_FAILED : EXIT_OK);
    if (o.mode && !strcmp(o.mode, "fuzz")) {
        if (o.fuzz.from >= o.fuzz.calls) {
            console_printf("@@PANIC root: fuzz: from=%lu must be below calls=%lu\n", o.fuzz.from,
                           o.fuzz.calls);
            uk_shutdown(EXIT_USAGE);
        }
        uk_shutdown(fuzz_run(&o.fuzz) ? EXIT_FAILED : EXIT_OK);
    }
    console_printf("@@PANIC root: command line must start with \"bench\", \"selftest\", "
                   "\"fuzz\" or \"liability\"\n");
    uk_shutdown(EXIT_USAGE);
}
