/* SPDX-License-Identifier: MIT */
/*
 * The profile pass (--profile): a boot of each system under the QEMU
 * plugin wlprof (profiler/README.md), whose per-window CSV is matched to
 * the boot's records, checked window by window against the guest's own
 * samples, and averaged per operation into profile.csv.
 *
 * Matching: every record that says "window" (wl_record.h) owns the next n
 * windows the plugin closed, in console order (only measured iterations
 * are marked, and a client runs its cases one after the other).
 *
 * The check, under tcg (rdtsc counts instructions): a window's count is
 * its TSC delta (the sample plus the timer overhead taken off it) plus a
 * constant C of the code around the markers, the same for every window of
 * a record and at most PROFILE_MAX_SKEW.  A window whose delta exceeds its
 * count by PROFILE_IDLE_INSNS or more went idle (the virtual clock jumped
 * over a halt): it is counted as idle and left out of the means, never
 * compared.  The plugin sees an instruction that faults twice (once when
 * it faults, once when it is restarted) where icount counts it once, so a
 * window may count more than its delta, by at most one per block
 * execution that stopped before its end (the plugin's cut_blocks: faults,
 * and I/O in mid-block, which costs nothing extra): such a window is
 * "faulted", kept in the means, the excess summed.  Any other difference
 * fails the pass with a reason.
 *
 * A device workload's windows (wl_list.h "exact" 0, plan.h) are not
 * compared: the guest waits while QEMU completes the request on the host,
 * and the virtual clock jumps over the wait, so the TSC delta is not its
 * instruction count; the plugin's count is what matters.  All its windows
 * are kept in the means; those that went idle are counted (idle), for the
 * record.  Under tcg such a workload's samples are its windows' totals
 * (profile_window_totals).
 */
#ifndef BENCH_PROFILE_H
#define BENCH_PROFILE_H

#include "transcript.h"

#include <stddef.h>
#include <stdio.h>

#define PROFILE_MAX_SKEW 16
#define PROFILE_IDLE_INSNS 1000

typedef struct {
    char system[WL_RECORD_NAME_MAX + 1];
    char workload[WL_RECORD_NAME_MAX + 1];
    char variant[WL_RECORD_NAME_MAX + 1];
    record_value_t params[RECORD_N_PARAMS];
    /* Exact rows: windows compared and in the means; idle ones went idle,
     * left out.  Device rows (device = 1): windows all, in the means, none
     * compared; idle ones of them went idle. */
    long windows;
    long idle;
    int device;
    long long skew; /* C above */
    long faulted;    /* windows with faults seen twice (in windows) */
    long long excess; /* their extra instructions, summed */
    double *mean;  /* per table column (profile_t.cols) at creation */
    char *has;     /* 1 where this row's boot had that column */
    size_t n_mean; /* columns when the row was made (later boots may add) */
} profile_row_t;

typedef struct {
    char **cols; /* the plugin's columns after "window,id", from its header */
    size_t n_cols;
    profile_row_t *rows;
    size_t n_rows, cap;
    long windows, idle, faulted;
    long device_windows, device_idle; /* device rows' windows, kept */
} profile_t;

/*
 * Match the windows in csv_path (the plugin's out= file) to the marked
 * records of one boot of `system`, check and average them.  -1 with a
 * one-line reason.
 */
int profile_add_boot(profile_t *p, const char *system, const transcript_t *t,
                     const char *csv_path, char *why, size_t len);
/*
 * A device workload's samples under tcg: match the windows in csv_path to
 * the marked records of t (as profile_add_boot) and replace each sample of
 * a device record with its window's instruction total (insns: all places
 * and domains) less the record's overhead (the timer's own instructions,
 * taken off TSC samples too, so an exact workload counted this way gives
 * its TSC samples plus the constant around the markers, -1 so far);
 * exact records are left as they are.  *idle counts the
 * device windows whose TSC delta exceeded that total by
 * PROFILE_IDLE_INSNS or more.  -1 with a one-line reason (a device record
 * without windows, a window count that does not match).
 */
int profile_window_totals(transcript_t *t, const char *system, const char *csv_path, long *idle,
                          char *why, size_t len);
/* profile.csv: header and one row per record; -1 on a write error. */
int profile_write_csv(const profile_t *p, const char *unit, FILE *f);
void profile_free(profile_t *p);

#endif
