// SPDX-License-Identifier: GPL-2.0-only
/*
 * The multiboot2-x86 loader: the Multiboot2 2.0 header search, its tags
 * and information requests, then the load (ELF32, ELF64 or the address
 * tag, a module with FUZZ_LOAD_INITRD, the boot information and the
 * purgatory), checked and printed as --dry-run does.
 * Input: one FUZZ_LOAD_* flags byte, then the image.
 */
#include "arch/x86/multiboot2.h"
#include "arch/x86/x86.h"
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_load_init();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kj_blob image = fuzz_load_image(data, size);
	struct kj_error err = { 0 };
	struct mb2_header h;

	(void)mb2_header_parse(&image, &h, &err);
	return fuzz_load(&multiboot2_x86_image_type, data, size);
}
