// SPDX-License-Identifier: GPL-2.0-only
/*
 * Hibernation images as kexec --resume reads them: headers and notes
 * checked, the resume record decoded, the SHA-256 verified, then the
 * plan (page-aligned ranges, merged to fit a segment limit) checked
 * against a fixed memory map.  A valid digest is out of a fuzzer's
 * reach, so the harness writes the right one into any input that holds
 * a record (and uses the record's own kernel release): the plan code
 * sees the input's headers as they are.
 * Input: DATA[0] picks the segment limit (16 << (DATA[0] & 7)), the
 * rest is the image.
 */
#define _GNU_SOURCE	/* memmem */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "kjump/resume.h"
#include "kjump/sha256.h"
#include "../../kexec/system/memmap.h"
#include "../../kexec/load/resume_image.h"

static struct fuzz_file image_file;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_init();
	fuzz_file_open(&image_file, "resume");
	return 0;
}

/* The record's descriptor in IMG, or NULL. */
static uint8_t *find_record(uint8_t *img, size_t size)
{
	void *p = memmem(img, size, "KJRESUME", 8);

	return p && (size_t)((uint8_t *)p - img) + RESUME_DESC_SIZE <= size ? p : NULL;
}

/* Make the digest right for the bytes the record claims. */
static void fix_digest(uint8_t *img, size_t size, uint8_t *desc)
{
	struct resume_record r;
	struct kj_error err = { 0 };
	struct sha256_ctx ctx;
	uint64_t at = (uint64_t)(desc - img);

	if (resume_parse_desc(desc, RESUME_DESC_SIZE, &r, &err) < 0 || r.image_bytes > size)
		return;
	sha256_init(&ctx);
	resume_hash_update(&ctx, img, (size_t)r.image_bytes, 0, at);
	sha256_final(&ctx, desc + RESUME_DIGEST_OFFSET);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct resume_image ri = { .fd = -1 };
	struct memory_map map = { 0 };
	struct kexec_plan plan;
	struct kj_error err = { 0 };
	char release[RESUME_RELEASE_MAX] = "fuzz";
	char boot_id[RESUME_BOOT_ID_MAX] = "";
	uint8_t *img, *desc;

	if (size < 1)
		return 0;
	img = malloc(size);
	if (!img)
		abort();
	memcpy(img, data + 1, size - 1);
	desc = find_record(img, size - 1);
	if (desc) {
		struct resume_record r;

		fix_digest(img, size - 1, desc);
		if (resume_parse_desc(desc, RESUME_DESC_SIZE, &r, &err) == 0) {
			memcpy(release, r.release, sizeof(release));
			memcpy(boot_id, r.boot_id, sizeof(boot_id));
		}
		kj_error_clear(&err);
	}
	fuzz_file_set(&image_file, img, size - 1);
	free(img);
	if (resume_image_open(&ri, image_file.path, &(struct resume_expect){ release, boot_id },
			      &err) < 0) {
		fuzz_report("resume_image_open", &err);
		return 0;
	}
	plan_init(&plan);
	plan.max_segments = 16u << (data[0] & 7);
	if (memmap_parse_iomem(&map, fuzz_iomem, "fuzz", &err) == 0 &&
	    resume_image_plan(&ri, &map, &plan, &err) == 0)
		(void)plan_check(&plan, &map, &err);
	fuzz_report("resume plan", &err);
	plan_free(&plan);
	memmap_free(&map);
	resume_image_close(&ri);
	return 0;
}
