/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reading an ELF core's headers and notes: the one reader behind kdump
 * (any core: /proc/vmcore, saved or compressed files) and kexec --resume
 * (hibernation images).  The file is never read whole: a core is as
 * large as the memory it describes.  What is read is checked before use
 * (include/kjump/elfcore.h: elfcore_check_phdrs()), and bounded, so that
 * a hostile file cannot make the reader allocate without limit.
 */
#ifndef KJUMP_ELFCORE_READ_H
#define KJUMP_ELFCORE_READ_H

#include <stddef.h>
#include <stdint.h>

#include "kjump/elfcore.h"
#include "kjump/error.h"

/* Exactly LEN bytes at file offset OFF into BUF, or -1 with a message. */
typedef int (*elfcore_read_fn)(void *ctx, void *buf, size_t len, uint64_t off,
			       struct kj_error *err);

struct elfcore_source {
	const char *path;		/* the file, as messages name it */
	uint64_t size;			/* its length in bytes */
	elfcore_read_fn read;
	void *ctx;			/* for READ */
	const char *reader;		/* "kdump", "kexec": who refuses, in messages */
	uint64_t max_phdr_bytes;	/* the most program header table to read */
	uint64_t max_note_bytes;	/* the most PT_NOTE bytes to read, together */
};

struct elfcore_file {
	struct elfcore_ehdr eh;
	struct elfcore_phdr *ph;	/* eh.phnum program headers, checked */
	uint8_t *notes;			/* every PT_NOTE's bytes, in header order */
	uint64_t notes_len;
};

/*
 * Read the ELF header (and section header 0 for PN_XNUM), the program
 * headers and the notes of SRC into *F.  Refuses a file shorter than an
 * ELF identification, tables past the end of the file or the limits,
 * segment data overlapping the headers or each other, and what else
 * elfcore_check_phdrs() refuses.  Free *F with elfcore_file_free().
 */
int elfcore_read(const struct elfcore_source *src, struct elfcore_file *f,
		 struct kj_error *err);
void elfcore_file_free(struct elfcore_file *f);

/* A walk through every note of a file read by elfcore_read(). */
struct elfcore_note_iter {
	const struct elfcore_file *f;
	size_t seg;		/* the program header being walked */
	uint64_t seg_at;	/* where its bytes start in f->notes */
	size_t pos;		/* the next note's place in them */
};

void elfcore_note_iter_init(struct elfcore_note_iter *it, const struct elfcore_file *f);

/*
 * The next note, PT_NOTE after PT_NOTE (each is a sequence of notes of
 * its own, ended by its end or by an all-zero header): 1 with *NOTE
 * and, when DESC_AT is not NULL, the file offset of its descriptor; 0
 * after the last note; -1 for a note whose sizes run past its segment.
 */
int elfcore_note_iter_next(struct elfcore_note_iter *it, struct elfcore_note *note,
			   uint64_t *desc_at, struct kj_error *err);

#endif
