/* SPDX-License-Identifier: MIT */
/*
 * The part of QEMU's TCG plugin API (qemu-plugin.h) that wlprof uses,
 * declared here because Debian 12's qemu-system-x86 (7.2) is built with
 * plugin support but ships no header.  The declarations follow QEMU 7.2's
 * API, version 1: QEMU 7.2 loads a plugin whose exported
 * qemu_plugin_version is between its minimum (0) and current (1) version
 * and refuses any other with "plugin requires API version N, but this
 * QEMU supports only ..." (plugins/loader.c).  Version 2 (QEMU 9.0)
 * changed the registration calls, so a QEMU that reports another current
 * version is refused by wlprof's install function too (wlprof.c).
 *
 * The symbols are resolved at load time from the QEMU binary, which
 * exports them; nothing here is linked.
 */
#ifndef QEMU_PLUGIN_API_H
#define QEMU_PLUGIN_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define QEMU_PLUGIN_VERSION 1
#define QEMU_PLUGIN_EXPORT __attribute__((visibility("default")))

typedef uint64_t qemu_plugin_id_t;
typedef uint32_t qemu_plugin_meminfo_t; /* size shift, sign, endianness, store bits */

/* What QEMU tells the install function (7.2 layout). */
typedef struct qemu_info_t {
    const char *target_name;       /* "x86_64" */
    struct {
        int min;                   /* oldest API version this QEMU loads */
        int cur;                   /* its own API version */
    } version;
    bool system_emulation;
    union {
        struct {
            int smp_vcpus;
            int max_vcpus;
        } system;
    };
} qemu_info_t;

struct qemu_plugin_tb;
struct qemu_plugin_insn;
struct qemu_plugin_hwaddr;

enum qemu_plugin_cb_flags {
    QEMU_PLUGIN_CB_NO_REGS,
    QEMU_PLUGIN_CB_R_REGS,
    QEMU_PLUGIN_CB_RW_REGS,
};

enum qemu_plugin_mem_rw {
    QEMU_PLUGIN_MEM_R = 1,
    QEMU_PLUGIN_MEM_W,
    QEMU_PLUGIN_MEM_RW,
};

/* Inline operations: 7.2 has only "add an immediate to a uint64_t". */
enum qemu_plugin_op {
    QEMU_PLUGIN_INLINE_ADD_U64,
};

typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void *userdata);
typedef void (*qemu_plugin_vcpu_udata_cb_t)(unsigned int vcpu_index, void *userdata);
typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb);
typedef void (*qemu_plugin_vcpu_mem_cb_t)(unsigned int vcpu_index, qemu_plugin_meminfo_t info,
                                          uint64_t vaddr, void *userdata);

/* Exported by the plugin. */
QEMU_PLUGIN_EXPORT extern int qemu_plugin_version;
QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
                                           int argc, char **argv);

/* Translation time. */
void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_tb_trans_cb_t cb);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb, size_t idx);
const void *qemu_plugin_insn_data(const struct qemu_plugin_insn *insn);
size_t qemu_plugin_insn_size(const struct qemu_plugin_insn *insn);
uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *insn);
/* A host pointer to the instruction's bytes in QEMU's copy of guest RAM
 * (NULL when the code is not in RAM), not a guest-physical address. */
void *qemu_plugin_insn_haddr(const struct qemu_plugin_insn *insn);

/* Execution-time instrumentation, registered on a block or instruction.
 * In Debian's 7.2 the direction filter does not do what it says: a
 * memory callback registered for QEMU_PLUGIN_MEM_R ran for stores (and a
 * handful of loads) but not for plain loads, one for QEMU_PLUGIN_MEM_W
 * ran for loads and stores alike, and so did an inline operation for
 * QEMU_PLUGIN_MEM_W (measured on the test guest).  So: register
 * QEMU_PLUGIN_MEM_RW and test qemu_plugin_mem_is_store(), which is right.
 * The inline memory operation cannot be filtered that way and is not
 * declared. */
void qemu_plugin_register_vcpu_tb_exec_cb(struct qemu_plugin_tb *tb, qemu_plugin_vcpu_udata_cb_t cb,
                                          enum qemu_plugin_cb_flags flags, void *userdata);
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn,
                                            qemu_plugin_vcpu_udata_cb_t cb,
                                            enum qemu_plugin_cb_flags flags, void *userdata);
void qemu_plugin_register_vcpu_insn_exec_inline(struct qemu_plugin_insn *insn,
                                                enum qemu_plugin_op op, void *ptr, uint64_t imm);
void qemu_plugin_register_vcpu_mem_cb(struct qemu_plugin_insn *insn, qemu_plugin_vcpu_mem_cb_t cb,
                                      enum qemu_plugin_cb_flags flags, enum qemu_plugin_mem_rw rw,
                                      void *userdata);

/* Memory-access details (valid only inside a memory callback). */
struct qemu_plugin_hwaddr *qemu_plugin_get_hwaddr(qemu_plugin_meminfo_t info, uint64_t vaddr);
unsigned int qemu_plugin_mem_size_shift(qemu_plugin_meminfo_t info);
bool qemu_plugin_mem_is_store(qemu_plugin_meminfo_t info);
bool qemu_plugin_hwaddr_is_io(const struct qemu_plugin_hwaddr *haddr);
uint64_t qemu_plugin_hwaddr_phys_addr(const struct qemu_plugin_hwaddr *haddr);

void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb, void *userdata);

#endif
