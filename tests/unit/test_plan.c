// SPDX-License-Identifier: GPL-2.0-only
/* The planner's checks: everything plan_check() must refuse. */
#include <string.h>

#include "helpers.h"
#include "plan/plan.h"

static void add(const char *name, uint64_t mem, uint64_t memsz)
{
	size_t bufsz = sizeof(pf.page) < memsz ? sizeof(pf.page) : memsz;

	if (plan_add_segment(&pf.plan, name, pf.page, bufsz, mem, memsz, &pf.err) < 0)
		fail_msg("add_segment: %s", pf.err.msg);
}

static void expect_check_error(const char *needle)
{
	assert_int_equal(plan_check(&pf.plan, &pf.map, &pf.err), -1);
	assert_error_contains(&pf.err, needle);
}

static void rounds_sizes_to_pages(void **state)
{
	assert_int_equal(plan_add_segment(&pf.plan, "a", pf.page, 100, 0x2000000, 0, &pf.err), 0);
	assert_int_equal(pf.plan.segments[0].memsz, 4096);
	assert_int_equal(plan_add_segment(&pf.plan, "b", pf.page, 4096, 0x3000000, 4097, &pf.err), 0);
	assert_int_equal(pf.plan.segments[1].memsz, 8192);
	pf.plan.entry = 0x2000000;
	assert_int_equal(plan_check(&pf.plan, &pf.map, &pf.err), 0);
}

static void rejects_unaligned_and_wrapping(void **state)
{
	assert_int_equal(plan_add_segment(&pf.plan, "a", pf.page, 10, 0x2000010, 10, &pf.err), -1);
	assert_error_contains(&pf.err, "not page-aligned");
	kj_error_clear(&pf.err);
	assert_int_equal(plan_add_segment(&pf.plan, "b", pf.page, 10, 0xfffffffffffff000ull,
					  0x2000, &pf.err), -1);
	assert_error_contains(&pf.err, "wraps around");
	kj_error_clear(&pf.err);
	assert_int_equal(plan_add_segment(&pf.plan, "c", NULL, 0, 0x1000, 0, &pf.err), -1);
	assert_error_contains(&pf.err, "empty");
}

static void rejects_overlap(void **state)
{
	add("kernel", 0x2000000, 0x10000);
	add("initrd", 0x200f000, 0x1000);
	pf.plan.entry = 0x2000000;
	expect_check_error("segments overlap: kernel 0x2000000-0x200ffff and initrd 0x200f000-0x200ffff");
}

static void touching_segments_are_fine(void **state)
{
	add("kernel", 0x2000000, 0x10000);
	add("initrd", 0x2010000, 0x1000);
	pf.plan.entry = 0x2000000;
	assert_int_equal(plan_check(&pf.plan, &pf.map, &pf.err), 0);
}

static void rejects_outside_ram(void **state)
{
	add("a", 0x1ffdf000, 0x2000);	/* runs into the reserved top */
	pf.plan.entry = 0x1ffdf000;
	expect_check_error("a segment 0x1ffdf000-0x1ffe0fff is not inside System RAM");
}

static void rejects_hole_below_1m(void **state)
{
	add("a", 0x9f000, 0x2000);	/* RAM then the 0x9fc00 reserved piece */
	pf.plan.entry = 0x9f000;
	expect_check_error("not inside System RAM");
}

static void rejects_too_many_segments(void **state)
{
	for (int i = 0; i < 16; i++)
		add("s", 0x2000000 + i * 0x1000, 0x1000);
	pf.plan.entry = 0x2000000;
	assert_int_equal(plan_check(&pf.plan, &pf.map, &pf.err), 0);
	add("s", 0x3000000, 0x1000);
	expect_check_error("too many segments: 17, the kernel accepts at most 16");
}

static void honours_destination_limit(void **state)
{
	add("a", 0x1f000000, 0x1000);
	pf.plan.entry = 0x1f000000;
	pf.plan.dest_limit = 0x1f000000;
	expect_check_error("above the kernel's destination limit");
}

static void crash_plans_stay_in_reservation(void **state)
{
	pf.plan.flags = KEXEC_ON_CRASH;
	add("a", 0x10000000, 0x1000);
	pf.plan.entry = 0x10000000;
	assert_int_equal(plan_check(&pf.plan, &pf.map, &pf.err), 0);
	add("b", 0x0f000000, 0x1000);
	expect_check_error("b segment 0xf000000-0xf000fff is outside the crash kernel reservation");
}

static void crash_plan_without_reservation(void **state)
{
	memmap_free(&pf.map);
	must_parse_iomem(&pf.map, "00100000-1fffffff : System RAM\n");
	pf.plan.flags = KEXEC_ON_CRASH;
	add("a", 0x10000000, 0x1000);
	pf.plan.entry = 0x10000000;
	expect_check_error("no crash kernel memory is reserved (boot with crashkernel=SIZE)");

	kj_error_clear(&pf.err);
	strcpy(pf.map.crash_unknown, "cannot open /proc/iomem");
	expect_check_error("cannot find the crash kernel reservation: cannot open /proc/iomem");
}

static void entry_must_be_in_a_segment(void **state)
{
	add("a", 0x2000000, 0x1000);
	pf.plan.entry = 0x2001000;
	expect_check_error("entry point 0x2001000 is not inside any segment");
}

static void empty_plan_rejected(void **state)
{
	expect_check_error("no segments");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		plan_fixture_test(rounds_sizes_to_pages),
		plan_fixture_test(rejects_unaligned_and_wrapping),
		plan_fixture_test(rejects_overlap),
		plan_fixture_test(touching_segments_are_fine),
		plan_fixture_test(rejects_outside_ram),
		plan_fixture_test(rejects_hole_below_1m),
		plan_fixture_test(rejects_too_many_segments),
		plan_fixture_test(honours_destination_limit),
		plan_fixture_test(crash_plans_stay_in_reservation),
		plan_fixture_test(crash_plan_without_reservation),
		plan_fixture_test(entry_must_be_in_a_segment),
		plan_fixture_test(empty_plan_rejected),
	};
	return cmocka_run_group_tests_name("plan", tests, NULL, NULL);
}
