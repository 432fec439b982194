// SPDX-License-Identifier: GPL-2.0-only
/* kexec/system/loadrecord.c: the record kexec -l leaves for kexec -e. */
#include <stdio.h>
#include <string.h>

#include "helpers.h"
#include "system/loadrecord.h"

/* kexec -l leaves a record that kexec -e --debug reads after a jump back. */
static void load_record_round_trip(void **state)
{
	char *dir = make_temp_dir();
	char sub[600];
	struct load_record rec = { .what = "kernel B", .image = "/boot/b\nentry 0x1",
				   .entry = 0x7ff3000 }, back;
	struct kj_error err = { 0 };

	(void)state;
	snprintf(sub, sizeof(sub), "%s/run", dir);	/* created on write */
	assert_int_equal(load_record_read(sub, &back, &err), -1);
	kj_error_clear(&err);
	assert_int_equal(load_record_write(sub, &rec, &err), 0);
	assert_int_equal(load_record_read(sub, &back, &err), 0);
	assert_string_equal(back.what, "kernel B");
	/* A newline in the file name must not forge another key. */
	assert_string_equal(back.image, "/boot/b");
	assert_int_equal(back.entry, 0x7ff3000);
	load_record_remove(sub);
	assert_int_equal(load_record_read(sub, &back, &err), -1);
	kj_error_clear(&err);
	write_text_file(sub, LOAD_RECORD_FILE, "what kernel B\nentry 0xzz\n");
	assert_int_equal(load_record_read(sub, &back, &err), -1);
	assert_error_contains(&err, "not a kjump load record");
	remove_tree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(load_record_round_trip),
	};
	return cmocka_run_group_tests_name("loadrecord", tests, NULL, NULL);
}
