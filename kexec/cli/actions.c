// SPDX-License-Identifier: GPL-2.0-only
/*
 * The actions behind -l/-p, --load-jump-back-helper, -u, -e and -S.
 * Each one gathers its inputs, builds or checks what it must, and only
 * then reaches the syscall layer (or, with --dry-run, prints instead).
 */
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "arch/arch.h"
#include "cli/context.h"
#include "kjump/compiler.h"
#include "load/build.h"
#include "load/jump.h"
#include "load/resume_image.h"
#include "plan/print.h"
#include "system/exec.h"
#include "system/kernel.h"
#include "system/loadrecord.h"
#include "system/memmap.h"
#include "system/status.h"
#include "system/syscall.h"

/* The running kernel's arch, or the one --kernel-arch plans for. */
static const struct kexec_arch *kernel_arch(struct kexec_context *ctx)
{
	const struct kexec_arch *arch;

	if (!ctx->opt->kernel_arch)
		return running_kernel_arch(&ctx->err);
	arch = arch_by_name(ctx->opt->kernel_arch);
	if (!arch)
		kj_fail(&ctx->err, "--kernel-arch: unknown arch \"%s\"", ctx->opt->kernel_arch);
	return arch;
}

int system_paths_init(struct system_paths *paths, const char *root, struct kj_error *err)
{
	static const struct {
		size_t offset;
		const char *path;
	} files[] = {
		{ offsetof(struct system_paths, firmware_memmap), "/sys/firmware/memmap" },
		{ offsetof(struct system_paths, iomem), "/proc/iomem" },
		{ offsetof(struct system_paths, sysfs_kernel), "/sys/kernel" },
		{ offsetof(struct system_paths, sysfs_net), "/sys/class/net" },
		{ offsetof(struct system_paths, proc_cmdline), "/proc/cmdline" },
		{ offsetof(struct system_paths, vmcoreinfo), "/sys/kernel/vmcoreinfo" },
		{ offsetof(struct system_paths, cpu_dir), "/sys/devices/system/cpu" },
		{ offsetof(struct system_paths, kcore), "/proc/kcore" },
		{ offsetof(struct system_paths, run_dir), LOAD_RECORD_DIR },
		{ offsetof(struct system_paths, efi_dir), "/sys/firmware/efi" },
		{ offsetof(struct system_paths, boot_params), "/sys/kernel/boot_params/data" },
		{ offsetof(struct system_paths, graphics_dir), "/sys/class/graphics" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		char *dst = (char *)paths + files[i].offset;
		int n = snprintf(dst, SYSTEM_PATH_MAX, "%s%s", root ? root : "", files[i].path);

		if (n < 0 || n >= SYSTEM_PATH_MAX)
			return kj_fail(err, "--system-root: path too long");
	}
	return 0;
}

/*
 * Remember what was loaded for kexec -e --debug (loadrecord.h).  WHAT
 * is NULL for loads that never come back (and for crash kernels).
 */
static void record_load(struct kexec_context *ctx, const char *what, const char *image,
			uint64_t entry)
{
	struct load_record rec = { .entry = entry };
	struct kj_error err = { 0 };

	if (!what) {
		/* A stale record would name the wrong image. */
		if (!ctx->opt->panic)
			load_record_remove(ctx->paths.run_dir);
		return;
	}
	snprintf(rec.what, sizeof(rec.what), "%s", what);
	snprintf(rec.image, sizeof(rec.image), "%s", image ? image : "-");
	if (load_record_write(ctx->paths.run_dir, &rec, &err) < 0 && ctx->opt->debug)
		fprintf(stderr, "kexec: warning: %s\n", err.msg);
}

/*
 * The checked plan is printed (--dry-run) or handed to the kernel, and
 * then recorded as WHAT (see record_load()).
 */
static int finish_plan(struct kexec_context *ctx, struct kexec_plan *plan,
		       const struct memory_map *map, const char *type, const char *what)
{
	const struct kexec_options *opt = ctx->opt;
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
	rc = kexec_submit(plan, &ctx->err);
	if (rc == 0)
		record_load(ctx, what, opt->image, plan->entry);
	return rc;
}

/* The machine as the paths say (--system-root moves them). */
static void load_system_init(struct kexec_context *ctx, const struct kexec_arch *arch,
			     const struct memory_map *map,
			     struct load_system *sys)
{
	*sys = (struct load_system){
		.arch = arch,
		.map = map,
		.proc_cmdline = ctx->paths.proc_cmdline,
		.sysfs_kernel = ctx->paths.sysfs_kernel,
		.crash = { ctx->paths.vmcoreinfo, ctx->paths.cpu_dir, ctx->paths.kcore },
		.hash_threads = kexec_threads_can_wait() ? 0 : 1,
		/* A dry run's seed is a fixed pattern, so its digests repeat. */
		.boot = { ctx->paths.efi_dir, ctx->paths.boot_params, ctx->paths.graphics_dir,
			  ctx->opt->dry_run },
	};
}

int action_build_plan(struct kexec_context *ctx, struct memory_map *map,
		      struct load_plan *lp)
{
	const struct kexec_options *opt = ctx->opt;
	struct load_system sys;
	const struct kexec_arch *arch;

	memset(lp, 0, sizeof(*lp));
	plan_init(&lp->plan);	/* load_plan_free() must find no fd to close */
	memset(map, 0, sizeof(*map));
	options_to_request(opt, &ctx->req);
	if (ctx->fall_back)
		ctx->req.syscall = SYSCALL_KEXEC_LOAD;
	arch = kernel_arch(ctx);
	if (!arch ||
	    memmap_discover(map, opt->memory_map, ctx->paths.firmware_memmap,
			    ctx->paths.iomem, &ctx->err) < 0)
		return -1;
	load_system_init(ctx, arch, map, &sys);
	if (ctx->req.hotplug && kernel_crash_elfcorehdr_size(ctx->paths.sysfs_kernel,
			&ctx->req.hotplug_elfcorehdr_size, &ctx->err) < 0)
		return -1;
	return plan_build(&ctx->req, &sys, lp, &ctx->err);
}

/*
 * The default (-a) when kexec_file_load could not load the image: the
 * same request again with kexec_load, built and checked from scratch.
 * Not on a locked-down kernel, which refuses kexec_load anyway: its
 * answer to kexec_file_load is the one to report.
 */
static int fall_back_to_kexec_load(struct kexec_context *ctx)
{
	struct memory_map map;
	struct load_plan lp;
	char why[SYSCALL_WHY_MAX];
	int rc = -1;

	snprintf(why, sizeof(why), "%.200s; falling back to kexec_load", ctx->err.msg);
	if (ctx->opt->debug)
		fprintf(stderr, "kexec: %s\n", why);
	kj_error_clear(&ctx->err);
	ctx->fall_back = true;
	if (action_build_plan(ctx, &map, &lp) == 0) {
		snprintf(lp.syscall_why, sizeof(lp.syscall_why), "%s", why);
		rc = finish_plan(ctx, &lp.plan, &map, lp.type->name, lp.returns_as);
	}
	load_plan_free(&lp);
	memmap_free(&map);
	return rc;
}

int action_load(struct kexec_context *ctx)
{
	struct memory_map map;
	struct load_plan lp;
	bool may_fall_back;
	int rc = -1;

	if (action_build_plan(ctx, &map, &lp) == 0)
		rc = finish_plan(ctx, &lp.plan, &map, lp.type->name, lp.returns_as);
	may_fall_back = rc == KEXEC_SUBMIT_CANNOT && ctx->opt->syscall == SYSCALL_AUTO &&
			!kernel_locked_down(lp.plan.lockdown);
	load_plan_free(&lp);
	memmap_free(&map);
	if (may_fall_back)
		return fall_back_to_kexec_load(ctx);
	return rc < 0 ? -1 : rc;
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
	const struct kexec_arch *arch;
	int rc = -1;

	plan_init(&plan);
	arch = kernel_arch(ctx);
	if (arch && jump_back_entry(ctx, &entry) == 0) {
		plan.flags = arch->kexec_flag;
		if (jump_back_helper_plan(&plan, entry, &ctx->err) == 0)
			rc = finish_plan(ctx, &plan, &no_map, "jump-back-helper",
					 "kernel A");
	}
	plan_free(&plan);
	return rc;
}

/*
 * kexec --resume IMAGE: a hibernation image made by kdump save
 * --resume-entry, loaded so that kexec -e returns into the kernel that
 * hibernated (resume.h).  The image is marked used right after a
 * successful load; if that fails the load is undone, since an image
 * resumed twice would bring back a system whose disks moved on.
 */
int action_resume(struct kexec_context *ctx)
{
	const struct kexec_options *opt = ctx->opt;
	struct memory_map map = { 0 };
	struct resume_image ri = { .fd = -1 };
	struct kexec_plan plan;
	struct utsname uts;
	const struct kexec_arch *arch;
	int rc = -1;

	plan_init(&plan);
	arch = kernel_arch(ctx);
	if (!arch)
		goto out;
	if (uname(&uts) < 0) {
		kj_fail_errno(&ctx->err, errno, "uname");
		goto out;
	}
	if (memmap_discover(&map, opt->memory_map, ctx->paths.firmware_memmap,
			    ctx->paths.iomem, &ctx->err) < 0 ||
	    resume_image_open(&ri, opt->image,
			      &(struct resume_expect){ uts.release, opt->boot_id }, &ctx->err) < 0)
		goto out;
	plan.flags = arch->kexec_flag | KEXEC_PRESERVE_CONTEXT;
	plan.hash_threads = kexec_threads_can_wait() ? 0 : 1;
	if (kernel_set_plan_limits(&plan, arch, ctx->paths.sysfs_kernel, &ctx->err) < 0 ||
	    resume_image_plan(&ri, &map, &plan, &ctx->err) < 0)
		goto out;
	if (ri.nr_merged && (opt->debug || opt->dry_run))
		fprintf(opt->dry_run ? ctx->out : stderr,
			"kexec: the kernel takes %zu segments: %zu merged ranges load %llu bytes "
			"of zeros more\n", plan.max_segments, ri.nr_merged,
			(unsigned long long)ri.merged_extra);
	if (finish_plan(ctx, &plan, &map, "hibernation-image", "kernel A (hibernated)") < 0)
		goto out;
	if (!opt->dry_run && resume_image_mark_used(&ri, &ctx->err) < 0) {
		struct kj_error ignored = { 0 };

		kexec_unload(false, opt->syscall, arch->kexec_flag, &ignored);
		goto out;
	}
	rc = 0;
out:
	resume_image_close(&ri);
	plan_free(&plan);
	memmap_free(&map);
	return rc;
}

/*
 * kexec --discard-image IMAGE: the boot goes on without resuming IMAGE
 * (kjump-resume refused it, or the user chose to), so it must never be
 * resumed later, when the disks will have moved on.
 */
int action_discard_image(struct kexec_context *ctx)
{
	bool was_used;

	if (resume_image_discard(ctx->opt->image, &was_used, &ctx->err) < 0)
		return -1;
	fprintf(ctx->out, "%s %s\n", ctx->opt->image,
		was_used ? "was used already" : "discarded: it will not be resumed");
	return 0;
}

int action_unload(struct kexec_context *ctx)
{
	const struct kexec_options *opt = ctx->opt;
	const struct kexec_arch *arch = kernel_arch(ctx);

	if (!arch)
		return -1;
	if (opt->dry_run) {
		fprintf(ctx->out, "would unload the %s image\n",
			opt->panic ? "crash" : "kexec");
		return 0;
	}
	if (kexec_unload(opt->panic, opt->syscall, arch->kexec_flag, &ctx->err) < 0)
		return -1;
	if (!opt->panic)
		load_record_remove(ctx->paths.run_dir);
	return 0;
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
		.run_dir = ctx->paths.run_dir,
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

int action_print_crash_size(struct kexec_context *ctx)
{
	struct memory_map map = { 0 };
	uint64_t bytes = 0;

	if (memmap_discover(&map, ctx->opt->memory_map, ctx->paths.firmware_memmap,
			    ctx->paths.iomem, &ctx->err) < 0)
		return -1;
	for (size_t i = 0; i < map.nr_crash; i++)
		bytes += map.crash[i].end - map.crash[i].start + 1;
	memmap_free(&map);
	fprintf(ctx->out, "%" PRIu64 "\n", bytes);
	return 0;
}
