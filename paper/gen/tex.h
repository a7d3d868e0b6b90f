/* SPDX-License-Identifier: MIT */
/* paper-gen's LaTeX: numbers grouped by thousands and the \newcommand
 * definitions of numbers.tex; text is escaped by tex_text (latex.h,
 * shared with paper-verdicts). */
#ifndef TEX_H
#define TEX_H

#include <stdio.h>

#include "latex.h"

/* A number from a CSV or JSON field: integers and the integer part of
 * decimals grouped by thousands ("31{,}170") from five digits on; anything
 * that is not a number is written as text. */
void tex_num(FILE *fp, const char *s);
/* 1 if S is a decimal number (optional '-', digits, optional '.digits'). */
int tex_is_num(const char *s);
/* \newcommand{\NAME}{...}: the value escaped as text, or as a number. */
void tex_def_text(FILE *fp, const char *name, const char *value);
void tex_def_num(FILE *fp, const char *name, const char *value);
/* The value is LaTeX already (the generator's own markup). */
void tex_def_raw(FILE *fp, const char *name, const char *latex);
/* \NotMeasured{HOW}: the visible text the paper prints for a missing
 * input ("not measured in this run (HOW)"), defined in paper.tex. */
void tex_def_missing(FILE *fp, const char *name, const char *how);

#endif
