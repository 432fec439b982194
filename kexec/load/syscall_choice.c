// SPDX-License-Identifier: GPL-2.0-only
#include <stdio.h>
#include <sys/stat.h>

#include "load/syscall_choice.h"
#include "system/kernel.h"

/* A path that does not stat (yet) is left for the loader to name. */
static bool regular_file(const char *path)
{
	struct stat st;

	return stat(path, &st) < 0 || S_ISREG(st.st_mode);
}

/*
 * What in the request only kexec_load can do, written into WHY; false
 * when the kernel's own loader (kexec_file_load) can do it all.
 */
static bool needs_kexec_load(const struct syscall_choice_input *in, char *why)
{
	const struct load_request *req = in->req;
	const char *refusal;

#define NEEDS(...) (snprintf(why, SYSCALL_WHY_MAX, __VA_ARGS__), true)
	if (req->purpose == LOAD_CALL)
		return NEEDS("--load-preserve-context (kexec jump) needs kexec_load: "
			     "kexec_file_load cannot preserve context");
	if (req->purpose == LOAD_RESUME)
		return NEEDS("--resume needs kexec_load");
	if (!in->arch->has_file_load)
		return NEEDS("the running %s kernel has no kexec_file_load", in->arch->name);
	if (sizeof(void *) == 4)
		return NEEDS("a 32-bit kexec cannot call kexec_file_load (the kernel has no "
			     "compat entry for it)");
	if (!in->type->kernel_can_load)
		return NEEDS("the kernel's own loader takes no %s image", in->type->name);
	refusal = in->type->file_load_refusal ? in->type->file_load_refusal(in->image) : NULL;
	if (refusal)
		return NEEDS("%s", refusal);
	if (req->args != ARGS_DEFAULT && req->args != in->type->default_args)
		return NEEDS("--args-* needs kexec_load");
	if (req->window.min_set || req->window.max_set)
		return NEEDS("--mem-min/--mem-max need kexec_load (the kernel's loader "
			     "chooses its own addresses)");
	if (req->entry_set)
		return NEEDS("--entry needs kexec_load");
	if (req->nr_segments)
		return NEEDS("--segment needs kexec_load");
	if (req->entry_32bit)
		return NEEDS("--entry-32bit needs kexec_load");
	/* The kernel's loader always passes EFI and A's screen_info (so
	 * --reuse-video-type is what it does anyway), never a DTB or memmap=. */
	if (req->noefi)
		return NEEDS("--noefi needs kexec_load (the kernel's loader always passes EFI)");
	if (req->dtb)
		return NEEDS("--dtb needs kexec_load");
	if (req->pass_memmap_cmdline && req->purpose == LOAD_CRASH)
		return NEEDS("--pass-memmap-cmdline needs kexec_load");
	if (req->initrd && !regular_file(req->initrd))
		return NEEDS("the initrd is not a regular file, and the kernel's loader reads "
			     "only regular files");
	if (req->console_serial_port || req->console_vga)
		return NEEDS("--console-serial and --console-vga are the purgatory's of "
			     "kexec_load");
	return false;
#undef NEEDS
}

static int refuse_under_lockdown(const struct syscall_choice_input *in, const char *why,
				 struct kj_error *err)
{
	if (in->req->syscall == SYSCALL_KEXEC_LOAD)
		return kj_fail(err, "the kernel is in lockdown (%s) and refuses kexec_load (-c): "
			       "drop -c to load a signed kernel with kexec_file_load",
			       in->lockdown);
	return kj_fail(err, "the kernel is in lockdown (%s) and refuses kexec_load, and %s; "
		       "only a signed kernel loaded with kexec_file_load can be loaded",
		       in->lockdown, why);
}

int syscall_choose(const struct syscall_choice_input *in, struct kexec_plan *plan,
		   char *why, struct kj_error *err)
{
	char file_refusal[SYSCALL_WHY_MAX];
	bool kexec_load_only = needs_kexec_load(in, file_refusal);

	snprintf(plan->lockdown, sizeof(plan->lockdown), "%s", in->lockdown);
	plan->syscall_why = why;
	switch (in->req->syscall) {
	case SYSCALL_FILE_LOAD:
		if (kexec_load_only)
			return kj_fail(err, "-s (kexec_file_load) cannot do this load: %s; drop -s",
				       file_refusal);
		plan->syscall = PLAN_KEXEC_FILE_LOAD;
		snprintf(why, SYSCALL_WHY_MAX, "-s asks for kexec_file_load");
		return 0;
	case SYSCALL_KEXEC_LOAD:
		plan->syscall = PLAN_KEXEC_LOAD;
		snprintf(why, SYSCALL_WHY_MAX, "-c asks for kexec_load");
		break;
	case SYSCALL_AUTO:
	default:
		if (!kexec_load_only) {
			plan->syscall = PLAN_KEXEC_FILE_LOAD;
			snprintf(why, SYSCALL_WHY_MAX, "the default (-a): kexec_file_load first, "
				 "kexec_load if the kernel cannot load the image itself");
			return 0;
		}
		plan->syscall = PLAN_KEXEC_LOAD;
		snprintf(why, SYSCALL_WHY_MAX, "%s", file_refusal);
		break;
	}
	if (kernel_locked_down(in->lockdown))
		return refuse_under_lockdown(in, file_refusal, err);
	return 0;
}
