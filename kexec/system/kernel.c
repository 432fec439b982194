// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the running kernel is and what it takes: its arch, the number of
 * segments kexec_load accepts, the highest destination.  Read before a
 * plan is built; nothing here makes a system call of its own.
 */
#include <errno.h>
#include <stdio.h>
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

void kernel_lockdown_mode(const char *sysfs_kernel, char *mode, size_t len)
{
	char path[512], line[128];
	const char *open_bracket, *close_bracket;
	FILE *f;

	snprintf(mode, len, "none");
	if (snprintf(path, sizeof(path), "%s/security/lockdown", sysfs_kernel) >=
	    (int)sizeof(path))
		return;
	f = fopen(path, "re");
	if (!f)
		return;
	if (fgets(line, sizeof(line), f)) {
		open_bracket = strchr(line, '[');
		close_bracket = open_bracket ? strchr(open_bracket, ']') : NULL;
		if (close_bracket && close_bracket > open_bracket + 1)
			snprintf(mode, len, "%.*s", (int)(close_bracket - open_bracket - 1),
				 open_bracket + 1);
	}
	fclose(f);
}

bool kernel_locked_down(const char *mode)
{
	return strcmp(mode, "none") != 0;
}

int kernel_crash_elfcorehdr_size(const char *sysfs_kernel, uint64_t *size,
				 struct kj_error *err)
{
	char path[512];
	unsigned long long value = 0;
	FILE *f;
	int n = 0;

	snprintf(path, sizeof(path), "%s/crash_elfcorehdr_size", sysfs_kernel);
	f = fopen(path, "re");
	if (f) {
		n = fscanf(f, "%llu", &value);
		fclose(f);
	}
	if (n != 1 || value == 0 || value > (64ull << 20))
		return kj_fail(err, "--hotplug: the kernel cannot update a crash kernel's core "
			       "header (no %s: it needs CONFIG_CRASH_HOTPLUG, Linux 6.6+)", path);
	*size = value;
	return 0;
}
