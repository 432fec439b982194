// SPDX-License-Identifier: GPL-2.0-only
/*
 * Streaming compression for kdump save.  Levels favour speed (a core
 * is mostly written once, from a capture kernel with little time and
 * CPU): gzip -1, xz -1, zstd -3 (its default).
 */
#include <errno.h>
#include <lzma.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "encoder.h"

#define ENCODER_BUF (1U << 20)
#define GZIP_LEVEL 1
#define XZ_PRESET 1
#define ZSTD_LEVEL 3

int encoder_parse_name(const char *s, enum kj_compression *c)
{
	static const struct { const char *name; enum kj_compression c; } names[] = {
		{ "none", KJ_COMPRESSION_NONE }, { "gzip", KJ_COMPRESSION_GZIP },
		{ "xz", KJ_COMPRESSION_XZ }, { "zstd", KJ_COMPRESSION_ZSTD },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(s, names[i].name) == 0) {
			*c = names[i].c;
			return 0;
		}
	}
	return -1;
}

static int flush_buf(struct encoder *e, struct kj_error *err)
{
	size_t done = 0;

	while (done < e->fill) {
		ssize_t n = write(e->fd, e->buf + done, e->fill - done);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return kj_fail_errno(err, errno, "cannot write %s", e->name);
		}
		done += (size_t)n;
	}
	e->bytes_out += e->fill;
	e->fill = 0;
	return 0;
}

int encoder_open(struct encoder *e, enum kj_compression c, int fd, const char *name,
		 struct kj_error *err)
{
	memset(e, 0, sizeof(*e));
	e->c = c;
	e->fd = fd;
	e->name = name;
	e->buf = malloc(ENCODER_BUF);
	if (!e->buf)
		return kj_fail(err, "out of memory for the output buffer");
	switch (c) {
	case KJ_COMPRESSION_GZIP: {
		z_stream *zs = calloc(1, sizeof(*zs));

		/* windowBits 16 + 15: a gzip wrapper (zlib manual, deflateInit2). */
		if (!zs || deflateInit2(zs, GZIP_LEVEL, Z_DEFLATED, 16 + MAX_WBITS, 8,
					Z_DEFAULT_STRATEGY) != Z_OK) {
			free(zs);
			goto fail;
		}
		e->state = zs;
		break;
	}
	case KJ_COMPRESSION_XZ: {
		lzma_stream *xs = calloc(1, sizeof(*xs));

		if (!xs)
			goto fail;
		*xs = (lzma_stream)LZMA_STREAM_INIT;
		if (lzma_easy_encoder(xs, XZ_PRESET, LZMA_CHECK_CRC64) != LZMA_OK) {
			free(xs);
			goto fail;
		}
		e->state = xs;
		break;
	}
	case KJ_COMPRESSION_ZSTD: {
		ZSTD_CCtx *zc = ZSTD_createCCtx();

		if (!zc)
			goto fail;
		if (ZSTD_isError(ZSTD_CCtx_setParameter(zc, ZSTD_c_compressionLevel, ZSTD_LEVEL)) ||
		    ZSTD_isError(ZSTD_CCtx_setParameter(zc, ZSTD_c_checksumFlag, 1))) {
			ZSTD_freeCCtx(zc);
			goto fail;
		}
		e->state = zc;
		break;
	}
	default:
		break;
	}
	return 0;
fail:
	free(e->buf);
	e->buf = NULL;
	return kj_fail(err, "cannot start the %s compressor", kj_compression_name(c));
}

/* Feed LEN bytes (FINISH: and end the stream) through the compressor. */
static int run_codec(struct encoder *e, const uint8_t *data, size_t len, bool finish,
		    struct kj_error *err)
{
	for (;;) {
		size_t room = ENCODER_BUF - e->fill, used_in = 0, made = 0;
		bool done;

		if (e->c == KJ_COMPRESSION_GZIP) {
			z_stream *zs = e->state;
			uInt chunk = len > (1U << 30) ? 1U << 30 : (uInt)len;
			int rc;

			zs->next_in = (Bytef *)data;
			zs->avail_in = chunk;
			zs->next_out = e->buf + e->fill;
			zs->avail_out = (uInt)room;
			rc = deflate(zs, finish ? Z_FINISH : Z_NO_FLUSH);
			if (rc == Z_STREAM_ERROR)
				return kj_fail(err, "gzip compression failed");
			used_in = chunk - zs->avail_in;
			made = room - zs->avail_out;
			done = finish ? rc == Z_STREAM_END : (used_in == len && zs->avail_out);
		} else if (e->c == KJ_COMPRESSION_XZ) {
			lzma_stream *xs = e->state;
			lzma_ret rc;

			xs->next_in = data;
			xs->avail_in = len;
			xs->next_out = e->buf + e->fill;
			xs->avail_out = room;
			rc = lzma_code(xs, finish ? LZMA_FINISH : LZMA_RUN);
			if (rc != LZMA_OK && rc != LZMA_STREAM_END)
				return kj_fail(err, "xz compression failed (liblzma error %d)", (int)rc);
			used_in = len - xs->avail_in;
			made = room - xs->avail_out;
			done = finish ? rc == LZMA_STREAM_END : (used_in == len && xs->avail_out);
		} else {
			ZSTD_inBuffer in = { data, len, 0 };
			ZSTD_outBuffer out = { e->buf + e->fill, room, 0 };
			size_t rc = ZSTD_compressStream2(e->state, &out, &in,
							 finish ? ZSTD_e_end : ZSTD_e_continue);

			if (ZSTD_isError(rc))
				return kj_fail(err, "zstd compression failed (%s)", ZSTD_getErrorName(rc));
			used_in = in.pos;
			made = out.pos;
			done = finish ? rc == 0 : (used_in == len && out.pos < out.size);
		}
		data += used_in;
		len -= used_in;
		e->fill += made;
		if (e->fill == ENCODER_BUF && flush_buf(e, err) < 0)
			return -1;
		if (done && !len)
			return 0;
	}
}

int encoder_write(struct encoder *e, const void *data, size_t len, struct kj_error *err)
{
	const uint8_t *p = data;

	e->bytes_in += len;
	if (e->c != KJ_COMPRESSION_NONE)
		return run_codec(e, p, len, false, err);
	while (len) {
		size_t n = ENCODER_BUF - e->fill;

		if (n > len)
			n = len;
		memcpy(e->buf + e->fill, p, n);
		e->fill += n;
		p += n;
		len -= n;
		if (e->fill == ENCODER_BUF && flush_buf(e, err) < 0)
			return -1;
	}
	return 0;
}

int encoder_finish(struct encoder *e, struct kj_error *err)
{
	if (e->c != KJ_COMPRESSION_NONE && run_codec(e, NULL, 0, true, err) < 0)
		return -1;
	return flush_buf(e, err);
}

void encoder_free(struct encoder *e)
{
	if (e->state) {
		switch (e->c) {
		case KJ_COMPRESSION_GZIP:
			deflateEnd(e->state);
			free(e->state);
			break;
		case KJ_COMPRESSION_XZ:
			lzma_end(e->state);
			free(e->state);
			break;
		case KJ_COMPRESSION_ZSTD:
			ZSTD_freeCCtx(e->state);
			break;
		default:
			break;
		}
	}
	e->state = NULL;
	free(e->buf);
	e->buf = NULL;
}
