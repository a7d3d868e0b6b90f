/* SPDX-License-Identifier: MIT */
/*
 * Catching the signals that end a run early (see interrupt.h).
 */
#include "interrupt.h"

#include <signal.h>
#include <string.h>

static volatile sig_atomic_t interrupt_sig;

static void interrupt_handler(int sig)
{
    interrupt_sig = sig;
}

void interrupt_install(void)
{
    static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = interrupt_handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: let sleeps return early */
    for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
        sigaction(sigs[i], &sa, NULL);
}

int interrupt_pending(void)
{
    return interrupt_sig;
}
