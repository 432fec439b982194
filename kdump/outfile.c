// SPDX-License-Identifier: GPL-2.0-only
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kjump/compiler.h"
#include "kjump/file.h"

#include "outfile.h"

/* The temporary file a signal handler must remove (one save at a time). */
static char *volatile pending_tmp;
static const int cleanup_signals[] = { SIGINT, SIGTERM, SIGHUP };
static struct sigaction saved_actions[ARRAY_SIZE(cleanup_signals)];

static void on_signal(int sig)
{
	char *p = pending_tmp;

	if (p)
		unlink(p);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void guard(char *tmp_path)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	pending_tmp = tmp_path;
	for (size_t i = 0; i < ARRAY_SIZE(cleanup_signals); i++)
		sigaction(cleanup_signals[i], &sa, &saved_actions[i]);
}

static void unguard(void)
{
	if (!pending_tmp)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(cleanup_signals); i++)
		sigaction(cleanup_signals[i], &saved_actions[i], NULL);
	pending_tmp = NULL;
}

/*
 * A block device (a partition or disk set aside for dumps, as a
 * capture kernel without a file system would use) is written in place:
 * there is nothing to rename.  The core is self-describing, so what
 * follows it on the device does not matter.
 */
static int open_block_device(struct outfile *o, const char *path, struct kj_error *err)
{
	o->path = strdup(path);
	if (!o->path)
		return kj_fail(err, "out of memory");
	o->fd = open(path, O_WRONLY | O_CLOEXEC);
	if (o->fd < 0) {
		kj_fail_errno(err, errno, "cannot open %s", path);
		outfile_abort(o);
		return -1;
	}
	return 0;
}

static int open_temp_file(struct outfile *o, const char *path, struct kj_error *err);

/*
 * What exists at PATH decides how it is written: nothing or a regular
 * file, atomically through a temporary file renamed over it; a block
 * device, in place.  Anything else (a character device such as
 * /dev/null, a FIFO, a socket, a directory) is refused: a rename would
 * replace the node itself.  A symbolic link is followed, so the file it
 * names is replaced, never the link.  *TARGET is the path to write (a
 * malloc'd copy, NULL when there is nothing to resolve).
 */
static int check_target(const char *path, struct stat *st, char **target, struct kj_error *err)
{
	*target = NULL;
	if (lstat(path, st) < 0)
		return errno == ENOENT ? 0 : kj_fail_errno(err, errno, "cannot stat %s", path);
	if (S_ISLNK(st->st_mode)) {
		if (stat(path, st) < 0)
			return errno == ENOENT ? kj_fail(err, "%s is a dangling symbolic link", path)
					       : kj_fail_errno(err, errno, "cannot stat %s", path);
		*target = realpath(path, NULL);
		if (!*target)
			return kj_fail_errno(err, errno, "cannot resolve %s", path);
	}
	if (S_ISREG(st->st_mode) || S_ISBLK(st->st_mode))
		return 0;
	free(*target);
	*target = NULL;
	if (S_ISDIR(st->st_mode))
		return kj_fail(err, "%s is a directory", path);
	return kj_fail(err, "%s is %s: kdump writes to a regular file or a block device",
		       path, kj_file_kind(st->st_mode));
}

int outfile_create(struct outfile *o, const char *path, struct kj_error *err)
{
	struct stat st = { 0 };
	char *target;
	int rc;

	memset(o, 0, sizeof(*o));
	o->fd = -1;
	if (check_target(path, &st, &target, err) < 0)
		return -1;
	if (target)
		path = target;
	rc = S_ISBLK(st.st_mode) ? open_block_device(o, path, err) : open_temp_file(o, path, err);
	free(target);
	return rc;
}

/* A new file beside PATH, renamed over it by outfile_commit(). */
static int open_temp_file(struct outfile *o, const char *path, struct kj_error *err)
{
	char *copy, *base;

	copy = strdup(path);
	o->path = strdup(path);
	o->dir = strdup(dirname(copy));
	free(copy);
	copy = strdup(path);
	base = copy ? basename(copy) : NULL;
	if (!o->path || !o->dir || !base ||
	    asprintf(&o->tmp_path, "%s/.%s.kdump-XXXXXX", o->dir, base) < 0) {
		free(copy);
		o->tmp_path = NULL;
		outfile_abort(o);
		return kj_fail(err, "out of memory");
	}
	free(copy);
	o->fd = mkostemp(o->tmp_path, O_CLOEXEC);
	if (o->fd < 0) {
		kj_fail_errno(err, errno, "cannot create a file in %s", o->dir);
		free(o->tmp_path);
		o->tmp_path = NULL;
		outfile_abort(o);
		return -1;
	}
	guard(o->tmp_path);
	return 0;
}

int outfile_commit(struct outfile *o, struct kj_error *err)
{
	int dfd;

	if (fsync(o->fd) < 0)
		return kj_fail_errno(err, errno, "cannot write %s", o->path);
	if (close(o->fd) < 0) {
		o->fd = -1;
		return kj_fail_errno(err, errno, "cannot write %s", o->path);
	}
	o->fd = -1;
	if (!o->tmp_path) {		/* a block device: written in place */
		outfile_abort(o);
		return 0;
	}
	if (rename(o->tmp_path, o->path) < 0)
		return kj_fail_errno(err, errno, "cannot rename %s to %s", o->tmp_path, o->path);
	unguard();
	free(o->tmp_path);
	o->tmp_path = NULL;
	/* Make the rename itself durable. */
	dfd = open(o->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	outfile_abort(o);
	return 0;
}

void outfile_abort(struct outfile *o)
{
	if (o->fd >= 0)
		close(o->fd);
	o->fd = -1;
	if (o->tmp_path) {
		unlink(o->tmp_path);
		unguard();
		free(o->tmp_path);
		o->tmp_path = NULL;
	}
	free(o->path);
	free(o->dir);
	o->path = NULL;
	o->dir = NULL;
}
