/* SPDX-License-Identifier: MIT */
/*
 * The boot plan (see plan.h).
 */
#include "plan.h"

const char *plan_boot_name(plan_boot_t b)
{
    return b == PLAN_DEVICE ? "device" : b == PLAN_PROFILE ? "profile" : "timing";
}

int plan_runs_in(const wltable_entry_t *w, mode_kind_t m, plan_boot_t b)
{
    switch (b) {
    case PLAN_TIMING:
        return m != MODE_TCG || w->exact;
    case PLAN_DEVICE:
        return m == MODE_TCG && !w->exact;
    case PLAN_PROFILE:
        return 1;
    }
    return 0;
}

size_t plan_opts(const cli_opts_t *o, mode_kind_t m, plan_boot_t b, cli_opts_t *out)
{
    size_t n = 0;

    *out = *o;
    for (size_t i = 0; i < o->n_workloads; i++) {
        if (!plan_runs_in(o->workloads[i], m, b))
            continue;
        out->workloads[n] = o->workloads[i];
        out->iterations[n] = o->iterations[i];
        out->warmup[n] = o->warmup[i];
        n++;
    }
    out->n_workloads = n;
    return n;
}

const char *plan_counted_by(const wltable_entry_t *w, mode_kind_t m)
{
    return m == MODE_TCG && w && !w->exact ? "plugin" : "tsc";
}

const char *plan_counted_by_name(const char *workload, mode_kind_t m)
{
    return plan_counted_by(wltable_find(workload), m);
}
