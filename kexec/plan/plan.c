// SPDX-License-Identifier: GPL-2.0-only
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plan/digest.h"
#include "kjump/purgatory.h"
#include "kjump/range.h"
#include "plan/plan.h"

void plan_init(struct kexec_plan *plan)
{
	memset(plan, 0, sizeof(*plan));
	plan->max_segments = KEXEC_STOCK_SEGMENT_MAX;
	plan->dest_limit = UINT64_MAX;
	plan->initrd_fd = -1;
	snprintf(plan->lockdown, sizeof(plan->lockdown), "none");
}

void plan_free(struct kexec_plan *plan)
{
	for (size_t i = 0; i < plan->nr_segments; i++)
		free(plan->segments[i].region_sha256);
	free(plan->segments);
	plan->segments = NULL;
	plan->nr_segments = plan->cap_segments = 0;
	if (plan->initrd_fd >= 0)
		close(plan->initrd_fd);
	plan->initrd_fd = -1;
	for (size_t i = 0; i < plan->nr_details; i++)
		free(plan->details[i].text);
	free(plan->details);
	plan->details = NULL;
	plan->nr_details = plan->cap_details = 0;
}

int plan_add_detail(struct kexec_plan *plan, struct kj_error *err, const char *topic,
		    const char *fmt, ...)
{
	struct plan_detail *d;
	va_list ap, again;
	char *text;
	int n;

	if (plan->nr_details == PLAN_DETAILS_MAX)
		return kj_fail(err, "more than %d plan details", PLAN_DETAILS_MAX);
	if (plan->nr_details == plan->cap_details) {
		size_t cap = plan->cap_details ? plan->cap_details * 2 : 8;

		d = realloc(plan->details, cap * sizeof(*d));
		if (!d)
			return kj_fail(err, "out of memory");
		plan->details = d;
		plan->cap_details = cap;
	}
	va_start(ap, fmt);
	va_copy(again, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	text = n < 0 ? NULL : malloc((size_t)n + 1);
	if (text)
		vsnprintf(text, (size_t)n + 1, fmt, again);
	va_end(again);
	va_end(ap);
	if (!text)
		return kj_fail(err, "out of memory");
	d = &plan->details[plan->nr_details++];
	snprintf(d->topic, sizeof(d->topic), "%s", topic);
	d->text = text;
	return 0;
}

int plan_add_segment(struct kexec_plan *plan, const char *name,
		     const void *buf, size_t bufsz, uint64_t mem, uint64_t memsz,
		     struct kj_error *err)
{
	struct plan_segment *s;

	/* kexec_load refuses unaligned destinations and sizes
	 * (sanity_check_segment_list() in kernel/kexec_core.c). */
	if (mem & (PLAN_PAGE_SIZE - 1))
		return kj_fail(err, "%s segment destination %#" PRIx64
			       " is not page-aligned", name, mem);
	if (memsz < bufsz)
		memsz = bufsz;
	if (memsz == 0 && bufsz == 0 && !plan->entry_outside_segments)
		return kj_fail(err, "%s segment is empty", name);
	if (memsz > UINT64_MAX - PLAN_PAGE_SIZE || mem > UINT64_MAX - page_round_up(memsz))
		return kj_fail(err, "%s segment at %#" PRIx64 " of %#" PRIx64
			       " bytes wraps around the address space", name, mem, memsz);
	if (plan->nr_segments == plan->cap_segments) {
		size_t cap = plan->cap_segments ? plan->cap_segments * 2 : 8;

		if (plan->nr_segments >= MEMMAP_MAX_RANGES)
			return kj_fail(err, "too many segments (more than %d)",
				       MEMMAP_MAX_RANGES);
		s = realloc(plan->segments, cap * sizeof(*s));
		if (!s)
			return kj_fail(err, "out of memory");
		plan->segments = s;
		plan->cap_segments = cap;
	}
	s = &plan->segments[plan->nr_segments++];
	memset(s, 0, sizeof(*s));
	snprintf(s->name, sizeof(s->name), "%s", name);
	s->buf = buf;
	s->bufsz = bufsz;
	s->mem = mem;
	s->memsz = page_round_up(memsz);
	return 0;
}

static int check_count(const struct kexec_plan *plan, struct kj_error *err)
{
	if (plan->syscall != PLAN_KEXEC_LOAD)
		return 0;
	if (plan->nr_segments == 0)
		return kj_fail(err, "the plan has no segments");
	if (plan->nr_segments > plan->max_segments)
		return kj_fail(err, "too many segments: %zu, the kernel accepts at most %zu",
			       plan->nr_segments, plan->max_segments);
	return 0;
}

static int check_overlaps(const struct kexec_plan *plan, struct kj_error *err)
{
	struct kj_range *ranges = malloc((plan->nr_segments + 1) * sizeof(*ranges));
	size_t *which = malloc((plan->nr_segments + 1) * sizeof(*which));
	size_t n = 0, a, b;
	int found = -1;

	for (size_t i = 0; ranges && which && i < plan->nr_segments; i++) {
		const struct plan_segment *s = &plan->segments[i];

		if (s->memsz == 0)
			continue;
		ranges[n] = (struct kj_range){ s->mem, segment_last(s) };
		which[n++] = i;
	}
	if (ranges && which)
		found = kj_ranges_find_overlap(ranges, n, &a, &b);
	if (found > 0) {
		/* The one added first is named first. */
		size_t first = which[a] < which[b] ? which[a] : which[b];
		const struct plan_segment *x = &plan->segments[first];
		const struct plan_segment *y = &plan->segments[which[a] + which[b] - first];

		kj_fail(err, "segments overlap: %s %#" PRIx64 "-%#" PRIx64 " and %s %#" PRIx64
			"-%#" PRIx64, x->name, x->mem, segment_last(x), y->name, y->mem,
			segment_last(y));
	} else if (found < 0) {
		kj_fail(err, "out of memory");
	}
	free(ranges);
	free(which);
	return found ? -1 : 0;
}

static int in_crash_region(const struct memory_map *map, uint64_t start, uint64_t end)
{
	for (size_t i = 0; i < map->nr_crash; i++)
		if (start >= map->crash[i].start && end <= map->crash[i].end)
			return 1;
	return 0;
}

static int check_destinations(const struct kexec_plan *plan,
			      const struct memory_map *map, struct kj_error *err)
{
	bool crash = plan->flags & KEXEC_ON_CRASH;

	if (crash && map->nr_crash == 0) {
		if (map->crash_unknown[0])
			return kj_fail(err, "cannot find the crash kernel reservation: %s",
				       map->crash_unknown);
		return kj_fail(err, "no crash kernel memory is reserved "
			       "(boot with crashkernel=SIZE)");
	}
	for (size_t i = 0; i < plan->nr_segments; i++) {
		const struct plan_segment *s = &plan->segments[i];
		uint64_t last = segment_last(s);

		if (s->memsz == 0)
			continue;
		if (last >= plan->dest_limit)
			return kj_fail(err, "%s segment %#" PRIx64 "-%#" PRIx64
				       " is above the kernel's destination limit %#" PRIx64,
				       s->name, s->mem, last, plan->dest_limit);
		if (crash && !in_crash_region(map, s->mem, last))
			return kj_fail(err, "%s segment %#" PRIx64 "-%#" PRIx64
				       " is outside the crash kernel reservation",
				       s->name, s->mem, last);
		if (!memmap_contains(map, s->mem, last, MEM_RAM))
			return kj_fail(err, "%s segment %#" PRIx64 "-%#" PRIx64
				       " is not inside System RAM", s->name, s->mem, last);
	}
	return 0;
}

static int check_entry(const struct kexec_plan *plan, struct kj_error *err)
{
	if (plan->syscall != PLAN_KEXEC_LOAD || plan->entry_outside_segments)
		return 0;
	for (size_t i = 0; i < plan->nr_segments; i++) {
		const struct plan_segment *s = &plan->segments[i];

		if (s->memsz && plan->entry >= s->mem && plan->entry <= segment_last(s))
			return 0;
	}
	return kj_fail(err, "entry point %#" PRIx64 " is not inside any segment",
		       plan->entry);
}

/* The kernel's own loader places everything: only the inputs are ours. */
static int check_file_plan(const struct kexec_plan *plan, struct kj_error *err)
{
	if (!plan->file_kernel || plan->file_kernel_size == 0)
		return kj_fail(err, "internal error: a kexec_file_load plan without a kernel");
	if (plan->nr_segments)
		return kj_fail(err, "internal error: a kexec_file_load plan with segments");
	if ((plan->initrd_fd < 0 && !plan->file_initrd) !=
	    !!(plan->file_flags & KEXEC_FILE_NO_INITRAMFS))
		return kj_fail(err, "internal error: the initrd and KEXEC_FILE_NO_INITRAMFS "
			       "disagree");
	return 0;
}

int plan_check(const struct kexec_plan *plan, const struct memory_map *map,
	       struct kj_error *err)
{
	if (plan->syscall == PLAN_KEXEC_FILE_LOAD)
		return check_file_plan(plan, err);
	if (check_count(plan, err) < 0 ||
	    check_overlaps(plan, err) < 0 ||
	    check_destinations(plan, map, err) < 0 ||
	    check_entry(plan, err) < 0)
		return -1;
	return 0;
}

size_t plan_segment_regions(const struct plan_segment *s, uint64_t region_size)
{
	if (s->bufsz < PLAN_SPLIT_MIN)
		return 1;
	return (size_t)((s->bufsz + region_size - 1) / region_size);
}

static size_t count_regions(const struct kexec_plan *plan, uint64_t region_size)
{
	size_t n = 0;

	for (size_t i = 0; i < plan->nr_segments; i++)
		n += plan_segment_regions(&plan->segments[i], region_size);
	return n;
}

uint64_t plan_region_size(const struct kexec_plan *plan)
{
	uint64_t size = PLAN_REGION_MIN, largest = 0;

	if (plan->region_size)
		return plan->region_size;
	for (size_t i = 0; i < plan->nr_segments; i++)
		if (plan->segments[i].bufsz > largest)
			largest = plan->segments[i].bufsz;
	while (count_regions(plan, size) > PURGATORY_MAX_REGIONS && size < largest)
		size *= 2;
	return size;
}

size_t plan_nr_regions(const struct kexec_plan *plan)
{
	return count_regions(plan, plan_region_size(plan));
}

/* Give unhashed segment S its regions and one job per region at JOBS. */
static void add_jobs(struct plan_segment *s, uint64_t region_size,
		     struct digest_job *jobs, size_t *n)
{
	size_t nr = plan_segment_regions(s, region_size);
	const uint8_t *buf = s->buf;

	s->nr_regions = nr;
	s->region_len = nr == 1 ? s->bufsz : region_size;
	for (size_t i = 0; i < nr; i++) {
		uint64_t off, len;

		plan_region_span(s, i, &off, &len);
		/* An empty segment (kernel B's range) has no buffer at all. */
		jobs[(*n)++] = (struct digest_job){
			buf ? buf + off : buf, (size_t)len,
			nr == 1 ? s->sha256 : s->region_sha256[i] };
	}
}

/* The digest arrays of the unhashed split segments; all or none. */
static int alloc_regions(struct kexec_plan *plan)
{
	for (size_t i = 0; i < plan->nr_segments; i++) {
		struct plan_segment *s = &plan->segments[i];
		size_t nr = plan_segment_regions(s, plan->region_size);

		if (s->nr_regions || nr == 1)
			continue;
		s->region_sha256 = calloc(nr, sizeof(*s->region_sha256));
		if (!s->region_sha256) {
			for (size_t j = 0; j < i; j++) {
				if (plan->segments[j].nr_regions == 0) {
					free(plan->segments[j].region_sha256);
					plan->segments[j].region_sha256 = NULL;
				}
			}
			return -1;
		}
	}
	return 0;
}

int plan_digest(struct kexec_plan *plan, unsigned threads, struct kj_error *err)
{
	struct digest_job *jobs;
	size_t n = 0, max = 0;

	plan->region_size = plan_region_size(plan);
	for (size_t i = 0; i < plan->nr_segments; i++)
		if (plan->segments[i].nr_regions == 0)
			max += plan_segment_regions(&plan->segments[i], plan->region_size);
	if (max == 0)
		return 0;
	jobs = calloc(max, sizeof(*jobs));
	if (!jobs || alloc_regions(plan) < 0) {
		free(jobs);
		return kj_fail(err, "out of memory");
	}
	for (size_t i = 0; i < plan->nr_segments; i++)
		if (plan->segments[i].nr_regions == 0)
			add_jobs(&plan->segments[i], plan->region_size, jobs, &n);
	if (!threads)
		threads = plan->hash_threads ? plan->hash_threads : digest_threads(jobs, n);
	digest_run(jobs, n, threads);
	free(jobs);
	return 0;
}
