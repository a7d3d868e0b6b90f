/* SPDX-License-Identifier: MIT */
/* LaTeX escaping (latex.h). */
#include "latex.h"

void tex_text(FILE *fp, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '_':
        case '%':
        case '&':
        case '#':
        case '$':
        case '{':
        case '}':
            fprintf(fp, "\\%c", *s);
            break;
        case '~':
            fputs("\\textasciitilde{}", fp);
            break;
        case '^':
            fputs("\\textasciicircum{}", fp);
            break;
        case '\\':
            fputs("\\textbackslash{}", fp);
            break;
        /* OT1 fonts print < > | as other glyphs. */
        case '<':
            fputs("\\textless{}", fp);
            break;
        case '>':
            fputs("\\textgreater{}", fp);
            break;
        case '|':
            fputs("\\textbar{}", fp);
            break;
        case '\n':
        case '\r':
        case '\t':
            fputc(' ', fp);
            break;
        default:
            fputc(*s, fp);
        }
    }
}
