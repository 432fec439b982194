// SPDX-License-Identifier: GPL-2.0-only
/* Hole finding: where segments go when the loader does not say. */
#include <string.h>

#include "helpers.h"
#include "plan/hole.h"

static uint64_t find(uint64_t size, uint64_t align, uint64_t min, uint64_t max, bool top_down)
{
	struct hole_request req = { size, align, min, max, top_down };
	uint64_t addr = 0;

	if (hole_find(&pf.map, &pf.plan, &req, &addr, &pf.err) < 0)
		fail_msg("hole_find: %s", pf.err.msg);
	return addr;
}

static void bottom_up_takes_lowest_ram(void **state)
{
	assert_int_equal(find(0x1000, 0x1000, 0, UINT64_MAX, false), 0x1000);
	/* 0x9f000 bytes do not fit below 640 KiB (0x1000-0x9fbff). */
	assert_int_equal(find(0x9f000, 0x1000, 0, UINT64_MAX, false), 0x100000);
}

static void top_down_takes_highest_ram(void **state)
{
	assert_int_equal(find(0x1000, 0x1000, 0, UINT64_MAX, true), 0x1ffdf000);
	/* RAM ends at 0x1ffdffff: the highest 2 MiB-aligned start that
	 * still fits 1 MiB below it is 0x1fe00000. */
	assert_int_equal(find(0x100000, 0x200000, 0, UINT64_MAX, true), 0x1fe00000);
}

static void respects_window_and_alignment(void **state)
{
	assert_int_equal(find(0x1000, 0x1000, 0x2000000, UINT64_MAX, false), 0x2000000);
	assert_int_equal(find(0x1000, 0x1000000, 0x2000001, UINT64_MAX, false), 0x3000000);
	assert_int_equal(find(0x2000, 0x1000, 0, 0x4ffffff, true), 0x4ffe000);
}

static void skips_planned_segments(void **state)
{
	assert_int_equal(plan_add_segment(&pf.plan, "a", pf.page, 4096, 0x2000000, 0x3000, &pf.err), 0);
	assert_int_equal(find(0x1000, 0x1000, 0x2000000, UINT64_MAX, false), 0x2003000);
	assert_int_equal(find(0x1000, 0x1000, 0, 0x2002fff, true), 0x1fff000);
}

static void reports_no_room(void **state)
{
	struct hole_request req = { 0x20000000, 0x1000, 0, UINT64_MAX, false };
	uint64_t addr;

	assert_int_equal(hole_find(&pf.map, &pf.plan, &req, &addr, &pf.err), -1);
	assert_error_contains(&pf.err, "no free RAM for 0x20000000 bytes");
}

static void rejects_bad_requests(void **state)
{
	struct hole_request req = { 0x1000, 0x1800, 0, UINT64_MAX, false };
	uint64_t addr;

	assert_int_equal(hole_find(&pf.map, &pf.plan, &req, &addr, &pf.err), -1);
	assert_error_contains(&pf.err, "not a power of two");
	kj_error_clear(&pf.err);
	req.align = 0x1000;
	req.min = 0x3000000;
	req.max = 0x2000000;
	assert_int_equal(hole_find(&pf.map, &pf.plan, &req, &addr, &pf.err), -1);
	assert_error_contains(&pf.err, "empty address window: the lowest address 0x3000000 "
			      "(--mem-min) is above the highest 0x2000000 (--mem-max)");
	kj_error_clear(&pf.err);
	/* A bound that is not the user's is named as what it is. */
	req.max_from = "the kernel's initrd_addr_max";
	assert_int_equal(hole_find(&pf.map, &pf.plan, &req, &addr, &pf.err), -1);
	assert_error_contains(&pf.err, "(the kernel's initrd_addr_max)");
	kj_error_clear(&pf.err);
	req.max = UINT64_MAX;
	pf.plan.dest_limit = 0x2000000;
	assert_int_equal(hole_find(&pf.map, &pf.plan, &req, &addr, &pf.err), -1);
	assert_error_contains(&pf.err, "above the highest 0x1ffffff (the kernel's destination limit)");
}

/* A crash plan (KEXEC_ON_CRASH) is placed in the reservation, by itself. */
static void crash_searches_reservation(void **state)
{
	struct hole_request req = { 0x100000, 0x1000, 0, UINT64_MAX, true };
	uint64_t addr;

	assert_int_equal(hole_find(&pf.map, &pf.plan, &req, &addr, &pf.err), 0);
	assert_true(addr < 0x10000000 || addr > 0x17ffffff);	/* not a crash pf.plan yet */
	pf.plan.flags |= KEXEC_ON_CRASH;
	assert_int_equal(hole_find(&pf.map, &pf.plan, &req, &addr, &pf.err), 0);
	assert_int_equal(addr, 0x17f00000);
	req.size = 0x9000000;	/* bigger than the 128 MiB reservation */
	assert_int_equal(hole_find(&pf.map, &pf.plan, &req, &addr, &pf.err), -1);
	assert_error_contains(&pf.err, "no free crash kernel memory");
}

/* plan_add_buffer(): room found and the segment added, in one call. */
static void add_buffer_places_and_adds(void **state)
{
	struct hole_request where = { .align = 0x1000, .min = 0x2000000, .max = UINT64_MAX };
	uint64_t at = 0;

	assert_int_equal(plan_add_buffer(&pf.plan, &pf.map, "a", pf.page, 100, 0x3000,
					 &where, &at, &pf.err), 0);
	assert_int_equal(at, 0x2000000);
	assert_int_equal(pf.plan.nr_segments, 1);
	assert_int_equal(pf.plan.segments[0].mem, 0x2000000);
	assert_int_equal(pf.plan.segments[0].memsz, 0x3000);
	assert_int_equal(pf.plan.segments[0].bufsz, 100);
	/* The next one goes around it; only MEMSZ counts for a zero-filled one. */
	assert_int_equal(plan_add_buffer(&pf.plan, &pf.map, "b", NULL, 0, 0x1000,
					 &where, &at, &pf.err), 0);
	assert_int_equal(at, 0x2003000);
	where.max = 0x2003fff;
	assert_int_equal(plan_add_buffer(&pf.plan, &pf.map, "c", pf.page, 4096, 4096,
					 &where, &at, &pf.err), -1);
	assert_error_contains(&pf.err, "no free RAM");
	assert_int_equal(pf.plan.nr_segments, 2);
}

static void honours_destination_limit(void **state)
{
	pf.plan.dest_limit = 0x10000000;
	assert_int_equal(find(0x1000, 0x1000, 0, UINT64_MAX, true), 0xffff000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		plan_fixture_test(bottom_up_takes_lowest_ram),
		plan_fixture_test(top_down_takes_highest_ram),
		plan_fixture_test(respects_window_and_alignment),
		plan_fixture_test(skips_planned_segments),
		plan_fixture_test(reports_no_room),
		plan_fixture_test(rejects_bad_requests),
		plan_fixture_test(crash_searches_reservation),
		plan_fixture_test(add_buffer_places_and_adds),
		plan_fixture_test(honours_destination_limit),
	};
	return cmocka_run_group_tests_name("hole", tests, NULL, NULL);
}
