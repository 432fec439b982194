// SPDX-License-Identifier: GPL-2.0-only
/*
 * PE/COFF headers and sections (kjump/pe.h).  Offsets are those of the
 * PE Format specification: the COFF file header is 20 bytes after the
 * 4-byte signature, the optional header follows it, and the section
 * table follows the optional header (SizeOfOptionalHeader bytes).
 */
#include <inttypes.h>
#include <string.h>

#include "kjump/pe.h"

#define COFF_MACHINE		0	/* offsets from the signature's end */
#define COFF_NR_SECTIONS	2
#define COFF_OPT_HEADER_SIZE	16
#define COFF_HEADER_SIZE	20

#define SECTION_VIRTUAL_SIZE	8
#define SECTION_VIRTUAL_ADDRESS	12
#define SECTION_RAW_SIZE	16
#define SECTION_RAW_OFFSET	20

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)rd16(p) | (uint32_t)rd16(p + 2) << 16;
}

int pe_read_headers(const struct kj_blob *img, struct pe_headers *h, struct kj_error *err)
{
	const uint8_t *p = img->data;
	uint64_t sig, coff, table, opt_size;

	if (img->size < PE_DOS_LFANEW + 4 || rd16(p) != PE_DOS_MAGIC)
		return kj_fail(err, "not a PE file (no \"MZ\" header)");
	sig = rd32(p + PE_DOS_LFANEW);
	if (sig > img->size || img->size - sig < 4 + COFF_HEADER_SIZE + 2)
		return kj_fail(err, "PE: e_lfanew %#" PRIx64 " points past the end of the file", sig);
	if (rd32(p + sig) != PE_SIGNATURE)
		return kj_fail(err, "not a PE file (no \"PE\\0\\0\" signature at %#" PRIx64 ")", sig);
	coff = sig + 4;
	h->machine = rd16(p + coff + COFF_MACHINE);
	h->nr_sections = rd16(p + coff + COFF_NR_SECTIONS);
	opt_size = rd16(p + coff + COFF_OPT_HEADER_SIZE);
	if (opt_size < 2)
		return kj_fail(err, "PE: no optional header");
	h->opt_magic = rd16(p + coff + COFF_HEADER_SIZE);
	if (h->opt_magic != PE_OPT_MAGIC_PE32 && h->opt_magic != PE_OPT_MAGIC_PE32PLUS)
		return kj_fail(err, "PE: optional header magic %#x is neither PE32 nor PE32+",
			       h->opt_magic);
	table = coff + COFF_HEADER_SIZE + opt_size;
	if (table > img->size ||
	    (img->size - table) / PE_SECTION_HEADER_SIZE < h->nr_sections)
		return kj_fail(err, "PE: the table of %u sections runs past the end of the file",
			       h->nr_sections);
	h->section_table = (size_t)table;
	return 0;
}

int pe_section(const struct kj_blob *img, const struct pe_headers *h, unsigned int index,
	       struct pe_section *out, struct kj_error *err)
{
	const uint8_t *s = img->data + h->section_table + (size_t)index * PE_SECTION_HEADER_SIZE;
	uint64_t end;

	memcpy(out->name, s, PE_SECTION_NAME_SIZE);
	out->name[PE_SECTION_NAME_SIZE] = '\0';
	out->virtual_size = rd32(s + SECTION_VIRTUAL_SIZE);
	out->virtual_address = rd32(s + SECTION_VIRTUAL_ADDRESS);
	out->raw_size = rd32(s + SECTION_RAW_SIZE);
	out->raw_offset = rd32(s + SECTION_RAW_OFFSET);
	end = (uint64_t)out->raw_offset + out->raw_size;
	if (out->raw_size && end > img->size)
		return kj_fail(err, "PE: section %u (%.8s) at %#" PRIx32 "+%#" PRIx32 " lies outside "
			       "the file of %zu bytes", index, out->name, out->raw_offset,
			       out->raw_size, img->size);
	out->size = out->virtual_size && out->virtual_size < out->raw_size ? out->virtual_size
									    : out->raw_size;
	out->data = out->size ? img->data + out->raw_offset : NULL;
	return 0;
}

int pe_find_section(const struct kj_blob *img, const struct pe_headers *h, const char *name,
		    struct pe_section *out, struct kj_error *err)
{
	int found = 0;

	for (unsigned int i = 0; i < h->nr_sections; i++) {
		struct pe_section s;

		if (pe_section(img, h, i, &s, err) < 0)
			return -1;
		if (strcmp(s.name, name) != 0)
			continue;
		if (found)
			return kj_fail(err, "PE: two %s sections", name);
		*out = s;
		found = 1;
	}
	return found;
}
