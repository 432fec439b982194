/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * From a load request to a plan: the one path every load takes, from
 * kexec -l/-p/--load-preserve-context, the fuzz targets and the unit
 * tests alike.  It reads the image and what the system says about
 * itself (through the paths in struct load_system, which tests point
 * at fixtures) and never reaches the kernel: plan_check() and the
 * syscall gate come after it.
 */
#ifndef KJUMP_LOAD_BUILD_H
#define KJUMP_LOAD_BUILD_H

#include "arch/arch.h"
#include "kjump/error.h"
#include "kjump/file.h"
#include "load/crash.h"
#include "load/image.h"
#include "load/jump.h"
#include "load/request.h"
#include "load/syscall_choice.h"
#include "plan/plan.h"
#include "system/memmap.h"

/* The machine a plan is built for. */
struct load_system {
	const struct kexec_arch *arch;	/* of the kernel that loads */
	const struct memory_map *map;
	const char *proc_cmdline;	/* path, for --reuse-cmdline */
	const char *sysfs_kernel;	/* the kernel's limits (system/kernel.h) */
	struct crash_sources crash;	/* for a crash kernel and a kernel B */
	unsigned int hash_threads;	/* plan->hash_threads: 1 where threads cannot wait */
	struct boot_sources boot;	/* firmware facts for boot parameters */
};

/* A built plan and everything its segments point into. */
struct load_plan {
	struct kexec_plan plan;
	const struct image_type *type;
	/* What kexec -e --debug will say came back (system/loadrecord.h);
	 * NULL when the load does not come back. */
	const char *returns_as;
	/* Why the plan takes its system call (plan.syscall_why points here). */
	char syscall_why[SYSCALL_WHY_MAX];

	struct load_context load;
	struct kj_blob image;
	struct memory_map capture_map;
	struct jump_state jump;
};

/* Images are read whole; 2 GiB is beyond any kernel or program. */
#define IMAGE_MAX_BYTES ((size_t)INT32_MAX)

/*
 * Build the plan REQ asks for on SYS into OUT (free it with
 * load_plan_free() whatever this returns).  Checks REQ against the
 * image type it finds; the plan still has to pass plan_check().
 */
int plan_build(const struct load_request *req, const struct load_system *sys,
	       struct load_plan *out, struct kj_error *err);

/* plan_build() for an image already in memory (REQ->image only names
 * it); IMAGE must outlive OUT. */
int plan_build_image(const struct load_request *req, const struct load_system *sys,
		     const struct kj_blob *image, struct load_plan *out, struct kj_error *err);

void load_plan_free(struct load_plan *lp);

#endif
