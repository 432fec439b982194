/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ELF executables as the x86 loaders read them: the header checked
 * (class, byte order, machine, ET_EXEC), the PT_LOAD program headers
 * bounded by the file, and turned into page-aligned plan segments at
 * their physical addresses (p_paddr).  The elf-x86 and elf-x86_64 types
 * (elf.c) and the multiboot loaders share it.
 */
#ifndef KJUMP_X86_ELF_SEGMENTS_H
#define KJUMP_X86_ELF_SEGMENTS_H

#include <stddef.h>
#include <stdint.h>

#include "kjump/error.h"
#include "kjump/file.h"
#include "load/image.h"

#define ELF_MAX_LOADS 64

struct elf_load_range {
	uint64_t paddr, filesz, memsz, offset;
	uint64_t vaddr;			/* p_vaddr, to place a virtual e_entry */
};

struct elf_image {
	int elf_class;			/* ELFCLASS32 or ELFCLASS64 */
	uint64_t entry;			/* e_entry */
	struct elf_load_range loads[ELF_MAX_LOADS];	/* sorted by paddr */
	size_t nr_loads;		/* at least one */
};

/*
 * Read IMG as an executable of WANT_CLASS for WANT_MACHINE (EM_*):
 * every non-empty PT_LOAD inside the file and not wrapping around the
 * address space.  Fails, saying why, for anything else.
 */
int elf_image_read(const struct kj_blob *img, int want_class, int want_machine,
		   struct elf_image *info, struct kj_error *err);

/*
 * Add INFO's PT_LOADs to the plan as segments called NAME, at p_paddr;
 * loads that share a page become one segment.  The buffers hold the
 * file bytes only: the kernel zero-fills the rest of p_memsz.
 */
int elf_image_add_segments(struct load_context *ctx, const struct kj_blob *img,
			   const struct elf_image *info, const char *name);

#endif
