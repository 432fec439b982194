// SPDX-License-Identifier: GPL-2.0-only
/*
 * The actions behind -l/-p, --load-jump-back-helper, -u, -e and -S.
 * Each one gathers its inputs, builds or checks what it must, and only
 * then reaches the syscall layer (or, with --dry-run, prints instead).
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "context.h"
#include "kjump/decompress.h"
#include "exec.h"
#include "image.h"
#include "jump.h"
#include "memmap.h"
#include "plan_print.h"
#include "status.h"
#include "syscall.h"

/* The running kernel's KEXEC_ARCH_*, or the one --kernel-arch plans for. */
static long kernel_arch(struct kexec_context *ctx)
{
	if (ctx->opt->kernel_arch)
		return strcmp(ctx->opt->kernel_arch, "i386") == 0 ? KEXEC_ARCH_386
								   : KEXEC_ARCH_X86_64;
	return running_kernel_arch(&ctx->err);
}

/* Images are read whole; 2 GiB is beyond any kernel or program. */
#define IMAGE_MAX_BYTES ((size_t)INT32_MAX)

const struct system_paths default_system_paths = {
	.firmware_memmap = "/sys/firmware/memmap",
	.iomem = "/proc/iomem",
	.sysfs_kernel = "/sys/kernel",
	.sysfs_net = "/sys/class/net",
	.proc_cmdline = "/proc/cmdline",
};

/*
 * Test-only: KJUMP_TEST_CORRUPT_SEGMENT=NAME flips one byte of segment
 * NAME after the purgatory recorded its digest, so a VM test can prove
 * the purgatory refuses a corrupted image
 * (tests/vm/scenarios/purgatory-corrupt).  The copy replaces the
 * segment's buffer in the plan and is freed by the caller.
 */
static int apply_test_corruption(struct kexec_plan *plan, void **copy,
				 struct kj_error *err)
{
	const char *name = getenv("KJUMP_TEST_CORRUPT_SEGMENT");

	*copy = NULL;
	if (!name || !*name)
		return 0;
	for (size_t i = 0; i < plan->nr_segments; i++) {
		struct plan_segment *s = &plan->segments[i];
		uint8_t *p;

		if (strcmp(s->name, name) != 0 || s->bufsz == 0)
			continue;
		p = malloc(s->bufsz);
		if (!p)
			return kj_fail(err, "out of memory");
		memcpy(p, s->buf, s->bufsz);
		p[s->bufsz / 2] ^= 0x01;
		s->buf = p;
		*copy = p;
		fprintf(stderr, "kexec: test hook: corrupted segment %s at %#" PRIx64 "\n",
			name, s->mem + s->bufsz / 2);
		return 0;
	}
	return kj_fail(err, "KJUMP_TEST_CORRUPT_SEGMENT: no non-empty segment \"%s\"", name);
}

/* The checked plan is printed (--dry-run) or handed to the kernel. */
static int finish_plan(struct kexec_context *ctx, struct kexec_plan *plan,
		       const struct memory_map *map, const char *type)
{
	const struct kexec_options *opt = ctx->opt;
	void *corrupted;
	int rc;

	if (plan_check(plan, map, &ctx->err) < 0)
		return -1;
	if (opt->dry_run) {
		if (opt->json)
			plan_print_json(ctx->out, plan, type);
		else
			plan_print_text(ctx->out, plan, type);
		return 0;
	}
	if (opt->debug)
		plan_print_text(stderr, plan, type);
	if (apply_test_corruption(plan, &corrupted, &ctx->err) < 0)
		return -1;
	rc = kexec_submit(plan, &ctx->err);
	free(corrupted);
	return rc;
}

static int choose_syscall(const struct kexec_options *opt,
			  const struct image_type *type, struct kj_error *err)
{
	if (opt->syscall == SYSCALL_FILE_LOAD && !type->kernel_can_load)
		return kj_fail(err, "kexec_file_load cannot load a %s image: drop -s",
			       type->name);
	if (opt->syscall == SYSCALL_FILE_LOAD)
		return kj_not_implemented(err, "-s (kexec_file_load) is not implemented yet: "
					  "drop -s to use kexec_load");
	/* kexec_file_load has no way to preserve context or to pass no
	 * arguments, so those loads always take kexec_load. */
	return PLAN_KEXEC_LOAD;
}

int action_load(struct kexec_context *ctx)
{
	const struct kexec_options *opt = ctx->opt;
	struct memory_map map;
	struct kexec_plan plan;
	struct load_context load;
	const struct image_type *type;
	struct kj_blob image = { 0 };
	long arch;
	int rc = -1;

	plan_init(&plan);
	load_context_init(&load, opt, &map, &plan, &ctx->err);
	load.proc_cmdline = ctx->paths.proc_cmdline;
	memset(&map, 0, sizeof(map));

	arch = kernel_arch(ctx);
	if (arch < 0)
		goto out;
	if (memmap_discover(&map, opt->memory_map, ctx->paths.firmware_memmap,
			    ctx->paths.iomem, &ctx->err) < 0)
		goto out;
	if (kj_read_image(opt->image, IMAGE_MAX_BYTES, &image, &ctx->err) < 0)
		goto out;
	type = image_type_select(&image, opt->type, &ctx->err);
	if (!type)
		goto out;
	if (opt->nr_segments && type != &raw_image_type) {
		kj_fail(&ctx->err, "--segment applies to the raw type only");
		goto out;
	}
	rc = choose_syscall(opt, type, &ctx->err);
	if (rc < 0)
		goto out;
	plan.syscall = rc;
	plan.flags = (unsigned long)arch |
		     (opt->panic ? KEXEC_ON_CRASH : 0) |
		     (opt->preserve_context ? KEXEC_PRESERVE_CONTEXT : 0);
	plan_set_kernel_limits(&plan, arch);

	rc = -1;
	if (type->load(&load, &image) < 0)
		goto out;
	rc = finish_plan(ctx, &plan, &map, type->name);
out:
	load_context_free(&load);
	kj_blob_free(&image);
	plan_free(&plan);
	memmap_free(&map);
	return rc;
}

static int jump_back_entry(struct kexec_context *ctx, uint64_t *entry)
{
	struct kj_blob cmdline;
	int rc;

	if (ctx->opt->entry_set) {
		*entry = ctx->opt->entry;
		return 0;
	}
	if (kj_read_file(ctx->paths.proc_cmdline, 64 * 1024, &cmdline, &ctx->err) < 0)
		return -1;
	rc = jump_back_entry_from_cmdline((const char *)cmdline.data, entry, &ctx->err);
	kj_blob_free(&cmdline);
	return rc;
}

int action_jump_back_helper(struct kexec_context *ctx)
{
	struct memory_map no_map = { 0 };
	struct kexec_plan plan;
	uint64_t entry;
	long arch;
	int rc = -1;

	plan_init(&plan);
	arch = kernel_arch(ctx);
	if (arch >= 0 && jump_back_entry(ctx, &entry) == 0) {
		plan.flags = (unsigned long)arch;
		if (plan_jump_back_helper(&plan, entry, &ctx->err) == 0)
			rc = finish_plan(ctx, &plan, &no_map, "jump-back-helper");
	}
	plan_free(&plan);
	return rc;
}

int action_unload(struct kexec_context *ctx)
{
	const struct kexec_options *opt = ctx->opt;
	long arch = kernel_arch(ctx);

	if (arch < 0)
		return -1;
	if (opt->dry_run) {
		fprintf(ctx->out, "would unload the %s image\n",
			opt->panic ? "crash" : "kexec");
		return 0;
	}
	return kexec_unload(opt->panic, opt->syscall, arch, &ctx->err);
}

int action_exec(struct kexec_context *ctx)
{
	const struct kexec_options *opt = ctx->opt;
	struct exec_request req = {
		.sync = !opt->no_sync,
		.ifdown = !opt->no_ifdown,
		.dry_run = opt->dry_run,
		.debug = opt->debug,
		.sysfs_kernel = ctx->paths.sysfs_kernel,
		.sysfs_net = ctx->paths.sysfs_net,
	};

	return kexec_exec(&req, ctx->out, &ctx->err);
}

int action_status(struct kexec_context *ctx)
{
	bool loaded;

	if (kexec_status(ctx->paths.sysfs_kernel, ctx->opt->panic, &loaded, &ctx->err) < 0)
		return -1;
	if (ctx->opt->debug)
		fprintf(stderr, "kexec: %s image %s\n", ctx->opt->panic ? "crash" : "kexec",
			loaded ? "loaded" : "not loaded");
	return loaded ? 1 : 0;
}
