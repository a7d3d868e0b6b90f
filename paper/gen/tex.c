/* SPDX-License-Identifier: MIT */
/* Numbers and macro definitions in LaTeX (tex.h). */
#include "tex.h"

#include <ctype.h>
#include <string.h>

int tex_is_num(const char *s)
{
    if (*s == '-')
        s++;
    if (!isdigit((unsigned char)*s))
        return 0;
    while (isdigit((unsigned char)*s))
        s++;
    if (*s == '.') {
        s++;
        if (!isdigit((unsigned char)*s))
            return 0;
        while (isdigit((unsigned char)*s))
            s++;
    }
    return *s == '\0';
}

void tex_num(FILE *fp, const char *s)
{
    if (!tex_is_num(s)) {
        tex_text(fp, s);
        return;
    }
    if (*s == '-')
        fputc(*s++, fp);
    size_t digits = strspn(s, "0123456789");
    for (size_t i = 0; i < digits; i++) {
        if (digits >= 5 && i > 0 && (digits - i) % 3 == 0)
            fputs("{,}", fp);
        fputc(s[i], fp);
    }
    fputs(s + digits, fp);
}

void tex_def_text(FILE *fp, const char *name, const char *value)
{
    fprintf(fp, "\\newcommand{\\%s}{", name);
    tex_text(fp, value);
    fputs("}\n", fp);
}

void tex_def_num(FILE *fp, const char *name, const char *value)
{
    fprintf(fp, "\\newcommand{\\%s}{", name);
    tex_num(fp, value);
    fputs("}\n", fp);
}

void tex_def_raw(FILE *fp, const char *name, const char *latex)
{
    fprintf(fp, "\\newcommand{\\%s}{%s}\n", name, latex);
}

void tex_def_missing(FILE *fp, const char *name, const char *how)
{
    fprintf(fp, "\\newcommand{\\%s}{\\NotMeasured{", name);
    tex_text(fp, how);
    fputs("}}\n", fp);
}
