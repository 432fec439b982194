// SPDX-License-Identifier: GPL-2.0-only
/* The planner's checks: everything plan_check() must refuse. */
#include <string.h>

#include "helpers.h"
#include "plan/plan.h"

static struct memory_map map;
static struct kexec_plan plan;
static struct kj_error err;
static char page[4096];

static int setup(void **state)
{
	must_parse_iomem(&map, test_iomem_512m);
	plan_init(&plan);
	memset(&err, 0, sizeof(err));
	return 0;
}

static int teardown(void **state)
{
	plan_free(&plan);
	memmap_free(&map);
	return 0;
}

static void add(const char *name, uint64_t mem, uint64_t memsz)
{
	if (plan_add_segment(&plan, name, page, sizeof(page) < memsz ? sizeof(page) : memsz,
			     mem, memsz, &err) < 0)
		fail_msg("add_segment: %s", err.msg);
}

static void expect_check_error(const char *needle)
{
	assert_int_equal(plan_check(&plan, &map, &err), -1);
	assert_error_contains(&err, needle);
}

static void rounds_sizes_to_pages(void **state)
{
	assert_int_equal(plan_add_segment(&plan, "a", page, 100, 0x2000000, 0, &err), 0);
	assert_int_equal(plan.segments[0].memsz, 4096);
	assert_int_equal(plan_add_segment(&plan, "b", page, 4096, 0x3000000, 4097, &err), 0);
	assert_int_equal(plan.segments[1].memsz, 8192);
	plan.entry = 0x2000000;
	assert_int_equal(plan_check(&plan, &map, &err), 0);
}

static void rejects_unaligned_and_wrapping(void **state)
{
	assert_int_equal(plan_add_segment(&plan, "a", page, 10, 0x2000010, 10, &err), -1);
	assert_error_contains(&err, "not page-aligned");
	kj_error_clear(&err);
	assert_int_equal(plan_add_segment(&plan, "b", page, 10, 0xfffffffffffff000ull,
					  0x2000, &err), -1);
	assert_error_contains(&err, "wraps around");
	kj_error_clear(&err);
	assert_int_equal(plan_add_segment(&plan, "c", NULL, 0, 0x1000, 0, &err), -1);
	assert_error_contains(&err, "empty");
}

static void rejects_overlap(void **state)
{
	add("kernel", 0x2000000, 0x10000);
	add("initrd", 0x200f000, 0x1000);
	plan.entry = 0x2000000;
	expect_check_error("segments overlap: kernel 0x2000000-0x200ffff and initrd 0x200f000-0x200ffff");
}

static void touching_segments_are_fine(void **state)
{
	add("kernel", 0x2000000, 0x10000);
	add("initrd", 0x2010000, 0x1000);
	plan.entry = 0x2000000;
	assert_int_equal(plan_check(&plan, &map, &err), 0);
}

static void rejects_outside_ram(void **state)
{
	add("a", 0x1ffdf000, 0x2000);	/* runs into the reserved top */
	plan.entry = 0x1ffdf000;
	expect_check_error("a segment 0x1ffdf000-0x1ffe0fff is not inside System RAM");
}

static void rejects_hole_below_1m(void **state)
{
	add("a", 0x9f000, 0x2000);	/* RAM then the 0x9fc00 reserved piece */
	plan.entry = 0x9f000;
	expect_check_error("not inside System RAM");
}

static void rejects_too_many_segments(void **state)
{
	for (int i = 0; i < 16; i++)
		add("s", 0x2000000 + i * 0x1000, 0x1000);
	plan.entry = 0x2000000;
	assert_int_equal(plan_check(&plan, &map, &err), 0);
	add("s", 0x3000000, 0x1000);
	expect_check_error("too many segments: 17, the kernel accepts at most 16");
}

static void honours_destination_limit(void **state)
{
	add("a", 0x1f000000, 0x1000);
	plan.entry = 0x1f000000;
	plan.dest_limit = 0x1f000000;
	expect_check_error("above the kernel's destination limit");
}

static void crash_plans_stay_in_reservation(void **state)
{
	plan.flags = KEXEC_ON_CRASH;
	add("a", 0x10000000, 0x1000);
	plan.entry = 0x10000000;
	assert_int_equal(plan_check(&plan, &map, &err), 0);
	add("b", 0x0f000000, 0x1000);
	expect_check_error("b segment 0xf000000-0xf000fff is outside the crash kernel reservation");
}

static void crash_plan_without_reservation(void **state)
{
	memmap_free(&map);
	must_parse_iomem(&map, "00100000-1fffffff : System RAM\n");
	plan.flags = KEXEC_ON_CRASH;
	add("a", 0x10000000, 0x1000);
	plan.entry = 0x10000000;
	expect_check_error("no crash kernel memory is reserved (boot with crashkernel=SIZE)");

	kj_error_clear(&err);
	strcpy(map.crash_unknown, "cannot open /proc/iomem");
	expect_check_error("cannot find the crash kernel reservation: cannot open /proc/iomem");
}

static void entry_must_be_in_a_segment(void **state)
{
	add("a", 0x2000000, 0x1000);
	plan.entry = 0x2001000;
	expect_check_error("entry point 0x2001000 is not inside any segment");
}

static void empty_plan_rejected(void **state)
{
	expect_check_error("no segments");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(rounds_sizes_to_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(rejects_unaligned_and_wrapping, setup, teardown),
		cmocka_unit_test_setup_teardown(rejects_overlap, setup, teardown),
		cmocka_unit_test_setup_teardown(touching_segments_are_fine, setup, teardown),
		cmocka_unit_test_setup_teardown(rejects_outside_ram, setup, teardown),
		cmocka_unit_test_setup_teardown(rejects_hole_below_1m, setup, teardown),
		cmocka_unit_test_setup_teardown(rejects_too_many_segments, setup, teardown),
		cmocka_unit_test_setup_teardown(honours_destination_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(crash_plans_stay_in_reservation, setup, teardown),
		cmocka_unit_test_setup_teardown(crash_plan_without_reservation, setup, teardown),
		cmocka_unit_test_setup_teardown(entry_must_be_in_a_segment, setup, teardown),
		cmocka_unit_test_setup_teardown(empty_plan_rejected, setup, teardown),
	};
	return cmocka_run_group_tests_name("plan", tests, NULL, NULL);
}
