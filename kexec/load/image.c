// SPDX-License-Identifier: GPL-2.0-only
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "load/image.h"


const struct image_type *image_type_by_name(const char *name)
{
	const struct image_type *const *image_types = arch_image_types();

	for (size_t i = 0; image_types[i]; i++)
		if (strcmp(image_types[i]->name, name) == 0)
			return image_types[i];
	return NULL;
}

static void list_type_names(char *buf, size_t len)
{
	const struct image_type *const *image_types = arch_image_types();
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; image_types[i] && used < len; i++)
		used += snprintf(buf + used, len - used, "%s%s", i ? ", " : "",
				 image_types[i]->name);
}

const struct image_type *image_type_select(const struct kj_blob *image,
					   const char *forced, struct kj_error *err)
{
	const struct image_type *const *image_types = arch_image_types();
	char reasons[460] = "";
	size_t used = 0;

	if (forced) {
		const struct image_type *t = image_type_by_name(forced);
		char names[200];

		if (t)
			return t;
		list_type_names(names, sizeof(names));
		kj_fail(err, "unknown image type \"%s\" (known: %s)", forced, names);
		return NULL;
	}
	for (size_t i = 0; image_types[i]; i++) {
		struct kj_error why = { 0 };

		if (image_types[i]->probe(image, &why) == 0)
			return image_types[i];
		if (used < sizeof(reasons))
			used += snprintf(reasons + used, sizeof(reasons) - used, "%s%s: %.200s",
					 used ? "; " : "", image_types[i]->name, why.msg);
	}
	kj_fail(err, "not a kernel image kjump can load: %s", reasons);
	return NULL;
}

void image_types_usage(FILE *out)
{
	const struct image_type *const *image_types = arch_image_types();

	fputs("\nImage types (probed in this order; -t TYPE forces one):\n", out);
	for (size_t i = 0; image_types[i]; i++) {
		fprintf(out, "  %-12s %s\n", image_types[i]->name, image_types[i]->summary);
		if (image_types[i]->usage)
			image_types[i]->usage(out);
	}
}

void load_context_init(struct load_context *ctx, const struct load_request *req,
		       const struct memory_map *map, struct kexec_plan *plan,
		       struct kj_error *err)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->req = req;
	ctx->arch = arch_table[0];	/* plan_build() sets the loading kernel's */
	ctx->map = map;
	ctx->boot_map = map;
	ctx->plan = plan;
	ctx->err = err;
	ctx->window_min = req && req->window.min_set ? req->window.min : 0;
	ctx->window_max = req && req->window.max_set ? req->window.max : UINT64_MAX;
	ctx->window_from = "--mem-min/--mem-max";
}

struct hole_request load_hole(const struct load_context *ctx, uint64_t floor,
			      const char *floor_from, uint64_t limit, const char *limit_from)
{
	bool window_min = ctx->window_min > floor, window_max = ctx->window_max < limit;

	return (struct hole_request){
		.align = PLAN_PAGE_SIZE,
		.min = window_min ? ctx->window_min : floor,
		.max = window_max ? ctx->window_max : limit,
		.min_from = window_min ? ctx->window_from : floor_from,
		.max_from = window_max ? ctx->window_from : limit_from,
	};
}

uint64_t load_window_min(const struct load_context *ctx, uint64_t floor)
{
	return ctx->window_min > floor ? ctx->window_min : floor;
}

uint64_t load_window_max(const struct load_context *ctx, uint64_t limit)
{
	return ctx->window_max < limit ? ctx->window_max : limit;
}

int load_add_buffer(struct load_context *ctx, const char *name, const void *buf, size_t bufsz,
		    uint64_t memsz, struct hole_request where, uint64_t *addr)
{
	return plan_add_buffer(ctx->plan, ctx->map, name, buf, bufsz, memsz, &where, addr,
			       ctx->err);
}

void *load_context_own(struct load_context *ctx, void *ptr)
{
	if (!ptr) {
		kj_fail(ctx->err, "out of memory");
		return NULL;
	}
	if (ctx->nr_owned == ctx->cap_owned) {
		size_t cap = ctx->cap_owned ? ctx->cap_owned * 2 : 8;
		void **owned = realloc(ctx->owned, cap * sizeof(*owned));

		if (!owned) {
			free(ptr);
			kj_fail(ctx->err, "out of memory");
			return NULL;
		}
		ctx->owned = owned;
		ctx->cap_owned = cap;
	}
	ctx->owned[ctx->nr_owned++] = ptr;
	return ptr;
}

void *load_context_alloc(struct load_context *ctx, size_t size)
{
	return load_context_own(ctx, calloc(1, size ? size : 1));
}

size_t load_file_limit(const struct load_context *ctx, size_t limit)
{
	uint64_t ram = ctx->map ? memmap_total(ctx->map, MEM_RAM) : 0;

	return ram && ram < limit ? (size_t)ram : limit;
}

int load_context_map_file(struct load_context *ctx, const char *path, size_t limit,
			  struct kj_blob *out)
{
	size_t ram_limit = load_file_limit(ctx, limit);
	struct stat st;

	/* Say where the limit comes from when it is the machine's RAM. */
	if (ram_limit < limit && stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    (uint64_t)st.st_size > ram_limit)
		return kj_fail(ctx->err, "%s is larger than the %zu bytes of System RAM it would "
			       "be loaded into", path, ram_limit);
	limit = ram_limit;
	if (ctx->nr_files == ctx->cap_files) {
		size_t cap = ctx->cap_files ? ctx->cap_files * 2 : 4;
		struct kj_blob *files = realloc(ctx->files, cap * sizeof(*files));

		if (!files)
			return kj_fail(ctx->err, "out of memory");
		ctx->files = files;
		ctx->cap_files = cap;
	}
	if (kj_map_file(path, limit, out, ctx->err) < 0)
		return -1;
	ctx->files[ctx->nr_files++] = *out;
	return 0;
}

int load_context_initrd(struct load_context *ctx, size_t limit, struct kj_blob *out)
{
	if (ctx->initrd_override) {
		if (ctx->initrd_override->size > load_file_limit(ctx, limit))
			return kj_fail(ctx->err, "the initrd (%zu bytes) is larger than %zu bytes",
				       ctx->initrd_override->size, load_file_limit(ctx, limit));
		*out = *ctx->initrd_override;
		return 1;
	}
	if (!ctx->req || !ctx->req->initrd)
		return 0;
	return load_context_map_file(ctx, ctx->req->initrd, limit, out) < 0 ? -1 : 1;
}

void load_context_free(struct load_context *ctx)
{
	for (size_t i = 0; i < ctx->nr_owned; i++)
		free(ctx->owned[i]);
	free(ctx->owned);
	ctx->owned = NULL;
	ctx->nr_owned = ctx->cap_owned = 0;
	for (size_t i = 0; i < ctx->nr_files; i++)
		kj_blob_free(&ctx->files[i]);
	free(ctx->files);
	ctx->files = NULL;
	ctx->nr_files = ctx->cap_files = 0;
}
