/* SPDX-License-Identifier: MIT */
/*
 * Liability inversion (claim C6) on the microkernel, a boot mode of the
 * root task:
 *
 *   liability unit=insns|cycles [servers=virtioblk,ramdisk] [restart=0]
 *
 * For each server named (default: both): a client reads through it, the
 * server stalls (it answers the connect, then receives the first request
 * and never answers: RD_FLAG_STALL), the client's call ends with
 * UK_ETIMEOUT; root then kills the stalled server while the client's
 * retry is pending (UK_EABORT), restarts it (ramdisk_start.h,
 * virtioblk_start.h) and the client's next requests are served.  An
 * unrelated pair of tasks does ping-pong bursts before the failure,
 * during the stall and from the death on.  The results are console
 * lines "# liability: row <liability.csv row>" (scripts/liability.sh
 * collects them), then "# liability: ok"; a failure is a "@@PANIC
 * liability: ..." line saying why.  restart=0 makes root leave the dead
 * server dead, so the scenario must fail (tests/liability.sh).
 */
#ifndef ROOT_LIABILITY_H
#define ROOT_LIABILITY_H

#include <stdbool.h>

#define LB_SERVER_VIRTIO 1u
#define LB_SERVER_RAMDISK 2u

struct liability_opts {
    unsigned servers; /* LB_SERVER_* */
    bool restart;
};

#define LIABILITY_OPTS_DEFAULT                                                                     \
    {                                                                                              \
        LB_SERVER_VIRTIO | LB_SERVER_RAMDISK, true                                                 \
    }

/* One key=value word of the command line: 1 if taken, 0 if not one of
 * ours, -1 (with a message) for a bad value. */
int liability_option(struct liability_opts *o, const char *key, const char *value);
/* Run the scenario; unit is the run's ("insns" or "cycles").  0 if every
 * step went as it must. */
int liability_run(const struct liability_opts *o, const char *unit);

#endif
