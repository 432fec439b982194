// SPDX-License-Identifier: GPL-2.0-only
#include <stdlib.h>

#include "kjump/range.h"

bool kj_range_from_len(uint64_t start, uint64_t len, struct kj_range *r)
{
	if (len == 0 || len - 1 > UINT64_MAX - start)
		return false;
	r->start = start;
	r->end = start + (len - 1);
	return true;
}

size_t kj_range_subtract(const struct kj_range *r, const struct kj_range *holes, size_t nr_holes,
			 struct kj_range *out, size_t max)
{
	uint64_t next = r->start;	/* lowest byte not yet accounted for */
	size_t n = 0;

	for (size_t i = 0; i < nr_holes; i++) {
		const struct kj_range *h = &holes[i];

		if (h->end < next || h->start > r->end)
			continue;
		if (h->start > next) {
			if (n == max)
				return SIZE_MAX;
			out[n++] = (struct kj_range){ next, h->start - 1 };
		}
		if (h->end >= r->end)
			return n;	/* the rest is covered */
		next = h->end + 1;
	}
	if (n == max)
		return SIZE_MAX;
	out[n++] = (struct kj_range){ next, r->end };
	return n;
}

struct indexed {
	const struct kj_range *range;
	size_t index;
};

static int by_start(const void *a, const void *b)
{
	const struct indexed *x = a, *y = b;

	if (x->range->start != y->range->start)
		return x->range->start < y->range->start ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

int kj_ranges_find_overlap(const struct kj_range *ranges, size_t n, size_t *a, size_t *b)
{
	struct indexed *sorted;
	size_t reach = 0;	/* the sorted range reaching furthest so far */
	int found = 0;

	if (n < 2)
		return 0;
	sorted = malloc(n * sizeof(*sorted));
	if (!sorted)
		return -1;
	for (size_t i = 0; i < n; i++)
		sorted[i] = (struct indexed){ &ranges[i], i };
	qsort(sorted, n, sizeof(*sorted), by_start);
	/* Sorted by start, a range overlaps an earlier one exactly when it
	 * starts no later than the furthest end reached before it. */
	for (size_t i = 1; i < n && !found; i++) {
		if (sorted[i].range->start <= sorted[reach].range->end) {
			*a = sorted[reach].index;
			*b = sorted[i].index;
			found = 1;
		} else if (sorted[i].range->end > sorted[reach].range->end) {
			reach = i;
		}
	}
	free(sorted);
	return found;
}
