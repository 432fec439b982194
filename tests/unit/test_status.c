// SPDX-License-Identifier: GPL-2.0-only
/* kexec/system/status.c: kexec_status() and the segment limit from sysfs
 * (which kernel_set_plan_limits() of kexec/system/kernel.c applies). */
#include <stdbool.h>
#include <string.h>

#include "arch/x86/x86.h"
#include "helpers.h"
#include "kjump/compiler.h"
#include "system/kernel.h"
#include "system/status.h"

static void status_reads_sysfs(void **state)
{
	char *dir = make_temp_dir();
	struct kj_error err = { 0 };
	bool loaded = true;

	write_text_file(dir, "kexec_loaded", "0\n");
	write_text_file(dir, "kexec_crash_loaded", "1\n");
	assert_int_equal(kexec_status(dir, false, &loaded, &err), 0);
	assert_false(loaded);
	assert_int_equal(kexec_status(dir, true, &loaded, &err), 0);
	assert_true(loaded);
	write_text_file(dir, "kexec_loaded", "maybe\n");
	assert_int_equal(kexec_status(dir, false, &loaded, &err), -1);
	assert_error_contains(&err, "expected 0 or 1");
	remove_tree(dir);

	kj_error_clear(&err);
	assert_int_equal(kexec_status("/nonexistent", false, &loaded, &err), -1);
	assert_error_contains(&err, "no kexec support (CONFIG_KEXEC)");
}

/* kexec_load's segment limit: /sys/kernel/kexec_segment_max, else 16. */
static void segment_max_reads_sysfs(void **state)
{
	static const char *const bad[] = { "", "\n", "abc\n", "0\n", "-5\n", "12x\n",
					   " 12\n", "99999999999999999999999\n" };
	char *dir = make_temp_dir();
	struct kj_error err = { 0 };
	struct kexec_plan plan;
	size_t max = 0;

	(void)state;
	assert_int_equal(kexec_segment_max(dir, &max, &err), 0);
	assert_int_equal(max, KEXEC_STOCK_SEGMENT_MAX);
	write_text_file(dir, "kexec_segment_max", "2048\n");
	assert_int_equal(kexec_segment_max(dir, &max, &err), 0);
	assert_int_equal(max, 2048);
	write_text_file(dir, "kexec_segment_max", "16");
	assert_int_equal(kexec_segment_max(dir, &max, &err), 0);
	assert_int_equal(max, 16);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		kj_error_clear(&err);
		write_text_file(dir, "kexec_segment_max", bad[i]);
		assert_int_equal(kexec_segment_max(dir, &max, &err), -1);
		assert_error_contains(&err, "kexec_segment_max: expected a number of segments");
	}

	/* The plan takes the limit for kexec_load only. */
	write_text_file(dir, "kexec_segment_max", "2048\n");
	plan_init(&plan);
	assert_int_equal(kernel_set_plan_limits(&plan, &x86_64_arch, dir, &err), 0);
	assert_int_equal(plan.max_segments, 2048);
	plan.syscall = PLAN_KEXEC_FILE_LOAD;
	plan.max_segments = KEXEC_STOCK_SEGMENT_MAX;
	assert_int_equal(kernel_set_plan_limits(&plan, &x86_64_arch, dir, &err), 0);
	assert_int_equal(plan.max_segments, KEXEC_STOCK_SEGMENT_MAX);
	plan.syscall = PLAN_KEXEC_LOAD;
	write_text_file(dir, "kexec_segment_max", "lots\n");
	kj_error_clear(&err);
	assert_int_equal(kernel_set_plan_limits(&plan, &i386_arch, dir, &err), -1);
	assert_int_equal(plan.dest_limit, 0xc0000000ull);
	plan_free(&plan);
	remove_tree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(status_reads_sysfs),
		cmocka_unit_test(segment_max_reads_sysfs),
	};
	return cmocka_run_group_tests_name("status", tests, NULL, NULL);
}
