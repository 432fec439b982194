/* SPDX-License-Identifier: GPL-2.0-only */
/* kexec -e: start the loaded image (and, with kexec jump, come back). */
#ifndef KJUMP_EXEC_H
#define KJUMP_EXEC_H

#include <stdbool.h>
#include <stdio.h>

#include "kjump/error.h"

struct exec_request {
	bool sync;		/* sync file systems first */
	bool ifdown;		/* bring network interfaces down first */
	bool dry_run;		/* say what would happen, do nothing */
	bool debug;
	const char *sysfs_kernel;	/* normally /sys/kernel */
	const char *sysfs_net;		/* normally /sys/class/net */
	const char *run_dir;		/* normally /run/kjump (loadrecord.h) */
};

/*
 * Returns 0 when a preserve-context image jumped back (a normal image
 * never returns), -1 with ERR otherwise.  Interfaces taken down are
 * brought back up after a jump back; with DEBUG, a line on stderr says
 * which image came back (from the load record) and after how long.
 */
int kexec_exec(const struct exec_request *req, FILE *out, struct kj_error *err);

#endif
