// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kjump/file.h"
#include "plan/plan.h"
#include "system/status.h"

int kexec_status(const char *sysfs_kernel_dir, bool crash, bool *loaded,
		 struct kj_error *err)
{
	const char *file = crash ? "kexec_crash_loaded" : "kexec_loaded";
	char path[512];
	struct kj_blob blob;
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", sysfs_kernel_dir, file);
	if (stat(path, &st) < 0 && errno == ENOENT)
		return kj_fail(err, "%s is missing: the running kernel has no kexec "
			       "support (CONFIG_KEXEC%s)", path, crash ? ", CONFIG_CRASH_DUMP" : "");
	if (kj_read_file(path, 64, &blob, err) < 0)
		return -1;
	if (blob.size == 0 || (blob.data[0] != '0' && blob.data[0] != '1')) {
		kj_blob_free(&blob);
		return kj_fail(err, "%s: expected 0 or 1", path);
	}
	*loaded = blob.data[0] == '1';
	kj_blob_free(&blob);
	return 0;
}

int kexec_segment_max(const char *sysfs_kernel_dir, size_t *max,
		      struct kj_error *err)
{
	char path[512], *end;
	struct kj_blob blob;
	unsigned long long v;
	struct stat st;

	snprintf(path, sizeof(path), "%s/kexec_segment_max", sysfs_kernel_dir);
	if (stat(path, &st) < 0 && errno == ENOENT) {
		/* A stock kernel: struct kimage holds 16 segments. */
		*max = KEXEC_STOCK_SEGMENT_MAX;
		return 0;
	}
	if (kj_read_file(path, 64, &blob, err) < 0)
		return -1;
	errno = 0;
	v = strtoull((const char *)blob.data, &end, 10);
	if (blob.data[0] < '0' || blob.data[0] > '9' || errno ||
	    (*end && strcmp(end, "\n") != 0) || v == 0) {
		kj_blob_free(&blob);
		return kj_fail(err, "%s: expected a number of segments", path);
	}
	kj_blob_free(&blob);
	*max = v > SIZE_MAX ? SIZE_MAX : (size_t)v;
	return 0;
}
