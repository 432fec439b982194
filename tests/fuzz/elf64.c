// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ELF64 loader (ELFCLASS64, EM_X86_64): a vmlinux or a physical-mode
 * program.  libelf's view checked PT_LOAD by PT_LOAD, the segments
 * merged and placed at p_paddr, then --args-linux, --args-elf or
 * --args-none, checked and printed as --dry-run does.
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
	return fuzz_load(&elf_x86_64_image_type, data, size);
}
