/* SPDX-License-Identifier: MIT */
/*
 * What every workload shares, whatever the system: timer-overhead
 * measurement and the writing of @@BENCH records (wl_record.h).  Numbers
 * are formatted here rather than with a libc printf so that freestanding
 * ports need nothing but wl_console_write().
 */
#include "wl.h"
#include "wl_record.h"

#define OVERHEAD_ROUNDS 1000

int64_t wl_timer_overhead(void)
{
    int64_t best = INT64_MAX;
    for (int i = 0; i < OVERHEAD_ROUNDS; i++) {
        uint64_t t0 = wl_cycles();
        uint64_t t1 = wl_cycles();
        if ((int64_t)(t1 - t0) < best)
            best = (int64_t)(t1 - t0);
    }
    return best;
}

/* Output buffered in lines of bounded size: records can be long. */
struct out {
    char buf[1024];
    size_t len;
};

static void out_flush(struct out *o)
{
    wl_console_write(o->buf, o->len);
    o->len = 0;
}

static void out_str(struct out *o, const char *s)
{
    for (; *s; s++) {
        if (o->len == sizeof(o->buf))
            out_flush(o);
        o->buf[o->len++] = *s;
    }
}

static void out_int(struct out *o, int64_t v)
{
    char tmp[24];
    int n = sizeof(tmp) - 1;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    tmp[n] = '\0';
    do {
        tmp[--n] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        tmp[--n] = '-';
    out_str(o, tmp + n);
}

static void out_member(struct out *o, const char *name, const char *str, int64_t num)
{
    out_str(o, ",\"");
    out_str(o, name);
    out_str(o, "\":");
    if (str) {
        out_str(o, "\"");
        out_str(o, str);
        out_str(o, "\"");
    } else {
        out_int(o, num);
    }
}

static void out_values(struct out *o, const char *member, const struct wl_value *v, unsigned n)
{
    out_str(o, ",\"");
    out_str(o, member);
    out_str(o, "\":{");
    for (unsigned i = 0; i < n; i++) {
        out_str(o, i ? ",\"" : "\"");
        out_str(o, v[i].name);
        out_str(o, "\":");
        if (v[i].str) {
            out_str(o, "\"");
            out_str(o, v[i].str);
            out_str(o, "\"");
        } else {
            out_int(o, (int64_t)v[i].num);
        }
    }
    out_str(o, "}");
}

void wl_emit(const struct wl_case *c, const struct wl_config *cfg, int64_t overhead,
             const int64_t *samples, uint32_t n)
{
    struct out o = { .len = 0 };
    out_str(&o, WL_RECORD_PREFIX "{\"v\":");
    out_int(&o, WL_RECORD_VERSION);
    out_member(&o, "system", wl_system(), 0);
    out_member(&o, "workload", c->workload, 0);
    out_member(&o, "variant", c->variant, 0);
    out_values(&o, "params", c->params, c->n_params);
    out_member(&o, "unit", wl_unit(), 0);
    out_member(&o, "n", NULL, n);
    out_member(&o, "warmup", NULL, cfg->warmup);
    out_member(&o, "overhead", NULL, overhead);
    if (c->n_counts)
        out_values(&o, "counts", c->counts, c->n_counts);
    if (c->marked)
        out_member(&o, "window", NULL, 0);
    out_str(&o, ",\"samples\":[");
    for (uint32_t i = 0; i < n; i++) {
        if (i)
            out_str(&o, ",");
        out_int(&o, samples[i]);
    }
    out_str(&o, "]}\n");
    out_flush(&o);
}

void wl_log(const char *workload, const char *what, long value)
{
    struct out o = { .len = 0 };
    out_str(&o, workload);
    out_str(&o, ": ");
    out_str(&o, what);
    out_str(&o, " (");
    out_int(&o, value);
    out_str(&o, ")\n");
    out_flush(&o);
}
