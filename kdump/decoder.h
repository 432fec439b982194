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

/*
 * Expand IN_FD (format C, NAME for messages) into OUT_FD; *OUT_SIZE is
 * the expanded size.  Truncated or corrupt input, or data after the
 * last stream (zeros after gzip excepted), is an error.  P, when
 * not NULL, counts compressed bytes consumed.
 */
int decode_fd(enum kj_compression c, int in_fd, int out_fd, const char *name,
	      struct progress *p, uint64_t *out_size, struct kj_error *err);

#endif
