/* SPDX-License-Identifier: MIT */
/*
 * Summary statistics on small vectors whose answers are known by hand
 * (and agree with numpy.percentile's default, linear interpolation).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "stats.h"

#include <math.h>

#define EPS 1e-9

/* cmocka's assert_float_equal works in float; these values need double. */
#define assert_near(a, b, eps)                                                                     \
    do {                                                                                           \
        double a_ = (a), b_ = (b);                                                                 \
        if (fabs(a_ - b_) > (eps))                                                                 \
            fail_msg("%s = %.12g, expected %.12g", #a, a_, b_);                                    \
    } while (0)

static void test_single(void **state)
{
    const long long v[] = { 5 };
    stats_t s;

    (void)state;
    assert_int_equal(stats_compute(v, 1, &s), 0);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.min, 5);
    assert_int_equal(s.max, 5);
    assert_near(s.median, 5, EPS);
    assert_near(s.mean, 5, EPS);
    assert_near(s.p5, 5, EPS);
    assert_near(s.p95, 5, EPS);
    assert_near(s.stddev, 0, EPS);
}

static void test_even(void **state)
{
    const long long v[] = { 4, 1, 3, 2 };
    stats_t s;

    (void)state;
    assert_int_equal(stats_compute(v, 4, &s), 0);
    assert_int_equal(s.min, 1);
    assert_int_equal(s.max, 4);
    assert_near(s.median, 2.5, EPS); /* mean of middle two */
    assert_near(s.mean, 2.5, EPS);
    assert_near(s.p5, 1.15, EPS);  /* h = 0.15 */
    assert_near(s.p95, 3.85, EPS); /* h = 2.85 */
    assert_near(s.stddev, sqrt(5.0 / 3.0), EPS);
    assert_int_equal(v[0], 4); /* input untouched */
}

static void test_two(void **state)
{
    const long long v[] = { 10, 20 };
    stats_t s;

    (void)state;
    stats_compute(v, 2, &s);
    assert_near(s.median, 15, EPS);
    assert_near(s.p5, 10.5, EPS);
    assert_near(s.p95, 19.5, EPS);
    assert_near(s.stddev, sqrt(50.0), EPS);
}

static void test_odd_on_rank(void **state)
{
    long long v[21];
    stats_t s;

    (void)state;
    for (int i = 0; i < 21; i++)
        v[i] = 21 - i; /* 21..1, unsorted */
    stats_compute(v, 21, &s);
    assert_near(s.median, 11, EPS);
    assert_near(s.p5, 2, EPS);   /* h = 1 exactly */
    assert_near(s.p95, 20, EPS); /* h = 19 exactly */
    assert_near(s.mean, 11, EPS);
}

static void test_hundred(void **state)
{
    long long v[100];
    stats_t s;

    (void)state;
    for (int i = 0; i < 100; i++)
        v[i] = i + 1;
    stats_compute(v, 100, &s);
    assert_near(s.median, 50.5, EPS);
    assert_near(s.p5, 5.95, EPS);
    assert_near(s.p95, 95.05, EPS);
    assert_near(s.stddev, 29.011491975882016, 1e-9);
}

static void test_negative_and_large(void **state)
{
    const long long v[] = { -3, 1000000000000000LL, 7 };
    stats_t s;

    (void)state;
    stats_compute(v, 3, &s);
    assert_int_equal(s.min, -3);
    assert_int_equal(s.max, 1000000000000000LL);
    assert_near(s.median, 7, EPS);
}

static void test_empty(void **state)
{
    stats_t s;

    (void)state;
    assert_int_equal(stats_compute(NULL, 0, &s), -1);
}

static void test_format(void **state)
{
    char buf[32];

    (void)state;
    stats_format(814.5, 2, buf, sizeof(buf));
    assert_string_equal(buf, "814.50");
    stats_format(814, 2, buf, sizeof(buf));
    assert_string_equal(buf, "814");
    stats_format(-3, 2, buf, sizeof(buf));
    assert_string_equal(buf, "-3");
    stats_format(1.15, 2, buf, sizeof(buf));
    assert_string_equal(buf, "1.15");
    stats_format(1e15, 2, buf, sizeof(buf));
    assert_string_equal(buf, "1000000000000000");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_single),  cmocka_unit_test(test_even),
        cmocka_unit_test(test_two),     cmocka_unit_test(test_odd_on_rank),
        cmocka_unit_test(test_hundred), cmocka_unit_test(test_negative_and_large),
        cmocka_unit_test(test_empty),   cmocka_unit_test(test_format),
    };

    return cmocka_run_group_tests_name("stats", tests, NULL, NULL);
}
