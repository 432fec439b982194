/* SPDX-License-Identifier: GPL-2.0-only */
/* What /sys/kernel says about kexec: is an image loaded (kexec -S), and
 * how many segments kexec_load accepts. */
#ifndef KJUMP_STATUS_H
#define KJUMP_STATUS_H

#include <stdbool.h>
#include <stddef.h>

#include "kjump/error.h"

/*
 * Read SYSFS_KERNEL_DIR/kexec_loaded (or kexec_crash_loaded when
 * CRASH) into *LOADED.  A missing file means a kernel without kexec.
 */
int kexec_status(const char *sysfs_kernel_dir, bool crash, bool *loaded,
		 struct kj_error *err);

/*
 * The most segments kexec_load accepts, into *MAX: the number in
 * SYSFS_KERNEL_DIR/kexec_segment_max (kernels with kjump's patch 0005),
 * or KEXEC_STOCK_SEGMENT_MAX (16) when that file does not exist.
 */
int kexec_segment_max(const char *sysfs_kernel_dir, size_t *max,
		      struct kj_error *err);

#endif
