// SPDX-License-Identifier: GPL-2.0-only
/*
 * The bzImage loader: the setup header's checks, then the plan (kernel
 * at pref_address or an aligned hole, zero page with e820 and command
 * line, initrd, purgatory), checked and printed as --dry-run does.
 * Input: one FUZZ_LOAD_* flags byte, then the image.
 */
#include "arch/x86/x86.h"
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_load_init();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_load(&bzimage_image_type, data, size);
}
