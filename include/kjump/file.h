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
};

/*
 * Read all of PATH, refusing files larger than LIMIT bytes.  Works for
 * /proc and /sys files, whose st_size is 0 or a page.  The buffer has a
 * NUL byte after the data so text parsers may treat it as a string.
 */
int kj_read_file(const char *path, size_t limit, struct kj_blob *out,
		 struct kj_error *err);

void kj_blob_free(struct kj_blob *blob);

#endif
