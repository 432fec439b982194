/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * From "which pages to leave out" to the program headers of the saved
 * core.
 *
 * An input PT_LOAD's file-backed part [paddr, paddr + filesz) is cut
 * into chunks at page boundaries (the first and last chunks may be
 * partial pages).  Each chunk is kept or excluded; the segment becomes
 * one output PT_LOAD per run of kept chunks, each followed by the
 * excluded chunks after it as its zero tail (memsz > filesz: they read
 * back as zeros).  Excluded chunks at the start become a PT_LOAD with
 * filesz 0; the input's own zero tail stays a zero tail.
 */
#ifndef KDUMP_LAYOUT_H
#define KDUMP_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>

#include "kjump/elfcore.h"
#include "kjump/error.h"

enum chunk_state {
	CHUNK_KEEP = 0,
	CHUNK_ZERO = 1,
	CHUNK_FREE = 2,
};

/*
 * Two bits per chunk.  With omit_free (a hibernation image), free
 * chunks are not described at all, not even as zero tails: resuming
 * must not load anything over them (kjump/resume.h).
 */
struct chunkmap {
	uint8_t *bits;
	uint64_t n;
	bool omit_free;
};

int chunkmap_alloc(struct chunkmap *cm, uint64_t n, struct kj_error *err);
void chunkmap_free(struct chunkmap *cm);
enum chunk_state chunkmap_get(const struct chunkmap *cm, uint64_t i);
void chunkmap_set(struct chunkmap *cm, uint64_t i, enum chunk_state s);
/*
 * Keep the excluded runs shorter than MIN_RUN chunks that have kept
 * chunks after them (each costs a program header); returns how many
 * chunks went back to CHUNK_KEEP.
 */
uint64_t chunkmap_keep_short_runs(struct chunkmap *cm, uint64_t min_run);

/* Chunks of IN's file-backed part, and where chunk I lies in it. */
uint64_t chunk_count(const struct elfcore_phdr *in, uint64_t page_size);
void chunk_bounds(const struct elfcore_phdr *in, uint64_t page_size, uint64_t i,
		  uint64_t *start, uint64_t *len);

struct out_seg {
	struct elfcore_phdr ph;	/* p_offset set by layout_assign_offsets() */
	uint64_t src_offset;	/* where its file bytes are in the input */
};

struct layout {
	struct out_seg *seg;
	size_t n, cap;
};

/* Output segments IN (a PT_LOAD) becomes with chunk states CM. */
uint64_t layout_count(const struct elfcore_phdr *in, uint64_t page_size,
		      const struct chunkmap *cm);
int layout_add(struct layout *l, const struct elfcore_phdr *in, uint64_t page_size,
	       const struct chunkmap *cm, struct kj_error *err);
/* Give each segment its file offset, data packed from DATA_START; returns the end. */
uint64_t layout_assign_offsets(struct layout *l, uint64_t data_start);
void layout_free(struct layout *l);

#endif
