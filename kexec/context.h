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
#include "options.h"

struct system_paths {
	const char *firmware_memmap;	/* /sys/firmware/memmap */
	const char *iomem;		/* /proc/iomem */
	const char *sysfs_kernel;	/* /sys/kernel */
	const char *sysfs_net;		/* /sys/class/net */
	const char *proc_cmdline;	/* /proc/cmdline */
};

extern const struct system_paths default_system_paths;

struct kexec_context {
	const struct kexec_options *opt;
	struct system_paths paths;
	FILE *out;			/* plans and reports */
	struct kj_error err;
};

/* Actions; each returns 0 or -1 with ctx->err set. */
int action_load(struct kexec_context *ctx);
int action_jump_back_helper(struct kexec_context *ctx);
int action_unload(struct kexec_context *ctx);
int action_exec(struct kexec_context *ctx);
/* Returns 1 when loaded, 0 when not, -1 on error. */
int action_status(struct kexec_context *ctx);

#endif
