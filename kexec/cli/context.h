/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What every action works with: the parsed command line, where the
 * system's files are (tests point these elsewhere), the running kernel,
 * where output goes and the error being built.
 */
#ifndef KJUMP_CONTEXT_H
#define KJUMP_CONTEXT_H

#include <stdio.h>

#include "kjump/error.h"
#include "cli/options.h"
#include "load/build.h"

#define SYSTEM_PATH_MAX 512

struct system_paths {
	char firmware_memmap[SYSTEM_PATH_MAX];	/* /sys/firmware/memmap */
	char iomem[SYSTEM_PATH_MAX];		/* /proc/iomem */
	char sysfs_kernel[SYSTEM_PATH_MAX];	/* /sys/kernel */
	char sysfs_net[SYSTEM_PATH_MAX];	/* /sys/class/net */
	char proc_cmdline[SYSTEM_PATH_MAX];	/* /proc/cmdline */
	char vmcoreinfo[SYSTEM_PATH_MAX];	/* /sys/kernel/vmcoreinfo */
	char cpu_dir[SYSTEM_PATH_MAX];		/* /sys/devices/system/cpu */
	char kcore[SYSTEM_PATH_MAX];		/* /proc/kcore */
	char run_dir[SYSTEM_PATH_MAX];		/* /run/kjump (loadrecord.h) */
	char efi_dir[SYSTEM_PATH_MAX];		/* /sys/firmware/efi */
	char boot_params[SYSTEM_PATH_MAX];	/* /sys/kernel/boot_params/data */
	char graphics_dir[SYSTEM_PATH_MAX];	/* /sys/class/graphics */
};

/*
 * The system's files, under ROOT (--system-root, for planning against
 * a copy of another machine's /proc and /sys) or under / when NULL.
 */
int system_paths_init(struct system_paths *paths, const char *root, struct kj_error *err);

struct kexec_context {
	const struct kexec_options *opt;
	struct load_request req;	/* what opt asks to load (action_build_plan()) */
	/* kexec_file_load could not load it: build for kexec_load instead. */
	bool fall_back;
	struct system_paths paths;
	FILE *out;			/* plans and reports */
	struct kj_error err;
};

/*
 * What kexec -l/-p/--load-preserve-context would hand the kernel: the
 * options' request built (plan_build()) for the running system, not yet
 * checked (plan_check()).  MAP and LP are set even on failure; free them
 * with memmap_free() and load_plan_free().
 */
int action_build_plan(struct kexec_context *ctx, struct memory_map *map,
		      struct load_plan *lp);

/* Actions; each returns 0 or -1 with ctx->err set. */
int action_load(struct kexec_context *ctx);
int action_jump_back_helper(struct kexec_context *ctx);
int action_resume(struct kexec_context *ctx);
int action_discard_image(struct kexec_context *ctx);
int action_unload(struct kexec_context *ctx);
int action_exec(struct kexec_context *ctx);
/* Returns 1 when loaded, 0 when not, -1 on error. */
int action_status(struct kexec_context *ctx);
/* --print-ckr-size: the bytes of crash kernel memory, in decimal. */
int action_print_crash_size(struct kexec_context *ctx);

#endif
