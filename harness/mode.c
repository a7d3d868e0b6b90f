/* SPDX-License-Identifier: MIT */
/*
 * Execution mode detection (see mode.h).
 *
 * The calibration boot runs in a private temporary directory; only its
 * verdict, numbers and QEMU argv are kept (in meta.json).
 */
#include "mode.h"

#include "../workloads/wl_record.h"
#include "boot.h"
#include "mem.h"
#include "qemu.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MODE_CALIB_PREFIX "@@CALIB "

const char *mode_name(mode_kind_t m)
{
    return m == MODE_KVM ? "kvm" : m == MODE_TCG ? "tcg" : "auto";
}

int mode_parse(const char *s, mode_kind_t *out)
{
    if (strcmp(s, "auto") == 0)
        *out = MODE_AUTO;
    else if (strcmp(s, "kvm") == 0)
        *out = MODE_KVM;
    else if (strcmp(s, "tcg") == 0)
        *out = MODE_TCG;
    else
        return -1;
    return 0;
}

const char *mode_unit(mode_kind_t m)
{
    return m == MODE_KVM ? WL_UNIT_CYCLES : WL_UNIT_INSNS;
}

int mode_calib_parse(const char *log_path, long long *iters, long long *tsc)
{
    FILE *f = fopen(log_path, "r");
    char *line = NULL;
    size_t cap = 0;
    int found = 0;

    *iters = *tsc = 0;
    if (!f)
        return 0;
    while (getline(&line, &cap, f) >= 0) {
        const char *l = line + strspn(line, "\r");
        json_t *o, *i, *t;
        if (strncmp(l, MODE_CALIB_PREFIX, strlen(MODE_CALIB_PREFIX)) != 0)
            continue;
        o = json_loads(l + strlen(MODE_CALIB_PREFIX), JSON_DISABLE_EOF_CHECK, NULL);
        i = json_object_get(o, "iters");
        t = json_object_get(o, "tsc");
        if (json_is_integer(i) && json_is_integer(t) && json_integer_value(i) > 0 &&
            json_integer_value(t) >= 0 && json_integer_value(i) > *iters) {
            *iters = json_integer_value(i);
            *tsc = json_integer_value(t);
            found = 1;
        }
        json_decref(o);
    }
    free(line);
    fclose(f);
    return found;
}

/* First line of QEMU's own output, to explain a failed boot. */
static void mode_first_line(const char *path, char *buf, size_t len)
{
    FILE *f = fopen(path, "r");

    buf[0] = '\0';
    if (!f)
        return;
    if (fgets(buf, (int)len, f))
        buf[strcspn(buf, "\r\n")] = '\0';
    fclose(f);
}

static void mode_judge(const mode_req_t *req, mode_result_t *res, const boot_result_t *b,
                       const char *log, const char *err_path)
{
    char qerr[200], extra[300] = "";
    int ok_exit = b->end == BOOT_EXITED && b->exited && b->exit_status == 1;

    if (b->end == BOOT_TIMEOUT)
        snprintf(extra, sizeof(extra), "; did not finish within %d s", req->timeout_s);
    else if (!ok_exit) {
        mode_first_line(err_path, qerr, sizeof(qerr));
        snprintf(extra, sizeof(extra), "; qemu %s %d%s%s",
                 b->exited ? "exited with status" : "died of signal",
                 b->exited ? b->exit_status : b->term_signal, *qerr ? ": " : "", qerr);
    }
    if (!mode_calib_parse(log, &res->calib_iters, &res->calib_tsc)) {
        snprintf(res->reason, sizeof(res->reason),
                 "kvm rejected: "
                 "calibration guest printed no @@CALIB line%s",
                 extra);
        return;
    }
    double cpi = (double)res->calib_tsc / (double)res->calib_iters;
    if (ok_exit && cpi < MODE_KVM_MAX_CYCLES_PER_ITER) {
        res->mode = MODE_KVM;
        snprintf(res->reason, sizeof(res->reason),
                 "kvm accepted: "
                 "calibration loop cost %.2f cycles/iteration over "
                 "%lld iterations",
                 cpi, res->calib_iters);
        return;
    }
    snprintf(res->reason, sizeof(res->reason),
             "kvm rejected: "
             "calibration loop cost %.*f cycles/iteration over %lld "
             "iterations (%s)%s",
             cpi >= 100 ? 0 : 2, cpi, res->calib_iters,
             cpi >= MODE_KVM_MAX_CYCLES_PER_ITER ? "emulated KVM" : "boot failed", extra);
}

static void mode_calibrate(const mode_req_t *req, mode_result_t *res)
{
    const char *tmpdir = getenv("TMPDIR");
    char *dir, *log, *err_path, image[PATH_MAX];
    /* The calibration guest is no kernel of ours: no line to change. */
    /* No disk: the calibration guest needs none (disk.h). */
    qemu_cfg_t cfg = { req->qemu, MODE_KVM, req->qemu_extra, MITIG_OFF, NULL, 0 };
    boot_req_t br = { 0 };
    boot_result_t b;

    dir = mem_printf("%s/bench-calib-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
    if (!mkdtemp(dir) || !realpath(req->calib_image, image)) {
        snprintf(res->reason, sizeof(res->reason),
                 "kvm not checked: "
                 "%s: %s",
                 dir, strerror(errno));
        free(dir);
        return;
    }
    log = mem_printf("%s/calib.log", dir);
    err_path = mem_printf("%s/qemu.err", dir);
    qemu_boot_t qb = { .kind = SYSTEM_BOOT_MULTIBOOT, .image = image, .cmdline = "calib" };
    qemu_argv(&res->calib_argv, &cfg, &qb, "calib.log");
    br.argv = strlist_argv(&res->calib_argv);
    br.cwd = dir;
    br.log_path = log;
    br.err_path = err_path;
    br.timeout_s = req->timeout_s;
    boot_run(&br, &b);
    if (b.end == BOOT_SPAWN_FAILED)
        snprintf(res->reason, sizeof(res->reason),
                 "kvm not checked: "
                 "%.400s",
                 b.err);
    else if (b.end == BOOT_INTERRUPTED)
        snprintf(res->reason, sizeof(res->reason),
                 "interrupted by "
                 "signal %d during KVM calibration",
                 b.interrupt_sig);
    else
        mode_judge(req, res, &b, log, err_path);
    unlink(log);
    unlink(err_path);
    rmdir(dir);
    free(log);
    free(err_path);
    free(dir);
}

int mode_detect(const mode_req_t *req, mode_result_t *res)
{
    int fd;

    memset(res, 0, sizeof(*res));
    res->mode = MODE_TCG;
    if (req->want == MODE_TCG) {
        snprintf(res->reason, sizeof(res->reason),
                 "tcg forced by "
                 "--mode tcg");
        goto out;
    }
    fd = open(req->kvm_dev, O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        snprintf(res->reason, sizeof(res->reason),
                 "kvm not usable: "
                 "cannot open %s: %s",
                 req->kvm_dev, strerror(errno));
        goto out;
    }
    close(fd);
    if (access(req->calib_image, R_OK) < 0) {
        snprintf(res->reason, sizeof(res->reason),
                 "kvm not checked: "
                 "calibration image %s: %s",
                 req->calib_image, strerror(errno));
        goto out;
    }
    mode_calibrate(req, res);
out:
    res->unit = mode_unit(res->mode);
    if (strncmp(res->reason, "interrupted", 11) == 0)
        return -2;
    if (req->want == MODE_KVM && res->mode != MODE_KVM)
        return -1;
    return 0;
}

void mode_result_free(mode_result_t *res)
{
    strlist_free(&res->calib_argv);
}
