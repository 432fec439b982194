// SPDX-License-Identifier: GPL-2.0-only
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kjump/elfcore.h"
#include "kjump/elfcore_read.h"
#include "kjump/file.h"
#include "kjump/io.h"
#include "kjump/sha256.h"
#include "load/resume_image.h"

/* Bounds on what an image may declare before anything is mapped. */
#define RESUME_MAX_PHDR_BYTES	((1u << 20) * ELFCORE_PHDR_MAX)
#define RESUME_MAX_NOTES	(16u << 20)
struct range {
	uint64_t mem, memsz;
	const uint8_t *buf;
	uint64_t bufsz;
};

static int read_at(void *ctx, void *buf, size_t len, uint64_t at, struct kj_error *err)
{
	const struct resume_image *ri = ctx;

	return kj_pread_full(ri->fd, buf, len, at, ri->path, err);
}

/* Find the resume record among the notes; 1 found, 0 not, -1 error. */
static int find_record(struct resume_image *ri, const struct elfcore_file *f,
		       struct kj_error *err)
{
	struct elfcore_note_iter it;
	struct elfcore_note note;
	uint64_t desc_at;
	int rc;

	elfcore_note_iter_init(&it, f);
	while ((rc = elfcore_note_iter_next(&it, &note, &desc_at, err)) == 1) {
		if (!elfcore_note_is(&note, RESUME_NOTE_NAME, KJUMP_NOTE_RESUME))
			continue;
		ri->desc_at = desc_at;
		return resume_parse_desc(note.desc, note.descsz, &ri->record, err) < 0 ? -1 : 1;
	}
	return rc;
}

/*
 * Read the headers into ri->eh and ri->phs and find the resume record:
 * 1 found, 0 not, -1 error.
 */
static int read_image(struct resume_image *ri, uint64_t size, struct kj_error *err)
{
	const struct elfcore_source src = {
		.path = ri->path, .size = size, .read = read_at, .ctx = ri, .reader = "kexec",
		.max_phdr_bytes = RESUME_MAX_PHDR_BYTES, .max_note_bytes = RESUME_MAX_NOTES,
	};
	struct elfcore_file f;
	int found = -1;

	if (size < ELFCORE_EHDR_MAX)
		return kj_fail(err, "%s is too small for a hibernation image", ri->path);
	if (elfcore_read(&src, &f, err) < 0)
		return -1;
	ri->eh = f.eh;
	ri->phs = f.ph;
	if (ri->eh.phnum == 0)
		kj_fail(err, "%s: %u program headers", ri->path, ri->eh.phnum);
	else
		found = find_record(ri, &f, err);
	f.ph = NULL;		/* ri->phs now */
	elfcore_file_free(&f);
	return found;
}

static int check_digest(struct resume_image *ri, struct kj_error *err)
{
	struct sha256_ctx ctx;
	uint8_t digest[SHA256_DIGEST_SIZE];
	const uint64_t step = 64u << 20;

	sha256_init(&ctx);
	for (uint64_t at = 0; at < ri->record.image_bytes; at += step) {
		uint64_t len = ri->record.image_bytes - at < step ? ri->record.image_bytes - at : step;

		resume_hash_update(&ctx, ri->map + at, (size_t)len, at, ri->desc_at);
	}
	sha256_final(&ctx, digest);
	if (memcmp(digest, ri->record.sha256, sizeof(digest)) != 0)
		return kj_fail(err, "%s is corrupted: its SHA-256 does not match its resume record",
			       ri->path);
	return 0;
}

int resume_image_find(struct resume_image *ri, const char *path, int open_flags,
		      uint64_t *size, struct kj_error *err)
{
	struct stat st;
	int found;

	memset(ri, 0, sizeof(*ri));
	ri->path = path;
	ri->fd = kj_open_file(path, open_flags, KJ_FILE_REGULAR | KJ_FILE_BLOCK, &st, err);
	if (ri->fd < 0)
		return -1;
	if (kj_fd_size(ri->fd, path, size, err) < 0)
		goto fail;
	found = read_image(ri, *size, err);
	if (found < 0)
		goto fail;
	if (!found) {
		kj_fail(err, "%s is not a hibernation image (no resume record: "
			"see kdump save --resume-entry)", path);
		goto fail;
	}
	return 0;
fail:
	resume_image_close(ri);
	return -1;
}

/*
 * Stale: the image no longer matches the system that would resume it.
 * Another kernel release would run A's memory with the wrong code; a
 * boot other than the one the image came from having run since (its id
 * recorded by kjump-resume or kjump-hibernate, doc/hibernation.md
 * "Stale images") may have changed the disks under A's page cache.
 */
static int check_fresh(const struct resume_image *ri, const struct resume_expect *expect,
		       struct kj_error *err)
{
	if (strcmp(ri->record.release, expect->release) != 0)
		return kj_fail(err, "%s is stale: it was made by kernel %s, this is %s",
			       ri->path, ri->record.release, expect->release);
	if (expect->boot_id && strcmp(ri->record.boot_id, expect->boot_id) != 0)
		return kj_fail(err, "%s is stale: it was saved by boot %s, but boot %s ran since",
			       ri->path, ri->record.boot_id[0] ? ri->record.boot_id : "(none)",
			       expect->boot_id);
	return 0;
}

int resume_image_open(struct resume_image *ri, const char *path,
		      const struct resume_expect *expect, struct kj_error *err)
{
	uint64_t size;

	if (resume_image_find(ri, path, O_RDONLY, &size, err) < 0)
		return -1;
	if (ri->record.state == RESUME_USED) {
		kj_fail(err, "%s was resumed once already: a hibernation image is used only once",
			path);
		goto fail;
	}
	if (check_fresh(ri, expect, err) < 0)
		goto fail;
	if (ri->record.image_bytes > size || ri->record.image_bytes < ri->desc_at + RESUME_DESC_SIZE) {
		kj_fail(err, "%s is truncated: its record says %llu bytes, there are %llu", path,
			(unsigned long long)ri->record.image_bytes, (unsigned long long)size);
		goto fail;
	}
	if (ri->record.image_bytes > SIZE_MAX) {
		kj_fail(err, "%s: a %llu-byte image cannot be mapped by this (32-bit) kexec", path,
			(unsigned long long)ri->record.image_bytes);
		goto fail;
	}
	/* Everything the image describes lies within what it claims. */
	if (elfcore_check_phdrs(ri->phs, ri->eh.phnum, ri->record.image_bytes, err) < 0)
		goto fail;
	ri->map_size = ri->record.image_bytes;
	ri->map = mmap(NULL, (size_t)ri->map_size, PROT_READ, MAP_SHARED, ri->fd, 0);
	if (ri->map == MAP_FAILED) {
		ri->map = NULL;
		kj_fail_errno(err, errno, "cannot map %s", path);
		goto fail;
	}
	if (check_digest(ri, err) < 0)
		goto fail;
	return 0;
fail:
	resume_image_close(ri);
	return -1;
}

/*
 * A PT_LOAD as whole pages: kexec_load takes page-aligned destinations
 * and sizes.  The partial pages at the edges of a RAM range (below the
 * EBDA at 0x9fc00, say) are given up: Linux reserves them itself
 * (arch/x86/kernel/ebda.c), so A kept nothing there.
 */
static bool page_range(const struct resume_image *ri, const struct elfcore_phdr *ph,
		       struct range *r)
{
	uint64_t start = page_round_up(ph->paddr);
	uint64_t end = (ph->paddr + ph->memsz) & ~(PLAN_PAGE_SIZE - 1);
	uint64_t skip = start - ph->paddr;

	if (end <= start)
		return false;
	r->mem = start;
	r->memsz = end - start;
	r->buf = ri->map + ph->offset + (skip < ph->filesz ? skip : ph->filesz);
	r->bufsz = ph->filesz > skip ? ph->filesz - skip : 0;
	if (r->bufsz > r->memsz)
		r->bufsz = r->memsz;
	return true;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Merge R[A..B] (sorted, disjoint) into one range with its own buffer. */
static int merge_group(struct resume_image *ri, struct range *r, size_t a, size_t b,
		       struct range *out, struct kj_error *err)
{
	uint64_t bufsz = r[b].mem + r[b].bufsz - r[a].mem, used = 0;
	uint8_t *buf;
	void **list;

	if (a == b) {
		*out = r[a];
		return 0;
	}
	if (bufsz > SIZE_MAX)
		return kj_fail(err, "merging the image's ranges needs a %llu-byte buffer",
			       (unsigned long long)bufsz);
	buf = calloc(1, (size_t)bufsz);
	list = realloc(ri->merged, (ri->nr_merged + 1) * sizeof(*list));
	if (!buf || !list) {
		free(buf);
		if (list)
			ri->merged = list;
		return kj_fail(err, "out of memory merging the image's ranges");
	}
	ri->merged = list;
	ri->merged[ri->nr_merged++] = buf;
	for (size_t i = a; i <= b; i++) {
		memcpy(buf + (r[i].mem - r[a].mem), r[i].buf, (size_t)r[i].bufsz);
		used += r[i].bufsz;
	}
	ri->merged_extra += bufsz - used;
	*out = (struct range){ r[a].mem, r[b].mem + r[b].memsz - r[a].mem, buf, bufsz };
	return 0;
}

/*
 * More ranges than the kernel takes: close the smallest gaps (loading
 * zeros over them, which costs the resuming kernel that much memory)
 * until N fits MAX.
 */
/* The gap after R[I], or UINT64_MAX when it cannot be loaded as zeros
 * because some of it is not System RAM. */
static uint64_t ram_gap(const struct memory_map *map, const struct range *r, size_t i)
{
	uint64_t start = r[i].mem + r[i].memsz, end = r[i + 1].mem;

	if (start == end)
		return 0;
	return memmap_contains(map, start, end - 1, MEM_RAM) ? end - start : UINT64_MAX;
}

static int merge_to_fit(struct resume_image *ri, const struct memory_map *map, struct range *r,
			size_t *n, size_t max, struct kj_error *err)
{
	size_t merges = *n - max, closed = 0, out = 0, start = 0;
	uint64_t *gaps, threshold;

	gaps = malloc((*n - 1) * sizeof(*gaps));
	if (!gaps)
		return kj_fail(err, "out of memory");
	for (size_t i = 0; i + 1 < *n; i++)
		gaps[i] = ram_gap(map, r, i);
	qsort(gaps, *n - 1, sizeof(*gaps), cmp_u64);
	threshold = gaps[merges - 1];
	free(gaps);
	if (threshold == UINT64_MAX)
		return kj_fail(err, "%s: %zu ranges, the kernel takes %zu, and too few of the gaps "
			       "between them are System RAM to merge across", ri->path, *n, max);
	for (size_t i = 0; i < *n; i++) {
		bool last = i + 1 == *n;
		uint64_t gap = last ? 0 : ram_gap(map, r, i);

		if (!last && closed < merges && gap <= threshold) {
			closed++;
			continue;
		}
		if (merge_group(ri, r, start, i, &r[out++], err) < 0)
			return -1;
		start = i + 1;
	}
	*n = out;
	return 0;
}

int resume_image_plan(struct resume_image *ri, const struct memory_map *map,
		      struct kexec_plan *plan, struct kj_error *err)
{
	const struct elfcore_ehdr *eh = &ri->eh;
	struct range *r;
	size_t n = 0;
	int rc = -1;

	r = calloc(eh->phnum, sizeof(*r));
	if (!r) {
		kj_fail(err, "out of memory");
		goto out;
	}
	for (uint32_t i = 0; i < eh->phnum; i++) {
		const struct elfcore_phdr *ph = &ri->phs[i];

		/* The kernel-image mapping repeats direct-mapped pages. */
		if (ph->type != PT_LOAD || elfcore_maps_x86_64_kernel_image(eh, ph))
			continue;
		if (n && ph->paddr < r[n - 1].mem + r[n - 1].memsz) {
			kj_fail(err, "%s: PT_LOADs out of order or overlapping at %#llx", ri->path,
				(unsigned long long)ph->paddr);
			goto out;
		}
		if (!page_range(ri, ph, &r[n]))
			continue;
		if (!memmap_contains(map, r[n].mem, r[n].mem + r[n].memsz - 1, MEM_RAM)) {
			kj_fail(err, "%s: its memory at %#llx-%#llx is not in this machine's System "
				"RAM", ri->path, (unsigned long long)r[n].mem,
				(unsigned long long)(r[n].mem + r[n].memsz - 1));
			goto out;
		}
		n++;
	}
	if (n == 0) {
		kj_fail(err, "%s holds no memory", ri->path);
		goto out;
	}
	if (n > plan->max_segments && merge_to_fit(ri, map, r, &n, plan->max_segments, err) < 0)
		goto out;
	for (size_t i = 0; i < n; i++)
		if (plan_add_segment(plan, "image", r[i].buf, (size_t)r[i].bufsz, r[i].mem,
				     r[i].memsz, err) < 0)
			goto out;
	plan->entry = ri->record.entry;
	rc = 0;
out:
	free(r);
	return rc;
}

/*
 * The state word is the only byte range written: the digest masks it
 * (include/kjump/resume.h), so a used image still verifies and tools
 * that inspect it see the same bytes.
 */
static int write_state_used(int fd, const struct resume_image *ri, struct kj_error *err)
{
	uint8_t used[4] = { RESUME_USED & 0xff, (RESUME_USED >> 8) & 0xff,
			    (RESUME_USED >> 16) & 0xff, (uint8_t)(RESUME_USED >> 24) };

	if (pwrite(fd, used, sizeof(used), (off_t)(ri->desc_at + RESUME_STATE_OFFSET)) !=
	    (ssize_t)sizeof(used) || fsync(fd) < 0)
		return kj_fail_errno(err, errno, "cannot mark %s used", ri->path);
	return 0;
}

int resume_image_mark_used(struct resume_image *ri, struct kj_error *err)
{
	int fd = open(ri->path, O_WRONLY | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return kj_fail_errno(err, errno, "cannot open %s to mark it used", ri->path);
	rc = write_state_used(fd, ri, err);
	close(fd);
	return rc;
}

int resume_image_discard(const char *path, bool *was_used, struct kj_error *err)
{
	struct resume_image ri;
	uint64_t size;
	int rc;

	if (resume_image_find(&ri, path, O_RDWR, &size, err) < 0)
		return -1;
	*was_used = ri.record.state == RESUME_USED;
	rc = *was_used ? 0 : write_state_used(ri.fd, &ri, err);
	resume_image_close(&ri);
	return rc;
}

void resume_image_close(struct resume_image *ri)
{
	if (ri->map)
		munmap(ri->map, (size_t)ri->map_size);
	if (ri->fd >= 0)
		close(ri->fd);
	for (size_t i = 0; i < ri->nr_merged; i++)
		free(ri->merged[i]);
	free(ri->merged);
	free(ri->phs);
	ri->phs = NULL;
	ri->map = NULL;
	ri->fd = -1;
	ri->merged = NULL;
	ri->nr_merged = 0;
}
