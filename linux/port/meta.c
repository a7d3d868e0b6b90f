/* SPDX-License-Identifier: MIT */
/*
 * The @@META line (workloads/wl_record.h): facts the numbers depend on,
 * merged by the harness into meta.json.  The kernel's release and version
 * say which Debian kernel ran; its command line shows mitigations=off or
 * not; /sys/devices/system/cpu/vulnerabilities/ says, per issue, what the
 * kernel does about it on this CPU model ("Not affected", "Vulnerable",
 * "Mitigation: ...").  Values are JSON strings, escaped here.
 */
#include "lx_main.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#define VULN_DIR "/sys/devices/system/cpu/vulnerabilities"

static void json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20 || c >= 0x7f)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

static void member(FILE *f, const char *name, const char *value)
{
    fputc(',', f);
    json_str(f, name);
    fputc(':', f);
    json_str(f, value);
}

/* The first line of a small file, without its newline; "" if unreadable. */
static void read_line(const char *path, char *buf, size_t len)
{
    FILE *f = fopen(path, "r");
    buf[0] = '\0';
    if (!f)
        return;
    if (!fgets(buf, (int)len, f))
        buf[0] = '\0';
    fclose(f);
    buf[strcspn(buf, "\n")] = '\0';
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static void vulnerabilities(FILE *f)
{
    struct dirent **ents;
    int n = scandir(VULN_DIR, &ents, NULL, by_name);
    char path[512], value[512], name[300];
    for (int i = 0; i < n; i++) {
        if (ents[i]->d_name[0] != '.') {
            snprintf(path, sizeof(path), VULN_DIR "/%s", ents[i]->d_name);
            snprintf(name, sizeof(name), "vulnerability.%s", ents[i]->d_name);
            read_line(path, value, sizeof(value));
            member(f, name, value);
        }
        free(ents[i]);
    }
    if (n >= 0)
        free(ents);
}

void lx_meta(int argc, char **argv)
{
    struct utsname u;
    char cmdline[4096], words[4096] = "";
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    if (!f)
        return;
    if (uname(&u) < 0)
        memset(&u, 0, sizeof(u));
    read_line("/proc/cmdline", cmdline, sizeof(cmdline));
    for (int i = 0; i < argc; i++) {
        if (i)
            strncat(words, " ", sizeof(words) - strlen(words) - 1);
        strncat(words, argv[i], sizeof(words) - strlen(words) - 1);
    }
    fputs("@@META {", f);
    json_str(f, "kernel_release");
    fputc(':', f);
    json_str(f, u.release);
    member(f, "kernel_version", u.version);
    member(f, "kernel_cmdline", cmdline);
    member(f, "bench_words", words);
    vulnerabilities(f);
    fputs("}\n", f);
    fclose(f);
    wl_console_write(buf, len);
    free(buf);
}
