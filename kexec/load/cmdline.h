/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The new kernel's command line (load_cmdline() in load/image.h builds
 * it for a load).
 */
#ifndef KJUMP_LOAD_CMDLINE_H
#define KJUMP_LOAD_CMDLINE_H

#include <stdbool.h>

#include "kjump/error.h"

/* /proc/cmdline is at most a page on every arch; this is ample. */
#define CMDLINE_PROC_MAX_BYTES	(64 * 1024)

/*
 * --reuse-cmdline takes the running kernel's line (PROC_CMDLINE_TEXT)
 * minus parameters that belong to the old boot only (and crashkernel=
 * for a CRASH kernel), then --append, then EXTRA (parameters kexec
 * adds, such as elfcorehdr=).  Returns a malloc'd string.
 */
char *cmdline_build(const char *proc_cmdline_text, bool reuse, const char *append,
		    const char *extra, bool crash, struct kj_error *err);

#endif
