// SPDX-License-Identifier: GPL-2.0-only
#include <stdint.h>
#include <string.h>

#include "kjump/decompress.h"
#include "load/build.h"
#include "load/file_plan.h"
#include "load/syscall_choice.h"
#include "system/kernel.h"

static const char *returns_as(const struct load_request *req, bool jump)
{
	if (req->purpose != LOAD_CALL)
		return NULL;
	if (jump)
		return "kernel B";
	return req->args == ARGS_NONE ? "physical-mode program" : "preserve-context image";
}

static int select_type(const struct load_request *req, const struct kj_blob *image,
		       struct load_plan *lp, struct kj_error *err)
{
	if (image->size == 0)
		return kj_fail(err, "%s is empty", req->image);
	lp->type = image_type_select(image, req->type, err);
	if (!lp->type)
		return -1;
	return load_request_check_type(req, lp->type, err);
}

static int set_up_plan(const struct load_request *req, const struct load_system *sys,
		       const struct kj_blob *image, struct load_plan *lp, struct kj_error *err)
{
	char lockdown[24];
	struct syscall_choice_input choice = {
		.req = req, .type = lp->type, .image = image, .arch = sys->arch,
		.lockdown = lockdown,
	};

	kernel_lockdown_mode(sys->sysfs_kernel, lockdown, sizeof(lockdown));
	if (syscall_choose(&choice, &lp->plan, lp->syscall_why, err) < 0)
		return -1;
	lp->plan.hash_threads = sys->hash_threads;
	lp->plan.flags = sys->arch->kexec_flag |
			 (req->purpose == LOAD_CRASH ? KEXEC_ON_CRASH : 0) |
			 (req->hotplug && lp->plan.syscall == PLAN_KEXEC_LOAD ?
			  KEXEC_UPDATE_ELFCOREHDR : 0) |
			 (req->purpose == LOAD_CALL ? KEXEC_PRESERVE_CONTEXT : 0);
	return kernel_set_plan_limits(&lp->plan, sys->arch, sys->sysfs_kernel, err);
}

static void load_plan_init(const struct load_request *req, const struct load_system *sys,
			   struct load_plan *lp, struct kj_error *err)
{
	memset(lp, 0, sizeof(*lp));
	plan_init(&lp->plan);
	load_context_init(&lp->load, req, sys->map, &lp->plan, err);
	lp->load.proc_cmdline = sys->proc_cmdline;
	lp->load.arch = sys->arch;
	lp->load.boot = sys->boot;
}

/* Everything after the image is in memory; LP is initialised. */
static int build_from(const struct load_request *req, const struct load_system *sys,
		      const struct kj_blob *image, struct load_plan *lp, struct kj_error *err)
{
	bool linux_args, jump;

	if (select_type(req, image, lp, err) < 0 || set_up_plan(req, sys, image, lp, err) < 0)
		return -1;
	if (lp->plan.syscall == PLAN_KEXEC_FILE_LOAD)
		return file_plan_build(&lp->load, lp->type, image);
	/* Only a Linux kernel (a capture kernel, or a kernel B for kexec
	 * jump) gets an ELF core header and a confined memory map. */
	linux_args = load_request_linux_args(req, lp->type);
	jump = req->purpose == LOAD_CALL && linux_args;
	if (req->purpose == LOAD_CRASH && linux_args &&
	    crash_prepare(&lp->load, &sys->crash, &lp->capture_map) < 0)
		return -1;
	if (jump && jump_prepare(&lp->load, &sys->crash, &lp->jump) < 0)
		return -1;
	if (lp->type->load(&lp->load, image) < 0)
		return -1;
	if (jump && jump_finish(&lp->load, &lp->jump) < 0)
		return -1;
	lp->returns_as = returns_as(req, jump);
	return 0;
}

int plan_build(const struct load_request *req, const struct load_system *sys,
	       struct load_plan *lp, struct kj_error *err)
{
	load_plan_init(req, sys, lp, err);
	/* A decompressed image stops growing there too (a gzip bomb). */
	if (kj_read_image(req->image, load_file_limit(&lp->load, IMAGE_MAX_BYTES), &lp->image,
			  err) < 0)
		return -1;
	return build_from(req, sys, &lp->image, lp, err);
}

int plan_build_image(const struct load_request *req, const struct load_system *sys,
		     const struct kj_blob *image, struct load_plan *lp, struct kj_error *err)
{
	load_plan_init(req, sys, lp, err);
	return build_from(req, sys, image, lp, err);
}

void load_plan_free(struct load_plan *lp)
{
	load_context_free(&lp->load);
	kj_blob_free(&lp->image);
	plan_free(&lp->plan);
	memmap_free(&lp->capture_map);
	jump_state_free(&lp->jump);
}
