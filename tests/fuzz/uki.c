// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unified Kernel Images: the PE/COFF reader and uki_extract() on the
 * image, then the uki type (its .linux through the bzImage loader with
 * the UKI's .initrd and .cmdline, or --initrd with FUZZ_LOAD_INITRD),
 * checked and printed as --dry-run does.
 * Input: one FUZZ_LOAD_* flags byte, then the image.
 */
#include "arch/x86/x86.h"
#include "fuzz.h"
#include "kjump/pe.h"
#include "kjump/uki.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_load_init();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kj_blob image = fuzz_load_image(data, size);
	struct kj_error err = { 0 };
	struct uki_parts parts;
	struct pe_headers h;
	struct pe_section s;

	if (pe_read_headers(&image, &h, &err) == 0)
		for (unsigned int i = 0; i < h.nr_sections && pe_section(&image, &h, i, &s, &err) == 0; i++)
			;
	kj_error_clear(&err);
	(void)uki_extract(&image, &parts, &err);
	return fuzz_load(&uki_image_type, data, size);
}
