/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Finding free physical memory for a segment: System RAM inside
 * [min, max], not used by segments already in the plan.  A crash plan
 * (KEXEC_ON_CRASH) is placed inside the crash reservation instead.
 */
#ifndef KJUMP_HOLE_H
#define KJUMP_HOLE_H

#include <stdbool.h>
#include <stdint.h>

#include "kjump/error.h"
#include "system/memmap.h"
#include "plan/plan.h"

struct hole_request {
	uint64_t size;		/* bytes; rounded up to pages */
	uint64_t align;		/* power of two, at least a page */
	uint64_t min;		/* lowest acceptable address */
	uint64_t max;		/* highest acceptable last byte */
	bool top_down;		/* highest fit first, else lowest */
	/* Where MIN and MAX come from, for messages: NULL says --mem-min
	 * and --mem-max (load_hole() in load/image.h names the rest). */
	const char *min_from, *max_from;
};

/*
 * Find where REQ fits.  On success stores the address in *ADDR.  The
 * plan's dest_limit is honoured as well as REQ->max.
 */
int hole_find(const struct memory_map *map, const struct kexec_plan *plan,
	      const struct hole_request *req, uint64_t *addr, struct kj_error *err);

/*
 * Find room for a segment as WHERE says (for MEMSZ or BUFSZ bytes,
 * whichever is more; WHERE->size is not used) and add it to the plan
 * there: BUFSZ bytes of BUF, MEMSZ in memory (plan_add_segment()).
 * The address is stored in *ADDR (may be NULL).
 */
int plan_add_buffer(struct kexec_plan *plan, const struct memory_map *map, const char *name,
		    const void *buf, size_t bufsz, uint64_t memsz,
		    const struct hole_request *where, uint64_t *addr, struct kj_error *err);

#endif
