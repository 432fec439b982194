// SPDX-License-Identifier: GPL-2.0-only
/*
 * /proc/kcore as kexec -p and kexec jump read it: crash_info_read()
 * (the direct map's base and the kernel text mapping from the program
 * headers), crash_copy_vmcoreinfo() (the VMCOREINFO note through the
 * mapping that holds it) and the ELF core header built from both.
 * Input: one flags byte (bit 0: an i386 kernel's, bit 1: ELF32 core
 * header), then the kcore file.
 */
#include <stdlib.h>

#include "arch/x86/x86.h"
#include "fuzz.h"
#include "load/crash.h"

static struct memory_map map;
static struct fuzz_file kcore;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct kj_error err = { 0 };

	fuzz_load_init();
	fuzz_file_open(&kcore, "kcore");
	if (memmap_parse_iomem(&map, fuzz_iomem, "fuzz", &err) < 0) {
		fprintf(stderr, "fuzz: the fixed memory map: %s\n", err.msg);
		abort();
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct kexec_arch *arch;
	struct crash_sources src;
	struct crash_info *info;
	struct kj_error err = { 0 };
	struct kj_blob hdr = { 0 };
	uint8_t note[256];

	if (size < 1)
		return 0;
	arch = data[0] & 1 ? &i386_arch : &x86_64_arch;
	fuzz_file_set(&kcore, data + 1, size - 1);
	fuzz_crash_sources(&src);
	src.kcore = kcore.path;
	info = malloc(sizeof(*info));
	if (!info)
		return 0;
	if (crash_info_read(&src, arch, info, &err) == 0 &&
	    crash_copy_vmcoreinfo(&src, info, note, sizeof(note), &err) == 0 &&
	    crash_build_elfcorehdr(info, &map, data[0] & 2, &hdr, &err) == 0)
		free(hdr.data);
	fuzz_report(err.set ? "kcore" : "header built", &err);
	free(info);
	return 0;
}
