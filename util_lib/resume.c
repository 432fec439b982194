// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>

#include "kjump/elfcore.h"
#include "kjump/resume.h"

static const char resume_magic[8] = "KJRESUME";

static void put_le(uint8_t *p, uint64_t v, unsigned int size)
{
	for (unsigned int i = 0; i < size; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get_le(const uint8_t *p, unsigned int size)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < size; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

size_t resume_note_size(void)
{
	return elfcore_note_size(RESUME_NOTE_NAME, RESUME_DESC_SIZE);
}

size_t resume_note_desc_offset(void)
{
	/* namesz, descsz, type, then the name padded to 4 bytes. */
	return 12 + ((sizeof(RESUME_NOTE_NAME) + ELFCORE_NOTE_ALIGN - 1) & ~(size_t)3);
}

void resume_put_note(void *buf, const struct resume_record *r)
{
	uint8_t desc[RESUME_DESC_SIZE] = { 0 };

	memcpy(desc, resume_magic, sizeof(resume_magic));
	put_le(desc + 8, 1, 4);
	put_le(desc + RESUME_STATE_OFFSET, r->state, 4);
	put_le(desc + 16, r->entry, 8);
	put_le(desc + 24, r->image_bytes, 8);
	/* Text fields stay NUL-terminated: at most MAX - 1 characters. */
	memcpy(desc + 32, r->release, strnlen(r->release, RESUME_RELEASE_MAX - 1));
	memcpy(desc + 112, r->boot_id, strnlen(r->boot_id, RESUME_BOOT_ID_MAX - 1));
	memcpy(desc + RESUME_DIGEST_OFFSET, r->sha256, SHA256_DIGEST_SIZE);
	elfcore_put_note(buf, RESUME_NOTE_NAME, KJUMP_NOTE_RESUME, desc, sizeof(desc));
}

/* A NUL-terminated text field of SIZE bytes. */
static int get_text(char *dst, const uint8_t *src, size_t size, const char *what,
		    struct kj_error *err)
{
	if (!memchr(src, '\0', size))
		return kj_fail(err, "resume record: %s is not terminated", what);
	memcpy(dst, src, size);
	return 0;
}

int resume_parse_desc(const void *desc, size_t len, struct resume_record *r,
		      struct kj_error *err)
{
	const uint8_t *d = desc;

	memset(r, 0, sizeof(*r));
	if (len != RESUME_DESC_SIZE || memcmp(d, resume_magic, sizeof(resume_magic)) != 0)
		return kj_fail(err, "resume record: not a kjump resume record");
	if (get_le(d + 8, 4) != 1)
		return kj_fail(err, "resume record: version %u, this kexec reads version 1",
			       (unsigned int)get_le(d + 8, 4));
	r->state = (uint32_t)get_le(d + RESUME_STATE_OFFSET, 4);
	if (r->state != RESUME_READY && r->state != RESUME_USED)
		return kj_fail(err, "resume record: unknown state %#x", r->state);
	r->entry = get_le(d + 16, 8);
	r->image_bytes = get_le(d + 24, 8);
	memcpy(r->sha256, d + RESUME_DIGEST_OFFSET, SHA256_DIGEST_SIZE);
	if (get_text(r->release, d + 32, RESUME_RELEASE_MAX, "the kernel release", err) < 0 ||
	    get_text(r->boot_id, d + 112, RESUME_BOOT_ID_MAX, "the boot id", err) < 0)
		return -1;
	return 0;
}

/* Hash [AT, AT + LEN) with [HOLE, HOLE + HOLE_LEN) read as zeros. */
static void hash_with_hole(struct sha256_ctx *ctx, const uint8_t *data, size_t len,
			   uint64_t at, uint64_t hole, uint64_t hole_len)
{
	static const uint8_t zeros[SHA256_DIGEST_SIZE];
	uint64_t end = at + len;

	if (hole >= end || hole + hole_len <= at) {
		sha256_update(ctx, data, len);
		return;
	}
	if (hole > at)
		sha256_update(ctx, data, (size_t)(hole - at));
	{
		uint64_t z0 = hole > at ? hole : at;
		uint64_t z1 = hole + hole_len < end ? hole + hole_len : end;

		sha256_update(ctx, zeros, (size_t)(z1 - z0));
		if (z1 < end)
			sha256_update(ctx, data + (z1 - at), (size_t)(end - z1));
	}
}

void resume_hash_update(struct sha256_ctx *ctx, const uint8_t *data, size_t len,
			uint64_t at, uint64_t desc_at)
{
	uint64_t state = desc_at + RESUME_STATE_OFFSET, digest = desc_at + RESUME_DIGEST_OFFSET;
	uint64_t end = at + len;

	/* The two fields split the range into at most three hashed parts. */
	if (at < digest && end > state) {
		uint64_t cut = end < digest ? end : digest;

		hash_with_hole(ctx, data, (size_t)(cut - at), at, state, 4);
		if (cut < end)
			hash_with_hole(ctx, data + (cut - at), (size_t)(end - cut), cut, digest,
				       SHA256_DIGEST_SIZE);
		return;
	}
	hash_with_hole(ctx, data, len, at, digest, SHA256_DIGEST_SIZE);
}
