/* SPDX-License-Identifier: MIT */
/*
 * Mitigation settings and reports (see mitig.h).
 */
#include "mitig.h"

#include "mem.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define MITIG_XEN_HEADER "(XEN) Speculative mitigation facilities:"
/* The report's lines are indented under the header. */
#define MITIG_XEN_ITEM "(XEN)  "
#define MITIG_UNKNOWN "unknown"

const char *mitig_name(mitig_kind_t m)
{
    return m == MITIG_DEFAULT ? "default" : "off";
}

int mitig_parse(const char *s, mitig_kind_t *out)
{
    if (strcmp(s, "off") == 0)
        *out = MITIG_OFF;
    else if (strcmp(s, "default") == 0)
        *out = MITIG_DEFAULT;
    else
        return -1;
    return 0;
}

/* "XPTI (64-bit PV only)" -> "xpti_64_bit_pv_only", in place: lower
 * case, each run of other characters one '_' between words. */
static void mitig_key(char *s)
{
    char *start = s, *out = s;
    int gap = 0;

    for (; *s; s++) {
        if (!isalnum((unsigned char)*s)) {
            gap = 1;
            continue;
        }
        if (gap && out > start)
            *out++ = '_';
        gap = 0;
        *out++ = (char)tolower((unsigned char)*s);
    }
    *out = '\0';
}

/* One line of the report: "Name: value" (value may be empty), or the
 * continuation of the previous value. */
static void mitig_xen_item(json_t *report, char *item, char *last, size_t len)
{
    char *colon = strchr(item, ':'), *value;

    if (!colon) {
        const char *prev = json_string_value(json_object_get(report, last));
        if (prev) {
            char *joined = mem_printf("%s%s%s", prev, *prev ? " " : "", item);
            json_object_set_new(report, last, json_string(joined));
            free(joined);
        }
        return;
    }
    *colon = '\0';
    value = colon + 1 + strspn(colon + 1, " ");
    mitig_key(item);
    if (!*item)
        return;
    json_object_set_new(report, item, json_string(value));
    snprintf(last, len, "%s", item);
}

json_t *mitig_xen_report(FILE *console)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    json_t *report = NULL;
    char last[128] = "";

    while ((len = getline(&line, &cap, console)) >= 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        char *l = line + strspn(line, "\r");
        if (!report) {
            if (strcmp(l, MITIG_XEN_HEADER) == 0)
                report = json_object();
            continue;
        }
        if (strncmp(l, MITIG_XEN_ITEM, strlen(MITIG_XEN_ITEM)) != 0)
            break;
        l += strlen(MITIG_XEN_ITEM);
        l += strspn(l, " ");
        /* Values are ASCII text; anything else is not Xen's report. */
        for (char *p = l; *p; p++)
            if (!isprint((unsigned char)*p))
                *p = '?';
        mitig_xen_item(report, l, last, sizeof(last));
    }
    free(line);
    return report;
}

/* The members of guest named <prefix><name>, as {name: value}; NULL if none. */
static json_t *mitig_members(json_t *guest, const char *prefix)
{
    json_t *out = NULL, *v;
    const char *k;
    size_t n = strlen(prefix);

    json_object_foreach(guest, k, v)
    {
        if (strncmp(k, prefix, n) != 0 || !json_is_string(v))
            continue;
        if (!out)
            out = json_object();
        json_object_set(out, k + n, v);
    }
    return out;
}

static void mitig_layer(json_t *o, const char *layer, json_t *report)
{
    json_object_set_new(o, layer, report ? report : json_string(MITIG_UNKNOWN));
}

json_t *mitig_of_boot(const system_t *sys, const char *console, json_t *guest)
{
    json_t *o = json_object();
    FILE *f;

    switch (sys->boot) {
    case SYSTEM_BOOT_MULTIBOOT:
        json_object_set_new(o, "ukernel", json_string("none"));
        break;
    case SYSTEM_BOOT_LINUX:
        mitig_layer(o, "linux", mitig_members(guest, "vulnerability."));
        break;
    case SYSTEM_BOOT_XEN:
        f = fopen(console, "r");
        mitig_layer(o, "xen", f ? mitig_xen_report(f) : NULL);
        if (f)
            fclose(f);
        mitig_layer(o, "dom0", mitig_members(guest, "dom0.vulnerability."));
        break;
    }
    return o;
}
