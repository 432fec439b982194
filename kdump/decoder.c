// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <lzma.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "decoder.h"

#define IN_BUF (1U << 20)
#define OUT_BUF (4U << 20)

struct dec {
	enum kj_compression c;
	const char *name;
	int in_fd, out_fd;
	uint8_t *in, *out;
	size_t in_len, in_pos;	/* bytes in IN, and consumed */
	bool eof;
	uint64_t total;
	struct progress *p;
};

static int refill(struct dec *d, struct kj_error *err)
{
	ssize_t n;

	if (d->in_pos < d->in_len || d->eof)
		return 0;
	do
		n = read(d->in_fd, d->in, IN_BUF);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return kj_fail_errno(err, errno, "cannot read %s", d->name);
	d->in_len = (size_t)n;
	d->in_pos = 0;
	d->eof = n == 0;
	if (d->p)
		progress_add(d->p, (uint64_t)n);
	return 0;
}

static int emit(struct dec *d, size_t len, struct kj_error *err)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = write(d->out_fd, d->out + done, len - done);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return kj_fail_errno(err, errno, "cannot write the expanded %s", d->name);
		}
		done += (size_t)n;
	}
	d->total += len;
	return 0;
}

static int truncated(struct dec *d, struct kj_error *err)
{
	return kj_fail(err, "%s: truncated %s data", d->name, kj_compression_name(d->c));
}

static int run_gzip(struct dec *d, struct kj_error *err)
{
	z_stream zs;
	int rc = Z_OK;
	bool out_full = false;

	memset(&zs, 0, sizeof(zs));
	if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
		return kj_fail(err, "%s: cannot start the gzip decoder", d->name);
	for (;;) {
		if (refill(d, err) < 0)
			goto fail;
		if (rc == Z_STREAM_END) {
			/* Another gzip member may follow (gzip(1) concatenation). */
			if (d->eof)
				break;
			inflateReset(&zs);
		} else if (d->eof && !out_full) {
			truncated(d, err);
			goto fail;
		}
		zs.next_in = d->in + d->in_pos;
		zs.avail_in = (uInt)(d->in_len - d->in_pos);
		zs.next_out = d->out;
		zs.avail_out = OUT_BUF;
		rc = inflate(&zs, Z_NO_FLUSH);
		if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
			kj_fail(err, "%s: corrupt gzip data (%s)", d->name, zs.msg ? zs.msg : "inflate failed");
			goto fail;
		}
		out_full = zs.avail_out == 0;
		d->in_pos = d->in_len - zs.avail_in;
		if (emit(d, OUT_BUF - zs.avail_out, err) < 0)
			goto fail;
	}
	inflateEnd(&zs);
	return 0;
fail:
	inflateEnd(&zs);
	return -1;
}

static int run_xz(struct dec *d, struct kj_error *err)
{
	lzma_stream xs = LZMA_STREAM_INIT;
	lzma_ret rc = LZMA_OK;

	if (lzma_stream_decoder(&xs, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK)
		return kj_fail(err, "%s: cannot start the xz decoder", d->name);
	while (rc == LZMA_OK) {
		if (refill(d, err) < 0)
			goto fail;
		xs.next_in = d->in + d->in_pos;
		xs.avail_in = d->in_len - d->in_pos;
		xs.next_out = d->out;
		xs.avail_out = OUT_BUF;
		/* LZMA_FINISH once all input is in: the end must be the stream's. */
		rc = lzma_code(&xs, d->eof ? LZMA_FINISH : LZMA_RUN);
		d->in_pos = d->in_len - xs.avail_in;
		if (emit(d, OUT_BUF - xs.avail_out, err) < 0)
			goto fail;
		if (rc == LZMA_BUF_ERROR && d->eof) {
			truncated(d, err);
			goto fail;
		}
	}
	if (rc != LZMA_STREAM_END) {
		kj_fail(err, "%s: corrupt xz data (liblzma error %d)", d->name, (int)rc);
		goto fail;
	}
	lzma_end(&xs);
	return 0;
fail:
	lzma_end(&xs);
	return -1;
}

static int run_zstd(struct dec *d, struct kj_error *err)
{
	ZSTD_DCtx *dc = ZSTD_createDCtx();
	size_t rc = 1;
	bool out_full = false;

	if (!dc)
		return kj_fail(err, "%s: cannot start the zstd decoder", d->name);
	for (;;) {
		ZSTD_inBuffer in;
		ZSTD_outBuffer out = { d->out, OUT_BUF, 0 };

		if (refill(d, err) < 0)
			goto fail;
		/* All input consumed: done if the last frame ended and was flushed. */
		if (d->eof && !out_full) {
			if (rc == 0)
				break;
			truncated(d, err);
			goto fail;
		}
		in = (ZSTD_inBuffer){ d->in + d->in_pos, d->in_len - d->in_pos, 0 };
		rc = ZSTD_decompressStream(dc, &out, &in);
		if (ZSTD_isError(rc)) {
			kj_fail(err, "%s: corrupt zstd data (%s)", d->name, ZSTD_getErrorName(rc));
			goto fail;
		}
		out_full = out.pos == out.size;
		d->in_pos += in.pos;
		if (emit(d, out.pos, err) < 0)
			goto fail;
	}
	ZSTD_freeDCtx(dc);
	return 0;
fail:
	ZSTD_freeDCtx(dc);
	return -1;
}

int decode_fd(enum kj_compression c, int in_fd, int out_fd, const char *name,
	      struct progress *p, uint64_t *out_size, struct kj_error *err)
{
	struct dec d = { .c = c, .name = name, .in_fd = in_fd, .out_fd = out_fd, .p = p };
	int rc;

	d.in = malloc(IN_BUF);
	d.out = malloc(OUT_BUF);
	if (!d.in || !d.out) {
		free(d.in);
		free(d.out);
		return kj_fail(err, "out of memory for decompression buffers");
	}
	switch (c) {
	case KJ_COMPRESSION_GZIP: rc = run_gzip(&d, err); break;
	case KJ_COMPRESSION_XZ: rc = run_xz(&d, err); break;
	case KJ_COMPRESSION_ZSTD: rc = run_zstd(&d, err); break;
	default: rc = kj_fail(err, "%s: not compressed", name); break;
	}
	free(d.in);
	free(d.out);
	*out_size = d.total;
	return rc;
}
