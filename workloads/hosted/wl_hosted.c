/* SPDX-License-Identifier: MIT */
/*
 * The part of the wl.h port that is the same for every port that runs as
 * a Linux process (xenside/dom0/peer, linux/port): the timestamp, the null
 * call and the sample buffer.  Not a workload, so it sits in a folder of
 * its own, which the ports' wildcard over the workload sources does not
 * reach; hosted ports compile it by name.
 */
#include "wl.h"
#include "wl_record.h"

#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

/* lfence; rdtsc: Linux leaves rdtsc to user space (CR4.TSD clear), and
 * Xen's dom0 runs it natively in the suite's TSC mode. */
uint64_t wl_cycles(void)
{
    uint32_t lo, hi;
    __asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi)::"memory");
    return ((uint64_t)hi << 32) | lo;
}

/* getppid through syscall(): a real system call that neither the C
 * library nor the vDSO answers in user space (in a PV domain it enters
 * Xen first). */
void wl_null_call(void)
{
    syscall(SYS_getppid);
}

const char *wl_null_call_name(void)
{
    return "null-syscall";
}

int64_t *wl_sample_buffer(uint32_t n)
{
    static int64_t *buf;
    static uint32_t cap;
    if (n > WL_RECORD_MAX_SAMPLES)
        return NULL;
    if (n > cap) {
        int64_t *p = realloc(buf, n * sizeof(*p));
        if (p == NULL)
            return NULL;
        buf = p;
        cap = n;
    }
    return buf;
}
