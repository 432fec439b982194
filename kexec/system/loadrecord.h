/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What was loaded, remembered across "kexec -l" and "kexec -e".
 *
 * When a preserve-context image jumps back, the kernel returns from
 * reboot() and nothing says which image that was.  kexec -l therefore
 * leaves a small record (a few "key value" lines) in a run-time
 * directory (/run/kjump), and kexec -e --debug reads it to say where it
 * came back from and how long the image ran.  The record is advisory:
 * a missing or unreadable one never makes a load or a jump fail.
 */
#ifndef KJUMP_LOADRECORD_H
#define KJUMP_LOADRECORD_H

#include <stdint.h>

#include "kjump/error.h"

#define LOAD_RECORD_DIR		"/run/kjump"
#define LOAD_RECORD_FILE	"kexec-image"
#define LOAD_RECORD_TEXT_MAX	256

struct load_record {
	char what[64];			/* "kernel B", "physical-mode program", ... */
	char image[LOAD_RECORD_TEXT_MAX];	/* the file loaded, or "-" */
	uint64_t entry;			/* the plan's entry point */
};

/* Write REC to DIR/LOAD_RECORD_FILE (DIR is created); 0 or -1 with ERR. */
int load_record_write(const char *dir, const struct load_record *rec,
		      struct kj_error *err);

/* Read it back; 0, or -1 with ERR when it is absent or malformed. */
int load_record_read(const char *dir, struct load_record *rec, struct kj_error *err);

/* Forget it (after kexec -u); absence is not an error. */
void load_record_remove(const char *dir);

#endif
