/* SPDX-License-Identifier: MIT */
/* LaTeX escaping, shared by paper-gen and paper-verdicts: every string
 * from the run (a version, a path, a rule's evidence) goes through
 * tex_text, so a _ or # in it can never break the paper's build. */
#ifndef LATEX_H
#define LATEX_H

#include <stdio.h>

/* S onto FP with LaTeX's special characters escaped (_ % & # $ { } ~ ^
 * \ < > |); a newline, return or tab becomes a space, so the text stays
 * on the one line of its \newcommand. */
void tex_text(FILE *fp, const char *s);

#endif
