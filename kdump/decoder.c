// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#include "decoder.h"

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
	ssize_t n;

	if (d->io.in_avail || d->eof)
		return 0;
	do
		n = read(d->in_fd, d->in, IN_BUF);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return kj_fail_errno(err, errno, "cannot read %s", d->name);
	d->io.in = d->in;
	d->io.in_avail = (size_t)n;
	d->eof = n == 0;
	if (d->p)
		progress_add(d->p, (uint64_t)n);
	return 0;
}

/* Write what the last step put in OUT. */
static int emit(struct dec *d, struct kj_error *err)
{
	size_t len = OUT_BUF - d->io.out_avail, done = 0;

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
