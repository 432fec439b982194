// SPDX-License-Identifier: GPL-2.0-only
/*
 * gzip through zlib.  windowBits 16 + MAX_WBITS asks inflateInit2() and
 * deflateInit2() for the gzip wrapper rather than zlib's (zlib manual).
 *
 * RFC 1952 2.2: a gzip file is a series of members, and gzip -d writes
 * their data one after another; it also skips zeros after the last
 * member, as padding.  So after each member the decoder looks at what
 * follows: nothing, zeros to the end, or the next member's magic.
 */
#include <stdlib.h>
#include <zlib.h>

#include "codec_ops.h"

#define GZIP_LEVEL 1
/* zlib counts in uInt: hand it at most this much at a time. */
#define CHUNK_MAX (1U << 30)

enum gz_at {
	GZ_MEMBER,	/* inside a member: inflate() has it */
	GZ_AFTER,	/* after a member, and after PAD zeros */
	GZ_MAGIC1,	/* after a member and the first byte of the magic */
};

struct gz {
	z_stream zs;
	enum gz_at at;
	uint64_t pad;
};

static uInt chunk(size_t n)
{
	return n > CHUNK_MAX ? CHUNK_MAX : (uInt)n;
}

static enum kj_codec_status trailing(struct kj_codec *codec, uint64_t n, struct kj_error *err)
{
	return codec_fail(codec, err, "%llu bytes of trailing data after the gzip data",
			  (unsigned long long)n);
}

static enum kj_codec_status gz_after(struct kj_codec *codec, struct kj_codec_io *io,
				     bool finish, struct kj_error *err)
{
	struct gz *g = codec->state;

	while (io->in_avail && io->in[0] == 0) {
		codec_advance(io, 1, 0);
		g->pad++;
	}
	if (!io->in_avail)
		return finish ? KJ_CODEC_END : KJ_CODEC_MORE;
	if (g->pad || io->in[0] != (uint8_t)kj_codec_gzip.magic[0])
		return trailing(codec, g->pad + io->in_avail, err);
	codec_advance(io, 1, 0);
	g->at = GZ_MAGIC1;
	return KJ_CODEC_MORE;
}

static enum kj_codec_status gz_member(struct kj_codec *codec, struct kj_codec_io *io,
				      bool finish, struct kj_error *err)
{
	struct gz *g = codec->state;
	uInt in = chunk(io->in_avail), out = chunk(io->out_avail);
	int rc;

	g->zs.next_in = (Bytef *)io->in;
	g->zs.avail_in = in;
	g->zs.next_out = io->out;
	g->zs.avail_out = out;
	rc = inflate(&g->zs, Z_NO_FLUSH);
	codec_advance(io, in - g->zs.avail_in, out - g->zs.avail_out);
	if (rc == Z_STREAM_END) {
		g->at = GZ_AFTER;
		g->pad = 0;
		return gz_after(codec, io, finish, err);
	}
	/* Z_BUF_ERROR: no progress possible now, which is not an error. */
	if (rc == Z_OK || rc == Z_BUF_ERROR)
		return KJ_CODEC_MORE;
	return codec_fail(codec, err, "corrupt gzip data (%s)",
			  g->zs.msg ? g->zs.msg : "inflate failed");
}

/* The next member's first magic byte is consumed: give it to inflate(). */
static enum kj_codec_status gz_magic1(struct kj_codec *codec, struct kj_codec_io *io,
				      bool finish, struct kj_error *err)
{
	struct gz *g = codec->state;
	uint8_t none;

	if (!io->in_avail)
		return finish ? trailing(codec, 1, err) : KJ_CODEC_MORE;
	if (io->in[0] != (uint8_t)kj_codec_gzip.magic[1])
		return trailing(codec, 1 + io->in_avail, err);
	if (inflateReset(&g->zs) != Z_OK)
		return codec_fail(codec, err, "cannot restart the gzip decoder");
	g->zs.next_in = (Bytef *)kj_codec_gzip.magic;
	g->zs.avail_in = 1;
	g->zs.next_out = &none;
	g->zs.avail_out = 0;
	if (inflate(&g->zs, Z_NO_FLUSH) != Z_OK || g->zs.avail_in)
		return codec_fail(codec, err, "cannot restart the gzip decoder");
	g->at = GZ_MEMBER;
	return gz_member(codec, io, finish, err);
}

static enum kj_codec_status gz_decode(struct kj_codec *codec, struct kj_codec_io *io,
				      bool finish, struct kj_error *err)
{
	struct gz *g = codec->state;

	switch (g->at) {
	case GZ_MEMBER: return gz_member(codec, io, finish, err);
	case GZ_AFTER: return gz_after(codec, io, finish, err);
	default: return gz_magic1(codec, io, finish, err);
	}
}

static enum kj_codec_status gz_encode(struct kj_codec *codec, struct kj_codec_io *io,
				      bool finish, struct kj_error *err)
{
	struct gz *g = codec->state;
	uInt in = chunk(io->in_avail), out = chunk(io->out_avail);
	/* Z_FINISH only once the last input fits in this call. */
	bool last = finish && in == io->in_avail;
	int rc;

	g->zs.next_in = (Bytef *)io->in;
	g->zs.avail_in = in;
	g->zs.next_out = io->out;
	g->zs.avail_out = out;
	rc = deflate(&g->zs, last ? Z_FINISH : Z_NO_FLUSH);
	if (rc == Z_STREAM_ERROR)
		return codec_fail(codec, err, "gzip compression failed");
	codec_advance(io, in - g->zs.avail_in, out - g->zs.avail_out);
	return rc == Z_STREAM_END ? KJ_CODEC_END : KJ_CODEC_MORE;
}

static int gz_init(struct kj_codec *codec)
{
	struct gz *g = calloc(1, sizeof(*g));
	int rc;

	if (!g)
		return -1;
	if (codec->encode)
		rc = deflateInit2(&g->zs, GZIP_LEVEL, Z_DEFLATED, 16 + MAX_WBITS, 8,
				  Z_DEFAULT_STRATEGY);
	else
		rc = inflateInit2(&g->zs, 16 + MAX_WBITS);
	if (rc != Z_OK) {
		free(g);
		return -1;
	}
	codec->state = g;
	return 0;
}

static void gz_free(struct kj_codec *codec)
{
	struct gz *g = codec->state;

	if (codec->encode)
		deflateEnd(&g->zs);
	else
		inflateEnd(&g->zs);
	free(g);
}

/* RFC 1952 2.3.1: ID1 ID2. */
const struct kj_codec_ops kj_codec_gzip = {
	.id = KJ_COMPRESSION_GZIP,
	.name = "gzip",
	.magic = "\x1f\x8b",
	.magic_len = 2,
	.dec_init = gz_init,
	.enc_init = gz_init,
	.dec_step = gz_decode,
	.enc_step = gz_encode,
	.free = gz_free,
};
