/* SPDX-License-Identifier: MIT */
/*
 * Command-line options (see cmdline.h).  start_info->cmd_line is a fixed
 * MAX_GUEST_CMDLINE (1024) byte array, NUL-terminated by Xen.
 */
#include "cmdline.h"
#include "hypervisor.h"
#include "string.h"

const char *cmdline(void)
{
    return (const char *)xen_start_info->cmd_line;
}

bool cmdline_get(const char *key, char *buf, size_t size)
{
    size_t klen = strlen(key);
    const char *p = cmdline();
    while (*p) {
        while (*p == ' ')
            p++;
        const char *word = p;
        while (*p && *p != ' ')
            p++;
        if ((size_t)(p - word) > klen && strncmp(word, key, klen) == 0 && word[klen] == '=') {
            size_t n = (size_t)(p - word) - klen - 1;
            if (size == 0)
                return true;
            if (n >= size)
                n = size - 1;
            memcpy(buf, word + klen + 1, n);
            buf[n] = '\0';
            return true;
        }
    }
    return false;
}

bool parse_u32(const char *s, const char **end, uint32_t *out)
{
    uint64_t v = 0;
    if (*s < '0' || *s > '9')
        return false;
    while (*s >= '0' && *s <= '9') {
        v = v * 10 + (uint64_t)(*s++ - '0');
        if (v > UINT32_MAX)
            return false;
    }
    if (end != NULL)
        *end = s;
    *out = (uint32_t)v;
    return true;
}

uint32_t cmdline_get_u32(const char *key, uint32_t dflt)
{
    char buf[16];
    const char *end;
    uint32_t v;
    if (!cmdline_get(key, buf, sizeof(buf)) || !parse_u32(buf, &end, &v) || *end != '\0')
        return dflt;
    return v;
}
