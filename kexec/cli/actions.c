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

#include "cli/context.h"
#include "load/crash.h"
#include "plan/hole.h"
#include "kjump/decompress.h"
#include "system/exec.h"
#include "load/image.h"
#include "load/jump.h"
#include "system/loadrecord.h"
#include "system/memmap.h"
#include "plan/print.h"
#include "load/resume.h"
#include "system/status.h"
#include "system/syscall.h"

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
	};

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char *dst = (char *)paths + files[i].offset;
		int n = snprintf(dst, SYSTEM_PATH_MAX, "%s%s", root ? root : "", files[i].path);

		if (n < 0 || n >= SYSTEM_PATH_MAX)
			return kj_fail(err, "--system-root: path too long");
	}
	return 0;
}

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
	if (rc == 0)
		record_load(ctx, what, opt->image, plan->entry);
	return rc;
}

/*
 * kexec -p: the ELF core header goes first (top of the reservation),
 * then the capture kernel is told about it (elfcorehdr=) and given a
 * memory map confined to the reservation (crash.h).
 */
static int prepare_crash_load(struct kexec_context *ctx, struct load_context *load,
			      const struct crash_sources *src, struct memory_map *capture_map,
			      long arch)
{
	struct hole_request req = { .align = PLAN_PAGE_SIZE, .max = UINT64_MAX,
				    .top_down = true, .in_crash = true };
	struct crash_info *info = load_context_alloc(load, sizeof(*info));
	struct kj_blob hdr;
	char *extra;
	uint64_t at;

	if (!info)
		return -1;
	if (load->map->nr_crash == 0)
		return kj_fail(load->err, "no crash kernel memory is reserved "
			       "(boot with crashkernel=SIZE)%s%s",
			       load->map->crash_unknown[0] ? ": " : "", load->map->crash_unknown);
	if (crash_info_read(src, arch == KEXEC_ARCH_X86_64, info, load->err) < 0 ||
	    crash_build_elfcorehdr(info, load->map, ctx->opt->elf32_core_headers, &hdr,
				   load->err) < 0 ||
	    !load_context_own(load, hdr.data))
		return -1;
	req.size = hdr.size;
	if (hole_find(load->map, load->plan, &req, &at, load->err) < 0 ||
	    plan_add_segment(load->plan, "elfcorehdr", hdr.data, hdr.size, at, hdr.size,
			     load->err) < 0 ||
	    crash_capture_map(load->map, at, at + page_round_up(hdr.size) - 1, capture_map,
			      load->err) < 0)
		return -1;
	extra = load_context_alloc(load, 48);
	if (!extra)
		return -1;
	snprintf(extra, 48, "elfcorehdr=0x%" PRIx64, at);
	load->boot_map = capture_map;
	load->cmdline_extra = extra;
	return 0;
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

/* What a load is called in the record; NULL when it will not come back. */
static const char *loaded_what(const struct kexec_options *opt, bool jump)
{
	if (opt->panic || !opt->preserve_context)
		return NULL;
	if (jump)
		return "kernel B";
	return opt->args == ARGS_NONE ? "physical-mode program" : "preserve-context image";
}

int action_load(struct kexec_context *ctx)
{
	const struct kexec_options *opt = ctx->opt;
	struct memory_map map, capture_map = { 0 };
	struct jump_state jump_state = { 0 };
	struct crash_sources src = { ctx->paths.vmcoreinfo, ctx->paths.cpu_dir,
				     ctx->paths.kcore };
	bool linux_args, jump;
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
	if (image.size == 0) {
		kj_fail(&ctx->err, "%s is empty", opt->image);
		goto out;
	}
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
	rc = -1;
	if (plan_set_kernel_limits(&plan, arch, ctx->paths.sysfs_kernel, &ctx->err) < 0)
		goto out;

	/* Only a Linux kernel (a capture kernel, or a kernel B for kexec
	 * jump) gets an ELF core header and a confined memory map. */
	linux_args = type->linux_kernel && (opt->args == ARGS_DEFAULT || opt->args == ARGS_LINUX);
	jump = opt->preserve_context && linux_args;
	if (opt->panic && linux_args && prepare_crash_load(ctx, &load, &src, &capture_map, arch) < 0)
		goto out;
	if (jump && jump_prepare(&load, &src, arch, &jump_state) < 0)
		goto out;
	if (type->load(&load, &image) < 0)
		goto out;
	if (jump && jump_finish(&load, &jump_state) < 0)
		goto out;
	rc = finish_plan(ctx, &plan, &map, type->name, loaded_what(opt, jump));
out:
	load_context_free(&load);
	kj_blob_free(&image);
	plan_free(&plan);
	memmap_free(&map);
	memmap_free(&capture_map);
	jump_state_free(&jump_state);
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
	long arch;
	int rc = -1;

	plan_init(&plan);
	arch = kernel_arch(ctx);
	if (arch < 0)
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
	plan.flags = (unsigned long)arch | KEXEC_PRESERVE_CONTEXT;
	if (plan_set_kernel_limits(&plan, arch, ctx->paths.sysfs_kernel, &ctx->err) < 0 ||
	    resume_image_plan(&ri, &plan, &ctx->err) < 0)
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

		kexec_unload(false, opt->syscall, arch, &ignored);
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
	long arch = kernel_arch(ctx);

	if (arch < 0)
		return -1;
	if (opt->dry_run) {
		fprintf(ctx->out, "would unload the %s image\n",
			opt->panic ? "crash" : "kexec");
		return 0;
	}
	if (kexec_unload(opt->panic, opt->syscall, arch, &ctx->err) < 0)
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
