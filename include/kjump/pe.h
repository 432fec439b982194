/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PE/COFF images as far as kjump reads them (Microsoft's "PE Format"
 * specification): the MS-DOS stub's pointer to the PE signature, the
 * COFF file header, the optional header's magic (PE32 or PE32+), and
 * the section table.  Every field is read by offset and every section
 * is checked to lie inside the file, so a hostile image is refused in
 * one line, never read past its end.
 */
#ifndef KJUMP_PE_H
#define KJUMP_PE_H

#include <stddef.h>
#include <stdint.h>

#include "kjump/error.h"
#include "kjump/file.h"

#define PE_DOS_MAGIC		0x5a4d		/* "MZ" */
#define PE_DOS_LFANEW		0x3c		/* u32: file offset of the signature */
#define PE_SIGNATURE		0x00004550u	/* "PE\0\0" */
#define PE_OPT_MAGIC_PE32	0x10b
#define PE_OPT_MAGIC_PE32PLUS	0x20b
#define PE_SECTION_HEADER_SIZE	40
#define PE_SECTION_NAME_SIZE	8

struct pe_headers {
	uint16_t machine;		/* IMAGE_FILE_MACHINE_*, e.g. 0x8664 */
	uint16_t opt_magic;		/* PE32 or PE32+ */
	unsigned int nr_sections;
	size_t section_table;		/* file offset of the first section header */
};

struct pe_section {
	char name[PE_SECTION_NAME_SIZE + 1];	/* NUL-terminated */
	uint32_t virtual_size, virtual_address;
	uint32_t raw_size, raw_offset;		/* SizeOfRawData, PointerToRawData */
	/* The section's bytes in the file: VirtualSize of them when that
	 * is smaller than SizeOfRawData (which is rounded up to the file
	 * alignment), else SizeOfRawData. */
	const uint8_t *data;
	size_t size;
};

/* Check IMG's headers and find its section table. */
int pe_read_headers(const struct kj_blob *img, struct pe_headers *h, struct kj_error *err);

/* Section INDEX (below h->nr_sections); fails if it lies outside the file. */
int pe_section(const struct kj_blob *img, const struct pe_headers *h, unsigned int index,
	       struct pe_section *out, struct kj_error *err);

/*
 * The section called NAME: 1 and *OUT when there is exactly one, 0 when
 * there is none, -1 when there are two or the image is bad.
 */
int pe_find_section(const struct kj_blob *img, const struct pe_headers *h, const char *name,
		    struct pe_section *out, struct kj_error *err);

#endif
