// SPDX-License-Identifier: GPL-2.0-only
/*
 * The codec layer: the list of formats, and the part of a step that is
 * the same for all of them.  The formats are in util_lib/codec_*.c.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "codec_ops.h"

/* "none" encodes by copying and has nothing to decode. */
static enum kj_codec_status copy_step(struct kj_codec *codec, struct kj_codec_io *io,
				      bool finish, struct kj_error *err)
{
	size_t n = io->in_avail < io->out_avail ? io->in_avail : io->out_avail;

	if (n)
		memcpy(io->out, io->in, n);
	codec_advance(io, n, n);
	return finish && !io->in_avail ? KJ_CODEC_END : KJ_CODEC_MORE;
}

static int copy_init(struct kj_codec *codec)
{
	return 0;
}

static const struct kj_codec_ops kj_codec_none = {
	.id = KJ_COMPRESSION_NONE,
	.name = "none",
	.enc_init = copy_init,
	.enc_step = copy_step,
};

static const struct kj_codec_ops *const formats[] = {
	&kj_codec_none, &kj_codec_gzip, &kj_codec_xz, &kj_codec_zstd,
};
#define NFORMATS (sizeof(formats) / sizeof(formats[0]))

static const struct kj_codec_ops *find(enum kj_compression c)
{
	for (size_t i = 0; i < NFORMATS; i++)
		if (formats[i]->id == c)
			return formats[i];
	return NULL;
}

enum kj_compression kj_detect_compression(const void *data, size_t size)
{
	for (size_t i = 0; i < NFORMATS; i++) {
		const struct kj_codec_ops *f = formats[i];

		if (f->magic && size >= f->magic_len && memcmp(data, f->magic, f->magic_len) == 0)
			return f->id;
	}
	return KJ_COMPRESSION_NONE;
}

const char *kj_compression_name(enum kj_compression c)
{
	const struct kj_codec_ops *f = find(c);

	return f ? f->name : kj_codec_none.name;
}

int kj_compression_parse(const char *s, enum kj_compression *c)
{
	for (size_t i = 0; i < NFORMATS; i++) {
		if (strcmp(s, formats[i]->name) == 0) {
			*c = formats[i]->id;
			return 0;
		}
	}
	return -1;
}

enum kj_codec_status codec_fail(const struct kj_codec *codec, struct kj_error *err,
				const char *fmt, ...)
{
	char msg[sizeof(err->msg)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (codec->name)
		kj_fail(err, "%s: %s", codec->name, msg);
	else
		kj_fail(err, "%s", msg);
	return KJ_CODEC_ERROR;
}

int kj_codec_init(struct kj_codec *codec, enum kj_compression c, bool encode,
		  const char *name, struct kj_error *err)
{
	const struct kj_codec_ops *f = find(c);
	int (*init)(struct kj_codec *);

	*codec = (struct kj_codec){ .name = name, .encode = encode };
	init = !f ? NULL : encode ? f->enc_init : f->dec_init;
	if (!init) {
		codec_fail(codec, err, "not compressed");
		return -1;
	}
	if (init(codec) < 0) {
		codec_fail(codec, err, "cannot start the %s %s", f->name,
			   encode ? "compressor" : "decoder");
		return -1;
	}
	codec->ops = f;
	return 0;
}

enum kj_codec_status kj_codec_step(struct kj_codec *codec, struct kj_codec_io *io,
				   bool finish, struct kj_error *err)
{
	size_t in = io->in_avail, out = io->out_avail;
	enum kj_codec_status rc;

	if (codec->encode)
		return codec->ops->enc_step(codec, io, finish, err);
	rc = codec->ops->dec_step(codec, io, finish, err);
	/*
	 * All the input given, room for output, and still no progress: the
	 * decoder is waiting for bytes that will never come.
	 */
	if (rc == KJ_CODEC_MORE && finish && out &&
	    io->in_avail == in && io->out_avail == out)
		return KJ_CODEC_TRUNCATED;
	return rc;
}

void kj_codec_free(struct kj_codec *codec)
{
	if (codec->ops && codec->state)
		codec->ops->free(codec);
	codec->ops = NULL;
	codec->state = NULL;
}
