/* SPDX-License-Identifier: MIT */
#ifndef XENGUEST_SELFTEST_H
#define XENGUEST_SELFTEST_H

/* Exercise events, grants, the channel and (in a domU) xenstore inside
 * this one domain; TAP lines on the console.  Returns the number of
 * failed checks (the exit status). */
int selftest_run(void);

#endif
