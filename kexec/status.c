// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "kjump/file.h"
#include "status.h"

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
