// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kjump purgatory contract on top of the linker (link.h): pick the
 * purgatory's place through the planner, link it there, let the loader
 * write the contract variables (include/kjump/purgatory.h) by symbol
 * name, and purgatory_finish() records the digests of the plan's
 * regions (plan.h) and adds the image to the plan.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <string.h>

#include "plan/hole.h"
#include "purgatory/contract.h"
#include "purgatory/link.h"

#define ENTRY_SYMBOL		"purgatory_start"
#define SEGMENT_NAME		"purgatory"

struct purgatory {
	enum purgatory_arch arch;
	struct link_image image;	/* owned by the context */
	uint64_t entry_offset;
	/* -i (kexec-tools' --no-checks): record no region to verify. */
	bool verify_nothing;
};

/* ---- Loading ----------------------------------------------------------- */

static int check_base(const struct link_object *lo, uint64_t base)
{
	struct kj_error *err = lo->obj.err;

	if (base & (LINK_BASE_ALIGN - 1))
		return kj_fail(err, "purgatory base %#" PRIx64 " is not page-aligned", base);
	if (base > PURGATORY_ADDR_LIMIT || lo->image_size > PURGATORY_ADDR_LIMIT - base + 1)
		return kj_fail(err, "purgatory at %#" PRIx64 " does not fit below 4 GiB",
			       base);
	return 0;
}

static int load_at(struct load_context *ctx, enum purgatory_arch arch,
		   struct link_object *lo, uint64_t base, struct purgatory **out)
{
	const struct link_symbol *entry;
	struct purgatory *p;

	if (check_base(lo, base) < 0)
		return -1;
	p = load_context_alloc(ctx, sizeof(*p));
	if (!p)
		return -1;
	p->arch = arch;
	p->verify_nothing = ctx->req && ctx->req->skip_checks;
	if (link_place(ctx, lo, base, &p->image) < 0)
		return -1;
	entry = link_find_symbol(&p->image, ENTRY_SYMBOL);
	if (!entry)
		return kj_fail(ctx->err, "purgatory object has no " ENTRY_SYMBOL);
	p->entry_offset = entry->offset;
	*out = p;
	return 0;
}

int purgatory_load_object(struct load_context *ctx, enum purgatory_arch arch,
			  const void *obj, size_t size, uint64_t base,
			  struct purgatory **out)
{
	struct link_object lo;
	int rc = -1;

	if (link_open(&lo, purgatory_link_arch(arch), obj, size, ctx->err) == 0)
		rc = load_at(ctx, arch, &lo, base, out);
	link_close(&lo);
	return rc;
}

static int find_base(struct load_context *ctx, const struct link_object *lo,
		     uint64_t min, uint64_t max, uint64_t *base)
{
	struct hole_request req = {
		.size = lo->image_size,
		.align = LINK_BASE_ALIGN,
		.min = min,
		.max = max < PURGATORY_ADDR_LIMIT ? max : PURGATORY_ADDR_LIMIT,
		/* High, out of the way of images that want low memory. */
		.top_down = true,
	};

	if (min > PURGATORY_ADDR_LIMIT)
		return kj_fail(ctx->err, "the purgatory must lie below 4 GiB, not above %#"
			       PRIx64, min);
	return hole_find(ctx->map, ctx->plan, &req, base, ctx->err);
}

int purgatory_prepare(struct load_context *ctx, enum purgatory_arch arch,
		      uint64_t min, uint64_t max, struct purgatory **out)
{
	struct link_object lo;
	const void *obj = NULL;
	uint64_t base;
	size_t size = 0;
	int rc = -1;

	if (purgatory_embedded(arch, &obj, &size, ctx->err) < 0)
		return -1;
	if (link_open(&lo, purgatory_link_arch(arch), obj, size, ctx->err) == 0 &&
	    find_base(ctx, &lo, min, max, &base) == 0)
		rc = load_at(ctx, arch, &lo, base, out);
	link_close(&lo);
	return rc;
}

/* ---- Configuration ----------------------------------------------------- */

static int sized_symbol(const struct purgatory *p, const char *name, size_t size,
			const struct link_symbol **sym, struct kj_error *err)
{
	*sym = link_find_symbol(&p->image, name);
	if (!*sym)
		return kj_fail(err, "the purgatory has no symbol %s", name);
	if ((*sym)->size != size)
		return kj_fail(err, "purgatory symbol %s has %" PRIu64 " bytes, not %zu",
			       name, (*sym)->size, size);
	return 0;
}

int purgatory_set(struct purgatory *p, const char *symbol, const void *value,
		  size_t size, struct kj_error *err)
{
	const struct link_symbol *sym;

	if (sized_symbol(p, symbol, size, &sym, err) < 0)
		return -1;
	memcpy(p->image.bytes + sym->offset, value, size);
	return 0;
}

int purgatory_get(const struct purgatory *p, const char *symbol, void *value,
		  size_t size, struct kj_error *err)
{
	const struct link_symbol *sym;

	if (sized_symbol(p, symbol, size, &sym, err) < 0)
		return -1;
	memcpy(value, p->image.bytes + sym->offset, size);
	return 0;
}

int purgatory_symbol(const struct purgatory *p, const char *symbol,
		     uint64_t *addr, size_t *size, struct kj_error *err)
{
	const struct link_symbol *sym = link_find_symbol(&p->image, symbol);

	if (!sym)
		return kj_fail(err, "the purgatory has no symbol %s", symbol);
	*addr = p->image.base + sym->offset;
	*size = sym->size;
	return 0;
}

uint64_t purgatory_entry(const struct purgatory *p)
{
	return p->image.base + p->entry_offset;
}

uint64_t purgatory_base(const struct purgatory *p)
{
	return p->image.base;
}

size_t purgatory_size(const struct purgatory *p)
{
	return p->image.size;
}

enum purgatory_arch purgatory_arch(const struct purgatory *p)
{
	return p->arch;
}

/* ---- Finishing --------------------------------------------------------- */

/* An unset or impossible mode would only halt the purgatory at boot. */
static int check_entry_mode(const struct purgatory *p, struct kj_error *err)
{
	uint32_t mode;

	if (purgatory_get(p, "purgatory_entry_mode", &mode, sizeof(mode), err) < 0)
		return -1;
	if (mode == PURGATORY_ENTER_32 ||
	    (mode == PURGATORY_ENTER_64 && p->arch == PURGATORY_X86_64))
		return 0;
	return kj_fail(err, "purgatory entry mode %" PRIu32 " is not valid for the %s "
		       "purgatory (set purgatory_entry_mode)", mode,
		       purgatory_link_arch(p->arch)->target.name);
}

/*
 * The purgatory is not in the plan until now, so hole_find() did not
 * keep later segments away from it: check.
 */
static int check_placement(const struct purgatory *p, const struct kexec_plan *plan,
			   struct kj_error *err)
{
	uint64_t base = p->image.base;
	uint64_t last = base + page_round_up(p->image.size) - 1;

	for (size_t i = 0; i < plan->nr_segments; i++) {
		const struct plan_segment *s = &plan->segments[i];

		if (strcmp(s->name, SEGMENT_NAME) == 0)
			return kj_fail(err, "the plan already has a purgatory segment");
		if (!s->buf && s->bufsz)
			return kj_fail(err, "segment %s has no contents to verify", s->name);
		if (s->memsz && s->mem <= last && base <= segment_last(s))
			return kj_fail(err, "the purgatory at %#" PRIx64 " overlaps segment %s "
				       "at %#" PRIx64, base, s->name, s->mem);
	}
	return 0;
}

/*
 * One purgatory region per plan region (plan.h): a large segment is
 * verified as several, so that kexec could hash them in parallel.
 */
static int check_region_count(const struct kexec_plan *plan, struct kj_error *err)
{
	size_t nr = plan_nr_regions(plan);

	if (nr > PURGATORY_MAX_REGIONS)
		return kj_fail(err, "the purgatory verifies at most %d regions, the plan "
			       "has %zu (%zu segments)", PURGATORY_MAX_REGIONS, nr,
			       plan->nr_segments);
	return 0;
}

int purgatory_finish(struct purgatory *p, struct kexec_plan *plan,
		     struct kj_error *err)
{
	struct purgatory_region regions[PURGATORY_MAX_REGIONS];
	uint32_t nr = 0;

	if (check_entry_mode(p, err) < 0 || check_placement(p, plan, err) < 0 ||
	    check_region_count(plan, err) < 0 || plan_digest(plan, 0, err) < 0)
		return -1;
	memset(regions, 0, sizeof(regions));
	for (size_t i = 0; i < plan->nr_segments && !p->verify_nothing; i++) {
		const struct plan_segment *s = &plan->segments[i];

		if (s->kernel_rewrites)
			continue;
		for (size_t j = 0; j < s->nr_regions; j++) {
			uint64_t off, len;

			if (nr == PURGATORY_MAX_REGIONS)
				return kj_fail(err, "the purgatory verifies at most %d regions",
					       PURGATORY_MAX_REGIONS);
			plan_region_span(s, j, &off, &len);
			regions[nr].start = s->mem + off;
			regions[nr].len = len;
			memcpy(regions[nr].sha256, plan_region_digest(s, j),
			       sizeof(regions[nr].sha256));
			nr++;
		}
	}
	if (purgatory_set(p, "purgatory_regions", regions, sizeof(regions), err) < 0 ||
	    purgatory_set(p, "purgatory_nr_regions", &nr, sizeof(nr), err) < 0)
		return -1;
	if (plan_add_segment(plan, SEGMENT_NAME, p->image.bytes, p->image.size,
			     p->image.base, p->image.size, err) < 0)
		return -1;
	plan->entry = purgatory_entry(p);
	return 0;
}
