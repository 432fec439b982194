// SPDX-License-Identifier: GPL-2.0-only
/* util_lib/file.c: kj_read_file() and kj_map_file(). */
#include <stdio.h>
#include <string.h>

#include "helpers.h"
#include "kjump/file.h"

typedef int file_reader(const char *path, size_t limit, struct kj_blob *out,
			struct kj_error *err);

/* READ refuses DIR/f (10 bytes) with a limit of 9, and DIR itself. */
static void check_refusals(file_reader *read, const char *dir, const char *path)
{
	struct kj_blob blob;
	struct kj_error err = { 0 };

	assert_int_equal(read(path, 9, &blob, &err), -1);
	assert_error_contains(&err, "too large");
	kj_error_clear(&err);
	assert_int_equal(read(dir, 100, &blob, &err), -1);
	assert_error_contains(&err, "is a directory");
}

/* kj_read_file and kj_map_file: contents, limits, refusals. */
static void read_file_limits(void **state)
{
	char *dir = make_temp_dir();
	char path[512];
	struct kj_blob blob;
	struct kj_error err = { 0 };

	write_text_file(dir, "f", "0123456789");
	snprintf(path, sizeof(path), "%s/f", dir);
	assert_int_equal(kj_read_file(path, 10, &blob, &err), 0);
	assert_int_equal(blob.size, 10);
	assert_int_equal(blob.data[10], '\0');
	kj_blob_free(&blob);
	check_refusals(kj_read_file, dir, path);
	assert_int_equal(kj_read_file("/nonexistent/x", 100, &blob, &err), -1);
	assert_error_contains(&err, "cannot open /nonexistent/x: No such file");

	/* kj_map_file: regular files mapped, the rest read; the same limits. */
	assert_int_equal(kj_map_file(path, 10, &blob, &err), 0);
	assert_int_equal(blob.size, 10);
	assert_int_equal(blob.mapped, 10);
	assert_memory_equal(blob.data, "0123456789", 10);
	kj_blob_free(&blob);
	assert_null(blob.data);
	assert_int_equal(blob.mapped, 0);
	check_refusals(kj_map_file, dir, path);
	/* Not a regular file (st_size says nothing): read, not mapped. */
	assert_int_equal(kj_map_file("/proc/self/stat", 4096, &blob, &err), 0);
	assert_true(blob.size > 0);
	assert_int_equal(blob.mapped, 0);
	kj_blob_free(&blob);
	/* Empty: nothing to map; an empty buffer like kj_read_file's. */
	write_text_file(dir, "empty", "");
	snprintf(path, sizeof(path), "%s/empty", dir);
	assert_int_equal(kj_map_file(path, 10, &blob, &err), 0);
	assert_int_equal(blob.size, 0);
	assert_int_equal(blob.mapped, 0);
	kj_blob_free(&blob);
	remove_tree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(read_file_limits),
	};
	return cmocka_run_group_tests_name("file", tests, NULL, NULL);
}
