/* SPDX-License-Identifier: MIT */
/*
 * IPC system calls (the general path).  Each takes the calling thread,
 * reads its arguments from its saved registers and leaves results there;
 * see uk/abi.h for the register convention.
 */
#ifndef KERNEL_IPC_H
#define KERNEL_IPC_H

#include "thread.h"

void ipc_sys_send(struct thread *t);
void ipc_sys_recv(struct thread *t);
void ipc_sys_call(struct thread *t);
void ipc_sys_reply(struct thread *t);
void ipc_sys_reply_recv(struct thread *t);
void ipc_sys_notify(struct thread *t);
void ipc_sys_wait(struct thread *t);

/* What a callee's reply_to says once its caller gave up waiting (a
 * timeout): the reply is then an error for the callee.  Its state is no
 * caller's, so every check that a caller still waits fails on it. */
extern struct thread ipc_reply_expired;

/* The fastpath (kernel/fastpath.c) for call and reply-and-receive with a
 * register-only message; each falls back to the general path. */
void fastpath_call(struct thread *t);
void fastpath_reply_recv(struct thread *t);

#endif
