/* SPDX-License-Identifier: MIT */
/*
 * Speculative-execution mitigations (harness/mitig.c): the setting's
 * names, Xen's boot report read from captured console text
 * (tests/data/xen-spec-ctrl-*.log: Xen 4.17 under our QEMU CPU model,
 * shipped defaults and spec-ctrl=no), and what meta.json gets per system.
 */
#include "mitig.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static json_t *xen_report_of(const char *name)
{
    char path[512];
    FILE *f;
    json_t *r;

    snprintf(path, sizeof(path), "%s/%s", TEST_DATA_DIR, name);
    f = fopen(path, "r");
    assert_non_null(f);
    r = mitig_xen_report(f);
    fclose(f);
    return r;
}

static json_t *xen_report_text(const char *text)
{
    FILE *f = fmemopen((void *)text, strlen(text), "r");
    json_t *r;

    assert_non_null(f);
    r = mitig_xen_report(f);
    fclose(f);
    return r;
}

#define assert_member(o, k, v) assert_string_equal(json_string_value(json_object_get(o, k)), v)

static void test_names(void **state)
{
    mitig_kind_t m = MITIG_DEFAULT;

    (void)state;
    assert_int_equal(mitig_parse("off", &m), 0);
    assert_int_equal(m, MITIG_OFF);
    assert_int_equal(mitig_parse("default", &m), 0);
    assert_int_equal(m, MITIG_DEFAULT);
    assert_string_equal(mitig_name(MITIG_OFF), "off");
    assert_string_equal(mitig_name(MITIG_DEFAULT), "default");
    static const char *const bad[] = { "", "on", "Off", "default ", "no", "none" };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(mitig_parse(bad[i], &m), -1);
}

/* Xen's shipped defaults: retpolines, branch hardening, RSB stuffing. */
static void test_xen_default(void **state)
{
    json_t *r = xen_report_of("xen-spec-ctrl-default.log");

    (void)state;
    assert_non_null(r);
    assert_int_equal(json_object_size(r), 8);
    assert_member(r, "hardware_hints", "");
    assert_member(r, "hardware_features", "");
    assert_member(r, "compiled_in_support",
                  "INDIRECT_THUNK RETURN_THUNK HARDEN_ARRAY HARDEN_BRANCH HARDEN_GUEST_ACCESS "
                  "HARDEN_LOCK");
    assert_member(r, "xen_settings", "BTI-Thunk: RETPOLINE, SPEC_CTRL: No, Other: BRANCH_HARDEN");
    assert_member(r, "support_for_hvm_vms", "RSB");
    assert_member(r, "support_for_pv_vms", "RSB");
    assert_member(r, "xpti_64_bit_pv_only", "Dom0 disabled, DomU disabled (without PCID)");
    assert_member(r, "pv_l1tf_shadowing", "Dom0 disabled, DomU disabled");
    json_decref(r);
}

/* spec-ctrl=no: the same lines, saying that nothing is on. */
static void test_xen_off(void **state)
{
    json_t *r = xen_report_of("xen-spec-ctrl-off.log");

    (void)state;
    assert_non_null(r);
    assert_int_equal(json_object_size(r), 8);
    assert_member(r, "xen_settings", "BTI-Thunk: JMP, SPEC_CTRL: No, Other:");
    assert_member(r, "support_for_hvm_vms", "None");
    assert_member(r, "support_for_pv_vms", "None");
    assert_member(r, "xpti_64_bit_pv_only", "Dom0 disabled, DomU disabled (without PCID)");
    assert_member(r, "pv_l1tf_shadowing", "Dom0 disabled, DomU disabled");
    json_decref(r);
}

/* Where the report ends, lines without a colon, and no report at all. */
static void test_xen_edges(void **state)
{
    json_t *r;

    (void)state;
    r = xen_report_text("(XEN) Speculative mitigation facilities:\n"
                        "(XEN)   Xen settings: a\n"
                        "(XEN)     and b\n"
                        "(XEN) Using scheduler: credit2\n"
                        "(XEN)   Later: not part of it\n");
    assert_non_null(r);
    assert_int_equal(json_object_size(r), 1);
    assert_member(r, "xen_settings", "a and b");
    json_decref(r);
    r = xen_report_text("(XEN) Speculative mitigation facilities:\r\n");
    assert_non_null(r);
    assert_int_equal(json_object_size(r), 0);
    json_decref(r);
    assert_null(xen_report_text("(XEN)   Xen settings: a\n"));
    assert_null(xen_report_text(""));
}

/* meta.json's per-system record, by boot kind. */
static void test_of_boot(void **state)
{
    static const system_t uk = { .name = "uk", .boot = SYSTEM_BOOT_MULTIBOOT };
    static const system_t lx = { .name = "linux", .boot = SYSTEM_BOOT_LINUX };
    static const system_t xen = { .name = "xen", .boot = SYSTEM_BOOT_XEN };
    json_t *guest = json_pack("{s:s, s:s, s:s, s:b}", "vulnerability.meltdown", "Not affected",
                              "dom0.vulnerability.spectre_v2", "Vulnerable", "kernel_release",
                              "6.1", "fastpath", 1);
    char log[512];
    json_t *o;

    (void)state;
    o = mitig_of_boot(&uk, "/nonexistent", guest);
    assert_member(o, "ukernel", "none");
    json_decref(o);
    o = mitig_of_boot(&lx, "/nonexistent", guest);
    assert_int_equal(json_object_size(json_object_get(o, "linux")), 1);
    assert_member(json_object_get(o, "linux"), "meltdown", "Not affected");
    json_decref(o);
    o = mitig_of_boot(&lx, "/nonexistent", NULL);
    assert_member(o, "linux", "unknown");
    json_decref(o);
    snprintf(log, sizeof(log), "%s/xen-spec-ctrl-default.log", TEST_DATA_DIR);
    o = mitig_of_boot(&xen, log, guest);
    assert_member(json_object_get(o, "xen"), "support_for_pv_vms", "RSB");
    assert_int_equal(json_object_size(json_object_get(o, "dom0")), 1);
    assert_member(json_object_get(o, "dom0"), "spectre_v2", "Vulnerable");
    json_decref(o);
    o = mitig_of_boot(&xen, "/nonexistent", NULL);
    assert_member(o, "xen", "unknown");
    assert_member(o, "dom0", "unknown");
    json_decref(o);
    json_decref(guest);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),     cmocka_unit_test(test_xen_default),
        cmocka_unit_test(test_xen_off),   cmocka_unit_test(test_xen_edges),
        cmocka_unit_test(test_of_boot),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
