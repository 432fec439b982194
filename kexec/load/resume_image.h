/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kexec --resume: load a hibernation image (kdump save --resume-entry,
 * include/kjump/resume.h) so that kexec -e returns into the kernel
 * that made it (doc/hibernation.md).
 *
 * The image is mapped, not read: its PT_LOADs become segments pointing
 * into the mapping, loaded at their physical addresses with
 * KEXEC_PRESERVE_CONTEXT and no arguments, entered at A's jump-back
 * entry - to A, the resuming kernel looks like its kernel B jumping
 * back.
 */
#ifndef KJUMP_RESUME_IMAGE_H
#define KJUMP_RESUME_IMAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "kjump/elfcore.h"
#include "kjump/error.h"
#include "kjump/resume.h"
#include "plan/plan.h"
#include "system/memmap.h"

struct resume_image {
	const char *path;
	int fd;
	uint8_t *map;
	uint64_t map_size;
	struct elfcore_ehdr eh;		/* the image's headers, read once */
	struct elfcore_phdr *phs;
	struct resume_record record;
	uint64_t desc_at;		/* the record's descriptor, file offset */
	/* Merged segments' buffers (to fit the kernel's segment limit). */
	void **merged;
	size_t nr_merged;
	uint64_t merged_extra;		/* bytes of zeros loaded to merge */
};

/* What the resuming system expects of an image. */
struct resume_expect {
	const char *release;	/* the running kernel's release */
	const char *boot_id;	/* NULL, or the boot the image must come from */
};

/*
 * Open PATH (a file or a block device) with OPEN_FLAGS, read its headers
 * and find its resume record; *SIZE is the file's or device's size.  No
 * check beyond the record's presence.
 */
int resume_image_find(struct resume_image *ri, const char *path, int open_flags,
		      uint64_t *size, struct kj_error *err);

/*
 * Open PATH and check its record: a ready image, made by the running
 * kernel release and (if EXPECT->boot_id) by that boot, complete, and
 * matching its SHA-256.
 */
int resume_image_open(struct resume_image *ri, const char *path,
		      const struct resume_expect *expect, struct kj_error *err);

/*
 * The plan: every PT_LOAD but the x86_64 kernel-image alias, at its
 * physical address; ranges merged when more than plan->max_segments,
 * across gaps of System RAM only (the gap is loaded as zeros).  Memory
 * outside MAP's System RAM is refused before anything is merged or
 * hashed, so the work is bounded by this machine's RAM, whatever the
 * image claims.
 */
int resume_image_plan(struct resume_image *ri, const struct memory_map *map,
		      struct kexec_plan *plan, struct kj_error *err);

/* After a successful load: the image is used, never to be resumed again. */
int resume_image_mark_used(struct resume_image *ri, struct kj_error *err);

/*
 * kexec --discard-image: mark PATH used without loading it, whatever
 * else is wrong with it, so that it can never be resumed.  *WAS_USED
 * says it already was.
 */
int resume_image_discard(const char *path, bool *was_used, struct kj_error *err);

void resume_image_close(struct resume_image *ri);

#endif
