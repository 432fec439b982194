/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The resume record of a hibernation image (doc/hibernation.md).
 *
 * kdump save --resume-entry writes A's memory image as an ELF core with
 * one more note, "KJUMP" type KJUMP_NOTE_RESUME, holding what a later
 * boot needs to return into A: A's jump-back entry, its kernel release
 * and boot id, the image's length and a SHA-256 of the image.  kexec
 * --resume checks the record, loads the image and flips its state to
 * used, so that an image is never resumed twice.
 *
 * The digest covers the image's first image_bytes bytes (a block device
 * is longer than the image) with the state and digest fields read as
 * zero, so that marking the image used does not invalidate it and the
 * digest can be written last.  Descriptor layout, little-endian:
 *     0  magic "KJRESUME"      8  version (1)     12  state
 *    16  entry                24  image_bytes
 *    32  release (80 bytes, NUL-padded)  112  boot_id (48 bytes)
 *   160  SHA-256 (32 bytes)   192  end
 */
#ifndef KJUMP_RESUME_H
#define KJUMP_RESUME_H

#include <stddef.h>
#include <stdint.h>

#include "kjump/error.h"
#include "kjump/sha256.h"

#define RESUME_NOTE_NAME	"KJUMP"
#define KJUMP_NOTE_RESUME	0x4b4a0001u
#define RESUME_DESC_SIZE	192
#define RESUME_STATE_OFFSET	12	/* within the descriptor */
#define RESUME_DIGEST_OFFSET	160
#define RESUME_RELEASE_MAX	80
#define RESUME_BOOT_ID_MAX	48

enum resume_state {
	RESUME_READY = 0x59444552,	/* "REDY" */
	RESUME_USED = 0x44455355,	/* "USED" */
};

struct resume_record {
	uint32_t state;
	uint64_t entry;
	uint64_t image_bytes;
	char release[RESUME_RELEASE_MAX];
	char boot_id[RESUME_BOOT_ID_MAX];
	uint8_t sha256[SHA256_DIGEST_SIZE];
};

/* The whole note's size, and where its descriptor starts in it. */
size_t resume_note_size(void);
size_t resume_note_desc_offset(void);

/* Encode R as a complete note into BUF (resume_note_size() bytes). */
void resume_put_note(void *buf, const struct resume_record *r);

/* Decode a KJUMP_NOTE_RESUME descriptor. */
int resume_parse_desc(const void *desc, size_t len, struct resume_record *r,
		      struct kj_error *err);

/*
 * Hash LEN bytes of the image found at file offset AT, reading the
 * state and digest fields of the descriptor at DESC_AT as zero.
 */
void resume_hash_update(struct sha256_ctx *ctx, const uint8_t *data, size_t len,
			uint64_t at, uint64_t desc_at);

#endif
