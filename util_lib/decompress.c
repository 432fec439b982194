// SPDX-License-Identifier: GPL-2.0-only
#include <stdlib.h>

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

/* All of IN is there, so every step is told so: KJ_CODEC_END is success. */
static enum kj_codec_status expand(struct kj_codec *codec, const struct kj_blob *in,
				   size_t limit, struct kj_blob *out, const char *name,
				   struct kj_error *err)
{
	struct kj_codec_io io = { .in = in->data, .in_avail = in->size };
	size_t cap = 0;
	enum kj_codec_status rc;

	do {
		if (out->size == cap && out_reserve(out, &cap, limit, name, err) < 0)
			return KJ_CODEC_ERROR;
		io.out = out->data + out->size;
		io.out_avail = cap - out->size;
		rc = kj_codec_step(codec, &io, true, err);
		out->size = cap - io.out_avail;
	} while (rc == KJ_CODEC_MORE);
	return rc;
}

int kj_decompress(enum kj_compression c, const struct kj_blob *in, size_t limit,
		  struct kj_blob *out, const char *name, struct kj_error *err)
{
	struct kj_codec codec;
	enum kj_codec_status rc;

	*out = (struct kj_blob){ 0 };
	if (kj_codec_init(&codec, c, false, name, err) < 0)
		return -1;
	rc = expand(&codec, in, limit, out, name, err);
	kj_codec_free(&codec);
	if (rc == KJ_CODEC_TRUNCATED)
		kj_fail(err, "%s: corrupt %s data (truncated)", name, kj_compression_name(c));
	else if (rc == KJ_CODEC_END && out->size > limit)
		rc = kj_fail(err, "%s: expands beyond %zu bytes", name, limit);
	if (rc != KJ_CODEC_END) {
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
