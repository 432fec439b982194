// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kjump/file.h"

static int grow(struct kj_blob *blob, size_t *cap, size_t want, size_t limit,
		const char *path, struct kj_error *err)
{
	size_t new_cap = *cap ? *cap : 4096;
	uint8_t *p;

	while (new_cap < want)
		new_cap *= 2;
	if (new_cap > limit + 1)
		new_cap = limit + 1;
	p = realloc(blob->data, new_cap + 1);
	if (!p)
		return kj_fail(err, "%s: out of memory", path);
	blob->data = p;
	*cap = new_cap;
	return 0;
}

int kj_read_file(const char *path, size_t limit, struct kj_blob *out,
		 struct kj_error *err)
{
	struct stat st;
	size_t cap = 0;
	int fd;

	out->data = NULL;
	out->size = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return kj_fail_errno(err, errno, "cannot open %s", path);
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		return kj_fail(err, "%s is a directory", path);
	}
	/*
	 * Regular files: one allocation of the right size up front.  The
	 * size is only a hint: sysfs files all claim 4096 bytes and procfs
	 * ones 0, so the limit is enforced on what is actually read.
	 */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
		cap = (uintmax_t)st.st_size > limit ? limit : (size_t)st.st_size;
		out->data = malloc(cap + 1);
		if (!out->data) {
			close(fd);
			return kj_fail(err, "%s: out of memory", path);
		}
	}
	for (;;) {
		ssize_t n;

		if (out->size == cap &&
		    grow(out, &cap, cap + 1, limit, path, err) < 0)
			goto fail;
		n = read(fd, out->data + out->size, cap - out->size);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			kj_fail_errno(err, errno, "cannot read %s", path);
			goto fail;
		}
		if (n == 0)
			break;
		out->size += (size_t)n;
		if (out->size > limit) {
			kj_fail(err, "%s is too large (limit %zu bytes)", path, limit);
			goto fail;
		}
	}
	close(fd);
	if (!out->data && !(out->data = malloc(1)))
		return kj_fail(err, "%s: out of memory", path);
	out->data[out->size] = '\0';
	return 0;
fail:
	close(fd);
	kj_blob_free(out);
	return -1;
}

void kj_blob_free(struct kj_blob *blob)
{
	free(blob->data);
	blob->data = NULL;
	blob->size = 0;
}
