// SPDX-License-Identifier: GPL-2.0-only
/*
 * The multiboot2-x86 type: a kernel with a Multiboot2 header
 * (specification 2.0), loaded as an ELF executable (ELF32 i386 or
 * ELF64 x86_64, below 4 GiB) or by its address tag, with --module
 * files, and entered in 32-bit protected mode with %eax = 0x36d76289
 * and %ebx = the boot information (multiboot2.h).
 */
#include <elf.h>
#include <inttypes.h>
#include <string.h>

#include "arch/x86/x86.h"
#include "arch/x86/bootparam.h"
#include "arch/x86/elf_segments.h"
#include "arch/x86/multiboot2.h"

#define ALIGN8(x)	(((x) + 7) & ~(size_t)7)

const char *mb2_info_tag_name(uint32_t type)
{
	static const char *const names[] = {
		"end", "boot command line", "boot loader name", "modules",
		"basic memory information", "BIOS boot device", "memory map", "VBE info",
		"framebuffer info", "ELF symbols", "APM table", "EFI 32-bit system table",
		"EFI 64-bit system table", "SMBIOS tables", "ACPI old RSDP", "ACPI new RSDP",
		"networking information", "EFI memory map", "EFI boot services not terminated",
		"EFI 32-bit image handle", "EFI 64-bit image handle", "image load base address",
	};

	return type < sizeof(names) / sizeof(names[0]) ? names[type] : "unknown";
}

/* What kexec gives every kernel (mb2_info_build()), and the load base
 * to a relocatable one. */
static bool info_supported(uint32_t type, bool relocatable)
{
	return type == MB2_INFO_TAG_END || type == MB2_INFO_CMDLINE ||
	       type == MB2_INFO_LOADER_NAME || type == MB2_INFO_MODULE ||
	       type == MB2_INFO_MEMINFO || type == MB2_INFO_MMAP ||
	       (type == MB2_INFO_LOAD_BASE && relocatable);
}

/* The size a header tag of TYPE must have; 0: any (at least 8). */
static uint32_t tag_size(uint16_t type)
{
	switch (type) {
	case MB2_HTAG_END: case MB2_HTAG_MODULE_ALIGN: case MB2_HTAG_EFI_BS: return 8;
	case MB2_HTAG_ENTRY: case MB2_HTAG_EFI32_ENTRY: case MB2_HTAG_EFI64_ENTRY:
	case MB2_HTAG_CONSOLE: return 12;
	case MB2_HTAG_FRAMEBUFFER: return 20;
	case MB2_HTAG_ADDRESS: case MB2_HTAG_RELOCATABLE: return 24;
	default: return 0;
	}
}

/* Search for the magic: section 3.1.1. */
static int find_header(const struct kj_blob *img, size_t *at, struct kj_error *err)
{
	size_t limit = img->size < MB2_SEARCH_BYTES ? img->size : MB2_SEARCH_BYTES;
	const uint8_t *p = img->data;
	bool bad_checksum = false;

	for (size_t off = 0; off + MB2_HDR_TAGS <= limit; off += 8) {
		if (get32(p, off + MB2_HDR_MAGIC) != MB2_HEADER_MAGIC)
			continue;
		/* Section 3.1.2: the four fields sum to zero. */
		if ((uint32_t)(MB2_HEADER_MAGIC + get32(p, off + MB2_HDR_ARCH) +
			       get32(p, off + MB2_HDR_LENGTH) +
			       get32(p, off + MB2_HDR_CHECKSUM)) == 0) {
			*at = off;
			return 0;
		}
		bad_checksum = true;
	}
	return bad_checksum ? kj_fail(err, "multiboot2 header with a wrong checksum")
			    : kj_fail(err, "no multiboot2 header (magic 0xE85250D6) in the first "
				      "32768 bytes");
}

/* One header tag at POS, SIZE bytes, already bounded; requests are
 * checked later, when the relocatable tag is known. */
static int take_tag(struct mb2_header *h, const uint8_t *p, size_t pos, uint16_t type,
		    bool optional, struct kj_error *err)
{
	switch (type) {
	case MB2_HTAG_ADDRESS:
		h->has_address = true;
		h->address = (struct mb_address_fields){ get32(p, pos + 8), get32(p, pos + 12),
							 get32(p, pos + 16), get32(p, pos + 20) };
		return 0;
	case MB2_HTAG_ENTRY:
		h->has_entry = true;
		h->entry_addr = get32(p, pos + 8);
		return 0;
	case MB2_HTAG_RELOCATABLE:
		/* Loaded where it was linked, which is allowed if that lies
		 * in min_addr..max_addr (3.1.10); the kernel learns the
		 * address from the load base tag. */
		h->relocatable = true;
		h->reloc_min = get32(p, pos + 8);
		h->reloc_max = get32(p, pos + 12);
		return 0;
	case MB2_HTAG_INFO_REQUEST:
	case MB2_HTAG_MODULE_ALIGN:	/* modules are page-aligned anyway */
	case MB2_HTAG_EFI32_ENTRY:	/* 3.1.7, 3.1.8: only with EFI boot services */
	case MB2_HTAG_EFI64_ENTRY:
		return 0;
	case MB2_HTAG_CONSOLE:
		if (!optional && (get32(p, pos + 8) & MB2_CONSOLE_REQUIRED))
			return kj_fail(err, "the multiboot2 kernel requires a console described "
				       "in its boot information, which kjump does not give");
		return 0;
	case MB2_HTAG_FRAMEBUFFER:
		return optional ? 0 : kj_fail(err, "the multiboot2 kernel requires a framebuffer, "
					      "which kjump cannot set up");
	case MB2_HTAG_EFI_BS:
		return optional ? 0 : kj_fail(err, "the multiboot2 kernel requires EFI boot "
					      "services, which a kexec'd kernel does not have");
	default:
		return optional ? 0 : kj_fail(err, "the multiboot2 kernel requires header tag %u, "
					      "which kjump does not know", type);
	}
}

/* 3.1.4: a request that is not optional must be met. */
static int check_request(const struct mb2_header *h, const uint8_t *p, size_t pos,
			 uint32_t size, struct kj_error *err)
{
	if (get16(p, pos + 2) & MB2_TAG_OPTIONAL)
		return 0;
	for (size_t at = pos + 8; at < pos + size; at += 4) {
		uint32_t type = get32(p, at);

		if (!info_supported(type, h->relocatable))
			return kj_fail(err, "the multiboot2 kernel requires boot information tag %"
				       PRIu32 " (%s), which kjump does not give", type,
				       mb2_info_tag_name(type));
	}
	return 0;
}

int mb2_header_parse(const struct kj_blob *img, struct mb2_header *h, struct kj_error *err)
{
	const uint8_t *p = img->data;
	size_t pos, end;

	memset(h, 0, sizeof(*h));
	if (find_header(img, &h->offset, err) < 0)
		return -1;
	if (get32(p, h->offset + MB2_HDR_ARCH) != MB2_ARCH_I386)
		return kj_fail(err, "multiboot2 header for architecture %" PRIu32 ", not i386 (0)",
			       get32(p, h->offset + MB2_HDR_ARCH));
	h->header_length = get32(p, h->offset + MB2_HDR_LENGTH);
	if (h->header_length < MB2_HDR_TAGS + 8)
		return kj_fail(err, "multiboot2 header_length %" PRIu32 " leaves no room for the "
			       "end tag", h->header_length);
	if (h->header_length > img->size - h->offset)
		return kj_fail(err, "multiboot2 header_length %" PRIu32 " runs past the end of the "
			       "file", h->header_length);
	/* 3.1.1: the whole header lies in the first 32768 bytes. */
	if (h->header_length > MB2_SEARCH_BYTES - h->offset)
		return kj_fail(err, "multiboot2 header_length %" PRIu32 " runs past the first %d "
			       "bytes of the file", h->header_length, MB2_SEARCH_BYTES);
	end = h->offset + h->header_length;
	/* Section 3.1.3: tags, each 8-aligned, until the end tag. */
	for (pos = h->offset + MB2_HDR_TAGS; pos + 8 <= end; pos += ALIGN8((size_t)get32(p, pos + 4))) {
		uint16_t type = get16(p, pos);
		uint32_t size = get32(p, pos + 4);
		uint32_t want = tag_size(type);

		if (size < 8 || size > end - pos || (want && size != want) ||
		    (type == MB2_HTAG_INFO_REQUEST && (size - 8) % 4))
			return kj_fail(err, "multiboot2 header tag %u at offset %zu has a bad size %"
				       PRIu32, type, pos, size);
		if (type == MB2_HTAG_END)
			break;
		if (take_tag(h, p, pos, type, get16(p, pos + 2) & MB2_TAG_OPTIONAL, err) < 0)
			return -1;
	}
	if (pos + 8 > end)
		return kj_fail(err, "the multiboot2 header has no end tag");
	/* Every information request, now that the relocatable tag is known
	 * (the tags were bounded above). */
	for (pos = h->offset + MB2_HDR_TAGS; get16(p, pos) != MB2_HTAG_END;
	     pos += ALIGN8((size_t)get32(p, pos + 4)))
		if (get16(p, pos) == MB2_HTAG_INFO_REQUEST &&
		    check_request(h, p, pos, get32(p, pos + 4), err) < 0)
			return -1;
	return 0;
}

size_t mb2_info_size(const struct mb_boot_info *in)
{
	size_t size = 8 + ALIGN8(8 + strlen(in->cmdline) + 1) +
		      ALIGN8(8 + strlen(in->loader_name) + 1) + 16 +
		      16 + in->map->nr * MB2_MMAP_ENTRY_SIZE + 8;

	for (size_t i = 0; i < in->nr_modules; i++)
		size += ALIGN8(16 + strlen(in->modules[i].string) + 1);
	if (in->has_load_base)
		size += 16;
	return size;
}

/* A tag of TYPE with BYTES of content after its 8-byte head; returns
 * where the content goes and moves *OFF past the (aligned) tag. */
static size_t put_tag(uint8_t *buf, size_t *off, uint32_t type, size_t bytes)
{
	size_t at = *off;

	put32(buf, at, type);
	put32(buf, at + 4, (uint32_t)(8 + bytes));
	*off += ALIGN8(8 + bytes);
	return at + 8;
}

static void put_string_tag(uint8_t *buf, size_t *off, uint32_t type, const char *s)
{
	memcpy(buf + put_tag(buf, off, type, strlen(s) + 1), s, strlen(s) + 1);
}

void mb2_info_build(uint8_t *buf, const struct mb_boot_info *in)
{
	size_t off = 8, at;

	put_string_tag(buf, &off, MB2_INFO_CMDLINE, in->cmdline);
	put_string_tag(buf, &off, MB2_INFO_LOADER_NAME, in->loader_name);
	for (size_t i = 0; i < in->nr_modules; i++) {
		const char *s = in->modules[i].string;

		at = put_tag(buf, &off, MB2_INFO_MODULE, 8 + strlen(s) + 1);
		put32(buf, at, (uint32_t)in->modules[i].start);
		put32(buf, at + 4, (uint32_t)in->modules[i].end);
		memcpy(buf + at + 8, s, strlen(s) + 1);
	}
	at = put_tag(buf, &off, MB2_INFO_MEMINFO, 8);
	put32(buf, at, in->mem_lower);
	put32(buf, at + 4, in->mem_upper);
	/* 3.6.8: entry_size, entry_version 0, then the entries. */
	at = put_tag(buf, &off, MB2_INFO_MMAP, 8 + in->map->nr * MB2_MMAP_ENTRY_SIZE);
	put32(buf, at, MB2_MMAP_ENTRY_SIZE);
	put32(buf, at + 4, 0);
	for (size_t i = 0; i < in->map->nr; i++) {
		const struct mem_range *r = &in->map->ranges[i];
		size_t e = at + 8 + i * MB2_MMAP_ENTRY_SIZE;

		put64(buf, e, r->start);
		put64(buf, e + 8, r->end - r->start + 1);
		put32(buf, e + 16, mb_memory_type(r->type));
	}
	if (in->has_load_base)
		put32(buf, put_tag(buf, &off, MB2_INFO_LOAD_BASE, 4), in->load_base);
	put_tag(buf, &off, MB2_INFO_TAG_END, 0);
	put32(buf, 0, (uint32_t)off);
}

/* The ELF class IMG claims: ELF32 is i386's, ELF64 x86_64's. */
static void elf_kind(const struct kj_blob *img, int *cls, int *machine)
{
	*cls = img->size > EI_CLASS && img->data[EI_CLASS] == ELFCLASS64 ? ELFCLASS64
									    : ELFCLASS32;
	*machine = *cls == ELFCLASS64 ? EM_X86_64 : EM_386;
}

/* Section 3.1.5: load_addr -1 means "from the first byte of the file". */
static int address_span(const struct mb2_header *h, size_t file_size, struct mb_span *span,
			struct kj_error *err)
{
	struct mb_address_fields a = h->address;

	if (!h->has_entry)
		return kj_fail(err, "the multiboot2 header has an address tag but no entry "
			       "address tag");
	if (a.load_addr == MB2_LOAD_FROM_FILE_START) {
		if (a.header_addr < h->offset)
			return kj_fail(err, "header_addr %#" PRIx32 " is below the header's offset "
				       "in the file", a.header_addr);
		a.load_addr = a.header_addr - (uint32_t)h->offset;
	}
	return mb_address_span(&a, h->offset, file_size, span, err);
}

/* A header, and without an address tag an x86 ELF executable. */
static int multiboot2_probe(const struct kj_blob *img, struct kj_error *why)
{
	struct mb2_header h;
	struct mb_span span;
	struct elf_image info;
	int cls, machine;

	if (mb2_header_parse(img, &h, why) < 0)
		return -1;
	if (h.has_address)
		return address_span(&h, img->size, &span, why);
	elf_kind(img, &cls, &machine);
	return elf_image_read(img, cls, machine, &info, why);
}

static int multiboot2_load(struct load_context *ctx, const struct kj_blob *img)
{
	struct mb_boot_info in;
	struct mb2_header h;
	struct mb_kernel kernel;
	struct mb_span span;
	uint64_t info_at;
	uint8_t *info;
	int cls, machine;

	if (mb2_header_parse(img, &h, ctx->err) < 0)
		return -1;
	elf_kind(img, &cls, &machine);
	if (h.has_address ? address_span(&h, img->size, &span, ctx->err) < 0 ||
			    mb_load_span(ctx, img, &span, h.entry_addr, &kernel) < 0
			  : mb_load_elf(ctx, img, cls, machine,
					h.has_entry ? &h.entry_addr : NULL, &kernel) < 0)
		return -1;
	if (mb_boot_info_gather(ctx, &in) < 0)
		return -1;
	if (h.relocatable && (kernel.base < h.reloc_min || kernel.end - 1 > h.reloc_max))
		return kj_fail(ctx->err, "the multiboot2 kernel at %#" PRIx64 "-%#" PRIx64 " lies "
			       "outside its relocatable range %#" PRIx32 "-%#" PRIx32,
			       kernel.base, kernel.end - 1, h.reloc_min, h.reloc_max);
	in.has_load_base = h.relocatable;
	in.load_base = (uint32_t)kernel.base;
	info = mb_add_info(ctx, mb2_info_size(&in), &info_at);
	if (!info)
		return -1;
	mb2_info_build(info, &in);
	return mb_finish(ctx, &kernel, MB2_BOOT_MAGIC, info_at, in.cmdline);
}

static void multiboot2_usage(FILE *out)
{
	fputs("               ELF32 or ELF64 below 4 GiB, or at the address tag;\n"
	      "               --append, --module; entered in 32-bit mode, %eax = 0x36d76289\n",
	      out);
}

const struct image_type multiboot2_x86_image_type = {
	.name = "multiboot2-x86",
	.summary = "Multiboot2 kernel (specification 2.0)",
	.probe = multiboot2_probe,
	.load = multiboot2_load,
	.usage = multiboot2_usage,
	.default_args = ARGS_DEFAULT,
	.accepts = { .cmdline = true, .modules = true },
	.args_refusal = "a multiboot2 kernel gets multiboot2 information: "
			"--args-linux, --args-elf and --args-none do not apply",
};
