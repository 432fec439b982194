// SPDX-License-Identifier: GPL-2.0-only
#include <fcntl.h>
#include <sys/stat.h>

#include "load/crash.h"
#include "load/file_plan.h"

/* The kernel reads the initrd with kernel_read_file(), which takes a
 * regular file only (fs/kernel_read_file.c). */
static int open_initrd(struct load_context *ctx)
{
	struct kexec_plan *plan = ctx->plan;
	struct stat st;
	int fd;

	if (ctx->initrd_override) {
		/* From inside the image (a UKI's .initrd): through a memfd. */
		plan->file_initrd = ctx->initrd_override->data;
		plan->initrd_size = ctx->initrd_override->size;
		return 0;
	}
	if (!ctx->req->initrd) {
		plan->file_flags |= KEXEC_FILE_NO_INITRAMFS;
		return 0;
	}
	fd = kj_open_file(ctx->req->initrd, O_RDONLY | O_CLOEXEC, KJ_FILE_REGULAR, &st, ctx->err);
	if (fd < 0)
		return -1;
	plan->initrd_fd = fd;
	plan->initrd_size = (uint64_t)st.st_size;
	return 0;
}

int file_plan_build(struct load_context *ctx, const struct image_type *type,
		    const struct kj_blob *image)
{
	struct kexec_plan *plan = ctx->plan;
	struct kj_blob *inner;

	if (type->unwrap) {
		inner = load_context_alloc(ctx, sizeof(*inner));
		if (!inner || !(type = type->unwrap(ctx, image, inner)))
			return -1;
		image = inner;
	}

	plan->file_kernel = image->data;
	plan->file_kernel_size = image->size;
	if (ctx->req->purpose == LOAD_CRASH) {
		/* The kernel would refuse too (EADDRNOTAVAIL): say why first. */
		if (crash_check_reserved(ctx->map, ctx->err) < 0)
			return -1;
		plan->file_flags |= KEXEC_FILE_ON_CRASH;
	}
	/* The kernel adds elfcorehdr= to a crash kernel's line itself. */
	if (!(type->file_load_cmdline ? type->file_load_cmdline(ctx, image) : load_cmdline(ctx)))
		return -1;
	return open_initrd(ctx);
}
