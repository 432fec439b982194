// SPDX-License-Identifier: GPL-2.0-only
/*
 * The multiboot-x86 type: a kernel with a Multiboot header
 * (specification 0.6.96), loaded as an ELF32 executable or by the
 * header's address fields, with --module files, and entered in 32-bit
 * protected mode with %eax = 0x2BADB002 and %ebx = the boot information
 * (multiboot.h).
 */
#include <elf.h>
#include <inttypes.h>
#include <string.h>

#include "arch/x86/x86.h"
#include "arch/x86/bootparam.h"
#include "arch/x86/elf_segments.h"
#include "arch/x86/multiboot.h"

int mb1_header_find(const struct kj_blob *img, struct mb1_header *h, struct kj_error *err)
{
	size_t limit = img->size < MB1_SEARCH_BYTES ? img->size : MB1_SEARCH_BYTES;
	const uint8_t *p = img->data;
	bool bad_checksum = false;
	size_t off;
	uint32_t required;

	/* Section 3.1.1: 32-bit aligned, magic, flags and checksum whose
	 * sum is zero. */
	for (off = 0; off + MB1_HDR_FIXED_END <= limit; off += 4) {
		if (get32(p, off + MB1_HDR_MAGIC) != MB1_HEADER_MAGIC)
			continue;
		if ((uint32_t)(MB1_HEADER_MAGIC + get32(p, off + MB1_HDR_FLAGS) +
			       get32(p, off + MB1_HDR_CHECKSUM)) == 0)
			break;
		bad_checksum = true;
	}
	if (off + MB1_HDR_FIXED_END > limit)
		return bad_checksum ? kj_fail(err, "multiboot header with a wrong checksum")
				    : kj_fail(err, "no multiboot header (magic 0x1BADB002) in the "
					      "first 8192 bytes");
	memset(h, 0, sizeof(*h));
	h->offset = off;
	h->flags = get32(p, off + MB1_HDR_FLAGS);
	/* Section 3.1.2: a requirement the loader cannot meet is an error. */
	required = h->flags & MB1_FLAGS_REQUIRED;
	if (required & MB1_FLAG_VIDEO_MODE)
		return kj_fail(err, "the multiboot kernel requires a video mode (flag bit 2), "
			       "which kjump cannot set");
	if (required & ~MB1_FLAGS_KNOWN)
		return kj_fail(err, "the multiboot kernel requires features kjump does not "
			       "know (flags %#" PRIx32 ")", required & ~MB1_FLAGS_KNOWN);
	if (!(h->flags & MB1_FLAG_ADDRESS))
		return 0;
	/* Section 3.1.3: the address fields, inside the first 8192 bytes. */
	if (off + MB1_HDR_ADDRESS_END > limit)
		return kj_fail(err, "the multiboot header's address fields lie past the %s",
			       limit < MB1_SEARCH_BYTES ? "end of the file" : "first 8192 bytes");
	h->has_address = true;
	h->address = (struct mb_address_fields){
		get32(p, off + MB1_HDR_HEADER_ADDR), get32(p, off + MB1_HDR_LOAD_ADDR),
		get32(p, off + MB1_HDR_LOAD_END_ADDR), get32(p, off + MB1_HDR_BSS_END_ADDR),
	};
	h->entry_addr = get32(p, off + MB1_HDR_ENTRY_ADDR);
	return 0;
}

/* The info structure rounded up, so that the memory map is 8-aligned. */
#define MB1_INFO_ROUNDED	((MB1_INFO_SIZE + 7) & ~7u)

size_t mb1_info_size(const struct mb_boot_info *in)
{
	size_t size = MB1_INFO_ROUNDED + in->map->nr * MB1_MMAP_ENTRY_SIZE +
		      in->nr_modules * MB1_MODULE_SIZE +
		      strlen(in->cmdline) + 1 + strlen(in->loader_name) + 1;

	for (size_t i = 0; i < in->nr_modules; i++)
		size += strlen(in->modules[i].string) + 1;
	return size;
}

/* Copy S to BUF at *OFF; its physical address. */
static uint32_t put_string(uint8_t *buf, uint64_t at, size_t *off, const char *s)
{
	uint32_t addr = (uint32_t)(at + *off);

	memcpy(buf + *off, s, strlen(s) + 1);
	*off += strlen(s) + 1;
	return addr;
}

void mb1_info_build(uint8_t *buf, uint64_t at, const struct mb_boot_info *in)
{
	size_t off = MB1_INFO_ROUNDED, mods, strings;

	/* Section 3.3: the memory fields, the memory map, the command
	 * line, the modules (even none: mods_count 0) and our name. */
	put32(buf, MB1_INFO_FLAGS, MB1_INFO_HAS_MEMORY | MB1_INFO_HAS_CMDLINE | MB1_INFO_HAS_MODS |
	      MB1_INFO_HAS_MMAP | MB1_INFO_HAS_LOADER_NAME);
	put32(buf, MB1_INFO_MEM_LOWER, in->mem_lower);
	put32(buf, MB1_INFO_MEM_UPPER, in->mem_upper);
	put32(buf, MB1_INFO_MMAP_ADDR, (uint32_t)(at + off));
	put32(buf, MB1_INFO_MMAP_LENGTH, (uint32_t)(in->map->nr * MB1_MMAP_ENTRY_SIZE));
	for (size_t i = 0; i < in->map->nr; i++, off += MB1_MMAP_ENTRY_SIZE) {
		const struct mem_range *r = &in->map->ranges[i];

		/* "size" counts the bytes after itself. */
		put32(buf, off, MB1_MMAP_ENTRY_SIZE - 4);
		put64(buf, off + 4, r->start);
		put64(buf, off + 12, r->end - r->start + 1);
		put32(buf, off + 20, mb_memory_type(r->type));
	}
	mods = off;
	strings = off + in->nr_modules * MB1_MODULE_SIZE;
	put32(buf, MB1_INFO_MODS_COUNT, (uint32_t)in->nr_modules);
	put32(buf, MB1_INFO_MODS_ADDR, (uint32_t)(at + mods));
	put32(buf, MB1_INFO_CMDLINE, put_string(buf, at, &strings, in->cmdline));
	put32(buf, MB1_INFO_LOADER_NAME, put_string(buf, at, &strings, in->loader_name));
	for (size_t i = 0; i < in->nr_modules; i++, mods += MB1_MODULE_SIZE) {
		put32(buf, mods, (uint32_t)in->modules[i].start);
		put32(buf, mods + 4, (uint32_t)in->modules[i].end);
		put32(buf, mods + 8, put_string(buf, at, &strings, in->modules[i].string));
	}
}

/* A header, and without address fields an i386 ELF executable. */
static int multiboot_probe(const struct kj_blob *img, struct kj_error *why)
{
	struct mb1_header h;
	struct mb_span span;
	struct elf_image info;

	if (mb1_header_find(img, &h, why) < 0)
		return -1;
	if (h.has_address)
		return mb_address_span(&h.address, h.offset, img->size, &span, why);
	return elf_image_read(img, ELFCLASS32, EM_386, &info, why);
}

static int multiboot_load(struct load_context *ctx, const struct kj_blob *img)
{
	struct mb_boot_info in;
	struct mb1_header h;
	struct mb_kernel kernel;
	struct mb_span span;
	uint64_t info_at;
	uint8_t *info;

	if (mb1_header_find(img, &h, ctx->err) < 0)
		return -1;
	/* Section 3.1.3: with flag bit 16 the address fields win over
	 * whatever executable format the file has. */
	if (h.has_address ? mb_address_span(&h.address, h.offset, img->size, &span, ctx->err) < 0 ||
			    mb_load_span(ctx, img, &span, h.entry_addr, &kernel) < 0
			  : mb_load_elf(ctx, img, ELFCLASS32, EM_386, NULL, &kernel) < 0)
		return -1;
	if (mb_boot_info_gather(ctx, &in) < 0 ||
	    !(info = mb_add_info(ctx, mb1_info_size(&in), &info_at)))
		return -1;
	mb1_info_build(info, info_at, &in);
	return mb_finish(ctx, &kernel, MB1_BOOT_MAGIC, info_at, in.cmdline);
}

static void multiboot_usage(FILE *out)
{
	fputs("               ELF32, or at the header's address fields; --append,\n"
	      "               --module; entered in 32-bit mode, %eax = 0x2BADB002\n", out);
}

const struct image_type multiboot_x86_image_type = {
	.name = "multiboot-x86",
	.summary = "Multiboot kernel (specification 0.6.96)",
	.probe = multiboot_probe,
	.load = multiboot_load,
	.usage = multiboot_usage,
	.default_args = ARGS_DEFAULT,
	.accepts = { .cmdline = true, .modules = true },
	.args_refusal = "a multiboot kernel gets multiboot information: "
			"--args-linux, --args-elf and --args-none do not apply",
};
