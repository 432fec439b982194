// SPDX-License-Identifier: GPL-2.0-only
/*
 * The codec layer (include/kjump/codec.h): every format encoded and
 * decoded step by step, with input and output handed over in pieces
 * from one byte up, so that each step function meets every boundary;
 * cut, corrupted and concatenated streams; the format table.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "helpers.h"
#include "kjump/codec.h"
#include "kjump/file.h"

static const enum kj_compression formats[] = {
	KJ_COMPRESSION_GZIP, KJ_COMPRESSION_XZ, KJ_COMPRESSION_ZSTD,
};
#define NFORMATS (sizeof(formats) / sizeof(formats[0]))

/* Input and output piece sizes: (1, 1) makes every step as small as it gets. */
static const struct { size_t in, out; } pieces[] = {
	{ 1, 1 }, { 1, 65536 }, { 65536, 1 }, { 3, 7 }, { 4096, 512 }, { 1 << 20, 1 << 20 },
};
#define NPIECES (sizeof(pieces) / sizeof(pieces[0]))

static void append(struct kj_blob *b, const uint8_t *p, size_t n)
{
	b->data = realloc(b->data, b->size + n + 1);
	assert_non_null(b->data);
	if (n)
		memcpy(b->data + b->size, p, n);
	b->size += n;
}

/*
 * Run CODEC over the N bytes at IN, given IN_PIECE bytes at a time (the
 * next piece once it took the last) with OUT_PIECE bytes of room per
 * step, FINISH from the last piece on; OUT collects the output.
 */
static enum kj_codec_status drive(struct kj_codec *codec, const uint8_t *in, size_t n,
				  size_t in_piece, size_t out_piece, struct kj_blob *out,
				  struct kj_error *err)
{
	struct kj_codec_io io = { .in = in };
	uint8_t *room = malloc(out_piece);
	size_t given = 0, steps = 0;
	enum kj_codec_status rc;

	assert_non_null(room);
	*out = (struct kj_blob){ 0 };
	do {
		if (!io.in_avail && given < n) {
			io.in = in + given;
			io.in_avail = n - given < in_piece ? n - given : in_piece;
			given += io.in_avail;
		}
		io.out = room;
		io.out_avail = out_piece;
		rc = kj_codec_step(codec, &io, given == n, err);
		assert_true(io.out_avail <= out_piece);
		append(out, room, out_piece - io.out_avail);
		/* Every step but the last few moves something. */
		assert_true(++steps < 4 * (n + out->size) + 64);
	} while (rc == KJ_CODEC_MORE);
	free(room);
	return rc;
}

static enum kj_codec_status run(enum kj_compression c, bool encode, const struct kj_blob *in,
				size_t in_piece, size_t out_piece, struct kj_blob *out,
				struct kj_error *err)
{
	struct kj_codec codec;
	enum kj_codec_status rc;

	assert_int_equal(kj_codec_init(&codec, c, encode, "t", err), 0);
	rc = drive(&codec, in->data, in->size, in_piece, out_piece, out, err);
	kj_codec_free(&codec);
	return rc;
}

/* Half compressible text, half noise. */
static void sample(struct kj_blob *b, size_t n)
{
	uint32_t x = 12345;

	b->data = malloc(n + 1);
	b->size = n;
	assert_non_null(b->data);
	for (size_t i = 0; i < n; i++) {
		x = x * 1103515245 + 12345;
		b->data[i] = (i / 1024) % 2 ? (uint8_t)(x >> 16) : (uint8_t)("kjump "[i % 6]);
	}
}

static void encode(enum kj_compression c, const struct kj_blob *plain, struct kj_blob *packed)
{
	struct kj_error err = { 0 };

	assert_int_equal(run(c, true, plain, 1 << 20, 1 << 20, packed, &err), KJ_CODEC_END);
	assert_int_equal(kj_detect_compression(packed->data, packed->size), c);
}

static void expect_decoded(enum kj_compression c, const struct kj_blob *packed,
			   size_t in_piece, size_t out_piece, const struct kj_blob *want)
{
	struct kj_error err = { 0 };
	struct kj_blob got;

	assert_int_equal(run(c, false, packed, in_piece, out_piece, &got, &err), KJ_CODEC_END);
	assert_false(err.set);
	assert_int_equal(got.size, want->size);
	assert_memory_equal(got.data, want->data, want->size);
	free(got.data);
}

/* Every format encoded in every piece size, each result decoded in every piece size. */
static void round_trips_in_every_piece_size(void **state)
{
	struct kj_blob plain, packed;

	sample(&plain, 20000);
	for (size_t f = 0; f < NFORMATS; f++) {
		enum kj_compression c = formats[f];

		for (size_t e = 0; e < NPIECES; e++) {
			struct kj_error err = { 0 };

			assert_int_equal(run(c, true, &plain, pieces[e].in, pieces[e].out,
					     &packed, &err), KJ_CODEC_END);
			assert_int_equal(kj_detect_compression(packed.data, packed.size), c);
			for (size_t d = 0; d < NPIECES; d++)
				expect_decoded(c, &packed, pieces[d].in, pieces[d].out, &plain);
			free(packed.data);
		}
	}
	free(plain.data);
}

static void empty_input_round_trips(void **state)
{
	struct kj_blob none = { 0 }, packed;

	for (size_t f = 0; f < NFORMATS; f++) {
		encode(formats[f], &none, &packed);
		expect_decoded(formats[f], &packed, 1, 1, &none);
		free(packed.data);
	}
}

/* Steps with nothing to do, before the stream ends, are not errors. */
static void idle_steps(void **state)
{
	static const enum kj_compression all[] = {
		KJ_COMPRESSION_NONE, KJ_COMPRESSION_GZIP, KJ_COMPRESSION_XZ, KJ_COMPRESSION_ZSTD,
	};
	uint8_t room[256];

	for (size_t f = 0; f < sizeof(all) / sizeof(all[0]); f++) {
		struct kj_error err = { 0 };
		struct kj_codec codec;
		struct kj_codec_io io = { .out = room, .out_avail = sizeof(room) };

		assert_int_equal(kj_codec_init(&codec, all[f], true, "t", &err), 0);
		for (int i = 0; i < 4; i++)
			assert_int_equal(kj_codec_step(&codec, &io, false, &err), KJ_CODEC_MORE);
		assert_int_equal(kj_codec_step(&codec, &io, true, &err), KJ_CODEC_END);
		assert_false(err.set);
		kj_codec_free(&codec);
	}
}

/* Every proper prefix of a stream, the empty one included, is cut short. */
static void cut_streams_are_truncated(void **state)
{
	struct kj_blob plain, packed;

	sample(&plain, 3000);
	for (size_t f = 0; f < NFORMATS; f++) {
		encode(formats[f], &plain, &packed);
		for (size_t len = 0; len < packed.size; len++) {
			struct kj_blob cut = { .data = packed.data, .size = len }, out;
			struct kj_error err = { 0 };
			size_t in = len % 2 ? 1 : 1 << 20, room = len % 3 ? 1 << 20 : 1;

			assert_int_equal(run(formats[f], false, &cut, in, room, &out, &err),
					 KJ_CODEC_TRUNCATED);
			assert_false(err.set);
			assert_true(out.size <= plain.size);
			free(out.data);
		}
		free(packed.data);
	}
	free(plain.data);
}

static void expect_decode_error(enum kj_compression c, const struct kj_blob *packed,
				size_t piece, const char *needle)
{
	struct kj_error err = { 0 };
	struct kj_blob out;

	assert_int_equal(run(c, false, packed, piece, piece, &out, &err), KJ_CODEC_ERROR);
	assert_error_contains(&err, needle);
	assert_memory_equal(err.msg, "t: ", 3);
	free(out.data);
}

/* A flipped bit in the stream's last bytes (its check, or its footer). */
static void corrupt_streams_are_errors(void **state)
{
	static const char *const corrupt[] = {
		"t: corrupt gzip data (", "t: corrupt xz data (", "t: corrupt zstd data (",
	};
	struct kj_blob plain, packed;

	sample(&plain, 5000);
	for (size_t f = 0; f < NFORMATS; f++) {
		encode(formats[f], &plain, &packed);
		packed.data[packed.size - 3] ^= 0x10;
		expect_decode_error(formats[f], &packed, 1, corrupt[f]);
		expect_decode_error(formats[f], &packed, 1 << 20, corrupt[f]);
		free(packed.data);
	}
	free(plain.data);
}

/* PACKED twice, then TAIL. */
static void twice(const struct kj_blob *packed, const void *tail, size_t n, struct kj_blob *two)
{
	*two = (struct kj_blob){ 0 };
	append(two, packed->data, packed->size);
	append(two, packed->data, packed->size);
	append(two, tail, n);
}

/* What each format's own tool accepts: streams back to back; nothing else after them. */
static void concatenated_streams(void **state)
{
	/* Junk long enough for xz to see it is no stream header (12 bytes). */
	static const uint8_t zeros[5], junk[] = { 'n', 'o', 't', ' ', 'a', ' ', 's', 't',
						  'r', 'e', 'a', 'm', ' ', 'h', 'd', 'r' };
	static const char *const after_junk[] = {
		"t: 16 bytes of trailing data after the gzip data",
		"t: corrupt xz data (liblzma error ", "t: corrupt zstd data (",
	};
	struct kj_blob plain, packed, two, want;

	sample(&plain, 4000);
	twice(&plain, NULL, 0, &want);
	for (size_t f = 0; f < NFORMATS; f++) {
		encode(formats[f], &plain, &packed);
		twice(&packed, NULL, 0, &two);
		for (size_t p = 0; p < NPIECES; p++)
			expect_decoded(formats[f], &two, pieces[p].in, pieces[p].out, &want);
		free(two.data);
		twice(&packed, junk, sizeof(junk), &two);
		expect_decode_error(formats[f], &two, 1 << 20, after_junk[f]);
		expect_decode_error(formats[f], &two, 1, f ? after_junk[f] :
				    "bytes of trailing data after the gzip data");
		free(two.data);
		if (formats[f] == KJ_COMPRESSION_GZIP) {
			/* gzip -d: zeros after the last member are padding. */
			twice(&packed, zeros, 5, &two);
			for (size_t p = 0; p < NPIECES; p++)
				expect_decoded(formats[f], &two, pieces[p].in, pieces[p].out,
					       &want);
			append(&two, junk, sizeof(junk));
			expect_decode_error(formats[f], &two, 1 << 20,
					    "t: 21 bytes of trailing data after the gzip data");
			expect_decode_error(formats[f], &two, 1, "bytes of trailing data");
			/* Nor is a member after the padding. */
			two.size = 2 * packed.size + 5;
			append(&two, packed.data, packed.size);
			expect_decode_error(formats[f], &two, 1, "bytes of trailing data");
			/* A lone first magic byte is not a member either. */
			two.size = 2 * packed.size;
			append(&two, (const uint8_t *)"\x1f", 1);
			expect_decode_error(formats[f], &two, 1 << 20,
					    "t: 1 bytes of trailing data after the gzip data");
			free(two.data);
		}
		free(packed.data);
	}
	free(want.data);
	free(plain.data);
}

/* "none" encodes as a copy and does not decode. */
static void none_copies(void **state)
{
	struct kj_blob plain, out;
	struct kj_error err = { 0 };
	struct kj_codec codec;

	sample(&plain, 3000);
	assert_int_equal(run(KJ_COMPRESSION_NONE, true, &plain, 7, 3, &out, &err), KJ_CODEC_END);
	assert_int_equal(out.size, plain.size);
	assert_memory_equal(out.data, plain.data, plain.size);
	free(out.data);
	free(plain.data);
	assert_int_equal(kj_codec_init(&codec, KJ_COMPRESSION_NONE, false, "t", &err), -1);
	assert_string_equal(err.msg, "t: not compressed");
	kj_codec_free(&codec);
}

static void format_table(void **state)
{
	static const char *const names[] = { "none", "gzip", "xz", "zstd" };
	enum kj_compression c;

	for (int i = 0; i < 4; i++) {
		assert_string_equal(kj_compression_name((enum kj_compression)i), names[i]);
		assert_int_equal(kj_compression_parse(names[i], &c), 0);
		assert_int_equal(c, i);
	}
	assert_int_equal(kj_compression_parse("lz4", &c), -1);
	assert_int_equal(kj_compression_parse("", &c), -1);
	assert_string_equal(kj_compression_name((enum kj_compression)99), "none");
	assert_int_equal(kj_detect_compression("\x1f\x8b", 2), KJ_COMPRESSION_GZIP);
	assert_int_equal(kj_detect_compression("\x1f", 1), KJ_COMPRESSION_NONE);
	assert_int_equal(kj_detect_compression("\xfd" "7zXZ\0", 6), KJ_COMPRESSION_XZ);
	assert_int_equal(kj_detect_compression("\xfd" "7zXZ", 5), KJ_COMPRESSION_NONE);
	assert_int_equal(kj_detect_compression("\x28\xb5\x2f\xfd", 4), KJ_COMPRESSION_ZSTD);
	assert_int_equal(kj_detect_compression("", 0), KJ_COMPRESSION_NONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trips_in_every_piece_size),
		cmocka_unit_test(empty_input_round_trips),
		cmocka_unit_test(idle_steps),
		cmocka_unit_test(cut_streams_are_truncated),
		cmocka_unit_test(corrupt_streams_are_errors),
		cmocka_unit_test(concatenated_streams),
		cmocka_unit_test(none_copies),
		cmocka_unit_test(format_table),
	};

	return cmocka_run_group_tests_name("codec", tests, NULL, NULL);
}
