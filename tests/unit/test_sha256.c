// SPDX-License-Identifier: GPL-2.0-only
/* SHA-256 against the FIPS 180-4 example vectors and against itself. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kjump/sha256.h"

static void hex(const uint8_t d[32], char out[65])
{
	for (int i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static void check(const void *data, size_t len, const char *expected)
{
	uint8_t d[32];
	char h[65];

	sha256_digest(data, len, d);
	hex(d, h);
	assert_string_equal(h, expected);
}

static void empty_message(void **state)
{
	check("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void abc(void **state)
{
	check("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void two_block_message(void **state)
{
	const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

	check(m, strlen(m), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void million_a(void **state)
{
	struct sha256_ctx ctx;
	char block[1000];
	uint8_t d[32];
	char h[65];

	memset(block, 'a', sizeof(block));
	sha256_init(&ctx);
	for (int i = 0; i < 1000; i++)
		sha256_update(&ctx, block, sizeof(block));
	sha256_final(&ctx, d);
	hex(d, h);
	assert_string_equal(h, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* Padding edge: 55, 56 and 64 bytes put the length in the same or the
 * next block.  Digests computed independently with sha256sum. */
static void padding_boundaries(void **state)
{
	char buf[64];

	memset(buf, 'x', sizeof(buf));
	check(buf, 55, "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072");
	check(buf, 56, "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e");
	check(buf, 64, "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c");
}

/* Any split of the input into update() calls gives the same digest. */
static void incremental_equals_one_shot(void **state)
{
	uint8_t data[3000], one[32], inc[32];
	unsigned int seed = 12345;

	for (size_t i = 0; i < sizeof(data); i++) {
		seed = seed * 1103515245 + 12345;
		data[i] = seed >> 16;
	}
	for (size_t len = 0; len <= sizeof(data); len += 97) {
		struct sha256_ctx ctx;
		size_t pos = 0;

		sha256_digest(data, len, one);
		sha256_init(&ctx);
		while (pos < len) {
			size_t step = 1 + (pos * 7 + len) % 130;

			if (step > len - pos)
				step = len - pos;
			sha256_update(&ctx, data + pos, step);
			pos += step;
		}
		sha256_final(&ctx, inc);
		assert_memory_equal(one, inc, 32);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(empty_message),
		cmocka_unit_test(abc),
		cmocka_unit_test(two_block_message),
		cmocka_unit_test(million_a),
		cmocka_unit_test(padding_boundaries),
		cmocka_unit_test(incremental_equals_one_shot),
	};
	return cmocka_run_group_tests_name("sha256", tests, NULL, NULL);
}
