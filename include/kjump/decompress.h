/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reading images that may be compressed: gzip, xz and zstd
 * (kjump/codec.h) are recognised by their magic bytes and expanded in
 * memory; anything else is returned as it is.
 */
#ifndef KJUMP_DECOMPRESS_H
#define KJUMP_DECOMPRESS_H

#include <stddef.h>

#include "kjump/codec.h"
#include "kjump/error.h"
#include "kjump/file.h"

/*
 * Expand IN (of format C) into OUT, refusing output above LIMIT bytes.
 * Truncated or corrupt input is an error naming the format.
 */
int kj_decompress(enum kj_compression c, const struct kj_blob *in, size_t limit,
		  struct kj_blob *out, const char *name, struct kj_error *err);

/* kj_map_file(), then kj_decompress() when the content is compressed. */
int kj_read_image(const char *path, size_t limit, struct kj_blob *out,
		  struct kj_error *err);

#endif
