// SPDX-License-Identifier: GPL-2.0-only
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan/hole.h"

/* VMCOREINFO_NOTE_SIZE is a page (include/linux/crash_core.h). */
#define VMCOREINFO_COPY_BYTES 4096

#include "kjump/parse.h"
#include "kjump/range.h"
#include "load/jump.h"

static const char *find_last_param(const char *cmdline)
{
	const char *p = cmdline, *found = NULL;

	/* A parameter starts the line or follows a space; the last one
	 * wins, as in the kernel's own parameter parsing. */
	while ((p = strstr(p, JUMP_BACK_ENTRY_PARAM))) {
		if (p == cmdline || p[-1] == ' ')
			found = p;
		p += strlen(JUMP_BACK_ENTRY_PARAM);
	}
	return found;
}

int jump_back_entry_from_cmdline(const char *cmdline, uint64_t *entry,
				 struct kj_error *err)
{
	const char *param = find_last_param(cmdline);
	char value[32];
	size_t n;

	if (!param)
		return kj_fail(err, "no --entry given and no " JUMP_BACK_ENTRY_PARAM
			       " on the kernel command line");
	param += strlen(JUMP_BACK_ENTRY_PARAM);
	n = strcspn(param, " \n");
	if (n == 0 || n >= sizeof(value))
		return kj_fail(err, JUMP_BACK_ENTRY_PARAM " has a bad value");
	memcpy(value, param, n);
	value[n] = '\0';
	if (kj_parse_size(value, entry) < 0)
		return kj_fail(err, JUMP_BACK_ENTRY_PARAM " has a bad value: \"%s\"", value);
	if (*entry == 0)
		return kj_fail(err, JUMP_BACK_ENTRY_PARAM "0: the caller cannot be "
			       "jumped back to");
	return 0;
}

int jump_back_helper_plan(struct kexec_plan *plan, uint64_t entry,
			  struct kj_error *err)
{
	plan->syscall = PLAN_KEXEC_LOAD;
	plan->flags |= KEXEC_PRESERVE_CONTEXT;
	plan->entry = entry;
	/* The entry is in A's memory, which B's plan knows nothing of. */
	plan->entry_outside_segments = true;
	/*
	 * The kernel takes zero segments as "unload", so the helper is one
	 * empty segment: nothing is copied, nothing is swapped.  It sits
	 * at the entry's page, not at 0: since 6.12 (kernel/kexec_core.c,
	 * kimage_is_destination_range()) an empty segment at 0 ends at
	 * 0 - 1 and counts as covering all memory, so the kernel finds no
	 * page for its control code and the load fails with ENOMEM.
	 */
	return plan_add_segment(plan, "jump-back", NULL, 0,
				entry & ~(PLAN_PAGE_SIZE - 1), 0, err);
}

/*
 * B's range: --mem-min/--mem-max, or the lowest JUMP_DEFAULT_RANGE of
 * RAM between the arch's low reserved end and its boot range end (x86:
 * above 1 MiB, below 4 GiB, where the zero page and the purgatory must
 * be) that is clear of A's kernel image, which KASLR may have put
 * anywhere.  Low, because A's boot-time allocations (the log buffer, the
 * page structures) are made from the top of memory down, and B must not
 * displace them: a snapshot of A from B should hold them, and kdump's
 * --exclude free reads A's page structures.  So the room below the image
 * comes first; "above the image" alone put B at the very top of a small
 * guest whenever KASLR placed the image high, over every struct page.
 */
static int choose_default_range(struct load_context *load, uint64_t image_start,
				uint64_t image_end, uint64_t *at)
{
	const struct kexec_arch *arch = load->arch;
	struct hole_request below = { .size = JUMP_DEFAULT_RANGE, .align = arch->boot_range_align,
				      .min = arch->low_reserved_end, .max = arch->boot_range_end,
				      .min_from = "the arch's low reserved memory",
				      .max_from = "the arch's boot range" };
	struct hole_request above = below;

	if (!image_end)
		return hole_find(load->map, load->plan, &below, at, load->err);
	if (image_start > below.min) {
		below.max = image_start - 1;
		below.max_from = "kernel A's image";
		if (hole_find(load->map, load->plan, &below, at, &(struct kj_error){ 0 }) == 0)
			return 0;
	}
	if (image_end + 1 > above.min) {
		above.min = image_end + 1;
		above.min_from = "kernel A's image";
	}
	return hole_find(load->map, load->plan, &above, at, load->err);
}

static int choose_range(struct load_context *load, const struct crash_info *info,
			struct jump_state *st)
{
	const struct load_window *w = &load->req->window;
	uint64_t image_start = load->map->kernel_start, image_end = load->map->kernel_end;
	uint64_t at;

	if (w->min_set || w->max_set) {
		st->start = w->min_set ? w->min : load->arch->low_reserved_end;
		st->end = w->max_set ? w->max : load->arch->boot_range_end;
		if (st->start & (PLAN_PAGE_SIZE - 1) || (st->end + 1) & (PLAN_PAGE_SIZE - 1))
			return kj_fail(load->err, "kernel B's range %#" PRIx64 "-%#" PRIx64
				       " must start and end on page boundaries", st->start, st->end);
		if (!memmap_contains(load->map, st->start, st->end, MEM_RAM))
			return kj_fail(load->err, "kernel B's range %#" PRIx64 "-%#" PRIx64
				       " is not one stretch of System RAM", st->start, st->end);
		if (st->end - st->start + 1 < JUMP_MIN_RANGE)
			return kj_fail(load->err, "kernel B's range is %" PRIu64 " MiB, a kernel "
				       "needs at least %llu MiB", (st->end - st->start + 1) >> 20,
				       JUMP_MIN_RANGE >> 20);
		return 0;
	}
	/* /proc/kcore's kernel mapping (x86_64) or /proc/iomem's. */
	if (info->text_size) {
		image_start = info->text_paddr;
		image_end = info->text_paddr + info->text_size - 1;
	}
	if (choose_default_range(load, image_start, image_end, &at) < 0)
		return -1;
	st->start = at;
	st->end = at + JUMP_DEFAULT_RANGE - 1;
	return 0;
}

/*
 * A's per-CPU crash notes are empty (A did not crash) and often lie in
 * the memory B runs in, where B would read its own pages, or (6.12) be
 * refused them and give up on /proc/vmcore.  Keep only notes outside
 * B's range; VMCOREINFO is copied (see jump_prepare()).
 */
static void drop_notes_in_range(struct crash_info *info, uint64_t start, uint64_t end)
{
	unsigned int kept = 0;

	for (unsigned int i = 0; i < info->nr_notes; i++) {
		uint64_t a = info->note_addr[i], b = a + info->note_size - 1;

		if (b < start || a > end)
			info->note_addr[kept++] = a;
	}
	info->nr_notes = kept;
}

int jump_prepare(struct load_context *load, const struct crash_sources *src,
		 struct jump_state *st)
{
	struct hole_request req = { .align = PLAN_PAGE_SIZE, .top_down = true,
				    .min_from = "kernel B's range", .max_from = "kernel B's range" };
	struct crash_info *info = load_context_alloc(load, sizeof(*info));
	uint8_t *region;
	struct kj_blob hdr;
	size_t region_size;
	char *extra;
	uint64_t at;

	memset(st, 0, sizeof(*st));
	if (!info ||
	    crash_info_read(src, load->arch, info, load->err) < 0 ||
	    choose_range(load, info, st) < 0)
		return -1;
	/* The view: A's map with B's range where a crash reservation would
	 * be, so the crash code's header and memory map fit as they are. */
	st->view = *load->map;
	st->view.crash[0] = (struct mem_range){ st->start, st->end, MEM_RAM };
	st->view.nr_crash = 1;
	drop_notes_in_range(info, st->start, st->end);
	/* A's kernel image inside B's range (a range the user chose) is out
	 * of B's reach as old memory: leave it out of the header. */
	if (info->text_size && st->start <= info->text_paddr + info->text_size - 1 &&
	    info->text_paddr <= st->end)
		info->text_size = 0;

	/*
	 * One reserved region at the top of B's range: a copy of A's
	 * VMCOREINFO note (the kernel allocates it anywhere, quite possibly
	 * where B now runs, and 6.12 refuses to read B's own RAM as old
	 * memory), then the ELF core header pointing at that copy.
	 */
	if (crash_build_elfcorehdr(info, &st->view, load->req->elf32_core_headers, &hdr,
				   load->err) < 0)
		return -1;
	region_size = VMCOREINFO_COPY_BYTES + hdr.size;
	free(hdr.data);
	req.min = st->start;
	req.max = st->end;
	region = load_context_alloc(load, region_size);
	/* Filled in place: the plan borrows the buffer and hashes it later. */
	if (!region ||
	    load_add_buffer(load, "elfcorehdr", region, region_size, region_size, req, &at) < 0 ||
	    crash_copy_vmcoreinfo(src, info, region, VMCOREINFO_COPY_BYTES, load->err) < 0)
		return -1;
	info->vmcoreinfo_addr = at;
	if (info->vmcoreinfo_size > VMCOREINFO_COPY_BYTES)
		info->vmcoreinfo_size = VMCOREINFO_COPY_BYTES;
	if (crash_build_elfcorehdr(info, &st->view, load->req->elf32_core_headers, &hdr,
				   load->err) < 0)
		return -1;
	memcpy(region + VMCOREINFO_COPY_BYTES, hdr.data, hdr.size);
	free(hdr.data);
	if (crash_capture_map(load->arch, &st->view, at, at + page_round_up(region_size) - 1,
			      &st->boot_map, load->err) < 0)
		return -1;
	extra = load_context_alloc(load, ELFCOREHDR_PARAM_MAX);
	if (!extra)
		return -1;
	snprintf(extra, ELFCOREHDR_PARAM_MAX, "elfcorehdr=0x%" PRIx64, at + VMCOREINFO_COPY_BYTES);
	load->cmdline_extra = extra;
	load->cmdline_reserve = JUMP_CMDLINE_RESERVE;
	load->boot_map = &st->boot_map;
	load->window_min = st->start;
	load->window_max = st->end;
	load->window_from = "kernel B's range";
	return 0;
}

static int by_start(const void *a, const void *b)
{
	const struct kj_range *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* Add empty segments over AREA wherever no segment is yet. */
static int cover(struct load_context *load, struct kj_range area)
{
	struct kexec_plan *plan = load->plan;
	size_t n = 0, max = plan->nr_segments + 1, nr_gaps;
	struct kj_range *taken = malloc(2 * max * sizeof(*taken));
	struct kj_range *gaps = taken + max;
	int rc = 0;

	if (!taken)
		return kj_fail(load->err, "out of memory");
	for (size_t i = 0; i < plan->nr_segments; i++)
		if (plan->segments[i].memsz)
			taken[n++] = (struct kj_range){ plan->segments[i].mem,
							segment_last(&plan->segments[i]) };
	if (n)
		qsort(taken, n, sizeof(*taken), by_start);
	/* n segments leave at most n + 1 gaps. */
	nr_gaps = kj_range_subtract(&area, taken, n, gaps, max);
	if (nr_gaps == SIZE_MAX)
		rc = kj_fail(load->err, "out of room for kernel B's empty segments");
	for (size_t i = 0; i < nr_gaps && rc == 0; i++)
		rc = plan_add_segment(plan, "b-ram", NULL, 0, gaps[i].start,
				      kj_range_size(&gaps[i]), load->err);
	free(taken);
	return rc;
}

int jump_finish(struct load_context *load, struct jump_state *st)
{
	const struct memory_map *map = load->map;
	uint64_t low_end = load->arch->low_reserved_end;

	load->plan->has_b_range = true;
	load->plan->b_range_start = st->start;
	load->plan->b_range_end = st->end;

	/* A's low RAM, whole pages: B's trampoline goes there (x86: its
	 * real-mode trampoline, below 1 MiB). */
	for (size_t i = 0; i < map->nr; i++) {
		const struct mem_range *r = &map->ranges[i];
		uint64_t lo = page_round_up(r->start);
		uint64_t hi = (r->end + 1) & ~(PLAN_PAGE_SIZE - 1);

		if (r->type != MEM_RAM || r->start >= low_end)
			continue;
		if (hi > low_end)
			hi = low_end;
		if (lo < hi && cover(load, (struct kj_range){ lo, hi - 1 }) < 0)
			return -1;
	}
	if (cover(load, (struct kj_range){ st->start, st->end }) < 0)
		return -1;
	if (load->plan->nr_segments > load->plan->max_segments)
		return kj_fail(load->err, "kernel B's range needs %zu segments to cover, the "
			       "kernel accepts at most %zu: choose a range with --mem-min/--mem-max "
			       "the segments fill better", load->plan->nr_segments,
			       load->plan->max_segments);
	return 0;
}

void jump_state_free(struct jump_state *st)
{
	memmap_free(&st->boot_map);
}
