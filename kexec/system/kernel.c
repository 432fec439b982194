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

long running_kernel_arch(struct kj_error *err)
{
	struct utsname u;

	if (uname(&u) < 0)
		return kj_fail_errno(err, errno, "uname");
	/* A 32-bit kexec on a 64-bit kernel still sees "x86_64" here,
	 * and the kernel wants its own arch in the flags. */
	if (strcmp(u.machine, "x86_64") == 0)
		return KEXEC_ARCH_X86_64;
	if (u.machine[0] == 'i' && strcmp(u.machine + 2, "86") == 0)
		return KEXEC_ARCH_386;
	return kj_fail(err, "unsupported machine \"%s\": kjump is for x86", u.machine);
}

int plan_set_kernel_limits(struct kexec_plan *plan, long kernel_arch,
			   const char *sysfs_kernel, struct kj_error *err)
{
	/* KEXEC_DESTINATION_MEMORY_LIMIT in arch/x86/include/asm/kexec.h:
	 * TASK_SIZE (3 GiB with the default split) on i386. */
	if (kernel_arch == KEXEC_ARCH_386)
		plan->dest_limit = 0xc0000000ull;
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
