// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kjump/file.h"
#include "system/loadrecord.h"

static int record_path(const char *dir, char *path, size_t size, struct kj_error *err)
{
	int n = snprintf(path, size, "%s/%s", dir, LOAD_RECORD_FILE);

	if (n < 0 || (size_t)n >= size)
		return kj_fail(err, "%s: path too long", dir);
	return 0;
}

/* Values are single lines: a newline in a file name would end the value. */
static void copy_line(char *dst, size_t size, const char *src)
{
	size_t n = strcspn(src, "\n");

	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

int load_record_write(const char *dir, const struct load_record *rec,
		      struct kj_error *err)
{
	char path[512], tmp[520];
	FILE *f;

	if (record_path(dir, path, sizeof(path), err) < 0)
		return -1;
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return kj_fail_errno(err, errno, "cannot create %s", dir);
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	f = fopen(tmp, "we");
	if (!f)
		return kj_fail_errno(err, errno, "cannot write %s", tmp);
	fprintf(f, "what %.*s\nimage %.*s\nentry 0x%" PRIx64 "\n",
		(int)strcspn(rec->what, "\n"), rec->what,
		(int)strcspn(rec->image, "\n"), rec->image, rec->entry);
	if (fclose(f) != 0 || rename(tmp, path) < 0) {
		int e = errno;

		unlink(tmp);
		return kj_fail_errno(err, e, "cannot write %s", path);
	}
	return 0;
}

int load_record_read(const char *dir, struct load_record *rec, struct kj_error *err)
{
	char path[512];
	struct kj_blob blob;
	bool have_what = false, have_entry = false;
	char *line, *save = NULL;

	if (record_path(dir, path, sizeof(path), err) < 0 ||
	    kj_read_file(path, 4096, &blob, err) < 0)
		return -1;
	memset(rec, 0, sizeof(*rec));
	strcpy(rec->image, "-");
	for (line = strtok_r((char *)blob.data, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "what ", 5) == 0) {
			copy_line(rec->what, sizeof(rec->what), line + 5);
			have_what = rec->what[0] != '\0';
		} else if (strncmp(line, "image ", 6) == 0) {
			copy_line(rec->image, sizeof(rec->image), line + 6);
		} else if (strncmp(line, "entry ", 6) == 0) {
			char *end;

			errno = 0;
			rec->entry = strtoull(line + 6, &end, 0);
			have_entry = errno == 0 && end != line + 6 && *end == '\0';
		}
	}
	kj_blob_free(&blob);
	if (!have_what || !have_entry)
		return kj_fail(err, "%s: not a kjump load record", path);
	return 0;
}

void load_record_remove(const char *dir)
{
	char path[512];
	struct kj_error ignored = { 0 };

	if (record_path(dir, path, sizeof(path), &ignored) == 0)
		unlink(path);
}
