/* SPDX-License-Identifier: MIT */
/*
 * wl-dom0-server: the dom0 end of the domu-dom0 ping-pong.
 *
 *   wl-dom0-server [-t S] [-w LIST] CLIENT-DOMID [KEY]
 *       attach to the channel the client domU published at
 *       /local/domain/CLIENT-DOMID/data/KEY (default wl-chan-dom0; waits
 *       up to S seconds, default 120, and gives up at once if the domain
 *       goes away) and run the server part of each workload in LIST
 *       (default pingpong), in the client's order
 *   wl-dom0-server -c [-n N] [-w LIST] SERVER-DOMID [KEY]
 *       the port's client side: publish a channel at
 *       /local/domain/0/data/KEY (default wl-chan) for a domU started with
 *       role=server peer=0 and print its records (variant dom0-domu)
 *
 * Why this exists: claim C2 compares the microkernel's IPC with the round
 * trips Xen's split drivers make through dom0, and a dom0 backend is a
 * Linux process (or kernel thread) reached through event channels and
 * grant mappings.  dom0's job runner starts this program (bench.dom0peer,
 * xenside/dom0/README.md) once the domains exist.
 *
 * Exit status 0 when every workload's server returned (the client sent
 * stop); 1 with one line "wl-dom0-server: <why>" on stderr otherwise;
 * 2 for a usage error.
 */
#include "err.h"
#include "rendezvous.h"
#include "wl_dom0.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wl_record.h"
#include "wl_spec.h"

#define PROG "wl-dom0-server"

struct opts {
    int client;
    unsigned int timeout_s;
    char workloads[128];
    struct wl_config cfg;
    uint32_t domid;
    const char *key;
};

static struct wl_chan main_chan;

static int usage(void)
{
    fprintf(stderr, "usage: " PROG " [-t SECONDS] [-w WORKLOADS] CLIENT-DOMID [KEY]"
                    " | -c [-n N] [-w WORKLOADS] SERVER-DOMID [KEY]\n");
    return 2;
}

static int parse_uint(const char *s, unsigned long max, unsigned long *out)
{
    char *end;
    if (*s < '0' || *s > '9')
        return -1;
    unsigned long v = strtoul(s, &end, 10);
    if (*end != '\0' || v > max)
        return -1;
    *out = v;
    return 0;
}

static int parse_opts(int argc, char **argv, struct opts *o)
{
    unsigned long v;
    int c;
    o->timeout_s = 120;
    o->cfg.iterations = 1000;
    snprintf(o->workloads, sizeof(o->workloads), "pingpong");
    while ((c = getopt(argc, argv, "cn:t:w:")) != -1) {
        switch (c) {
        case 'c':
            o->client = 1;
            break;
        case 'n':
            if (parse_uint(optarg, WL_RECORD_MAX_SAMPLES, &v) != 0 || v == 0)
                return -1;
            o->cfg.iterations = (uint32_t)v;
            break;
        case 't':
            if (parse_uint(optarg, 86400, &v) != 0)
                return -1;
            o->timeout_s = (unsigned int)v;
            break;
        case 'w':
            if (strlen(optarg) >= sizeof(o->workloads))
                return -1;
            snprintf(o->workloads, sizeof(o->workloads), "%s", optarg);
            break;
        default:
            return -1;
        }
    }
    o->cfg.warmup = o->cfg.iterations / 10;
    if (optind >= argc || argc - optind > 2 || parse_uint(argv[optind], 0x7fef, &v) != 0)
        return -1;
    o->domid = (uint32_t)v;
    o->key = optind + 1 < argc ? argv[optind + 1] : o->client ? "wl-chan" : "wl-chan-dom0";
    if (strchr(o->key, '/') != NULL || *o->key == '\0')
        return -1;
    return 0;
}

static int connect_chan(const struct opts *o)
{
    struct dchan *c = &main_chan.chan;
    if (o->client) {
        if (dchan_create(c, o->domid) != 0 ||
            rendezvous_publish(o->key, o->domid, c->grefs[0], c->port) != 0)
            return -1;
        printf(PROG ": published /local/domain/0/data/%s for domain %u (ring ref %u, port %u)\n",
               o->key, o->domid, c->grefs[0], c->port);
        return 0;
    }
    uint32_t ref, port;
    if (rendezvous_lookup(o->domid, o->key, o->timeout_s, &ref, &port) != 0 ||
        dchan_attach(c, o->domid, ref, port) != 0)
        return -1;
    printf(PROG ": attached to domain %u's data/%s (ring ref %u, port %u; ours %u)\n", o->domid,
           o->key, ref, port, c->port);
    return 0;
}

/* Each workload of the list (wl_spec.h), in order; returns records printed or -1. */
static int run_workloads(struct opts *o)
{
    const char *list = o->workloads;
    struct wl_spec spec;
    int records = 0, rc;
    while ((rc = wl_spec_next(&list, &o->cfg, &spec)) > 0) {
        const struct wl_workload *w = wld_find_workload(spec.name);
        if (w == NULL)
            return err_set("unknown workload \"%s\"", spec.name);
        /* A workload with no client/server parts (blkio) is the client
         * domU's alone: nothing to serve or drive from here. */
        if (o->client ? w->client == NULL && w->solo != NULL : w->server == NULL) {
            printf(PROG ": %s: no %s part, skipped\n", spec.name, o->client ? "client" : "server");
            continue;
        }
        if (o->client) {
            if (w->client == NULL)
                return err_set("%s has no client part here", spec.name);
            int got = w->client(&main_chan, "dom0-domu", &spec.cfg);
            if (got < 0)
                return err_set("%s: client failed", spec.name);
            records += got;
            continue;
        }
        unsigned long before = main_chan.served, events = main_chan.chan.events;
        if (w->server(&main_chan, &spec.cfg) != 0)
            return err_set("%s: server failed after %lu requests", spec.name,
                           main_chan.served - before);
        printf(PROG ": %s: served %lu requests, %lu events\n", spec.name,
               main_chan.served - before, main_chan.chan.events - events);
    }
    if (rc < 0)
        return err_set("malformed workload list \"%s\"", o->workloads);
    return records;
}

int main(int argc, char **argv)
{
    struct opts o = { 0 };
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (parse_opts(argc, argv, &o) != 0)
        return usage();
    int records = -1;
    if (connect_chan(&o) == 0)
        records = run_workloads(&o);
    dchan_close(&main_chan.chan);
    if (records < 0) {
        fflush(stdout);
        fprintf(stderr, PROG ": %s\n", err_get());
        return 1;
    }
    if (o.client)
        printf(WL_DONE_PREFIX "{\"records\":%d}\n", records);
    return 0;
}
