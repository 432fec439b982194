// SPDX-License-Identifier: GPL-2.0-only
/*
 * A main() for a fuzz target built without libFuzzer (any compiler):
 * feeds files to LLVMFuzzerTestOneInput(), as libFuzzer does when it
 * is given files, and reports one TAP result.
 *
 *   replay-TARGET               every file in $KJUMP_SRCDIR/tests/fuzz/regress/TARGET
 *                               (what make check runs)
 *   replay-TARGET PATH...       those files, or every file in those directories
 *
 * TARGET is the program's name after "replay-".  An input that makes
 * the target crash, or a sanitizer report, ends the process with a
 * failure status; the last "# replaying" line names the input.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* A malloc'd A B C, or NULL. */
static char *join(const char *a, const char *b, const char *c)
{
	size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
	char *s = malloc(la + lb + lc + 1);

	if (s) {
		memcpy(s, a, la);
		memcpy(s + la, b, lb);
		memcpy(s + la + lb, c, lc + 1);
	}
	return s;
}

static int not_hidden(const struct dirent *de)
{
	return de->d_name[0] != '.';
}

/* The whole file, in a buffer of exactly its size (ASan sees overreads). */
static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *data = NULL;
	long size;

	printf("# replaying %s\n", path);
	fflush(stdout);
	if (!f || fseek(f, 0, SEEK_END) < 0 || (size = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) < 0 || !(data = malloc(size ? (size_t)size : 1)) ||
	    fread(data, 1, (size_t)size, f) != (size_t)size) {
		printf("# cannot read %s\n", path);
		free(data);
		if (f)
			fclose(f);
		return -1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(data, (size_t)size);
	free(data);
	return 0;
}

/* PATH, or every file in it when it is a directory; returns the count or -1. */
static long replay_path(const char *path)
{
	struct dirent **names;
	struct stat st;
	long count = 0;
	int n;

	if (stat(path, &st) < 0) {
		printf("# cannot find %s\n", path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return replay_file(path) < 0 ? -1 : 1;
	n = scandir(path, &names, not_hidden, alphasort);
	if (n < 0) {
		printf("# cannot list %s\n", path);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		char *file = join(path, "/", names[i]->d_name);

		if (file) {
			if (count >= 0)
				count = replay_file(file) < 0 ? -1 : count + 1;
			free(file);
		}
		free(names[i]);
	}
	free(names);
	return count;
}

int main(int argc, char **argv)
{
	const char *base = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	const char *target = strncmp(base, "replay-", 7) == 0 ? base + 7 : base;
	const char *srcdir = getenv("KJUMP_SRCDIR");
	char *dir = NULL;
	long total = 0;

	printf("1..1\n");
	LLVMFuzzerInitialize(&argc, &argv);
	if (argc < 2) {
		if (!srcdir) {
			printf("not ok 1 - %s: KJUMP_SRCDIR is not set (run through make check)\n",
			       target);
			return 1;
		}
		dir = join(srcdir, "/tests/fuzz/regress/", target);
		if (!dir)
			return 1;
		total = replay_path(dir);
	}
	for (int i = 1; i < argc && total >= 0; i++) {
		long n = replay_path(argv[i]);

		total = n < 0 ? -1 : total + n;
	}
	if (total > 0)
		printf("ok 1 - %s: %ld inputs replayed\n", target, total);
	else
		printf("not ok 1 - %s: %s\n", target, total < 0 ? "unreadable input" : "no inputs");
	free(dir);
	return total > 0 ? 0 : 1;
}
