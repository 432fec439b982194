/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unified Kernel Images (the UAPI group's UKI specification): a PE/COFF
 * file, normally systemd-stub, carrying the kernel in its .linux
 * section, and optionally an initrd (.initrd) and a command line
 * (.cmdline), besides sections kjump does not use (.osrel, .uname,
 * .sbat, .splash, .dtb...).  kexec -t uki loads the pieces with the
 * bzImage loader; kexec_file_load hands .linux and .initrd to the
 * kernel (as memfds).
 */
#ifndef KJUMP_UKI_H
#define KJUMP_UKI_H

#include <stdbool.h>

#include "kjump/error.h"
#include "kjump/file.h"

/*
 * The pieces of a UKI.  Each blob points into the image (mapped is 0:
 * never kj_blob_free() them) and lives as long as the image does.
 */
struct uki_parts {
	struct kj_blob kernel;		/* .linux, never empty */
	struct kj_blob initrd;		/* .initrd */
	struct kj_blob cmdline;		/* .cmdline, up to its first NUL, trailing
					 * blanks and newlines removed; not a C string */
	bool has_initrd, has_cmdline;
};

/*
 * Find the pieces of IMAGE: a PE file with one .linux section (and at
 * most one .initrd and one .cmdline), every section inside the file.
 * Anything else fails with one line saying why.
 */
int uki_extract(const struct kj_blob *image, struct uki_parts *out, struct kj_error *err);

#endif
