/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Random access to a core file of any size: plain files (and
 * /proc/vmcore) are read in place with pread(); a gzip, xz or zstd file
 * is first expanded into an unlinked temporary file.  Small reads go
 * through a block cache (page tables, struct page arrays and printk
 * records are read a few bytes at a time).
 */
#ifndef KDUMP_SOURCE_H
#define KDUMP_SOURCE_H

#include <stdint.h>
#include <stdio.h>

#include "kjump/codec.h"
#include "kjump/error.h"

#define SOURCE_CACHE_BLOCKS 16
#define SOURCE_BLOCK_SIZE (64U << 10)

struct source_block {
	uint64_t offset;	/* UINT64_MAX: empty */
	uint32_t len;
	uint8_t *data;
};

struct source {
	const char *path;
	int fd;
	uint64_t size;			/* readable (expanded) bytes */
	enum kj_compression compression;
	uint64_t compressed_size;	/* the file's size when compressed */
	struct source_block cache[SOURCE_CACHE_BLOCKS];
	unsigned int next_victim;
};

/*
 * Open PATH; a compressed file is expanded into a temporary file in
 * TMPDIR (NULL: $TMPDIR, else /var/tmp, else /tmp).  PROGRESS_OUT, when
 * not NULL, gets a progress bar while expanding.
 */
int source_open(struct source *src, const char *path, const char *tmpdir,
		FILE *progress_out, struct kj_error *err);
void source_close(struct source *src);

/* Exactly LEN bytes at OFF, or an error naming a truncated file. */
int source_pread(struct source *src, void *buf, size_t len, uint64_t off,
		 struct kj_error *err);
/* The same through the block cache, for small scattered reads. */
int source_read_cached(struct source *src, void *buf, size_t len, uint64_t off,
		       struct kj_error *err);

#endif
