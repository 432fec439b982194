/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Multiboot, specification version 0.6.96 (the multiboot-x86 type): the
 * header an OS image carries and the boot information a loader gives it.
 * Both are parsed and built here by offset, so that a hostile file can
 * never make kexec read or write outside its buffers.
 */
#ifndef KJUMP_X86_MULTIBOOT_H
#define KJUMP_X86_MULTIBOOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/x86/multiboot_common.h"
#include "kjump/error.h"
#include "kjump/file.h"

/* Section 3.1.1: the header lies in the first 8192 bytes, 4-aligned. */
#define MB1_SEARCH_BYTES	8192
#define MB1_HEADER_MAGIC	0x1BADB002u
/* Section 3.2: %eax when the kernel is entered. */
#define MB1_BOOT_MAGIC		0x2BADB002u

/* Section 3.1.2, flags: bits 0-15 are requirements, 16-31 options. */
#define MB1_FLAG_PAGE_ALIGN	(1u << 0)	/* modules on 4 KiB boundaries */
#define MB1_FLAG_MEMORY_INFO	(1u << 1)	/* mem_* and the memory map */
#define MB1_FLAG_VIDEO_MODE	(1u << 2)	/* a video mode table */
#define MB1_FLAG_ADDRESS	(1u << 16)	/* the address fields are valid */
#define MB1_FLAGS_REQUIRED	0xffffu
#define MB1_FLAGS_KNOWN		(MB1_FLAG_PAGE_ALIGN | MB1_FLAG_MEMORY_INFO)

/* Header offsets (section 3.1.1). */
#define MB1_HDR_MAGIC		0
#define MB1_HDR_FLAGS		4
#define MB1_HDR_CHECKSUM	8
#define MB1_HDR_FIXED_END	12
#define MB1_HDR_HEADER_ADDR	12	/* the address fields, flag bit 16 */
#define MB1_HDR_LOAD_ADDR	16
#define MB1_HDR_LOAD_END_ADDR	20
#define MB1_HDR_BSS_END_ADDR	24
#define MB1_HDR_ENTRY_ADDR	28
#define MB1_HDR_ADDRESS_END	32

struct mb1_header {
	size_t offset;			/* of the magic in the file */
	uint32_t flags;
	bool has_address;		/* flag bit 16: the fields below */
	struct mb_address_fields address;
	uint32_t entry_addr;
};

/*
 * Find and check the header of IMG: the first 4-aligned magic in the
 * first 8192 bytes whose checksum is right.  Refuses requirement flags
 * it cannot meet (the video mode, bits 2-15) and, with flag bit 16,
 * address fields that do not fit the file.
 */
int mb1_header_find(const struct kj_blob *img, struct mb1_header *h, struct kj_error *err);

/* The boot information, section 3.3: offsets in struct multiboot_info. */
#define MB1_INFO_FLAGS		0
#define MB1_INFO_MEM_LOWER	4
#define MB1_INFO_MEM_UPPER	8
#define MB1_INFO_CMDLINE	16
#define MB1_INFO_MODS_COUNT	20
#define MB1_INFO_MODS_ADDR	24
#define MB1_INFO_MMAP_LENGTH	44
#define MB1_INFO_MMAP_ADDR	48
#define MB1_INFO_LOADER_NAME	64
#define MB1_INFO_SIZE		116

/* Which fields are valid (flags word). */
#define MB1_INFO_HAS_MEMORY	(1u << 0)
#define MB1_INFO_HAS_CMDLINE	(1u << 2)
#define MB1_INFO_HAS_MODS	(1u << 3)
#define MB1_INFO_HAS_MMAP	(1u << 6)
#define MB1_INFO_HAS_LOADER_NAME (1u << 9)

/* A module entry: mod_start, mod_end, string, reserved. */
#define MB1_MODULE_SIZE		16
/* A memory map entry: size (of the rest, 20), base_addr, length, type. */
#define MB1_MMAP_ENTRY_SIZE	24

/* Bytes the boot information for IN takes, its strings included. */
size_t mb1_info_size(const struct mb_boot_info *in);

/*
 * Lay out the boot information for IN in BUF (mb1_info_size() bytes,
 * zeroed), for physical address AT: the info structure, the memory map,
 * the module entries, then the strings.  Every pointer in it is
 * physical.
 */
void mb1_info_build(uint8_t *buf, uint64_t at, const struct mb_boot_info *in);

#endif
