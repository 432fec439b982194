// SPDX-License-Identifier: GPL-2.0-only
/*
 * zstd through libzstd.  The decoder takes frames one after another
 * (RFC 8878 3: a stream is one or more frames), skippable ones included.
 */
#include <stdlib.h>
#include <zstd.h>

#include "codec_ops.h"

#define ZSTD_LEVEL 3

struct zd {
	ZSTD_DCtx *dc;
	bool ended;	/* the last frame seen is complete and flushed */
};

static enum kj_codec_status zstd_decode(struct kj_codec *codec, struct kj_codec_io *io,
					bool finish, struct kj_error *err)
{
	struct zd *z = codec->state;
	ZSTD_inBuffer in = { io->in, io->in_avail, 0 };
	ZSTD_outBuffer out = { io->out, io->out_avail, 0 };
	size_t rc;

	if (!(finish && z->ended && !io->in_avail)) {
		rc = ZSTD_decompressStream(z->dc, &out, &in);
		if (ZSTD_isError(rc))
			return codec_fail(codec, err, "corrupt zstd data (%s)",
					  ZSTD_getErrorName(rc));
		codec_advance(io, in.pos, out.pos);
		/* 0: a frame is done and flushed (zstd.h). */
		if (in.pos || out.pos)
			z->ended = rc == 0;
	}
	return finish && z->ended && !io->in_avail ? KJ_CODEC_END : KJ_CODEC_MORE;
}

static enum kj_codec_status zstd_encode(struct kj_codec *codec, struct kj_codec_io *io,
					bool finish, struct kj_error *err)
{
	ZSTD_inBuffer in = { io->in, io->in_avail, 0 };
	ZSTD_outBuffer out = { io->out, io->out_avail, 0 };
	size_t rc = ZSTD_compressStream2(codec->state, &out, &in,
					 finish ? ZSTD_e_end : ZSTD_e_continue);

	if (ZSTD_isError(rc))
		return codec_fail(codec, err, "zstd compression failed (%s)",
				  ZSTD_getErrorName(rc));
	codec_advance(io, in.pos, out.pos);
	/* With ZSTD_e_end, 0: the frame is complete and flushed (zstd.h). */
	return finish && rc == 0 ? KJ_CODEC_END : KJ_CODEC_MORE;
}

static int zstd_dec_init(struct kj_codec *codec)
{
	struct zd *z = calloc(1, sizeof(*z));

	if (!z || !(z->dc = ZSTD_createDCtx())) {
		free(z);
		return -1;
	}
	codec->state = z;
	return 0;
}

static int zstd_enc_init(struct kj_codec *codec)
{
	ZSTD_CCtx *cc = ZSTD_createCCtx();

	if (!cc)
		return -1;
	if (ZSTD_isError(ZSTD_CCtx_setParameter(cc, ZSTD_c_compressionLevel, ZSTD_LEVEL)) ||
	    ZSTD_isError(ZSTD_CCtx_setParameter(cc, ZSTD_c_checksumFlag, 1))) {
		ZSTD_freeCCtx(cc);
		return -1;
	}
	codec->state = cc;
	return 0;
}

static void zstd_free(struct kj_codec *codec)
{
	if (codec->encode) {
		ZSTD_freeCCtx(codec->state);
	} else {
		struct zd *z = codec->state;

		ZSTD_freeDCtx(z->dc);
		free(z);
	}
}

/* RFC 8878 3.1.1: the frame magic number, little-endian 0xFD2FB528. */
const struct kj_codec_ops kj_codec_zstd = {
	.id = KJ_COMPRESSION_ZSTD,
	.name = "zstd",
	.magic = "\x28\xb5\x2f\xfd",
	.magic_len = 4,
	.dec_init = zstd_dec_init,
	.enc_init = zstd_enc_init,
	.dec_step = zstd_decode,
	.enc_step = zstd_encode,
	.free = zstd_free,
};
