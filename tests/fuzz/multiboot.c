// SPDX-License-Identifier: GPL-2.0-only
/*
 * The multiboot-x86 loader: the Multiboot 0.6.96 header search and
 * flags, the address fields, then the load (ELF32 or address fields, a
 * module with FUZZ_LOAD_INITRD, the boot information and the
 * purgatory), checked and printed as --dry-run does.
 * Input: one FUZZ_LOAD_* flags byte, then the image.
 */
#include "arch/x86/multiboot.h"
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
	struct mb1_header h;
	struct mb_span span;

	if (mb1_header_find(&image, &h, &err) == 0 && h.has_address)
		(void)mb_address_span(&h.address, h.offset, image.size, &span, &err);
	return fuzz_load(&multiboot_x86_image_type, data, size);
}
