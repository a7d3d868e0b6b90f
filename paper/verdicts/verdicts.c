/* SPDX-License-Identifier: MIT */
/*
 * The program: load the run, apply each claim's rule (rules.c), write
 * the two files.  Exit 0 when both are written, whatever the verdicts;
 * 2 with one line on stderr when the input is unusable or the output
 * cannot be written.
 */
#include "verdicts.h"

#include <stdio.h>
#include <stdlib.h>

int vd_main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: paper-verdicts RUN_DIR OUT_DIR\n");
        return 2;
    }
    char err[1024];
    vd_run_t run;
    if (vd_run_load(argv[1], &run, err, sizeof err)) {
        fprintf(stderr, "paper-verdicts: %s\n", err);
        vd_run_free(&run);
        return 2;
    }
    vd_verdict_t *v = calloc(7, sizeof *v);
    if (!v) {
        fprintf(stderr, "paper-verdicts: out of memory\n");
        vd_run_free(&run);
        return 2;
    }
    for (int c = 0; c < 7; c++)
        vd_rules[c](&run, &v[c]);
    int status = 0;
    if (vd_write(argv[2], v, err, sizeof err)) {
        fprintf(stderr, "paper-verdicts: %s\n", err);
        status = 2;
    }
    free(v);
    vd_run_free(&run);
    return status;
}
