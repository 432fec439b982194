/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The running kernel: its arch and its limits for a load.
 */
#ifndef KJUMP_SYSTEM_KERNEL_H
#define KJUMP_SYSTEM_KERNEL_H

#include "kjump/error.h"
#include "plan/plan.h"

/* The KEXEC_ARCH_* value of the running kernel, or -1 with ERR set. */
long running_kernel_arch(struct kj_error *err);

/*
 * Limits of the kernel that plans must respect: the destination limit of
 * KERNEL_ARCH and, for a kexec_load plan (set plan->syscall first), the
 * segment limit SYSFS_KERNEL (normally /sys/kernel) states, 16 where it
 * states none.  -1 with ERR set when the kernel's answer is unreadable.
 */
int plan_set_kernel_limits(struct kexec_plan *plan, long kernel_arch,
			   const char *sysfs_kernel, struct kj_error *err);

#endif
