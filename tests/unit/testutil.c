/* SPDX-License-Identifier: MIT */
/*
 * Shared test helpers (see testutil.h).
 */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define TU_PREFIX "bench-test-"

char *tu_tmpdir(void)
{
    const char *base = getenv("TMPDIR");
    char *dir;

    if (asprintf(&dir, "%s/" TU_PREFIX "XXXXXX", base && *base ? base : "/tmp") < 0)
        abort();
    if (!mkdtemp(dir))
        abort();
    return dir;
}

static int tu_rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

void tu_rm_rf(const char *path)
{
    if (!path || !strstr(path, "/" TU_PREFIX))
        return;
    nftw(path, tu_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* 1 if a new file in dir cannot be opened with O_DIRECT (EINVAL). */
static int tu_refuses_direct(const char *dir)
{
    char *path;
    int fd, refused;

    if (asprintf(&path, "%s/probe", dir) < 0)
        abort();
    fd = open(path, O_RDWR | O_CREAT | O_DIRECT, 0644);
    refused = fd < 0 && errno == EINVAL;
    if (fd >= 0)
        close(fd);
    unlink(path);
    free(path);
    return refused;
}

char *tu_nodirect_dir(void)
{
    char *dir = tu_tmpdir(), *shm;

    if (unshare(CLONE_NEWNS) == 0 && mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0 &&
        mount("none", dir, "ramfs", 0, NULL) == 0) {
        if (tu_refuses_direct(dir))
            return dir;
        umount2(dir, MNT_DETACH);
    }
    tu_rm_rf(dir);
    free(dir);
    if (asprintf(&shm, "/dev/shm/" TU_PREFIX "XXXXXX") < 0)
        abort();
    if (mkdtemp(shm) && tu_refuses_direct(shm))
        return shm;
    tu_rm_rf(shm);
    free(shm);
    return NULL;
}

void tu_nodirect_free(char *dir)
{
    if (!dir)
        return;
    tu_rm_rf(dir);
    umount2(dir, MNT_DETACH); /* a ramfs mount, if it is one; then the directory */
    rmdir(dir);
    free(dir);
}

char *tu_read(const char *path)
{
    FILE *f = fopen(path, "r");
    char *buf = NULL;
    size_t len = 0;

    if (!f)
        return NULL;
    FILE *mem = open_memstream(&buf, &len);
    int c;
    while ((c = fgetc(f)) != EOF)
        fputc(c, mem);
    fclose(mem);
    fclose(f);
    return buf;
}

int tu_write(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");

    if (!f)
        return -1;
    fputs(text, f);
    return fclose(f);
}

long tu_count_lines(const char *path)
{
    FILE *f = fopen(path, "r");
    long n = 0;
    int c;

    if (!f)
        return -1;
    while ((c = fgetc(f)) != EOF)
        n += c == '\n';
    fclose(f);
    return n;
}

static char *tu_slurp_fd(int fd)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    char chunk[4096];
    ssize_t got;

    lseek(fd, 0, SEEK_SET);
    while ((got = read(fd, chunk, sizeof(chunk))) > 0)
        fwrite(chunk, 1, (size_t)got, mem);
    fclose(mem);
    close(fd);
    return buf;
}

void tu_run(char *const argv[], char *const env[], int kill_after_ms, int kill_sig,
            tu_result_t *res)
{
    char out_tmpl[] = "/tmp/" TU_PREFIX "out-XXXXXX";
    char err_tmpl[] = "/tmp/" TU_PREFIX "err-XXXXXX";
    int out = mkstemp(out_tmpl), err = mkstemp(err_tmpl), st;
    pid_t pid;

    unlink(out_tmpl);
    unlink(err_tmpl);
    pid = fork();
    if (pid == 0) {
        for (size_t i = 0; env && env[i]; i++)
            putenv(env[i]);
        dup2(out, 1);
        dup2(err, 2);
        execv(argv[0], argv);
        _exit(126);
    }
    if (kill_after_ms > 0) {
        struct timespec ts = { kill_after_ms / 1000, (kill_after_ms % 1000) * 1000000L };
        nanosleep(&ts, NULL);
        kill(pid, kill_sig);
    }
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    res->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    res->out = tu_slurp_fd(out);
    res->err = tu_slurp_fd(err);
}

void tu_result_free(tu_result_t *res)
{
    free(res->out);
    free(res->err);
    res->out = res->err = NULL;
}
