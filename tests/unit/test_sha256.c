// SPDX-License-Identifier: GPL-2.0-only
/*
 * SHA-256 against the FIPS 180-4 example vectors, and its two block
 * functions (portable C and SHA-NI) against each other on many inputs:
 * random lengths, random splits into update() calls, unaligned buffers.
 * The SHA-NI cases skip on a CPU without SHA-NI.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kjump/sha256.h"

/* A way to start a context; returns -1 if this CPU cannot run it. */
typedef int init_fn(struct sha256_ctx *ctx);

static int init_generic(struct sha256_ctx *ctx)
{
	sha256_init_generic(ctx);
	return 0;
}

static int init_best(struct sha256_ctx *ctx)
{
	sha256_init(ctx);
	return 0;
}

static init_fn *const generic = init_generic;
static init_fn *const shani = sha256_init_shani;
static init_fn *const best = init_best;

/* The init function of a test's state; skips the test if unusable. */
static init_fn *usable(void **state)
{
	init_fn *init = *(init_fn **)*state;
	struct sha256_ctx ctx;

	if (init(&ctx) < 0) {
		print_message("this CPU has no SHA-NI: skipped\n");
		skip();
	}
	return init;
}

static void hex(const uint8_t d[32], char out[65])
{
	for (int i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static void digest_with(init_fn *init, const void *data, size_t len, uint8_t d[32])
{
	struct sha256_ctx ctx;

	assert_int_equal(init(&ctx), 0);
	sha256_update(&ctx, data, len);
	sha256_final(&ctx, d);
}

static void check(init_fn *init, const void *data, size_t len, const char *expected)
{
	uint8_t d[32];
	char h[65];

	digest_with(init, data, len, d);
	hex(d, h);
	assert_string_equal(h, expected);
}

static void fips_vectors(void **state)
{
	init_fn *init = usable(state);
	const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

	check(init, "", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	check(init, "abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	check(init, m, strlen(m), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void million_a(void **state)
{
	init_fn *init = usable(state);
	struct sha256_ctx ctx;
	char block[1000];
	uint8_t d[32];
	char h[65];

	memset(block, 'a', sizeof(block));
	init(&ctx);
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
	init_fn *init = usable(state);
	char buf[64];

	memset(buf, 'x', sizeof(buf));
	check(init, buf, 55, "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072");
	check(init, buf, 56, "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e");
	check(init, buf, 64, "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c");
}

static uint32_t next_random(uint32_t *seed)
{
	/* xorshift32: reproducible, and enough to vary lengths and bytes. */
	*seed ^= *seed << 13;
	*seed ^= *seed >> 17;
	*seed ^= *seed << 5;
	return *seed;
}

/* DATA hashed with INIT in random pieces. */
static void digest_in_pieces(init_fn *init, const uint8_t *data, size_t len,
			     uint32_t *seed, uint8_t d[32])
{
	struct sha256_ctx ctx;
	size_t pos = 0;

	assert_int_equal(init(&ctx), 0);
	while (pos < len) {
		/* Mostly short pieces, now and then several blocks at once. */
		size_t step = next_random(seed) % (next_random(seed) % 8 ? 130 : 1000);

		if (step > len - pos)
			step = len - pos;
		sha256_update(&ctx, data + pos, step);
		pos += step;
	}
	sha256_final(&ctx, d);
}

#define CROSS_MAX_LEN 20000
#define CROSS_INPUTS 600

/*
 * Random lengths (every length up to 300, then random ones up to 20000)
 * at random offsets from an aligned buffer: the state's block function,
 * one-shot and in random pieces, against the portable one-shot digest.
 * For the generic state this checks the streaming code; for SHA-NI it
 * is the cross-check of the two block functions.
 */
static void agrees_with_generic(void **state)
{
	init_fn *init = usable(state);
	uint8_t *buf = malloc(CROSS_MAX_LEN + 16);
	uint32_t seed = 0x6b6a756d;	/* "kjum" */

	assert_non_null(buf);
	for (size_t i = 0; i < CROSS_MAX_LEN + 16; i++)
		buf[i] = (uint8_t)next_random(&seed);
	for (int n = 0; n < CROSS_INPUTS; n++) {
		size_t len = n <= 300 ? (size_t)n : next_random(&seed) % CROSS_MAX_LEN;
		const uint8_t *data = buf + next_random(&seed) % 16;
		uint8_t want[32], one[32], pieces[32];

		digest_with(generic, data, len, want);
		digest_with(init, data, len, one);
		digest_in_pieces(init, data, len, &seed, pieces);
		if (memcmp(want, one, 32) != 0 || memcmp(want, pieces, 32) != 0)
			fail_msg("input %d (%zu bytes at offset %td) hashes differently",
				 n, len, data - buf);
	}
	free(buf);
}

/* sha256_init() takes SHA-NI exactly when the CPU has it. */
static void init_chooses_shani_when_present(void **state)
{
	struct sha256_ctx ctx;

	(void)state;
	sha256_init(&ctx);
	assert_string_equal(sha256_impl_name(&ctx),
			    sha256_shani_supported() ? "sha-ni" : "generic");
	sha256_init_generic(&ctx);
	assert_string_equal(sha256_impl_name(&ctx), "generic");
	assert_int_equal(sha256_init_shani(&ctx), sha256_shani_supported() ? 0 : -1);
}

/* TEST once with each way to start a context, named TEST/generic etc. */
#define FOR_EACH_IMPL(test)						\
	{ #test "/generic", test, NULL, NULL, (void *)&generic },	\
	{ #test "/sha-ni", test, NULL, NULL, (void *)&shani },		\
	{ #test "/sha256_init", test, NULL, NULL, (void *)&best }

int main(void)
{
	const struct CMUnitTest tests[] = {
		FOR_EACH_IMPL(fips_vectors),
		FOR_EACH_IMPL(million_a),
		FOR_EACH_IMPL(padding_boundaries),
		FOR_EACH_IMPL(agrees_with_generic),
		cmocka_unit_test(init_chooses_shani_when_present),
	};

	printf("# sha256: this CPU %s SHA-NI\n",
	       sha256_shani_supported() ? "has" : "has no");
	return cmocka_run_group_tests_name("sha256", tests, NULL, NULL);
}
