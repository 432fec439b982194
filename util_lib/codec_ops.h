/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What one compression format provides to the codec layer
 * (include/kjump/codec.h).  A new format is one more table, listed in
 * util_lib/codec.c, and its value in enum kj_compression.
 */
#ifndef KJUMP_CODEC_OPS_H
#define KJUMP_CODEC_OPS_H

#include "kjump/codec.h"

struct kj_codec_ops {
	enum kj_compression id;
	const char *name;
	const char *magic;	/* what a stream starts with; NULL: none */
	size_t magic_len;
	/*
	 * Set codec->state; return -1 (ERR untouched) when the library
	 * cannot start.  NULL: the format cannot be decoded.
	 */
	int (*dec_init)(struct kj_codec *codec);
	int (*enc_init)(struct kj_codec *codec);
	/*
	 * Steps, as kj_codec_step(), which turns a decoder step that makes
	 * no progress at FINISH into KJ_CODEC_TRUNCATED.  Errors go through
	 * codec_fail().
	 */
	enum kj_codec_status (*dec_step)(struct kj_codec *codec, struct kj_codec_io *io,
					 bool finish, struct kj_error *err);
	enum kj_codec_status (*enc_step)(struct kj_codec *codec, struct kj_codec_io *io,
					 bool finish, struct kj_error *err);
	/* Release codec->state, which is not NULL. */
	void (*free)(struct kj_codec *codec);
};

extern const struct kj_codec_ops kj_codec_gzip, kj_codec_xz, kj_codec_zstd;

/* kj_fail() with the codec's "NAME: " in front: returns KJ_CODEC_ERROR. */
enum kj_codec_status codec_fail(const struct kj_codec *codec, struct kj_error *err,
				const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * Move IO past IN bytes consumed and OUT bytes produced.  A buffer may
 * be NULL when empty (C11 6.5.6p8: even NULL + 0 is undefined).
 */
static inline void codec_advance(struct kj_codec_io *io, size_t in, size_t out)
{
	if (in) {
		io->in += in;
		io->in_avail -= in;
	}
	if (out) {
		io->out += out;
		io->out_avail -= out;
	}
}

#endif
