# SPDX-License-Identifier: MIT
# What paper-gen and paper-verdicts share (README.md in paper/): included
# by both Makefiles, which compile these sources into their own object
# directories with their own flags; vpath finds them here.
COMMON_DIR := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
COMMON_SRCS := csvtab.c latex.c
vpath %.c $(COMMON_DIR)
