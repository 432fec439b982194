/* SPDX-License-Identifier: GPL-2.0-only */
/* The kdump command line: a command and its options. */
#ifndef KDUMP_OPTIONS_H
#define KDUMP_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "kjump/codec.h"
#include "kjump/error.h"

enum kdump_command {
	CMD_NONE,
	CMD_HELP,
	CMD_VERSION,
	CMD_SAVE,
	CMD_INFO,
	CMD_DMESG,
};

struct kdump_options {
	enum kdump_command cmd;
	const char *in, *out;
	/* save */
	bool exclude_zero, exclude_free, quiet;
	enum kj_compression compress;
	bool resume;			/* --resume-entry */
	uint64_t resume_entry;
	const char *boot_id;
	/* info */
	bool json, vmcoreinfo;
	/* all: where a compressed input is expanded */
	const char *tmpdir;
};

int kdump_options_parse(int argc, char **argv, struct kdump_options *opt,
			struct kj_error *err);
void kdump_usage(FILE *out);

#endif
