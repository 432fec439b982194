// SPDX-License-Identifier: GPL-2.0-only
/* kexec/load/image.c: choosing an image type. */
#include <string.h>

#include "helpers.h"
#include "load/image.h"

static void type_selection(void **state)
{
	struct kj_blob blob = { .data = (uint8_t *)"hello", .size = 5 };
	struct kj_error err = { 0 };

	assert_ptr_equal(image_type_select(&blob, "raw", &err), &raw_image_type);
	assert_null(image_type_select(&blob, "nonsense", &err));
	assert_error_contains(&err, "unknown image type \"nonsense\" (known: bzImage, multiboot2-x86, elf-x86_64, multiboot-x86, elf-x86, uki, raw)");
	kj_error_clear(&err);
	assert_null(image_type_select(&blob, NULL, &err));
	assert_error_contains(&err, "not a kernel image kjump can load: bzImage: too short");
	assert_error_contains(&err, "elf-x86_64: not an ELF file");
	assert_error_contains(&err, "raw: raw images are loaded only with --type raw");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(type_selection),
	};
	return cmocka_run_group_tests_name("image", tests, NULL, NULL);
}
