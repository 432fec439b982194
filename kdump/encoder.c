// SPDX-License-Identifier: GPL-2.0-only
/*
 * Streaming compression for kdump save, through the codec layer, whose
 * encoders favour speed (a core is mostly written once, from a capture
 * kernel with little time and CPU).  "none" goes through it as a copy.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "encoder.h"
#include "kjump/io.h"

#define ENCODER_BUF (1U << 20)

static int flush_buf(struct encoder *e, struct kj_error *err)
{
	if (kj_write_all(e->fd, e->buf, e->fill, e->name, err) < 0)
		return -1;
	e->bytes_out += e->fill;
	e->fill = 0;
	return 0;
}

int encoder_open(struct encoder *e, enum kj_compression c, int fd, const char *name,
		 struct kj_error *err)
{
	memset(e, 0, sizeof(*e));
	e->fd = fd;
	e->name = name;
	e->buf = malloc(ENCODER_BUF);
	if (!e->buf)
		return kj_fail(err, "out of memory for the output buffer");
	/* No name: the compressor's messages stand on their own. */
	if (kj_codec_init(&e->codec, c, true, NULL, err) < 0) {
		free(e->buf);
		e->buf = NULL;
		return -1;
	}
	return 0;
}

/*
 * Feed LEN bytes (FINISH: and end the stream) through the codec, until
 * it has taken them all and, without FINISH, left room in the buffer:
 * then it holds nothing it could write yet.
 */
static int run_codec(struct encoder *e, const uint8_t *data, size_t len, bool finish,
		     struct kj_error *err)
{
	struct kj_codec_io io = { .in = data, .in_avail = len };

	for (;;) {
		enum kj_codec_status rc;

		io.out = e->buf + e->fill;
		io.out_avail = ENCODER_BUF - e->fill;
		rc = kj_codec_step(&e->codec, &io, finish, err);
		if (rc == KJ_CODEC_ERROR)
			return -1;
		e->fill = ENCODER_BUF - io.out_avail;
		if (e->fill == ENCODER_BUF && flush_buf(e, err) < 0)
			return -1;
		if (finish ? rc == KJ_CODEC_END : !io.in_avail && io.out_avail)
			return 0;
	}
}

int encoder_write(struct encoder *e, const void *data, size_t len, struct kj_error *err)
{
	e->bytes_in += len;
	return run_codec(e, data, len, false, err);
}

int encoder_finish(struct encoder *e, struct kj_error *err)
{
	if (run_codec(e, NULL, 0, true, err) < 0)
		return -1;
	return flush_buf(e, err);
}

void encoder_free(struct encoder *e)
{
	kj_codec_free(&e->codec);
	free(e->buf);
	e->buf = NULL;
}
