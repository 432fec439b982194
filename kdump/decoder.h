/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Streaming decompression of a whole gzip, xz or zstd file into another
 * file descriptor, in bounded memory (a compressed core expands to the
 * size of the machine's RAM).
 */
#ifndef KDUMP_DECODER_H
#define KDUMP_DECODER_H

#include <stdint.h>

#include "kjump/codec.h"
#include "kjump/error.h"
#include "progress.h"

/* The first expanded bytes a guard's HEAD sees (fewer for a shorter whole). */
#define DECODE_HEAD_BYTES (64u << 10)

/*
 * What the expanded bytes may be: HEAD, when set, sees the first
 * DECODE_HEAD_BYTES of them before much more is written and may refuse
 * them, or lower *LIMIT (and name it in *WHY); the expansion stops with
 * an error once it passes LIMIT, never filling a disk with a bomb.
 */
struct decode_guard {
	uint64_t limit;
	const char *why;	/* what the limit is, for the message */
	int (*head)(void *ctx, const uint8_t *data, size_t len, uint64_t *limit,
		    const char **why, struct kj_error *err);
	void *ctx;
};

/*
 * Expand IN_FD (format C, NAME for messages) into OUT_FD; *OUT_SIZE is
 * the expanded size.  Truncated or corrupt input, or data after the
 * last stream (zeros after gzip excepted), is an error, and so is
 * anything GUARD (may be NULL) refuses.  P, when not NULL, counts
 * compressed bytes consumed.
 */
int decode_fd(enum kj_compression c, int in_fd, int out_fd, const char *name,
	      struct progress *p, const struct decode_guard *guard, uint64_t *out_size,
	      struct kj_error *err);

#endif
