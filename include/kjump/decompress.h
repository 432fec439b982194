/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reading images that may be compressed: gzip (zlib), xz (liblzma) and
 * zstd (libzstd) are recognised by their magic bytes and expanded in
 * memory; anything else is returned as it is.
 */
#ifndef KJUMP_DECOMPRESS_H
#define KJUMP_DECOMPRESS_H

#include <stddef.h>

#include "kjump/error.h"
#include "kjump/file.h"

enum kj_compression {
	KJ_COMPRESSION_NONE,
	KJ_COMPRESSION_GZIP,
	KJ_COMPRESSION_XZ,
	KJ_COMPRESSION_ZSTD,
};

enum kj_compression kj_detect_compression(const void *data, size_t size);
const char *kj_compression_name(enum kj_compression c);

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
