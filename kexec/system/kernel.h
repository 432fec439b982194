/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The running kernel: its arch and its limits for a load.
 */
#ifndef KJUMP_SYSTEM_KERNEL_H
#define KJUMP_SYSTEM_KERNEL_H

#include <stdbool.h>
#include <stddef.h>

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

/*
 * The lockdown LSM's state, from SYSFS_KERNEL/security/lockdown ("none
 * [integrity] confidentiality": the bracketed word is the current one,
 * security/lockdown/lockdown.c): "none", "integrity" or
 * "confidentiality" in MODE.  No file (no securityfs, no lockdown LSM)
 * is "none".  A locked-down kernel refuses kexec_load outright and
 * takes kexec_file_load only for an image it verified
 * (LOCKDOWN_KEXEC, kernel/kexec.c and kexec_file.c).
 */
void kernel_lockdown_mode(const char *sysfs_kernel, char *mode, size_t len);

/*
 * kexec --hotplug: how large the crash kernel's ELF core header may
 * grow as CPUs and memory come and go, from
 * SYSFS_KERNEL/crash_elfcorehdr_size (CONFIG_CRASH_HOTPLUG, 6.6+).
 */
int kernel_crash_elfcorehdr_size(const char *sysfs_kernel, uint64_t *size,
				 struct kj_error *err);

/* MODE (from kernel_lockdown_mode()) means the kernel is locked down. */
bool kernel_locked_down(const char *mode);

#endif
