// SPDX-License-Identifier: GPL-2.0-only
/* util_lib/error.c: kj_fail() and its one-line messages. */
#include "helpers.h"
#include "kjump/error.h"

static void first_error_wins_on_one_line(void **state)
{
	struct kj_error err = { 0 };

	assert_int_equal(kj_fail(&err, "inner %s", "cause\nsecond line"), -1);
	assert_int_equal(kj_fail(&err, "outer"), -1);
	assert_string_equal(err.msg, "inner cause second line");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(first_error_wins_on_one_line),
	};
	return cmocka_run_group_tests_name("error", tests, NULL, NULL);
}
