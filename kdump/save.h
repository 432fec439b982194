/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kdump save: copy a core, leaving out pages that carry nothing
 * (all-zero pages, pages the crashed kernel had free), optionally
 * compressing the whole output.
 */
#ifndef KDUMP_SAVE_H
#define KDUMP_SAVE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "kjump/codec.h"
#include "kjump/error.h"

/* Program headers above this make short excluded runs stay in the file. */
#define SAVE_MAX_PHDRS (1U << 20)

struct save_options {
	const char *in, *out;
	bool exclude_zero, exclude_free;
	enum kj_compression compress;
	const char *tmpdir;		/* for expanding a compressed input */
	FILE *progress;			/* stderr, or NULL for no bar */
	uint64_t max_phdrs;		/* 0: SAVE_MAX_PHDRS */
	/* A hibernation image (kjump/resume.h): add the resume record. */
	bool resume;
	uint64_t resume_entry;		/* A's jump-back entry */
	const char *boot_id;		/* A's boot id, or NULL */
};

struct save_stats {
	uint64_t pages_kept, pages_zero, pages_free;
	uint64_t pages_unsplit;		/* excluded pages kept to bound the headers */
	uint64_t absent_bytes;		/* input zero tails (memsz > filesz) */
	uint64_t memory_bytes;		/* sum of PT_LOAD memsz */
	uint64_t bytes_written;		/* the output file's size */
	uint64_t phdrs;
	double seconds;
};

int kdump_save(const struct save_options *o, struct save_stats *st, struct kj_error *err);

/* The one-line summary, without a trailing newline. */
void save_summary(FILE *out, const struct save_options *o, const struct save_stats *st);

#endif
