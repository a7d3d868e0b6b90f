/* SPDX-License-Identifier: MIT */
#ifndef KERNEL_ROOT_TASK_H
#define KERNEL_ROOT_TASK_H

#include <stdbool.h>

/* Build the root task and make it ready to run. */
void root_task_create(const char *cmdline, bool fastpath);

#endif
