/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * All or nothing: the output is written to a temporary file next to
 * the final path (mode 0600: a core holds every secret the machine
 * had), fsynced and renamed over it.  Until then the final path is
 * untouched; a failure, SIGINT, SIGTERM or SIGHUP removes the
 * temporary file.  A block device is the exception: it is written in
 * place (tmp_path NULL) and only fsynced.
 */
#ifndef KDUMP_OUTFILE_H
#define KDUMP_OUTFILE_H

#include "kjump/error.h"

struct outfile {
	char *path;		/* the final name */
	char *tmp_path;
	char *dir;
	int fd;
};

int outfile_create(struct outfile *o, const char *path, struct kj_error *err);
/* fsync, rename over the final path, fsync the directory. */
int outfile_commit(struct outfile *o, struct kj_error *err);
/* Remove the temporary file (after a failure); safe to call twice. */
void outfile_abort(struct outfile *o);

#endif
