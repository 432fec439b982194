// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kjump/file.h"
#include "kjump/io.h"

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

/*
 * Up to LEN bytes of non-blocking stream FD, waiting in poll() while a
 * writer is there but quiet.  Fewer than LEN only at its end: when the
 * last writer closed it, or when it never had one (a named FIFO nobody
 * writes to is empty, not a hang).
 */
static int read_stream(int fd, uint8_t *buf, size_t len, size_t *got, const char *path,
		       struct kj_error *err)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = read(fd, buf + done, len - done);
		struct pollfd wait = { .fd = fd, .events = POLLIN };

		if (n > 0) {
			done += (size_t)n;
		} else if (n == 0) {
			break;
		} else if (errno == EAGAIN) {
			if (poll(&wait, 1, -1) < 0 && errno != EINTR)
				return kj_fail_errno(err, errno, "cannot wait for %s", path);
		} else if (errno != EINTR) {
			return kj_fail_errno(err, errno, "cannot read %s", path);
		}
	}
	*got = done;
	return 0;
}

/* Read all of open file FD into the empty *OUT; closes FD. */
static int read_fd(int fd, const struct stat *st, const char *path, size_t limit,
		   struct kj_blob *out, struct kj_error *err)
{
	size_t cap = 0;

	/*
	 * Regular files: one allocation of the right size up front.  The
	 * size is only a hint: sysfs files all claim 4096 bytes and procfs
	 * ones 0, so the limit is enforced on what is actually read.
	 */
	if (S_ISREG(st->st_mode) && st->st_size > 0) {
		cap = (uintmax_t)st->st_size > limit ? limit : (size_t)st->st_size;
		out->data = malloc(cap + 1);
		if (!out->data) {
			close(fd);
			return kj_fail(err, "%s: out of memory", path);
		}
	}
	for (;;) {
		size_t want, n;

		if (out->size == cap &&
		    grow(out, &cap, cap + 1, limit, path, err) < 0)
			goto fail;
		want = cap - out->size;
		if ((S_ISFIFO(st->st_mode) ?
		     read_stream(fd, out->data + out->size, want, &n, path, err) :
		     kj_read_upto(fd, out->data + out->size, want, &n, path, err)) < 0)
			goto fail;
		out->size += n;
		if (out->size > limit) {
			kj_fail(err, "%s is too large (limit %zu bytes)", path, limit);
			goto fail;
		}
		if (n < want)	/* the end of the file */
			break;
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

const char *kj_file_kind(unsigned int mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG: return "a regular file";
	case S_IFDIR: return "a directory";
	case S_IFBLK: return "a block device";
	case S_IFCHR: return "a character device";
	case S_IFIFO: return "a FIFO";
	case S_IFSOCK: return "a socket";
	case S_IFLNK: return "a symbolic link";
	default: return "not a regular file";
	}
}

static bool kind_allowed(unsigned int mode, unsigned int kinds)
{
	return (S_ISREG(mode) && (kinds & KJ_FILE_REGULAR)) ||
	       (S_ISBLK(mode) && (kinds & KJ_FILE_BLOCK)) ||
	       (S_ISFIFO(mode) && (kinds & KJ_FILE_STREAM));
}

int kj_open_file(const char *path, int flags, unsigned int kinds, struct stat *st,
		 struct kj_error *err)
{
	/* O_NONBLOCK: opening a FIFO would otherwise wait for a writer. */
	int fd = open(path, flags | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0) {
		/* A socket cannot be opened at all, nor a directory for
		 * writing: say what it is. */
		if ((errno == ENXIO || errno == EISDIR) && stat(path, st) == 0)
			return kj_fail(err, "%s is %s, not a regular file", path,
				       kj_file_kind(st->st_mode));
		return kj_fail_errno(err, errno, "cannot open %s", path);
	}
	if (fstat(fd, st) < 0) {
		kj_fail_errno(err, errno, "cannot stat %s", path);
		close(fd);
		return -1;
	}
	if (!kind_allowed(st->st_mode, kinds)) {
		kj_fail(err, "%s is %s, not a regular file%s", path, kj_file_kind(st->st_mode),
			kinds & KJ_FILE_BLOCK ? " or a block device" :
			kinds & KJ_FILE_STREAM ? " or a pipe" : "");
		close(fd);
		return -1;
	}
	if (!S_ISFIFO(st->st_mode) && fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) < 0) {
		kj_fail_errno(err, errno, "cannot read %s", path);
		close(fd);
		return -1;
	}
	return fd;
}

/* Empty *OUT, open regular file PATH for reading and stat it. */
static int open_file(const char *path, struct stat *st, struct kj_blob *out,
		     struct kj_error *err)
{
	out->data = NULL;
	out->size = 0;
	out->mapped = 0;
	return kj_open_file(path, O_RDONLY, KJ_FILE_REGULAR | KJ_FILE_STREAM, st, err);
}

int kj_read_file(const char *path, size_t limit, struct kj_blob *out,
		 struct kj_error *err)
{
	struct stat st;
	int fd = open_file(path, &st, out, err);

	if (fd < 0)
		return -1;
	return read_fd(fd, &st, path, limit, out, err);
}

int kj_map_file(const char *path, size_t limit, struct kj_blob *out,
		struct kj_error *err)
{
	struct stat st;
	void *p;
	int fd = open_file(path, &st, out, err);

	if (fd < 0)
		return -1;
	if (!S_ISREG(st.st_mode) || st.st_size == 0)
		return read_fd(fd, &st, path, limit, out, err);
	if ((uintmax_t)st.st_size > limit) {
		close(fd);
		return kj_fail(err, "%s is too large (limit %zu bytes)", path, limit);
	}
	/* MAP_POPULATE: every page is used (hashed, then loaded), so map
	 * them all in one go rather than fault by fault. */
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	if (p == MAP_FAILED)	/* a file system without mmap: read it */
		return read_fd(fd, &st, path, limit, out, err);
	close(fd);
	out->data = p;
	out->size = (size_t)st.st_size;
	out->mapped = out->size;
	return 0;
}

void kj_blob_free(struct kj_blob *blob)
{
	if (blob->mapped)
		munmap(blob->data, blob->mapped);
	else
		free(blob->data);
	blob->data = NULL;
	blob->size = 0;
	blob->mapped = 0;
}

int kj_fd_size(int fd, const char *path, uint64_t *size, struct kj_error *err)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return kj_fail_errno(err, errno, "cannot stat %s", path);
	if (S_ISBLK(st.st_mode)) {
		if (ioctl(fd, BLKGETSIZE64, size) < 0)
			return kj_fail_errno(err, errno, "cannot size %s", path);
		return 0;
	}
	if (S_ISDIR(st.st_mode))
		return kj_fail(err, "%s is a directory", path);
	if (!S_ISREG(st.st_mode))
		return kj_fail(err, "%s is neither a file nor a block device", path);
	*size = (uint64_t)st.st_size;
	return 0;
}
