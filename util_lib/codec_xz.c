// SPDX-License-Identifier: GPL-2.0-only
/*
 * xz through liblzma.  LZMA_CONCATENATED makes the decoder take several
 * streams one after another, and the stream padding between and after
 * them, as xz -d does (xz file format 2.2).
 */
#include <lzma.h>
#include <stdlib.h>

#include "codec_ops.h"

#define XZ_PRESET 1

static enum kj_codec_status xz_step(struct kj_codec *codec, struct kj_codec_io *io,
				    bool finish, struct kj_error *err)
{
	lzma_stream *xs = codec->state;
	lzma_ret rc;

	xs->next_in = io->in;
	xs->avail_in = io->in_avail;
	xs->next_out = io->out;
	xs->avail_out = io->out_avail;
	/* LZMA_FINISH: the input ends here, so the stream must end too. */
	rc = lzma_code(xs, finish ? LZMA_FINISH : LZMA_RUN);
	codec_advance(io, io->in_avail - xs->avail_in, io->out_avail - xs->avail_out);
	if (rc == LZMA_STREAM_END)
		return KJ_CODEC_END;
	/* LZMA_BUF_ERROR: no progress possible now, which is not an error. */
	if (rc == LZMA_OK || rc == LZMA_BUF_ERROR)
		return KJ_CODEC_MORE;
	if (codec->encode)
		return codec_fail(codec, err, "xz compression failed (liblzma error %d)", (int)rc);
	return codec_fail(codec, err, "corrupt xz data (liblzma error %d)", (int)rc);
}

static int xz_init(struct kj_codec *codec)
{
	lzma_stream *xs = malloc(sizeof(*xs));
	lzma_ret rc;

	if (!xs)
		return -1;
	*xs = (lzma_stream)LZMA_STREAM_INIT;
	if (codec->encode)
		rc = lzma_easy_encoder(xs, XZ_PRESET, LZMA_CHECK_CRC64);
	else
		rc = lzma_stream_decoder(xs, UINT64_MAX, LZMA_CONCATENATED);
	if (rc != LZMA_OK) {
		lzma_end(xs);
		free(xs);
		return -1;
	}
	codec->state = xs;
	return 0;
}

static void xz_free(struct kj_codec *codec)
{
	lzma_end(codec->state);
	free(codec->state);
}

/* xz file format 2.1.1.1: the header magic bytes. */
const struct kj_codec_ops kj_codec_xz = {
	.id = KJ_COMPRESSION_XZ,
	.name = "xz",
	.magic = "\xfd" "7zXZ\0",
	.magic_len = 6,
	.dec_init = xz_init,
	.enc_init = xz_init,
	.dec_step = xz_step,
	.enc_step = xz_step,
	.free = xz_free,
};
