/* SPDX-License-Identifier: MIT */
/* bench-compare: two runs side by side (compare.h, harness/README.md). */
#include "compare.h"

#include <stdio.h>

int main(int argc, char **argv)
{
    return compare_main(argc, argv, stdout, stderr);
}
