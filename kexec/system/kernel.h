/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The running kernel: its arch and its limits for a load.
 */
#ifndef KJUMP_SYSTEM_KERNEL_H
#define KJUMP_SYSTEM_KERNEL_H

#include "arch/arch.h"
#include "kjump/error.h"
#include "plan/plan.h"

/* The running kernel's arch, or NULL with ERR set. */
const struct kexec_arch *running_kernel_arch(struct kj_error *err);

/*
 * Limits of the kernel that plans must respect: the destination limit of
 * ARCH and, for a kexec_load plan (set plan->syscall first), the
 * segment limit SYSFS_KERNEL (normally /sys/kernel) states, 16 where it
 * states none.  -1 with ERR set when the kernel's answer is unreadable.
 */
int kernel_set_plan_limits(struct kexec_plan *plan, const struct kexec_arch *arch,
			   const char *sysfs_kernel, struct kj_error *err);

#endif
