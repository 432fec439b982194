// SPDX-License-Identifier: GPL-2.0-only
/* util_lib/text.c: input shown on a terminal, escaped. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>

#include "helpers.h"
#include "kjump/text.h"

static void escapes_what_a_terminal_would_act_on(void **state)
{
	char *text = NULL, buf[16];
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	/* ESC [2J would clear the screen; a backslash stays unambiguous. */
	kj_fputs_escaped("root=/dev/vda \x1b[2J\r\\ \x7f\xc3\xa9", out);
	fclose(out);
	assert_string_equal(text, "root=/dev/vda \\x1b[2J\\x0d\\\\ \\x7f\\xc3\\xa9");
	free(text);
	/* Cut short to the buffer, never in the middle of an escape. */
	assert_string_equal(kj_escaped("abc\x01xyz", buf, 8), "abc\\x01");
	assert_string_equal(kj_escaped("abcdefghijklmnopqrstuvwxyz", buf, sizeof(buf)),
			    "abcdefghijklmno");
	assert_string_equal(kj_escaped("", buf, sizeof(buf)), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(escapes_what_a_terminal_would_act_on),
	};

	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
