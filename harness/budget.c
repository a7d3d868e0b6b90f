/* SPDX-License-Identifier: MIT */
/*
 * Time limits derived from the work asked for (see budget.h).
 */
#include "budget.h"

long long budget_work_insns(const cli_opts_t *o)
{
    long long insns = 0;

    for (size_t i = 0; i < o->n_workloads; i++)
        insns += (long long)(o->iterations[i] + o->warmup[i]) * o->workloads[i]->max_insns_per_iter;
    return insns;
}

/* ceil(a / b) for positive b. */
static long budget_div_up(long long a, long long b)
{
    return (long)((a + b - 1) / b);
}

long budget_boot_timeout(const cli_opts_t *o, const system_t *sys)
{
    if (o->timeout_s > 0)
        return o->timeout_s;
    return sys->boot_budget_s + budget_div_up(budget_work_insns(o), BUDGET_MIN_HOST_RATE);
}

long budget_guest_timeout(const cli_opts_t *o)
{
    return BUDGET_GUEST_BASE_S + budget_div_up(budget_work_insns(o), BUDGET_MIN_GUEST_RATE);
}
