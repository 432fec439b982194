/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Ranges of addresses or file offsets with both ends inclusive, so that
 * a range ending at 2^64 - 1 is representable and no sum wraps.  Every
 * overlap, containment and "what is left" question about memory or file
 * ranges goes through here.
 */
#ifndef KJUMP_RANGE_H
#define KJUMP_RANGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct kj_range {
	uint64_t start;
	uint64_t end;		/* inclusive */
};

/*
 * [START, START + LEN - 1] into *R.  False, with *R untouched, for an
 * empty range or one that would run past 2^64 - 1.
 */
bool kj_range_from_len(uint64_t start, uint64_t len, struct kj_range *r);

static inline bool kj_range_overlaps(const struct kj_range *a, const struct kj_range *b)
{
	return a->start <= b->end && b->start <= a->end;
}

static inline bool kj_range_within(const struct kj_range *inner, const struct kj_range *outer)
{
	return inner->start >= outer->start && inner->end <= outer->end;
}

/* B starts right after A ends (and A does not end the address space). */
static inline bool kj_range_adjacent(const struct kj_range *a, const struct kj_range *b)
{
	return a->end != UINT64_MAX && b->start == a->end + 1;
}

/* Bytes in R; the whole 64-bit space, which has 2^64, says UINT64_MAX. */
static inline uint64_t kj_range_size(const struct kj_range *r)
{
	return r->end - r->start == UINT64_MAX ? UINT64_MAX : r->end - r->start + 1;
}

/*
 * What is left of R once HOLES (sorted by start; they may overlap each
 * other) are taken out, in order, into OUT.  Returns the number of
 * pieces, or SIZE_MAX when there are more than MAX.
 */
size_t kj_range_subtract(const struct kj_range *r, const struct kj_range *holes, size_t nr_holes,
			 struct kj_range *out, size_t max);

/*
 * Whether any two of the N ranges overlap, in O(N log N): 1 with the
 * indices of one such pair in *A and *B (A's range starts first), 0 if
 * none do, -1 when out of memory.
 */
int kj_ranges_find_overlap(const struct kj_range *ranges, size_t n, size_t *a, size_t *b);

#endif
