// SPDX-License-Identifier: GPL-2.0-only
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "kjump/elfcore.h"
#include "kjump/file.h"
#include "kjump/io.h"

#include "decoder.h"
#include "source.h"

static const char *default_tmpdir(void)
{
	const char *t = getenv("TMPDIR");

	if (t && *t)
		return t;
	/* /var/tmp is usually on disk; an expanded core can be as big as RAM. */
	return access("/var/tmp", W_OK) == 0 ? "/var/tmp" : "/tmp";
}

/* An unlinked temporary file in DIR. */
static int temp_file(const char *dir, struct kj_error *err)
{
	size_t n = strlen(dir) + sizeof("/kdump-core.XXXXXX");
	char *path = malloc(n);
	int fd;

	if (!path)
		return kj_fail(err, "out of memory");
	snprintf(path, n, "%s/kdump-core.XXXXXX", dir);
	fd = mkostemp(path, O_CLOEXEC);
	if (fd < 0) {
		kj_fail_errno(err, errno, "cannot create a temporary file in %s", dir);
		free(path);
		return -1;
	}
	unlink(path);
	free(path);
	return fd;
}

/*
 * The first expanded bytes of a compressed core: an ELF file, whose
 * headers (when they lie in those bytes) say how long it can be: no
 * byte of it lies past the end of its last segment's data.  A bomb that
 * is not a core stops here; one that claims to be stops at that length.
 */
static int core_head(void *ctx, const uint8_t *data, size_t len, uint64_t *limit,
		     const char **why, struct kj_error *err)
{
	const struct source *src = ctx;
	struct elfcore_ehdr eh;
	uint64_t end, table;

	if (len < SELFMAG || memcmp(data, ELFMAG, SELFMAG) != 0)
		return kj_fail(err, "%s: not an ELF file (expanded from %s)", src->path,
			       kj_compression_name(src->compression));
	if (elfcore_parse_ehdr(data, len, &eh, err) < 0)
		return -1;
	if (eh.xnum)
		return 0;			/* PN_XNUM: left to core_open() */
	table = (uint64_t)eh.phnum * elfcore_phdr_size(eh.cls);
	if (eh.phoff > len || table > len - eh.phoff)
		return 0;			/* a table past the head: no bound from it */
	end = eh.phoff + table;
	for (size_t i = 0; i < eh.phnum; i++) {
		struct elfcore_phdr ph;

		elfcore_parse_phdr(&eh, data + eh.phoff, i, &ph);
		if (ph.offset > UINT64_MAX - ph.filesz)
			return 0;		/* refused by core_open() */
		if (ph.offset + ph.filesz > end)
			end = ph.offset + ph.filesz;
	}
	if (end < *limit) {
		*limit = end;
		*why = "the end of the core's last segment";
	}
	return 0;
}

/* Bytes the file system holding DIR has free for us, or UINT64_MAX. */
static uint64_t free_bytes(const char *dir)
{
	struct statvfs fs;

	if (statvfs(dir, &fs) < 0 || fs.f_frsize == 0 ||
	    fs.f_bavail > UINT64_MAX / fs.f_frsize)
		return UINT64_MAX;
	return (uint64_t)fs.f_bavail * fs.f_frsize;
}

static int expand(struct source *src, const char *tmpdir, FILE *progress_out,
		  struct kj_error *err)
{
	const char *dir = tmpdir ? tmpdir : default_tmpdir();
	struct decode_guard guard = { .limit = free_bytes(dir), .head = core_head, .ctx = src };
	struct progress p;
	int out, rc;

	/* Never fill the disk: the expansion stops at the free space. */
	guard.why = "the free space of the temporary directory";
	out = temp_file(dir, err);
	if (out < 0)
		return -1;
	progress_start(&p, progress_out, "expanding", src->compressed_size);
	rc = decode_fd(src->compression, src->fd, out, src->path, &p, &guard, &src->size, err);
	progress_end(&p);
	close(src->fd);
	src->fd = out;
	return rc;
}

int source_open(struct source *src, const char *path, const char *tmpdir,
		FILE *progress_out, struct kj_error *err)
{
	struct stat st;
	uint8_t magic[8];
	size_t got;

	memset(src, 0, sizeof(*src));
	src->path = path;
	for (int i = 0; i < SOURCE_CACHE_BLOCKS; i++)
		src->cache[i].offset = UINT64_MAX;
	src->fd = kj_open_file(path, O_RDONLY, KJ_FILE_REGULAR | KJ_FILE_BLOCK, &st, err);
	if (src->fd < 0)
		return -1;
	/* /proc/vmcore's i_size is the size of the core it describes; a
	 * block device holds a hibernation image (kjump-hibernate). */
	if (kj_fd_size(src->fd, path, &src->size, err) < 0)
		goto fail;
	if (kj_pread_upto(src->fd, magic, sizeof(magic), 0, &got, path, err) < 0)
		goto fail;
	src->compression = kj_detect_compression(magic, got);
	if (src->compression != KJ_COMPRESSION_NONE) {
		src->compressed_size = src->size;
		if (expand(src, tmpdir, progress_out, err) < 0)
			goto fail;
	}
	return 0;
fail:
	source_close(src);
	return -1;
}

void source_close(struct source *src)
{
	if (src->fd >= 0)
		close(src->fd);
	src->fd = -1;
	for (int i = 0; i < SOURCE_CACHE_BLOCKS; i++) {
		free(src->cache[i].data);
		src->cache[i].data = NULL;
	}
}

int source_pread(struct source *src, void *buf, size_t len, uint64_t off,
		 struct kj_error *err)
{
	size_t got;

	if (off > src->size || len > src->size - off)
		return kj_fail(err, "truncated core: %s has %llu bytes, reading %zu at %llu",
			       src->path, (unsigned long long)src->size, len,
			       (unsigned long long)off);
	if (kj_pread_upto(src->fd, buf, len, off, &got, src->path, err) < 0)
		return -1;
	if (got < len)
		return kj_fail(err, "truncated core: %s ends at %llu, reading %zu at %llu",
			       src->path, (unsigned long long)(off + got), len,
			       (unsigned long long)off);
	return 0;
}

static struct source_block *cached_block(struct source *src, uint64_t start,
					 struct kj_error *err)
{
	struct source_block *b;
	uint64_t len;

	for (int i = 0; i < SOURCE_CACHE_BLOCKS; i++)
		if (src->cache[i].offset == start)
			return &src->cache[i];
	b = &src->cache[src->next_victim];
	src->next_victim = (src->next_victim + 1) % SOURCE_CACHE_BLOCKS;
	if (!b->data && !(b->data = malloc(SOURCE_BLOCK_SIZE))) {
		kj_fail(err, "out of memory");
		return NULL;
	}
	len = src->size - start < SOURCE_BLOCK_SIZE ? src->size - start : SOURCE_BLOCK_SIZE;
	b->offset = UINT64_MAX;
	if (source_pread(src, b->data, (size_t)len, start, err) < 0)
		return NULL;
	b->offset = start;
	b->len = (uint32_t)len;
	return b;
}

int source_read_cached(struct source *src, void *buf, size_t len, uint64_t off,
		       struct kj_error *err)
{
	uint8_t *p = buf;

	if (off > src->size || len > src->size - off)
		return kj_fail(err, "truncated core: %s has %llu bytes, reading %zu at %llu",
			       src->path, (unsigned long long)src->size, len,
			       (unsigned long long)off);
	while (len) {
		uint64_t start = off - off % SOURCE_BLOCK_SIZE;
		struct source_block *b = cached_block(src, start, err);
		size_t in_block, n;

		if (!b)
			return -1;
		in_block = (size_t)(off - start);
		n = b->len - in_block < len ? b->len - in_block : len;
		memcpy(p, b->data + in_block, n);
		p += n;
		off += n;
		len -= n;
	}
	return 0;
}
