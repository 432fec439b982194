// SPDX-License-Identifier: GPL-2.0-only
/*
 * The raw type: bytes copied to a physical address and entered there
 * with nothing passed, for physical-mode programs and for exercising
 * the planner.  Never probed: only -t raw selects it, since any file
 * "is" a raw image.
 */
#include <inttypes.h>
#include <string.h>

#include "plan/hole.h"
#include "load/image.h"

/* Extra segments are small blobs; refuse anything silly. */
#define RAW_SEGMENT_MAX_BYTES (1ull << 30)

static int raw_probe(const struct kj_blob *image, struct kj_error *why)
{
	return kj_fail(why, "raw images are loaded only with --type raw");
}

static int add_extra_segments(struct load_context *ctx)
{
	const struct load_request *req = ctx->req;

	for (unsigned int i = 0; i < req->nr_segments; i++) {
		struct kj_blob blob;
		char name[PLAN_NAME_MAX];

		if (load_context_map_file(ctx, req->segments[i].path,
					  RAW_SEGMENT_MAX_BYTES, &blob) < 0)
			return -1;
		snprintf(name, sizeof(name), "segment%u", i + 1);
		if (plan_add_segment(ctx->plan, name, blob.data, blob.size,
				     req->segments[i].addr, blob.size, ctx->err) < 0)
			return -1;
	}
	return 0;
}

static int place_image(struct load_context *ctx, const struct kj_blob *image,
		       uint64_t *where)
{
	const struct load_window *w = &ctx->req->window;
	struct hole_request req = {
		.size = image->size,
		.align = PLAN_PAGE_SIZE,
		/* Above what firmware and trampolines use (x86: 1 MiB). */
		.min = w->min_set ? w->min : ctx->arch->low_reserved_end,
		.max = w->max_set ? w->max : UINT64_MAX,
		.min_from = w->min_set ? NULL : "the arch's low reserved memory",
	};

	/* --mem-min is the exact address of a raw image: the user knows
	 * where the program was linked to run.  plan_check() then says so
	 * if that address is not usable. */
	if (w->min_set) {
		uint64_t last = w->min + page_round_up(image->size) - 1;

		if (w->max_set && last > w->max)
			return kj_fail(ctx->err, "raw image of %zu bytes at %#" PRIx64
				       " does not fit below --mem-max %#" PRIx64,
				       image->size, w->min, w->max);
		*where = w->min;
		return 0;
	}
	return hole_find(ctx->map, ctx->plan, &req, where, ctx->err);
}

static int raw_load(struct load_context *ctx, const struct kj_blob *image)
{
	uint64_t where;

	if (image->size == 0)
		return kj_fail(ctx->err, "the image is empty");
	if (add_extra_segments(ctx) < 0 || place_image(ctx, image, &where) < 0)
		return -1;
	if (plan_add_segment(ctx->plan, "image", image->data, image->size, where,
			     image->size, ctx->err) < 0)
		return -1;
	ctx->plan->entry = ctx->req->entry_set ? ctx->req->entry : where;
	return 0;
}

static void raw_usage(FILE *out)
{
	fputs("               placed at --mem-min (else the lowest free RAM above 1 MiB),\n"
	      "               entered at --entry (else its first byte); --segment adds more\n",
	      out);
}

const struct image_type raw_image_type = {
	.name = "raw",
	.summary = "bytes entered in physical mode, nothing passed",
	.probe = raw_probe,
	.load = raw_load,
	.usage = raw_usage,
	.default_args = ARGS_NONE,
	.accepts = { .segments = true, .args = ARGS_BIT(ARGS_NONE) },
	.args_refusal = "the raw type passes no arguments (only --args-none applies)",
};
