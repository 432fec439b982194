/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Which system call a load takes.  kexec-tools' rule (2.0.27 and
 * later), which scripts rely on: -c means kexec_load, -s means
 * kexec_file_load, and the default (-a) tries kexec_file_load first and
 * falls back to kexec_load only when the kernel cannot do the load
 * (syscall_may_fall_back()), never when it refused it.  kjump adds
 * that a load only kexec_load can do (kexec jump, --args-none, raw and
 * ELF images, a window, an i386 kernel) goes straight to kexec_load,
 * and that on a locked-down kernel such a load fails before any call.
 */
#ifndef KJUMP_LOAD_SYSCALL_CHOICE_H
#define KJUMP_LOAD_SYSCALL_CHOICE_H

#include <stdbool.h>
#include <stddef.h>

#include "arch/arch.h"
#include "kjump/error.h"
#include "kjump/file.h"
#include "load/image.h"
#include "load/request.h"
#include "plan/plan.h"

#define SYSCALL_WHY_MAX 240

struct syscall_choice_input {
	const struct load_request *req;
	const struct image_type *type;
	const struct kj_blob *image;
	const struct kexec_arch *arch;	/* of the running kernel */
	const char *lockdown;		/* kernel_lockdown_mode(): "none", ... */
};

/*
 * Set PLAN->syscall and write why into WHY (SYSCALL_WHY_MAX bytes), or
 * fail in one line: -s with what only kexec_load does, or a
 * locked-down kernel and a load that needs kexec_load.
 */
int syscall_choose(const struct syscall_choice_input *in, struct kexec_plan *plan,
		   char *why, struct kj_error *err);

#endif
