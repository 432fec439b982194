// SPDX-License-Identifier: GPL-2.0-only
/* kexec/load/jump.c: the jump-back entry and the jump-back helper's plan. */
#include <string.h>

#include "arch/x86/x86.h"
#include "helpers.h"
#include "load/jump.h"

static void jump_back_entry_parsing(void **state)
{
	struct kj_error err = { 0 };
	uint64_t entry = 0;

	assert_int_equal(jump_back_entry_from_cmdline(
		"console=ttyS0 kexec_jump_back_entry=0x1234000 quiet\n", &entry, &err), 0);
	assert_int_equal(entry, 0x1234000);
	/* The last one wins; a look-alike inside another parameter does not count. */
	assert_int_equal(jump_back_entry_from_cmdline(
		"kexec_jump_back_entry=0x1000 x=kexec_jump_back_entry=0x5 kexec_jump_back_entry=0x2000",
		&entry, &err), 0);
	assert_int_equal(entry, 0x2000);
	assert_int_equal(jump_back_entry_from_cmdline("root=/dev/sda", &entry, &err), -1);
	assert_error_contains(&err, "no --entry given");
	kj_error_clear(&err);
	assert_int_equal(jump_back_entry_from_cmdline("kexec_jump_back_entry=zz", &entry, &err), -1);
	assert_error_contains(&err, "bad value");
	kj_error_clear(&err);
	assert_int_equal(jump_back_entry_from_cmdline("kexec_jump_back_entry=0", &entry, &err), -1);
	assert_error_contains(&err, "cannot be jumped back to");
}

static void jump_back_helper_is_one_empty_segment(void **state)
{
	struct memory_map empty = { 0 };
	struct kexec_plan plan;
	struct kj_error err = { 0 };

	plan_init(&plan);
	plan.flags = KEXEC_ARCH_X86_64;
	assert_int_equal(jump_back_helper_plan(&plan, 0x7654000, &err), 0);
	assert_int_equal(plan.nr_segments, 1);
	assert_int_equal(plan.segments[0].memsz, 0);
	assert_int_equal(plan.entry, 0x7654000);
	assert_true(plan.flags & KEXEC_PRESERVE_CONTEXT);
	assert_int_equal(plan_check(&plan, &empty, &err), 0);
	plan_free(&plan);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(jump_back_entry_parsing),
		cmocka_unit_test(jump_back_helper_is_one_empty_segment),
	};
	return cmocka_run_group_tests_name("jump", tests, NULL, NULL);
}
