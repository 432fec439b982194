// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "decoder.h"
#include "kjump/io.h"

#define IN_BUF (1U << 20)
#define OUT_BUF (4U << 20)

struct dec {
	const char *name;
	int in_fd, out_fd;
	uint8_t *in, *out;
	struct kj_codec_io io;
	bool eof;
	uint64_t total;
	struct progress *p;
};

/* Read more once the decoder has taken everything read so far. */
static int refill(struct dec *d, struct kj_error *err)
{
	size_t n;

	if (d->io.in_avail || d->eof)
		return 0;
	if (kj_read_upto(d->in_fd, d->in, IN_BUF, &n, d->name, err) < 0)
		return -1;
	d->io.in = d->in;
	d->io.in_avail = n;
	d->eof = n == 0;
	if (d->p)
		progress_add(d->p, (uint64_t)n);
	return 0;
}

/* Write what the last step put in OUT. */
static int emit(struct dec *d, struct kj_error *err)
{
	size_t len = OUT_BUF - d->io.out_avail;
	char what[300];

	snprintf(what, sizeof(what), "the expanded %s", d->name);
	if (kj_write_all(d->out_fd, d->out, len, what, err) < 0)
		return -1;
	d->total += len;
	return 0;
}

static int run(struct dec *d, struct kj_codec *codec, enum kj_compression c,
	       struct kj_error *err)
{
	enum kj_codec_status rc;

	do {
		if (refill(d, err) < 0)
			return -1;
		d->io.out = d->out;
		d->io.out_avail = OUT_BUF;
		rc = kj_codec_step(codec, &d->io, d->eof, err);
		if (emit(d, err) < 0)
			return -1;
	} while (rc == KJ_CODEC_MORE);
	if (rc == KJ_CODEC_TRUNCATED)
		return kj_fail(err, "%s: truncated %s data", d->name, kj_compression_name(c));
	return rc == KJ_CODEC_END ? 0 : -1;
}

int decode_fd(enum kj_compression c, int in_fd, int out_fd, const char *name,
	      struct progress *p, uint64_t *out_size, struct kj_error *err)
{
	struct dec d = { .name = name, .in_fd = in_fd, .out_fd = out_fd, .p = p };
	struct kj_codec codec;
	int rc = -1;

	d.in = malloc(IN_BUF);
	d.out = malloc(OUT_BUF);
	if (!d.in || !d.out)
		kj_fail(err, "out of memory for decompression buffers");
	else if (kj_codec_init(&codec, c, false, name, err) == 0) {
		rc = run(&d, &codec, c, err);
		kj_codec_free(&codec);
	}
	free(d.in);
	free(d.out);
	*out_size = d.total;
	return rc;
}
