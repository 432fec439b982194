// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <unistd.h>

#include "kjump/io.h"

int kj_write_all(int fd, const void *buf, size_t len, const char *name,
		 struct kj_error *err)
{
	const unsigned char *p = buf;
	size_t done = 0;

	while (done < len) {
		ssize_t n = write(fd, p + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return kj_fail_errno(err, errno, "cannot write %s", name);
		/* POSIX allows 0 only for a zero-length write: never loop on it. */
		if (n == 0)
			return kj_fail(err, "cannot write %s: the write made no progress", name);
		done += (size_t)n;
	}
	return 0;
}

int kj_read_upto(int fd, void *buf, size_t len, size_t *got, const char *name,
		 struct kj_error *err)
{
	unsigned char *p = buf;

	*got = 0;
	while (*got < len) {
		ssize_t n = read(fd, p + *got, len - *got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return kj_fail_errno(err, errno, "cannot read %s", name);
		if (n == 0)
			break;
		*got += (size_t)n;
	}
	return 0;
}

int kj_pread_upto(int fd, void *buf, size_t len, uint64_t off, size_t *got,
		  const char *name, struct kj_error *err)
{
	unsigned char *p = buf;

	*got = 0;
	while (*got < len) {
		ssize_t n = pread(fd, p + *got, len - *got, (off_t)(off + *got));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return kj_fail_errno(err, errno, "cannot read %s at offset %llu", name,
					     (unsigned long long)(off + *got));
		if (n == 0)
			break;
		*got += (size_t)n;
	}
	return 0;
}

int kj_pread_full(int fd, void *buf, size_t len, uint64_t off, const char *name,
		  struct kj_error *err)
{
	size_t got;

	if (kj_pread_upto(fd, buf, len, off, &got, name, err) < 0)
		return -1;
	if (got < len)
		return kj_fail(err, "%s is truncated (%zu bytes at offset %llu)", name, len,
			       (unsigned long long)off);
	return 0;
}
