// SPDX-License-Identifier: GPL-2.0-only
/*
 * util_lib/range.c: inclusive ranges that never wrap, subtraction and
 * overlap search.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "kjump/range.h"

static void from_len_refuses_empty_and_wrapping(void **state)
{
	struct kj_range r = { 7, 7 };

	assert_true(kj_range_from_len(0x1000, 0x1000, &r));
	assert_int_equal(r.start, 0x1000);
	assert_int_equal(r.end, 0x1fff);
	/* Ending exactly at 2^64 - 1 is fine; one byte more is not. */
	assert_true(kj_range_from_len(UINT64_MAX - 0xfff, 0x1000, &r));
	assert_true(r.end == UINT64_MAX);
	r = (struct kj_range){ 7, 7 };
	assert_false(kj_range_from_len(UINT64_MAX - 0xfff, 0x1001, &r));
	assert_false(kj_range_from_len(5, 0, &r));
	assert_int_equal(r.start, 7);	/* untouched */
	assert_true(kj_range_from_len(0, UINT64_MAX, &r));
}

static void overlap_at_the_top_of_the_space(void **state)
{
	/* A PT_LOAD ending at 2^64 - 1 (start + len wraps to 0). */
	struct kj_range top = { UINT64_MAX - 0xfff, UINT64_MAX };
	struct kj_range below = { UINT64_MAX - 0x1fff, UINT64_MAX - 0x800 };
	struct kj_range low = { 0, 0xfff };

	assert_true(kj_range_overlaps(&top, &below));
	assert_true(kj_range_overlaps(&below, &top));
	assert_false(kj_range_overlaps(&top, &low));
	assert_false(kj_range_adjacent(&top, &low));
	assert_true(kj_range_adjacent(&low, &(struct kj_range){ 0x1000, 0x1fff }));
	assert_true(kj_range_within(&below, &(struct kj_range){ 0, UINT64_MAX }));
	assert_true(kj_range_size(&(struct kj_range){ 0, UINT64_MAX }) == UINT64_MAX);
	assert_int_equal(kj_range_size(&low), 0x1000);
}

static void subtract_leaves_the_pieces(void **state)
{
	struct kj_range ram = { 0x100000, 0x1fffffff };
	struct kj_range holes[] = { { 0x0, 0xfffff }, { 0x1000000, 0x1ffffff },
				    { 0x1800000, 0x2ffffff }, { 0x1ffff000, 0x2fffffff } };
	struct kj_range out[4];

	assert_int_equal(kj_range_subtract(&ram, holes, 4, out, 4), 2);
	assert_int_equal(out[0].start, 0x100000);
	assert_int_equal(out[0].end, 0xffffff);
	assert_int_equal(out[1].start, 0x3000000);
	assert_int_equal(out[1].end, 0x1fffefff);
	/* No holes: the range itself; all covered: nothing. */
	assert_int_equal(kj_range_subtract(&ram, NULL, 0, out, 4), 1);
	assert_int_equal(out[0].end, 0x1fffffff);
	assert_int_equal(kj_range_subtract(&ram, &(struct kj_range){ 0, UINT64_MAX }, 1, out, 4), 0);
	/* Too many pieces for OUT is said, never cut short. */
	assert_true(kj_range_subtract(&ram, holes, 4, out, 1) == SIZE_MAX);
	/* A hole ending the address space. */
	assert_int_equal(kj_range_subtract(&(struct kj_range){ 0, UINT64_MAX },
					   &(struct kj_range){ 0x1000, UINT64_MAX }, 1, out, 4), 1);
	assert_int_equal(out[0].end, 0xfff);
}

static void find_overlap_names_a_pair(void **state)
{
	struct kj_range r[] = { { 0x5000, 0x5fff }, { 0x1000, 0x1fff }, { 0x3000, 0x3fff },
				{ 0x0, 0x4fff } };
	size_t a = 9, b = 9;

	assert_int_equal(kj_ranges_find_overlap(r, 3, &a, &b), 0);
	assert_int_equal(a, 9);
	assert_int_equal(kj_ranges_find_overlap(r, 4, &a, &b), 1);
	/* [0, 0x4fff] starts first and covers [0x1000, 0x1fff]. */
	assert_int_equal(a, 3);
	assert_int_equal(b, 1);
	/* A short range inside a long one, seen after a third in between. */
	struct kj_range nested[] = { { 0, 0xffff }, { 0x20000, 0x20fff }, { 0x8000, 0x8fff } };

	assert_int_equal(kj_ranges_find_overlap(nested, 3, &a, &b), 1);
	assert_int_equal(a, 0);
	assert_int_equal(b, 2);
	struct kj_range top[] = { { UINT64_MAX, UINT64_MAX }, { UINT64_MAX - 0xfff, UINT64_MAX } };

	assert_int_equal(kj_ranges_find_overlap(top, 2, &a, &b), 1);
	assert_int_equal(kj_ranges_find_overlap(top, 1, &a, &b), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(from_len_refuses_empty_and_wrapping),
		cmocka_unit_test(overlap_at_the_top_of_the_space),
		cmocka_unit_test(subtract_leaves_the_pieces),
		cmocka_unit_test(find_overlap_names_a_pair),
	};

	return cmocka_run_group_tests_name("range", tests, NULL, NULL);
}
