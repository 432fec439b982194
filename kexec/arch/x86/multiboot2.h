/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Multiboot2, specification version 2.0 (the multiboot2-x86 type): the
 * header and its tags, and the boot information a loader gives the
 * kernel, parsed and built by offset (multiboot.h does the same for
 * Multiboot 0.6.96).
 */
#ifndef KJUMP_X86_MULTIBOOT2_H
#define KJUMP_X86_MULTIBOOT2_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/x86/multiboot_common.h"
#include "kjump/error.h"
#include "kjump/file.h"

/* Section 3.1.1: the header lies in the first 32768 bytes, 8-aligned. */
#define MB2_SEARCH_BYTES	32768
#define MB2_HEADER_MAGIC	0xE85250D6u
#define MB2_ARCH_I386		0
/* Section 3.3: %eax when the kernel is entered. */
#define MB2_BOOT_MAGIC		0x36d76289u

/* Header: magic, architecture, header_length, checksum (section 3.1.2). */
#define MB2_HDR_MAGIC		0
#define MB2_HDR_ARCH		4
#define MB2_HDR_LENGTH		8
#define MB2_HDR_CHECKSUM	12
#define MB2_HDR_TAGS		16

/* Header tags (section 3.1.3): u16 type, u16 flags, u32 size, 8-aligned. */
#define MB2_TAG_OPTIONAL	1	/* flags bit 0: the loader may ignore it */
#define MB2_HTAG_END		0
#define MB2_HTAG_INFO_REQUEST	1	/* 3.1.4 */
#define MB2_HTAG_ADDRESS	2	/* 3.1.5 */
#define MB2_HTAG_ENTRY		3	/* 3.1.6 */
#define MB2_HTAG_EFI32_ENTRY	8	/* 3.1.7 */
#define MB2_HTAG_EFI64_ENTRY	9	/* 3.1.8 */
#define MB2_HTAG_CONSOLE	4	/* 3.1.9, the flags tag */
#define MB2_HTAG_FRAMEBUFFER	5	/* 3.1.10 */
#define MB2_HTAG_MODULE_ALIGN	6	/* 3.1.11 */
#define MB2_HTAG_EFI_BS		7	/* 3.1.12 */
#define MB2_HTAG_RELOCATABLE	10	/* 3.1.13 */
#define MB2_CONSOLE_REQUIRED	1	/* console_flags bit 0 */
/* 3.1.5: load_addr -1 loads the file from its first byte. */
#define MB2_LOAD_FROM_FILE_START 0xffffffffu

struct mb2_header {
	size_t offset;			/* of the magic in the file */
	uint32_t header_length;
	bool has_address;		/* the address tag */
	struct mb_address_fields address;
	bool has_entry;			/* the entry address tag */
	uint32_t entry_addr;
	bool relocatable;		/* the relocatable tag: report the load base */
	uint32_t reloc_min, reloc_max;	/* its range (3.1.10): the image must lie in it */
};

/*
 * Find and check the header of IMG: the first 8-aligned magic in the
 * first 32768 bytes whose checksum is right, for i386, its tags inside
 * header_length and ending with an end tag.  A tag that is not optional
 * and asks for what kjump cannot give (boot information other than the
 * command line, boot loader name, modules, memory, memory map and load
 * base; a framebuffer; a console; EFI boot services; a tag it does not
 * know) is refused, naming it.
 */
int mb2_header_parse(const struct kj_blob *img, struct mb2_header *h, struct kj_error *err);

/* Boot information (section 3.6): u32 total_size, u32 reserved, tags. */
#define MB2_INFO_TAG_END	0
#define MB2_INFO_CMDLINE	1	/* 3.6.5 */
#define MB2_INFO_LOADER_NAME	2	/* 3.6.9 */
#define MB2_INFO_MODULE		3	/* 3.6.6 */
#define MB2_INFO_MEMINFO	4	/* 3.6.3 */
#define MB2_INFO_MMAP		6	/* 3.6.8 */
#define MB2_INFO_LOAD_BASE	21	/* image load base physical address */
#define MB2_MMAP_ENTRY_SIZE	24	/* u64 base_addr, u64 length, u32 type, u32 0 */

/* The name of boot information tag TYPE, for messages. */
const char *mb2_info_tag_name(uint32_t type);

/* Bytes the boot information for IN takes. */
size_t mb2_info_size(const struct mb_boot_info *in);

/*
 * Lay out the boot information for IN in BUF (mb2_info_size() bytes,
 * zeroed): command line, boot loader name, one tag per module, basic
 * memory information, the memory map, the load base for a relocatable
 * image, and the end tag; each tag 8-aligned.
 */
void mb2_info_build(uint8_t *buf, const struct mb_boot_info *in);

#endif
