// SPDX-License-Identifier: GPL-2.0-only
/*
 * The purgatory linker (kexec/purgatory/) on an untrusted ELF
 * relocatable object: sections laid out, symbols resolved, REL and RELA
 * relocations applied for a base address, the contract variables read
 * and written by name, and purgatory_finish() recording a segment's
 * digest.
 * Input: one flags byte (bit 0: an i386 object, else x86_64; bits 1-2:
 * the base address), then the object.
 */
#include <stdlib.h>
#include <string.h>

#include "arch/x86/x86.h"
#include "fuzz.h"
#include "purgatory/contract.h"

static struct memory_map map;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct kj_error err = { 0 };

	fuzz_init();
	if (memmap_parse_iomem(&map, fuzz_iomem, "fuzz", &err) < 0)
		abort();
	return 0;
}

/* What a loader does with a relocated purgatory, on whatever symbols it has. */
static void use(struct purgatory *p, struct kexec_plan *plan)
{
	static const char *const names[] = {
		"purgatory_regions", "purgatory_nr_regions", "purgatory_regs64",
		"purgatory_regs32", "purgatory_entry_mode", "purgatory_serial_port",
		"purgatory_cmdline", "purgatory_cmdline_room", "purgatory_jump_back_entry",
		"purgatory_start",
	};
	static const uint8_t segment[64];
	uint32_t mode = PURGATORY_ENTER_32;
	struct kj_error err = { 0 };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		uint64_t addr;
		size_t size;
		uint8_t *buf;

		if (purgatory_symbol(p, names[i], &addr, &size, &err) < 0)
			continue;
		buf = malloc(size ? size : 1);
		if (!buf)
			continue;
		if (purgatory_get(p, names[i], buf, size, &err) == 0)
			(void)purgatory_set(p, names[i], buf, size, &err);
		free(buf);
	}
	(void)purgatory_entry(p);
	(void)purgatory_arch(p);
	/* A wrong size must be refused, not written. */
	(void)purgatory_set(p, "purgatory_entry_mode", &mode, 1, &err);
	(void)purgatory_set(p, "purgatory_entry_mode", &mode, sizeof(mode), &err);
	/* One segment to verify, clear of the image. */
	if (plan_add_segment(plan, "kernel", segment, sizeof(segment),
			     purgatory_base(p) > 0x200000 ? 0x100000 : 0x40000000,
			     sizeof(segment), &err) == 0)
		(void)purgatory_finish(p, plan, &err);
	(void)purgatory_size(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint64_t bases[] = { 0x1000, 0x100000, 0x7fff0000, 0xfffff000 };
	enum purgatory_arch arch;
	struct kexec_plan plan;
	struct load_context load;
	struct kj_error err = { 0 };
	struct purgatory *p;

	if (size < 2)
		return 0;
	arch = data[0] & 1 ? PURGATORY_I386 : PURGATORY_X86_64;
	plan_init(&plan);
	plan.flags = arch == PURGATORY_I386 ? KEXEC_ARCH_386 : KEXEC_ARCH_X86_64;
	load_context_init(&load, NULL, &map, &plan, &err);
	if (purgatory_load_object(&load, arch, data + 1, size - 1, bases[(data[0] >> 1) & 3],
				  &p) == 0)
		use(p, &plan);
	fuzz_report(err.set ? "purgatory_load_object" : "relocated", &err);
	load_context_free(&load);
	plan_free(&plan);
	return 0;
}
