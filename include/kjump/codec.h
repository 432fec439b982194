/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One streaming interface to the compressors kjump knows: gzip (zlib),
 * xz (liblzma) and zstd (libzstd), plus "none", which encodes by copying.
 *
 * A codec is driven by steps.  Each step takes what input it can from
 * IO and puts what output it can into IO, advancing both; the caller
 * loops, refilling input and draining output, until the step says the
 * stream is complete.  The whole-buffer expander (kjump/decompress.h),
 * kdump's fd-to-fd expander and its compressed writer are such loops.
 */
#ifndef KJUMP_CODEC_H
#define KJUMP_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kjump/error.h"

enum kj_compression {
	KJ_COMPRESSION_NONE,
	KJ_COMPRESSION_GZIP,
	KJ_COMPRESSION_XZ,
	KJ_COMPRESSION_ZSTD,
};

/* The format whose magic bytes DATA starts with, or NONE. */
enum kj_compression kj_detect_compression(const void *data, size_t size);
/* "none", "gzip", "xz" or "zstd". */
const char *kj_compression_name(enum kj_compression c);
/* The reverse of kj_compression_name(): -1 for a name it never returns. */
int kj_compression_parse(const char *s, enum kj_compression *c);

struct kj_codec_io {
	const uint8_t *in;
	size_t in_avail;
	uint8_t *out;
	size_t out_avail;
};

enum kj_codec_status {
	KJ_CODEC_ERROR = -1,	/* ERR says why, on one line */
	KJ_CODEC_MORE,		/* call again, with more input or output room */
	KJ_CODEC_END,		/* FINISH was given: the stream is complete */
	KJ_CODEC_TRUNCATED,	/* decoding, FINISH given: the data stops short;
				 * ERR is not set, the caller words it */
};

struct kj_codec_ops;

/* The fields are the codec layer's own. */
struct kj_codec {
	const struct kj_codec_ops *ops;
	void *state;
	const char *name;	/* "NAME: " before messages, unless NULL */
	bool encode;
};

/*
 * Start decoding (ENCODE false) or encoding format C.  Encoding uses
 * fast settings: gzip -1, xz -1, zstd -3 with a checksum.  Decoding
 * "none" is an error ("NAME: not compressed").  A codec that failed to
 * start, or was zeroed, can still be given to kj_codec_free().
 */
int kj_codec_init(struct kj_codec *codec, enum kj_compression c, bool encode,
		  const char *name, struct kj_error *err);

/*
 * One step.  FINISH means IO holds the last of the input: an encoder
 * then ends the stream, a decoder reports a stream that stops short.
 * Decoding accepts what the format's own tool does: several gzip
 * members, xz streams or zstd frames one after another, and zeros after
 * the last gzip member.  Anything else after the data is an error.
 */
enum kj_codec_status kj_codec_step(struct kj_codec *codec, struct kj_codec_io *io,
				   bool finish, struct kj_error *err);

void kj_codec_free(struct kj_codec *codec);

#endif
