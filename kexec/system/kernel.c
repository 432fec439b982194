// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the running kernel is and what it takes: its arch, the number of
 * segments kexec_load accepts, the highest destination.  Read before a
 * plan is built; nothing here makes a system call of its own.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/utsname.h>

#include "system/kernel.h"
#include "system/status.h"

const struct kexec_arch *running_kernel_arch(struct kj_error *err)
{
	struct utsname u;

	if (uname(&u) < 0) {
		kj_fail_errno(err, errno, "uname");
		return NULL;
	}
	return arch_from_machine(u.machine, err);
}

int kernel_set_plan_limits(struct kexec_plan *plan, const struct kexec_arch *arch,
			   const char *sysfs_kernel, struct kj_error *err)
{
	if (arch->dest_limit)
		plan->dest_limit = arch->dest_limit;
	/* A 32-bit kexec cannot even name a destination above 4 GiB. */
	if (sizeof(void *) == 4 && plan->dest_limit > (1ull << 32))
		plan->dest_limit = 1ull << 32;
	/* Stock kernels take 16 segments; kjump's patch 0005 raises that
	 * and says so in /sys/kernel/kexec_segment_max.  kexec_file_load
	 * builds its own segments and keeps 16. */
	if (plan->syscall == PLAN_KEXEC_LOAD)
		return kexec_segment_max(sysfs_kernel, &plan->max_segments, err);
	return 0;
}
