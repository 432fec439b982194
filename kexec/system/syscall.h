/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The only code in kjump that calls kexec_load, kexec_file_load or
 * reboot(LINUX_REBOOT_CMD_KEXEC).  Everything else builds and checks
 * plans.  With KJUMP_FORBID_SYSCALLS set in the environment every
 * function here refuses before reaching the kernel: the test suite sets
 * it so that no bug can kexec the development host.
 */
#ifndef KJUMP_SYSCALL_H
#define KJUMP_SYSCALL_H

#include <stdbool.h>

#include "kjump/error.h"
#include "load/request.h"
#include "plan/plan.h"

/*
 * Can this process's threads wait for each other on the running kernel
 * (plan_digest() hashes on worker threads only where they can)?
 */
bool kexec_threads_can_wait(void);

/*
 * Hand a checked plan to the kernel: 0, or -1 with ERR set, or
 * KEXEC_SUBMIT_CANNOT for a kexec_file_load the kernel could not do
 * (ENOSYS, EINVAL, ENOEXEC, EOPNOTSUPP: no such call, or an image its
 * loader does not take), where the default (-a) falls back to
 * kexec_load.  A refusal (EPERM, a rejected signature) is -1: it never
 * falls back, since kexec_load would go around the kernel's check.
 */
#define KEXEC_SUBMIT_CANNOT (-2)
int kexec_submit(const struct kexec_plan *plan, struct kj_error *err);

/*
 * Unload the normal or crash image.  SYSCALL_AUTO tries kexec_file_load
 * and falls back to kexec_load where the kernel lacks it (i386,
 * !CONFIG_KEXEC_FILE); either unloads an image loaded by the other.
 */
int kexec_unload(bool crash, enum syscall_choice via, long kernel_arch,
		 struct kj_error *err);

/*
 * reboot(LINUX_REBOOT_CMD_KEXEC).  Does not return for a normal image.
 * For a preserve-context image it returns 0 once the image has jumped
 * back; -1 with ERR when the kernel refused.
 */
int kexec_reboot(struct kj_error *err);

#endif
