/* SPDX-License-Identifier: MIT */
#ifndef ROOT_MAPBENCH_H
#define ROOT_MAPBENCH_H

/*
 * The cost of UK_SYS_MAP per page, one page per call and many pages per
 * call, printed as a @@META line (the harness puts it into meta.json; the
 * unit is the run's).  Returns 0, or -1 after a @@PANIC line.
 */
int mapbench_report(void);

#endif
