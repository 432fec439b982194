/* SPDX-License-Identifier: GPL-2.0-only */
/* Reading whole files (images, /proc and /sys files) into memory. */
#ifndef KJUMP_FILE_H
#define KJUMP_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "kjump/error.h"

struct kj_blob {
	uint8_t *data;
	size_t size;
	size_t mapped;		/* bytes mapped by kj_map_file(), else 0 */
};

/*
 * Read all of PATH, refusing files larger than LIMIT bytes.  Works for
 * /proc and /sys files, whose st_size is 0 or a page.  The buffer has a
 * NUL byte after the data so text parsers may treat it as a string.
 */
int kj_read_file(const char *path, size_t limit, struct kj_blob *out,
		 struct kj_error *err);

/*
 * The same for image files, without the copy: a regular file is mapped
 * (read-only, private) rather than read, so its pages are the page
 * cache's own.  Anything else (pipes, /proc files) is read as by
 * kj_read_file().  There is no NUL byte after the data.  The file must
 * not shrink while it is mapped (that would be SIGBUS); a file changed
 * in place after hashing is caught by the purgatory's check.
 */
int kj_map_file(const char *path, size_t limit, struct kj_blob *out,
		struct kj_error *err);

/* Free what kj_read_file() read or unmap what kj_map_file() mapped. */
void kj_blob_free(struct kj_blob *blob);

/*
 * The size of open file FD (named PATH in messages): a regular file's
 * length or a block device's capacity (hibernation images live on
 * either).  Anything else is refused.
 */
int kj_fd_size(int fd, const char *path, uint64_t *size, struct kj_error *err);

#endif
