/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the Multiboot (multiboot.h, specification 0.6.96) and Multiboot2
 * (multiboot2.h, specification 2.0) loaders share: the OS image placed
 * at its own physical addresses (ELF PT_LOADs, or the header's address
 * fields), the --module files, the kernel's command line, the memory
 * summary, and the machine state both specifications ask for (0.6.96
 * section 3.2, 2.0 section 3.3): 32-bit protected mode, paging off,
 * flat 4 GiB segments, interrupts off, the magic in %eax and the boot
 * information's physical address in %ebx.
 */
#ifndef KJUMP_X86_MULTIBOOT_COMMON_H
#define KJUMP_X86_MULTIBOOT_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "kjump/error.h"
#include "kjump/file.h"
#include "load/image.h"
#include "system/memmap.h"

/* Everything the kernel gets lies below 4 GiB: %ebx and the info's
 * addresses are 32-bit, and the image runs with paging off. */
#define MB_ADDR_LIMIT		(1ull << 32)

/*
 * The header's own address fields (0.6.96 section 3.1.3, "a.out
 * kludge"; 2.0 section 3.1.5, the address tag): the file's bytes from
 * the one that lands at LOAD_ADDR go up to LOAD_END_ADDR, and zeroes up
 * to BSS_END_ADDR.  HEADER_ADDR is where the header itself lands.
 */
struct mb_address_fields {
	uint32_t header_addr;
	uint32_t load_addr;
	uint32_t load_end_addr;		/* 0: to the end of the file */
	uint32_t bss_end_addr;		/* 0: no bss */
};

/* What mb_address_span() makes of them: file bytes to physical memory. */
struct mb_span {
	uint64_t load_addr;		/* where the first byte goes */
	uint64_t file_offset, file_bytes;
	uint64_t mem_bytes;		/* file_bytes and the bss after them */
};

/*
 * Check address fields A of a header found at HEADER_OFFSET in a file of
 * FILE_SIZE bytes (the spec's constraints: load_addr <= header_addr, the
 * loaded bytes inside the file, bss after them, all below 4 GiB) and
 * work out the span.
 */
int mb_address_span(const struct mb_address_fields *a, size_t header_offset,
		    size_t file_size, struct mb_span *span, struct kj_error *err);

/* The OS image once placed. */
struct mb_kernel {
	uint64_t base;			/* lowest byte loaded */
	uint64_t end;			/* one past the highest, bss included */
	uint64_t entry;			/* physical */
};

/* Add SPAN's bytes of IMG as the "kernel" segment; ENTRY must lie inside. */
int mb_load_span(struct load_context *ctx, const struct kj_blob *img,
		 const struct mb_span *span, uint64_t entry, struct mb_kernel *out);

/*
 * Add IMG, an ELF executable of ELF_CLASS/MACHINE, at its PT_LOADs'
 * physical addresses (below 4 GiB).  The entry is *ENTRY_ADDR when not
 * NULL (a Multiboot2 entry address tag), else e_entry, translated from
 * virtual to physical when it lies in a PT_LOAD's p_vaddr range only
 * (a kernel linked to run high), as GRUB does.
 */
int mb_load_elf(struct load_context *ctx, const struct kj_blob *img, int elf_class,
		int machine, const uint32_t *entry_addr, struct mb_kernel *out);

/* A boot module (--module "FILE ARGS") once placed. */
struct mb_module {
	uint64_t start, end;		/* [start, end): its bytes */
	const char *string;		/* its command line: the whole argument */
};

/*
 * Load the request's --module files, in order, each page-aligned above
 * 1 MiB and below 4 GiB, as segments "module1", "module2"...  *OUT (an
 * array of *NR, allocated in CTX) is NULL when there are none.
 */
int mb_load_modules(struct load_context *ctx, struct mb_module **out, size_t *nr);

/*
 * The kernel's command line: the image's path as given, then the
 * request's line (--append, --reuse-cmdline), as GRUB and kexec-tools
 * pass it.  Owned by CTX, and recorded in the plan.
 */
const char *mb_cmdline(struct load_context *ctx);

/* What the boot information says, for both formats. */
struct mb_boot_info {
	const char *cmdline;
	const char *loader_name;
	const struct mb_module *modules;
	size_t nr_modules;
	const struct memory_map *map;	/* the memory map entries */
	uint32_t mem_lower, mem_upper;	/* KiB: mb_memory_summary() */
	/* Multiboot2 only: the image load base tag (a relocatable image). */
	int has_load_base;
	uint32_t load_base;
};

/* "kjump VERSION" */
extern const char mb_loader_name[];

/*
 * mem_lower: KiB of RAM from address 0 (at most 640); mem_upper: KiB of
 * RAM from 1 MiB up to the first hole (0.6.96 section 3.3, 2.0 section
 * 3.6.3).  RAM from 64 KiB or below counts as from 0: Linux keeps the
 * first page out of its map.
 */
void mb_memory_summary(const struct memory_map *map, uint32_t *mem_lower,
		       uint32_t *mem_upper);

/* The memory map entry type of a range (the same in both formats). */
#define MB_MEMORY_AVAILABLE	1
#define MB_MEMORY_RESERVED	2
#define MB_MEMORY_ACPI		3
#define MB_MEMORY_NVS		4
#define MB_MEMORY_BADRAM	5
uint32_t mb_memory_type(enum mem_type type);

/*
 * What the boot information says for a load in CTX once the kernel is
 * placed: the command line (mb_cmdline()), the --module files (loaded
 * now), our name, the memory map and its summary.
 */
int mb_boot_info_gather(struct load_context *ctx, struct mb_boot_info *in);

/*
 * A zeroed buffer of SIZE bytes for the boot information, added below
 * 4 GiB as the segment "mbinfo": its address in *AT.  The caller fills
 * it in place (the plan hashes it later, in mb_finish()).
 */
uint8_t *mb_add_info(struct load_context *ctx, size_t size, uint64_t *at);

/*
 * Finish the plan: the purgatory enters KERNEL in 32-bit protected mode
 * with %eax = MAGIC and %ebx = INFO_AT.
 */
int mb_finish(struct load_context *ctx, const struct mb_kernel *kernel, uint32_t magic,
	      uint64_t info_at, const char *cmdline);

#endif
