/* SPDX-License-Identifier: MIT */
/*
 * See fmt.h.  Output is always NUL-terminated when size > 0; the return
 * value is the length the full output would have had, as in C's snprintf.
 */
#include "fmt.h"
#include <stdint.h>

struct out {
    char *buf;
    size_t size, len;
};

static void put(struct out *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

static void put_uint(struct out *o, uint64_t v, unsigned base, int width, char pad)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    while (width-- > n)
        put(o, pad);
    while (n)
        put(o, tmp[--n]);
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct out o = { buf, size, 0 };

    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            put(&o, *fmt);
            continue;
        }
        fmt++;
        char pad = ' ';
        int width = 0, longs = 0;
        if (*fmt == '0')
            pad = '0', fmt++;
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        while (*fmt == 'l')
            longs++, fmt++;
        switch (*fmt) {
        case 'd': {
            int64_t v = longs ? va_arg(ap, int64_t) : va_arg(ap, int);
            if (v < 0) {
                put(&o, '-');
                put_uint(&o, (uint64_t)0 - (uint64_t)v, 10, width - 1, pad);
            } else {
                put_uint(&o, (uint64_t)v, 10, width, pad);
            }
            break;
        }
        case 'u':
        case 'x': {
            uint64_t v = longs ? va_arg(ap, uint64_t) : va_arg(ap, unsigned);
            put_uint(&o, v, *fmt == 'u' ? 10 : 16, width, pad);
            break;
        }
        case 'p':
            put(&o, '0');
            put(&o, 'x');
            put_uint(&o, (uint64_t)va_arg(ap, void *), 16, 0, ' ');
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            for (s = s ? s : "(null)"; *s; s++)
                put(&o, *s);
            break;
        }
        case 'c':
            put(&o, (char)va_arg(ap, int));
            break;
        case '%':
            put(&o, '%');
            break;
        default: /* unknown conversion: show it rather than guess */
            put(&o, '%');
            if (*fmt)
                put(&o, *fmt);
            else
                fmt--;
        }
    }
    if (size)
        buf[o.len < size ? o.len : size - 1] = '\0';
    return (int)o.len;
}

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = fmt_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
