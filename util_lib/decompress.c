// SPDX-License-Identifier: GPL-2.0-only
#include <lzma.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "kjump/bytes.h"
#include "kjump/decompress.h"

/* Output grows geometrically from a guess, up to LIMIT (+1 to detect overflow). */
static int out_reserve(struct kj_blob *out, size_t *cap, size_t limit,
		       const char *name, struct kj_error *err)
{
	size_t want = *cap ? *cap * 2 : 1 << 20;
	uint8_t *p;

	if (*cap > limit)
		return kj_fail(err, "%s: expands beyond %zu bytes", name, limit);
	if (want > limit + 1)
		want = limit + 1;
	p = realloc(out->data, want + 1);
	if (!p)
		return kj_fail(err, "%s: out of memory while decompressing", name);
	out->data = p;
	*cap = want;
	return 0;
}

static int gunzip(const struct kj_blob *in, size_t limit, struct kj_blob *out,
		  const char *name, struct kj_error *err)
{
	z_stream zs;
	size_t cap = 0;
	int rc;

	memset(&zs, 0, sizeof(zs));
	/* 16 + MAX_WBITS: expect a gzip wrapper (zlib manual, inflateInit2). */
	if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
		return kj_fail(err, "%s: cannot start gzip decoder", name);
	zs.next_in = in->data;
	zs.avail_in = in->size > UINT32_MAX ? UINT32_MAX : (uInt)in->size;
	do {
		if (out->size == cap && out_reserve(out, &cap, limit, name, err) < 0) {
			inflateEnd(&zs);
			return -1;
		}
		zs.next_out = out->data + out->size;
		zs.avail_out = (uInt)(cap - out->size);
		rc = inflate(&zs, Z_NO_FLUSH);
		out->size = cap - zs.avail_out;
		if (rc != Z_OK && rc != Z_STREAM_END && !(rc == Z_BUF_ERROR && zs.avail_in)) {
			inflateEnd(&zs);
			return kj_fail(err, "%s: corrupt gzip data (%s)", name,
				       zs.msg ? zs.msg : "truncated");
		}
		/* Zeros after the last member are padding; gzip -d skips them too. */
		if (rc == Z_STREAM_END && !kj_all_zero(zs.next_in, zs.avail_in)) {
			/* RFC 1952 2.2: a gzip file is a series of members, and
			 * gzip -d writes their data one after another. */
			if (zs.avail_in < 2 || zs.next_in[0] != 0x1f || zs.next_in[1] != 0x8b) {
				inflateEnd(&zs);
				return kj_fail(err, "%s: %u bytes of trailing data after the gzip data",
					       name, zs.avail_in);
			}
			if (inflateReset(&zs) != Z_OK) {
				inflateEnd(&zs);
				return kj_fail(err, "%s: cannot restart gzip decoder", name);
			}
			rc = Z_OK;
		}
	} while (rc != Z_STREAM_END);
	inflateEnd(&zs);
	return 0;
}

static int unxz(const struct kj_blob *in, size_t limit, struct kj_blob *out,
		const char *name, struct kj_error *err)
{
	lzma_stream xs = LZMA_STREAM_INIT;
	size_t cap = 0;
	lzma_ret rc;

	if (lzma_stream_decoder(&xs, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK)
		return kj_fail(err, "%s: cannot start xz decoder", name);
	xs.next_in = in->data;
	xs.avail_in = in->size;
	do {
		if (out->size == cap && out_reserve(out, &cap, limit, name, err) < 0) {
			lzma_end(&xs);
			return -1;
		}
		xs.next_out = out->data + out->size;
		xs.avail_out = cap - out->size;
		/* LZMA_FINISH: all input is there, so end of input is final. */
		rc = lzma_code(&xs, LZMA_FINISH);
		out->size = cap - xs.avail_out;
	} while (rc == LZMA_OK);
	lzma_end(&xs);
	if (rc != LZMA_STREAM_END)
		return kj_fail(err, "%s: corrupt or truncated xz data (liblzma error %d)",
			       name, (int)rc);
	return 0;
}

static int unzstd(const struct kj_blob *in, size_t limit, struct kj_blob *out,
		  const char *name, struct kj_error *err)
{
	ZSTD_DCtx *dctx = ZSTD_createDCtx();
	ZSTD_inBuffer ib = { in->data, in->size, 0 };
	size_t cap = 0, rc = 1;

	if (!dctx)
		return kj_fail(err, "%s: cannot start zstd decoder", name);
	while (ib.pos < ib.size || rc != 0) {
		ZSTD_outBuffer ob;

		if (out->size == cap && out_reserve(out, &cap, limit, name, err) < 0) {
			ZSTD_freeDCtx(dctx);
			return -1;
		}
		ob = (ZSTD_outBuffer){ out->data, cap, out->size };
		rc = ZSTD_decompressStream(dctx, &ob, &ib);
		out->size = ob.pos;
		if (ZSTD_isError(rc)) {
			ZSTD_freeDCtx(dctx);
			return kj_fail(err, "%s: corrupt zstd data (%s)", name,
				       ZSTD_getErrorName(rc));
		}
		/* No progress with input left or a frame unfinished: truncated. */
		if (ib.pos == ib.size && rc != 0 && ob.pos < ob.size) {
			ZSTD_freeDCtx(dctx);
			return kj_fail(err, "%s: truncated zstd data", name);
		}
	}
	ZSTD_freeDCtx(dctx);
	return 0;
}

int kj_decompress(enum kj_compression c, const struct kj_blob *in, size_t limit,
		  struct kj_blob *out, const char *name, struct kj_error *err)
{
	int rc;

	*out = (struct kj_blob){ 0 };
	switch (c) {
	case KJ_COMPRESSION_GZIP: rc = gunzip(in, limit, out, name, err); break;
	case KJ_COMPRESSION_XZ: rc = unxz(in, limit, out, name, err); break;
	case KJ_COMPRESSION_ZSTD: rc = unzstd(in, limit, out, name, err); break;
	default: return kj_fail(err, "%s: not compressed", name);
	}
	if (rc == 0 && out->size > limit)
		rc = kj_fail(err, "%s: expands beyond %zu bytes", name, limit);
	if (rc < 0) {
		kj_blob_free(out);
		return -1;
	}
	if (!out->data && !(out->data = malloc(1)))
		return kj_fail(err, "%s: out of memory", name);
	out->data[out->size] = '\0';
	return 0;
}

int kj_read_image(const char *path, size_t limit, struct kj_blob *out,
		  struct kj_error *err)
{
	struct kj_blob raw;
	enum kj_compression c;
	int rc;

	/* Mapped: an uncompressed image is used where it lies. */
	if (kj_map_file(path, limit, &raw, err) < 0)
		return -1;
	c = kj_detect_compression(raw.data, raw.size);
	if (c == KJ_COMPRESSION_NONE) {
		*out = raw;
		return 0;
	}
	rc = kj_decompress(c, &raw, limit, out, path, err);
	kj_blob_free(&raw);
	return rc;
}
