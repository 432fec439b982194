// SPDX-License-Identifier: GPL-2.0-only
/* The purgatory's jump-back entry hand-over, compiled natively. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "jumpback.h"

static char cmdline[128];

static void setup_cmdline(const char *text, uint32_t room)
{
	memset(cmdline, 'X', sizeof(cmdline));
	strcpy(cmdline, text);
	purgatory_cmdline = (uintptr_t)cmdline;
	purgatory_cmdline_room = room;
}

static void appends_the_entry(void **state)
{
	setup_cmdline("console=ttyS0", 64);
	purgatory_jump_back_entry = 0x1a2b3c0ull;
	assert_int_equal(purgatory_pass_jump_back_entry(), 0);
	assert_string_equal(cmdline, "console=ttyS0 kexec_jump_back_entry=0x1a2b3c0");
}

static void full_64bit_value_and_exact_fit(void **state)
{
	const char *want = "a kexec_jump_back_entry=0xffffffff81234567";

	setup_cmdline("a", (uint32_t)strlen(want) + 1);
	purgatory_jump_back_entry = 0xffffffff81234567ull;
	assert_int_equal(purgatory_pass_jump_back_entry(), 0);
	assert_string_equal(cmdline, want);
	/* Nothing written past the room. */
	assert_int_equal(cmdline[strlen(want) + 1], 'X');
}

static void refuses_what_does_not_fit(void **state)
{
	setup_cmdline("console=ttyS0", 20);
	purgatory_jump_back_entry = 0x1000;
	assert_int_equal(purgatory_pass_jump_back_entry(), -1);
	assert_string_equal(cmdline, "console=ttyS0");
}

static void nothing_without_both(void **state)
{
	setup_cmdline("x", 64);
	purgatory_jump_back_entry = 0;
	assert_int_equal(purgatory_pass_jump_back_entry(), 0);
	assert_string_equal(cmdline, "x");
	purgatory_jump_back_entry = 0x1000;
	purgatory_cmdline = 0;
	assert_int_equal(purgatory_pass_jump_back_entry(), 0);
	assert_string_equal(cmdline, "x");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(appends_the_entry),
		cmocka_unit_test(full_64bit_value_and_exact_fit),
		cmocka_unit_test(refuses_what_does_not_fit),
		cmocka_unit_test(nothing_without_both),
	};
	return cmocka_run_group_tests_name("jumpback", tests, NULL, NULL);
}
