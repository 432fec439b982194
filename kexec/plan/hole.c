// SPDX-License-Identifier: GPL-2.0-only
#include <inttypes.h>
#include <stdlib.h>

#include "kjump/range.h"
#include "plan/hole.h"

/* Try to fit REQ into [start, end]; returns 1 and sets *addr on success. */
static int fit(uint64_t start, uint64_t end, const struct hole_request *req,
	       uint64_t size, uint64_t *addr)
{
	uint64_t a;

	if (end < start || end - start + 1 < size)
		return 0;
	if (req->top_down) {
		a = (end - size + 1) & ~(req->align - 1);
		if (a < start)
			return 0;
	} else {
		if (start > UINT64_MAX - (req->align - 1))
			return 0;
		a = (start + req->align - 1) & ~(req->align - 1);
		if (a > end || end - a + 1 < size)
			return 0;
	}
	*addr = a;
	return 1;
}

/*
 * Walk one candidate interval, skipping the parts taken by the plan's
 * segments.  The segments are few (bounded by max_segments), so a scan
 * per gap is cheaper than sorting a copy.
 */
static int fit_around_segments(struct kj_range iv, const struct kexec_plan *plan,
			       const struct hole_request *req, uint64_t size,
			       uint64_t *addr)
{
	for (;;) {
		const struct plan_segment *blocker = NULL;
		struct kj_range want;
		uint64_t candidate;

		if (!fit(iv.start, iv.end, req, size, &candidate))
			return 0;
		want = (struct kj_range){ candidate, candidate + size - 1 };	/* fit() checked */
		for (size_t i = 0; i < plan->nr_segments; i++) {
			const struct plan_segment *s = &plan->segments[i];
			struct kj_range taken = { s->mem, segment_last(s) };

			if (s->memsz && kj_range_overlaps(&want, &taken)) {
				blocker = s;
				break;
			}
		}
		if (!blocker) {
			*addr = candidate;
			return 1;
		}
		/* Move past the blocker and try again in what is left. */
		if (req->top_down) {
			if (blocker->mem == 0 || blocker->mem - 1 < iv.start)
				return 0;
			iv.end = blocker->mem - 1;
		} else {
			if (segment_last(blocker) >= iv.end)
				return 0;
			iv.start = segment_last(blocker) + 1;
		}
	}
}

static int try_range(const struct mem_range *r, const struct kexec_plan *plan,
		     const struct hole_request *req, uint64_t size, uint64_t max,
		     uint64_t *addr)
{
	struct kj_range iv = { r->start, r->end };

	if (iv.start < req->min)
		iv.start = req->min;
	if (iv.end > max)
		iv.end = max;
	if (iv.end < iv.start)
		return 0;
	return fit_around_segments(iv, plan, req, size, addr);
}

/*
 * A crash load that does not fit: say how big the reservation is and
 * how much the capture kernel's segments need, so the user knows what
 * crashkernel= to boot with.
 */
static int crash_too_small(const struct memory_map *map, const struct kexec_plan *plan,
			   uint64_t size, struct kj_error *err)
{
	uint64_t have = 0, need = size;

	for (size_t i = 0; i < map->nr_crash; i++)
		have += map->crash[i].end - map->crash[i].start + 1;
	for (size_t i = 0; i < plan->nr_segments; i++)
		need += plan->segments[i].memsz;
	return kj_fail(err, "no free crash kernel memory for %#" PRIx64 " bytes: the "
		       "reservation is %" PRIu64 " MiB, the capture kernel's segments need at "
		       "least %" PRIu64 " MiB (boot with a larger crashkernel=)",
		       size, have >> 20, (need + (1 << 20) - 1) >> 20);
}

int hole_find(const struct memory_map *map, const struct kexec_plan *plan,
	      const struct hole_request *req, uint64_t *addr, struct kj_error *err)
{
	bool in_crash = (plan->flags & KEXEC_ON_CRASH) != 0;
	uint64_t size = page_round_up(req->size);
	uint64_t max = req->max;
	const struct mem_range *ranges = in_crash ? map->crash : map->ranges;
	size_t nr = in_crash ? map->nr_crash : map->nr;

	if (req->align < PLAN_PAGE_SIZE || (req->align & (req->align - 1)))
		return kj_fail(err, "alignment %#" PRIx64 " is not a power of two "
			       "of at least a page", req->align);
	if (size == 0 || size < req->size)
		return kj_fail(err, "cannot place a segment of %#" PRIx64 " bytes", req->size);
	const char *max_from = req->max_from ? req->max_from : "--mem-max";

	if (plan->dest_limit && max > plan->dest_limit - 1) {
		max = plan->dest_limit - 1;
		max_from = "the kernel's destination limit";
	}
	if (req->min > max)
		return kj_fail(err, "empty address window: the lowest address %#" PRIx64 " (%s) is "
			       "above the highest %#" PRIx64 " (%s)", req->min,
			       req->min_from ? req->min_from : "--mem-min", max, max_from);
	if (in_crash && nr == 0) {
		if (map->crash_unknown[0])
			return kj_fail(err, "cannot find the crash kernel reservation: %s",
				       map->crash_unknown);
		return kj_fail(err, "no crash kernel memory is reserved "
			       "(boot with crashkernel=SIZE)");
	}

	for (size_t k = 0; k < nr; k++) {
		const struct mem_range *r = &ranges[req->top_down ? nr - 1 - k : k];

		if (!in_crash && r->type != MEM_RAM)
			continue;
		if (try_range(r, plan, req, size, max, addr))
			return 0;
	}
	if (in_crash)
		return crash_too_small(map, plan, size, err);
	return kj_fail(err, "no free RAM for %#" PRIx64 " bytes between %#" PRIx64
		       " and %#" PRIx64, size, req->min, max);
}

int plan_add_buffer(struct kexec_plan *plan, const struct memory_map *map, const char *name,
		    const void *buf, size_t bufsz, uint64_t memsz,
		    const struct hole_request *where, uint64_t *addr, struct kj_error *err)
{
	struct hole_request req = *where;
	uint64_t at;

	/* An empty buffer still needs an address (an empty initrd). */
	req.size = memsz > bufsz ? memsz : bufsz;
	if (req.size == 0)
		req.size = 1;
	if (hole_find(map, plan, &req, &at, err) < 0 ||
	    plan_add_segment(plan, name, buf, bufsz, at, memsz, err) < 0)
		return -1;
	if (addr)
		*addr = at;
	return 0;
}
