// SPDX-License-Identifier: GPL-2.0-only
/* util_lib/resume.c: the hibernation image's resume record and digest. */
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "kjump/resume.h"
#include "kjump/sha256.h"

/*
 * A hibernation image's digest reads the record's state and digest
 * fields as zero, however the image is cut into pieces while hashing.
 */
static void resume_digest_masks_its_fields(void **state)
{
	enum { LEN = 9000, DESC_AT = 4000 };
	static uint8_t image[LEN], masked[LEN];
	uint8_t want[SHA256_DIGEST_SIZE], got[SHA256_DIGEST_SIZE];
	struct resume_record rec = { .state = RESUME_READY, .entry = 0x7ff000,
				     .image_bytes = LEN, .release = "6.1.0-test" }, back;
	struct kj_error err = { 0 };

	(void)state;
	srand(7);
	for (size_t i = 0; i < LEN; i++)
		image[i] = (uint8_t)rand();
	resume_put_note(image + DESC_AT - resume_note_desc_offset(), &rec);
	assert_int_equal(resume_parse_desc(image + DESC_AT, RESUME_DESC_SIZE, &back, &err), 0);
	assert_int_equal(back.state, RESUME_READY);
	assert_int_equal(back.entry, 0x7ff000);
	assert_string_equal(back.release, "6.1.0-test");
	memcpy(masked, image, LEN);
	memset(masked + DESC_AT + RESUME_STATE_OFFSET, 0, 4);
	memset(masked + DESC_AT + RESUME_DIGEST_OFFSET, 0, SHA256_DIGEST_SIZE);
	sha256_digest(masked, LEN, want);
	for (int round = 0; round < 200; round++) {
		struct sha256_ctx ctx;
		size_t at = 0;

		sha256_init(&ctx);
		while (at < LEN) {
			size_t n = 1 + (size_t)rand() % (round < 100 ? 64 : 3000);

			if (n > LEN - at)
				n = LEN - at;
			resume_hash_update(&ctx, image + at, n, at, DESC_AT);
			at += n;
		}
		sha256_final(&ctx, got);
		assert_memory_equal(got, want, sizeof(want));
	}
	/* Another magic or version is refused. */
	image[DESC_AT] ^= 1;
	assert_int_equal(resume_parse_desc(image + DESC_AT, RESUME_DESC_SIZE, &back, &err), -1);
	assert_error_contains(&err, "not a kjump resume record");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(resume_digest_masks_its_fields),
	};
	return cmocka_run_group_tests_name("resume", tests, NULL, NULL);
}
