/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What generic code needs to know of an arch, and nothing more: each
 * arch under kexec/arch/ fills one struct kexec_arch per kernel kind it
 * loads for (x86 has two: x86_64 and i386).  A new arch is a new folder
 * with its descriptors and its image types, added to arch_table[].
 */
#ifndef KJUMP_ARCH_H
#define KJUMP_ARCH_H

#include <stdbool.h>
#include <stdint.h>

#include "kjump/error.h"

struct image_type;

struct kexec_arch {
	const char *name;		/* as uname -m and --kernel-arch say it */
	unsigned long kexec_flag;	/* KEXEC_ARCH_* for kexec_load's flags */

	/* The running kernel's memory, as an ELF core header describes it. */
	uint16_t elf_machine;		/* EM_* */
	bool elf64_only;		/* its addresses need ELF64 */
	uint64_t page_offset;		/* default virtual address of physical 0 */
	uint64_t direct_map_end;	/* RAM above this has no linear mapping; 0: all has */
	uint64_t kernel_text_map;	/* kernel image's own mapping at and above; 0: none */
	/* Where /proc/kcore's linear map may start (its PAGE_OFFSET moves
	 * with KASLR); 0: kcore is not read, page_offset is taken as is. */
	uint64_t kernel_space_start;

	/* Where loads go. */
	uint64_t low_reserved_end;	/* RAM below is firmware's and trampolines' */
	uint64_t boot_range_end;	/* last byte a kernel B's range may use */
	uint64_t boot_range_align;	/* alignment of a default kernel B range */
	uint64_t dest_limit;		/* kernel's highest destination + 1; 0: none */
	bool low_ram_to_capture;	/* a capture kernel keeps RAM below low_reserved_end */

	/* The kernel has kexec_file_load (a 32-bit kexec never calls it:
	 * no compat entry exists for it). */
	bool has_file_load;

	/* Image types, probed in order; NULL-terminated. */
	const struct image_type *const *image_types;
};

/* Every arch kjump knows, NULL-terminated. */
extern const struct kexec_arch *const arch_table[];

/* By name (--kernel-arch), by KEXEC_ARCH_* flag; NULL if unknown. */
const struct kexec_arch *arch_by_name(const char *name);
const struct kexec_arch *arch_by_flag(unsigned long kexec_flag);

/*
 * The arch of a kernel whose uname -m says MACHINE ("i686" is i386), or
 * NULL with ERR set.
 */
const struct kexec_arch *arch_from_machine(const char *machine, struct kj_error *err);

/* Image types of the arch kexec runs on (for --help and -t). */
const struct image_type *const *arch_image_types(void);

#endif
