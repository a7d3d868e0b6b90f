/* SPDX-License-Identifier: MIT */
/* paper-verdicts RUN_DIR OUT_DIR: the claims' verdicts from one run. */
#include "verdicts.h"

int main(int argc, char **argv)
{
    return vd_main(argc, argv);
}
