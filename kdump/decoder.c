// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
	/* The guard's limit, and the head it has not yet seen. */
	struct decode_guard guard;
	uint8_t *head;
	size_t head_len;
	bool head_seen;
};

/* Show the guard the first expanded bytes once there are enough (or all). */
static int check_head(struct dec *d, const uint8_t *data, size_t len, bool end,
		      struct kj_error *err)
{
	size_t take = DECODE_HEAD_BYTES - d->head_len;

	if (d->head_seen || !d->guard.head)
		return 0;
	if (take > len)
		take = len;
	if (take)
		memcpy(d->head + d->head_len, data, take);
	d->head_len += take;
	if (d->head_len < DECODE_HEAD_BYTES && !end)
		return 0;
	d->head_seen = true;
	return d->guard.head(d->guard.ctx, d->head, d->head_len, &d->guard.limit, &d->guard.why,
			     err);
}

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

	if (check_head(d, d->out, len, d->eof && d->io.in_avail == 0, err) < 0)
		return -1;
	if (len > d->guard.limit - d->total)
		return kj_fail(err, "%s expands beyond %llu bytes (%s)", d->name,
			       (unsigned long long)d->guard.limit, d->guard.why);
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
	if (rc != KJ_CODEC_END)
		return -1;
	/* A whole shorter than the head: show the guard all of it. */
	return check_head(d, NULL, 0, true, err);
}

int decode_fd(enum kj_compression c, int in_fd, int out_fd, const char *name,
	      struct progress *p, const struct decode_guard *guard, uint64_t *out_size,
	      struct kj_error *err)
{
	struct dec d = { .name = name, .in_fd = in_fd, .out_fd = out_fd, .p = p,
			 .guard = { .limit = UINT64_MAX, .why = "no limit" } };
	struct kj_codec codec;
	int rc = -1;

	if (guard)
		d.guard = *guard;
	d.in = malloc(IN_BUF);
	d.out = malloc(OUT_BUF);
	d.head = guard && guard->head ? malloc(DECODE_HEAD_BYTES) : NULL;
	if (!d.in || !d.out || (guard && guard->head && !d.head))
		kj_fail(err, "out of memory for decompression buffers");
	else if (kj_codec_init(&codec, c, false, name, err) == 0) {
		rc = run(&d, &codec, c, err);
		kj_codec_free(&codec);
	}
	free(d.in);
	free(d.out);
	free(d.head);
	*out_size = d.total;
	return rc;
}
