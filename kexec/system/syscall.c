// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdio.h>
#include <linux/memfd.h>
#include <linux/futex.h>
#include <linux/reboot.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kjump/io.h"
#include "system/syscall.h"

/* struct kexec_segment from include/uapi/linux/kexec.h. */
struct kernel_segment {
	const void *buf;
	size_t bufsz;
	const void *mem;
	size_t memsz;
};

/*
 * Can threads of this process block on the running kernel?  32-bit
 * glibc waits (pthread_join(), a contended mutex) with the old futex
 * system call, whose timespec is 32-bit; a kernel built without
 * CONFIG_COMPAT_32BIT_TIME (y2038-clean, or tinyconfig) answers ENOSYS
 * and glibc aborts: "The futex facility returned an unexpected error
 * code".  Waking nobody is harmless and tells which it is.
 */
bool kexec_threads_can_wait(void)
{
#if defined(__i386__) && defined(SYS_futex)
	int word = 0;

	if (syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0) < 0 &&
	    errno == ENOSYS)
		return false;
#endif
	return true;
}

static int refuse_if_forbidden(const char *what, struct kj_error *err)
{
	const char *v = getenv("KJUMP_FORBID_SYSCALLS");

	if (v && *v && strcmp(v, "0") != 0)
		return kj_fail(err, "refusing to call %s: KJUMP_FORBID_SYSCALLS is set", what);
	return 0;
}

static int explain_errno(int e, const char *what, struct kj_error *err)
{
	switch (e) {
	case EPERM:
		return kj_fail(err, "%s: not permitted (needs CAP_SYS_BOOT; "
			       "kexec may be disabled by kernel.kexec_load_disabled "
			       "or lockdown)", what);
	case ENOSYS:
		return kj_fail(err, "%s: the running kernel has no kexec support "
			       "(CONFIG_KEXEC)", what);
	case EBUSY:
		return kj_fail(err, "%s: kexec is busy (another load or exec in progress)",
			       what);
	default:
		return kj_fail_errno(err, e, "%s failed", what);
	}
}

static int submit_kexec_load(const struct kexec_plan *plan, struct kj_error *err)
{
	struct kernel_segment *segs;
	long rc;
	int saved;

	segs = calloc(plan->nr_segments, sizeof(*segs));
	if (!segs)
		return kj_fail(err, "out of memory");
	for (size_t i = 0; i < plan->nr_segments; i++) {
		segs[i].buf = plan->segments[i].buf;
		segs[i].bufsz = plan->segments[i].bufsz;
		segs[i].mem = (const void *)(uintptr_t)plan->segments[i].mem;
		segs[i].memsz = plan->segments[i].memsz;
	}
	rc = syscall(SYS_kexec_load, (unsigned long)plan->entry,
		     (unsigned long)plan->nr_segments, segs, plan->flags);
	saved = errno;
	free(segs);
	if (rc == 0)
		return 0;
	/* Stock kernels answer EINVAL to more than 16 segments (plans get
	 * that far only when /sys/kernel/kexec_segment_max allowed more). */
	if (saved == EINVAL && plan->nr_segments > KEXEC_STOCK_SEGMENT_MAX)
		return kj_fail(err, "kexec_load refused the image of %zu segments "
			       "(EINVAL): a stock kernel takes at most %d",
			       plan->nr_segments, KEXEC_STOCK_SEGMENT_MAX);
	/* The kernel answers EINVAL to a flag it does not know: without
	 * CONFIG_KEXEC_JUMP, KEXEC_PRESERVE_CONTEXT is such a flag. */
	if (saved == EINVAL && (plan->flags & KEXEC_PRESERVE_CONTEXT))
		return kj_fail(err, "kexec_load refused the preserve-context image: the "
			       "running kernel lacks CONFIG_KEXEC_JUMP (EINVAL)");
	return explain_errno(saved, "kexec_load", err);
}

/* i386 has no kexec_file_load: neither the native nor the ia32 compat
 * syscall table of an x86_64 kernel defines it. */
static long file_load_syscall(int kernel_fd, int initrd_fd, unsigned long cmdline_len,
			      const char *cmdline, unsigned long flags)
{
#ifdef SYS_kexec_file_load
	return syscall(SYS_kexec_file_load, kernel_fd, initrd_fd, cmdline_len,
		       cmdline, flags);
#else
	errno = ENOSYS;
	return -1;
#endif
}

/* kexec_file_load reads the kernel from a file: the image as kexec read
 * it (decompressed, or taken out of a UKI) goes into an anonymous one,
 * as kexec-tools does; so does an initrd taken out of a UKI. */
static int memfd_of(const char *name, const void *buf, size_t len, struct kj_error *err)
{
	int fd = (int)syscall(SYS_memfd_create, name, MFD_CLOEXEC);

	if (fd < 0)
		return kj_fail_errno(err, errno, "memfd_create");
	if (kj_write_all(fd, buf, len, name, err) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* The names the kernel's answers go by in kexec(8). */
static const char *errno_name(int e)
{
	switch (e) {
	case ENOSYS: return "ENOSYS";
	case EINVAL: return "EINVAL";
	case ENOEXEC: return "ENOEXEC";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case EKEYREJECTED: return "EKEYREJECTED";
	case EBADMSG: return "EBADMSG";
	case ENOKEY: return "ENOKEY";
	case ENOPKG: return "ENOPKG";
	case ELIBBAD: return "ELIBBAD";
	case EMSGSIZE: return "EMSGSIZE";
	case ENODATA: return "ENODATA";
	default: return "?";
	}
}

/* Errors the signature check gives (kexec-tools lists the same). */
static bool signature_rejected(int e)
{
	return e == EKEYREJECTED || e == EBADMSG || e == ENOKEY || e == ENOPKG ||
	       e == ELIBBAD || e == EMSGSIZE || e == ENODATA;
}

static int explain_file_load_errno(int e, const struct kexec_plan *plan, struct kj_error *err)
{
	bool locked = strcmp(plan->lockdown, "none") != 0;

	if (e == ENOSYS || e == EINVAL || e == ENOEXEC || e == EOPNOTSUPP) {
		kj_fail(err, "kexec_file_load: the running kernel cannot load this image "
			"itself (%s)", errno_name(e));
		return KEXEC_SUBMIT_CANNOT;
	}
	if (e == EPERM && locked)
		return kj_fail(err, "kexec_file_load: the kernel is in lockdown (%s) and the "
			       "image is not signed by a key it trusts (EPERM)", plan->lockdown);
	if (signature_rejected(e))
		return kj_fail(err, "kexec_file_load: the kernel rejected the image's signature "
			       "(%s: %s)", errno_name(e),
			       strerror(e));
	if (e == EADDRNOTAVAIL && (plan->file_flags & KEXEC_FILE_ON_CRASH))
		return kj_fail(err, "kexec_file_load: no crash kernel memory is reserved "
			       "(EADDRNOTAVAIL)");
	return explain_errno(e, "kexec_file_load", err);
}

static int submit_file_load(const struct kexec_plan *plan, struct kj_error *err)
{
	const char *cmdline = plan->cmdline ? plan->cmdline : "";
	int kernel_fd = memfd_of("kjump-kernel", plan->file_kernel, plan->file_kernel_size, err);
	int initrd_fd = plan->initrd_fd;
	long rc;
	int saved;

	if (kernel_fd < 0)
		return -1;
	if (initrd_fd < 0 && plan->file_initrd) {
		initrd_fd = memfd_of("kjump-initrd", plan->file_initrd, plan->initrd_size, err);
		if (initrd_fd < 0) {
			close(kernel_fd);
			return -1;
		}
	}
	rc = file_load_syscall(kernel_fd, initrd_fd,
			       (unsigned long)strlen(cmdline) + 1, cmdline, plan->file_flags);
	saved = errno;
	close(kernel_fd);
	if (initrd_fd != plan->initrd_fd)
		close(initrd_fd);
	if (rc == 0)
		return 0;
	return explain_file_load_errno(saved, plan, err);
}

int kexec_submit(const struct kexec_plan *plan, struct kj_error *err)
{
	const char *what = plan->syscall == PLAN_KEXEC_LOAD ? "kexec_load"
							    : "kexec_file_load";

	if (refuse_if_forbidden(what, err) < 0)
		return -1;
	if (plan->syscall == PLAN_KEXEC_LOAD)
		return submit_kexec_load(plan, err);
	return submit_file_load(plan, err);
}

int kexec_unload(bool crash, enum syscall_choice via, long kernel_arch,
		 struct kj_error *err)
{
	long rc;

	if (via != SYSCALL_KEXEC_LOAD) {
		if (refuse_if_forbidden("kexec_file_load", err) < 0)
			return -1;
		rc = file_load_syscall(-1, -1, 0, NULL,
				       KEXEC_FILE_UNLOAD | (crash ? KEXEC_FILE_ON_CRASH : 0));
		if (rc == 0)
			return 0;
		if (via == SYSCALL_FILE_LOAD || errno != ENOSYS)
			return explain_errno(errno, "kexec_file_load (unload)", err);
	}
	if (refuse_if_forbidden("kexec_load", err) < 0)
		return -1;
	/* Zero segments means "unload" (kernel/kexec.c). */
	rc = syscall(SYS_kexec_load, 0UL, 0UL, NULL,
		     (unsigned long)kernel_arch | (crash ? KEXEC_ON_CRASH : 0));
	return rc == 0 ? 0 : explain_errno(errno, "kexec_load (unload)", err);
}

int kexec_reboot(struct kj_error *err)
{
	long rc;

	if (refuse_if_forbidden("reboot(LINUX_REBOOT_CMD_KEXEC)", err) < 0)
		return -1;
	rc = syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2,
		     LINUX_REBOOT_CMD_KEXEC, NULL);
	if (rc == 0)
		return 0;
	if (errno == EINVAL)
		return kj_fail(err, "no kexec image is loaded (load one with kexec -l)");
	return explain_errno(errno, "reboot(LINUX_REBOOT_CMD_KEXEC)", err);
}
