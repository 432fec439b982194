/* SPDX-License-Identifier: GPL-2.0-only */
/* kexec -S: is an image loaded?  Read from /sys/kernel. */
#ifndef KJUMP_STATUS_H
#define KJUMP_STATUS_H

#include <stdbool.h>

#include "kjump/error.h"

/*
 * Read SYSFS_KERNEL_DIR/kexec_loaded (or kexec_crash_loaded when
 * CRASH) into *LOADED.  A missing file means a kernel without kexec.
 */
int kexec_status(const char *sysfs_kernel_dir, bool crash, bool *loaded,
		 struct kj_error *err);

#endif
