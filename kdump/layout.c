// SPDX-License-Identifier: GPL-2.0-only
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"

int chunkmap_alloc(struct chunkmap *cm, uint64_t n, struct kj_error *err)
{
	uint64_t bytes = (n + 3) / 4;

	cm->n = n;
	if (bytes > SIZE_MAX) {
		cm->bits = NULL;
		return kj_fail(err, "a segment of %llu pages is too large for this build",
			       (unsigned long long)n);
	}
	cm->bits = calloc(bytes ? (size_t)bytes : 1, 1);
	if (!cm->bits)
		return kj_fail(err, "out of memory for the map of %llu pages", (unsigned long long)n);
	return 0;
}

void chunkmap_free(struct chunkmap *cm)
{
	free(cm->bits);
	cm->bits = NULL;
	cm->n = 0;
}

enum chunk_state chunkmap_get(const struct chunkmap *cm, uint64_t i)
{
	return (enum chunk_state)((cm->bits[i / 4] >> (i % 4 * 2)) & 3);
}

void chunkmap_set(struct chunkmap *cm, uint64_t i, enum chunk_state s)
{
	uint8_t *b = &cm->bits[i / 4];
	unsigned int shift = (unsigned int)(i % 4 * 2);

	*b = (uint8_t)((*b & ~(3U << shift)) | ((unsigned int)s << shift));
}

uint64_t chunkmap_keep_short_runs(struct chunkmap *cm, uint64_t min_run)
{
	uint64_t changed = 0, i = 0;

	while (i < cm->n) {
		uint64_t start = i;

		if (chunkmap_get(cm, i) == CHUNK_KEEP) {
			i++;
			continue;
		}
		while (i < cm->n && chunkmap_get(cm, i) != CHUNK_KEEP)
			i++;
		/* A run at the end merges into the segment's tail: it costs nothing. */
		if (i < cm->n && i - start < min_run) {
			for (uint64_t k = start; k < i; k++)
				chunkmap_set(cm, k, CHUNK_KEEP);
			changed += i - start;
		}
	}
	return changed;
}

uint64_t chunk_count(const struct elfcore_phdr *in, uint64_t page_size)
{
	if (!in->filesz)
		return 0;
	return (in->paddr + in->filesz - 1) / page_size - in->paddr / page_size + 1;
}

void chunk_bounds(const struct elfcore_phdr *in, uint64_t page_size, uint64_t i,
		  uint64_t *start, uint64_t *len)
{
	uint64_t first_len = page_size - in->paddr % page_size;
	uint64_t s = i == 0 ? 0 : first_len + (i - 1) * page_size;
	uint64_t e = i == 0 ? first_len : s + page_size;

	if (e > in->filesz)
		e = in->filesz;
	*start = s;
	*len = e - s;
}

static int push(struct layout *l, const struct out_seg *seg, struct kj_error *err)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		struct out_seg *p = realloc(l->seg, cap * sizeof(*p));

		if (!p)
			return kj_fail(err, "out of memory for %zu program headers", cap);
		l->seg = p;
		l->cap = cap;
	}
	l->seg[l->n++] = *seg;
	return 0;
}

static void start(struct out_seg *cur, const struct elfcore_phdr *in, uint64_t at)
{
	cur->ph = (struct elfcore_phdr){
		.type = PT_LOAD,
		.flags = in->flags,
		.paddr = in->paddr + at,
		/* QEMU writes p_vaddr 0 (no mapping): keep it that way. */
		.vaddr = in->vaddr ? in->vaddr + at : 0,
	};
	cur->src_offset = in->offset + at;
}

/* IN's output segments, appended to L unless L is NULL; returns how many, or -1. */
static int64_t build(struct layout *l, const struct elfcore_phdr *in, uint64_t page_size,
		     const struct chunkmap *cm, struct kj_error *err)
{
	uint64_t n = chunk_count(in, page_size);
	struct out_seg cur;
	bool open = false, in_tail = false, ended_free = false;
	int64_t count = 0;

	for (uint64_t i = 0; i < n; i++) {
		bool keep = chunkmap_get(cm, i) == CHUNK_KEEP;
		uint64_t at, len;

		chunk_bounds(in, page_size, i, &at, &len);
		if (cm->omit_free && chunkmap_get(cm, i) == CHUNK_FREE) {
			/* A gap in the output: the open segment ends here. */
			if (open) {
				count++;
				if (l && push(l, &cur, err) < 0)
					return -1;
			}
			open = false;
			ended_free = true;
			continue;
		}
		ended_free = false;
		/* A kept chunk after excluded ones starts the next segment. */
		if (!open || (keep && in_tail)) {
			if (open) {
				count++;
				if (l && push(l, &cur, err) < 0)
					return -1;
			}
			start(&cur, in, at);
			open = true;
			in_tail = false;
		}
		if (keep)
			cur.ph.filesz += len;
		else
			in_tail = true;
		cur.ph.memsz += len;
	}
	/* Nothing after free chunks: no empty segment to close. */
	if (!open && ended_free && in->memsz == in->filesz)
		return count;
	/* The input's own zero tail (or an empty segment) stays as it is. */
	if (!open)
		start(&cur, in, in->filesz);
	cur.ph.memsz += in->memsz - in->filesz;
	count++;
	if (l && push(l, &cur, err) < 0)
		return -1;
	return count;
}

uint64_t layout_count(const struct elfcore_phdr *in, uint64_t page_size,
		      const struct chunkmap *cm)
{
	return (uint64_t)build(NULL, in, page_size, cm, NULL);
}

int layout_add(struct layout *l, const struct elfcore_phdr *in, uint64_t page_size,
	       const struct chunkmap *cm, struct kj_error *err)
{
	return build(l, in, page_size, cm, err) < 0 ? -1 : 0;
}

uint64_t layout_assign_offsets(struct layout *l, uint64_t data_start)
{
	uint64_t at = data_start;

	for (size_t i = 0; i < l->n; i++) {
		l->seg[i].ph.offset = at;
		at += l->seg[i].ph.filesz;
	}
	return at;
}

void layout_free(struct layout *l)
{
	free(l->seg);
	memset(l, 0, sizeof(*l));
}
