/* SPDX-License-Identifier: GPL-2.0-only */
/* Reading whole files (images, /proc and /sys files) into memory. */
#ifndef KJUMP_FILE_H
#define KJUMP_FILE_H

#include <stdbool.h>
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
 * PATH must be a regular file or a pipe (a stream, read to its end, or
 * to LIMIT; a named FIFO no one writes to reads as empty, and never
 * blocks); a socket, device or directory is refused in one line before
 * anything is read (/dev/zero would never end).
 */
int kj_read_file(const char *path, size_t limit, struct kj_blob *out,
		 struct kj_error *err);

/*
 * The same for image files, without the copy: a regular file is mapped
 * (read-only, private) rather than read, so its pages are the page
 * cache's own; one that cannot be mapped (an empty or /proc file) is
 * read as by kj_read_file().  There is no NUL byte after the data.  The file must
 * not shrink while it is mapped (that would be SIGBUS); a file changed
 * in place after hashing is caught by the purgatory's check.
 */
int kj_map_file(const char *path, size_t limit, struct kj_blob *out,
		struct kj_error *err);

/* Free what kj_read_file() read or unmap what kj_map_file() mapped. */
void kj_blob_free(struct kj_blob *blob);

/* What kind of file MODE (st_mode) is, for messages: "a FIFO", ... */
const char *kj_file_kind(unsigned int mode);

/* The kinds of file an argument may be (kj_open_file()). */
#define KJ_FILE_REGULAR	0x1
#define KJ_FILE_BLOCK	0x2	/* a block device */
#define KJ_FILE_STREAM	0x4	/* a pipe or FIFO, left non-blocking */

/*
 * Open PATH with FLAGS (O_RDONLY, O_RDWR...) without ever blocking on
 * it: opened with O_NONBLOCK and checked with fstat().  A file of one of
 * KINDS is accepted (made blocking again, except a stream); anything
 * else is refused in one line naming what it is.  Returns the
 * descriptor (its stat in *ST) or -1 with ERR set.
 */
struct stat;
int kj_open_file(const char *path, int flags, unsigned int kinds, struct stat *st,
		 struct kj_error *err);

/*
 * The size of open file FD (named PATH in messages): a regular file's
 * length or a block device's capacity (hibernation images live on
 * either).  Anything else is refused.
 */
int kj_fd_size(int fd, const char *path, uint64_t *size, struct kj_error *err);

#endif
