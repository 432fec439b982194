/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Finding free physical memory for a segment: System RAM (or the crash
 * reservation) inside [min, max], not used by segments already in the
 * plan.
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
	bool in_crash;		/* search the crash reservation only */
};

/*
 * Find where REQ fits.  On success stores the address in *ADDR.  The
 * plan's dest_limit is honoured as well as REQ->max.
 */
int hole_find(const struct memory_map *map, const struct kexec_plan *plan,
	      const struct hole_request *req, uint64_t *addr, struct kj_error *err);

#endif
