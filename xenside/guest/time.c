/* SPDX-License-Identifier: MIT */
/*
 * Xen system time and TSC facts.
 *
 * System time: vcpu_info.time (struct vcpu_time_info) holds system_time
 * (ns) at tsc_timestamp plus a scale: ns = ((tsc - tsc_timestamp) shifted
 * left by tsc_shift (right if negative)) * tsc_to_system_mul / 2^32.  Xen
 * bumps `version` to an odd value while it rewrites the record and to the
 * next even value after, so a reader retries until it sees the same even
 * version on both sides of its reads.
 *
 * CPUID: a PV guest's plain cpuid is not intercepted, so the Xen leaves
 * (0x40000000 + 0x100*i, signature "XenVMMXenVMM") are read with Xen's
 * forced-emulation prefix (ud2; .ascii "xen"; cpuid), which Xen decodes and
 * emulates for PV guests.  Leaf base+3 sub-leaf 0 gives EAX bit 0 = rdtsc
 * emulated (vtsc), EBX = tsc_mode, ECX = guest TSC kHz.
 */
#include "time.h"
#include "hypervisor.h"
#include "tsc.h"

uint64_t time_now_ns(void)
{
    volatile struct vcpu_time_info *t = &hypervisor_vcpu()->time;
    uint32_t version, mul;
    int8_t shift;
    uint64_t stamp, base, tsc;
    do {
        version = t->version;
        __asm__ volatile("" ::: "memory");
        stamp = t->tsc_timestamp;
        base = t->system_time;
        mul = t->tsc_to_system_mul;
        shift = t->tsc_shift;
        tsc = tsc_read();
        __asm__ volatile("" ::: "memory");
    } while ((version & 1) || version != t->version);

    uint64_t delta = tsc - stamp;
    if (shift < 0)
        delta >>= -shift;
    else
        delta <<= shift;
    return base + (uint64_t)(((unsigned __int128)delta * mul) >> 32);
}

static void time_xen_cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
    __asm__ volatile(".byte 0x0f, 0x0b, 0x78, 0x65, 0x6e; cpuid"
                     : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
                     : "0"(leaf), "2"(sub));
}

bool time_tsc_info(struct time_tsc_info *info)
{
    for (uint32_t base = 0x40000000; base < 0x40010000; base += 0x100) {
        uint32_t r[4];
        time_xen_cpuid(base, 0, r);
        /* "XenVMMXenVMM" in EBX, ECX, EDX, little-endian */
        if (r[1] != 0x566e6558 || r[2] != 0x65584d4d || r[3] != 0x4d4d566e)
            continue;
        if (r[0] < base + 3)
            return false;
        time_xen_cpuid(base + 3, 0, r);
        info->emulated = r[0] & 1;
        info->tsc_mode = r[1];
        info->khz = r[2];
        return true;
    }
    return false;
}
