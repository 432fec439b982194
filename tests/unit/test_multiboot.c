// SPDX-License-Identifier: GPL-2.0-only
/*
 * The multiboot loaders: Multiboot 0.6.96 header search and checks,
 * Multiboot2 header tags, the address fields, the boot information
 * both build (decoded back), and whole loads as kexec -l makes them,
 * down to the registers the purgatory enters the kernel with.
 */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/x86/x86.h"
#include "arch/x86/bootparam.h"
#include "arch/x86/multiboot.h"
#include "arch/x86/multiboot2.h"
#include "helpers.h"
#include "load/build.h"
#include "purgatory/contract.h"

/* ---- Images ------------------------------------------------------------- */

#define IMG_SIZE	0x1800		/* headers, then 2 KiB loaded at PADDR */
#define IMG_PAYLOAD	0x1000		/* file offset of the PT_LOAD */
#define PADDR		0x200000u
#define MEMSZ		0x3000u		/* 2 KiB of file, then bss */

/* An ELF32 i386 executable: one PT_LOAD of the file from IMG_PAYLOAD. */
static uint8_t *elf32_image(void)
{
	uint8_t *p = calloc(1, IMG_SIZE);
	Elf32_Ehdr eh = { .e_type = ET_EXEC, .e_machine = EM_386, .e_version = EV_CURRENT,
			  .e_entry = PADDR + 0x10, .e_phoff = sizeof(Elf32_Ehdr),
			  .e_ehsize = sizeof(Elf32_Ehdr), .e_phentsize = sizeof(Elf32_Phdr),
			  .e_phnum = 1 };
	Elf32_Phdr ph = { .p_type = PT_LOAD, .p_offset = IMG_PAYLOAD, .p_vaddr = PADDR,
			  .p_paddr = PADDR, .p_filesz = IMG_SIZE - IMG_PAYLOAD, .p_memsz = MEMSZ,
			  .p_flags = PF_R | PF_W | PF_X };

	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS32;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[EI_VERSION] = EV_CURRENT;
	memcpy(p, &eh, sizeof(eh));
	memcpy(p + sizeof(eh), &ph, sizeof(ph));
	return p;
}

/* A Multiboot header at OFF with FLAGS and the right checksum. */
static void put_mb1_header(uint8_t *p, size_t off, uint32_t flags)
{
	put32(p, off, MB1_HEADER_MAGIC);
	put32(p, off + 4, flags);
	put32(p, off + 8, (uint32_t)-(MB1_HEADER_MAGIC + flags));
}

/* The address fields for the image's payload at PADDR, header first. */
static void put_mb1_address(uint8_t *p, size_t off, uint32_t load_end, uint32_t bss_end)
{
	put32(p, off + MB1_HDR_HEADER_ADDR, PADDR);
	put32(p, off + MB1_HDR_LOAD_ADDR, PADDR);
	put32(p, off + MB1_HDR_LOAD_END_ADDR, load_end);
	put32(p, off + MB1_HDR_BSS_END_ADDR, bss_end);
	put32(p, off + MB1_HDR_ENTRY_ADDR, PADDR + 0x40);
}

/* A Multiboot2 header under construction: tags appended, then closed. */
struct mb2_builder {
	uint8_t *p;
	size_t start, at;
};

static void mb2_begin(struct mb2_builder *b, uint8_t *p, size_t off)
{
	b->p = p;
	b->start = off;
	b->at = off + MB2_HDR_TAGS;
}

static size_t mb2_tag(struct mb2_builder *b, uint16_t type, uint16_t flags, uint32_t size)
{
	size_t at = b->at;

	put16(b->p, at, type);
	put16(b->p, at + 2, flags);
	put32(b->p, at + 4, size);
	b->at += (size + 7) & ~7u;
	return at + 8;
}

static void mb2_end(struct mb2_builder *b, uint32_t arch)
{
	uint32_t len;

	mb2_tag(b, MB2_HTAG_END, 0, 8);
	len = (uint32_t)(b->at - b->start);
	put32(b->p, b->start, MB2_HEADER_MAGIC);
	put32(b->p, b->start + 4, arch);
	put32(b->p, b->start + 8, len);
	put32(b->p, b->start + 12, (uint32_t)-(MB2_HEADER_MAGIC + arch + len));
}

/* An information request tag for the TYPES given. */
static void mb2_request(struct mb2_builder *b, uint16_t flags, const uint32_t *types, size_t n)
{
	size_t at = mb2_tag(b, MB2_HTAG_INFO_REQUEST, flags, (uint32_t)(8 + 4 * n));

	for (size_t i = 0; i < n; i++)
		put32(b->p, at + 4 * i, types[i]);
}

/* ---- Multiboot header ------------------------------------------------- */

static int find1(uint8_t *p, size_t size, struct mb1_header *h, struct kj_error *err)
{
	struct kj_blob blob = { .data = p, .size = size };

	memset(err, 0, sizeof(*err));
	return mb1_header_find(&blob, h, err);
}

static void mb1_header_search(void **state)
{
	uint8_t *p = elf32_image();
	struct mb1_header h;
	struct kj_error err;

	assert_int_equal(find1(p, IMG_SIZE, &h, &err), -1);
	assert_error_contains(&err, "no multiboot header (magic 0x1BADB002) in the first 8192 bytes");
	/* Not 4-aligned: not a header. */
	put_mb1_header(p, IMG_PAYLOAD + 2, MB1_FLAG_PAGE_ALIGN);
	assert_int_equal(find1(p, IMG_SIZE, &h, &err), -1);
	put_mb1_header(p, IMG_PAYLOAD + 8, MB1_FLAG_PAGE_ALIGN | MB1_FLAG_MEMORY_INFO);
	assert_int_equal(find1(p, IMG_SIZE, &h, &err), 0);
	assert_int_equal(h.offset, IMG_PAYLOAD + 8);
	assert_int_equal(h.flags, 3);
	assert_false(h.has_address);
	/* Cut off before the checksum. */
	assert_int_equal(find1(p, IMG_PAYLOAD + 16, &h, &err), -1);
	/* A wrong checksum, and nothing better further on. */
	put32(p, IMG_PAYLOAD + 16, 0);
	assert_int_equal(find1(p, IMG_SIZE, &h, &err), -1);
	assert_error_contains(&err, "multiboot header with a wrong checksum");
	free(p);

	/* Past the first 8192 bytes it does not count. */
	p = calloc(1, 9000);
	put_mb1_header(p, 8192, 0);
	assert_int_equal(find1(p, 9000, &h, &err), -1);
	assert_error_contains(&err, "first 8192 bytes");
	put_mb1_header(p, 8180, 0);
	assert_int_equal(find1(p, 9000, &h, &err), 0);
	assert_int_equal(find1(p, 3, &h, &err), -1);
	free(p);
}

static void mb1_header_flags(void **state)
{
	uint8_t *p = elf32_image();
	struct mb1_header h;
	struct kj_error err;

	put_mb1_header(p, IMG_PAYLOAD, MB1_FLAG_VIDEO_MODE);
	assert_int_equal(find1(p, IMG_SIZE, &h, &err), -1);
	assert_error_contains(&err, "requires a video mode (flag bit 2)");
	put_mb1_header(p, IMG_PAYLOAD, 1u << 5);
	assert_int_equal(find1(p, IMG_SIZE, &h, &err), -1);
	assert_error_contains(&err, "features kjump does not know (flags 0x20)");
	/* Bits 17-31 are options a loader may ignore. */
	put_mb1_header(p, IMG_PAYLOAD, 1u << 20 | MB1_FLAG_MEMORY_INFO);
	assert_int_equal(find1(p, IMG_SIZE, &h, &err), 0);
	/* The address fields must be in the file. */
	memset(p + IMG_PAYLOAD, 0, 12);
	put_mb1_header(p, IMG_SIZE - 16, MB1_FLAG_ADDRESS);
	assert_int_equal(find1(p, IMG_SIZE, &h, &err), -1);
	assert_error_contains(&err, "address fields lie past the end of the file");
	put_mb1_header(p, IMG_PAYLOAD, MB1_FLAG_ADDRESS);
	put_mb1_address(p, IMG_PAYLOAD, PADDR + 0x100, PADDR + 0x2000);
	assert_int_equal(find1(p, IMG_SIZE, &h, &err), 0);
	assert_true(h.has_address);
	assert_int_equal(h.address.load_end_addr, PADDR + 0x100);
	assert_int_equal(h.entry_addr, PADDR + 0x40);
	free(p);
}

static int span(uint32_t header, uint32_t load, uint32_t load_end, uint32_t bss_end,
		size_t offset, size_t file_size, struct mb_span *s, struct kj_error *err)
{
	struct mb_address_fields a = { header, load, load_end, bss_end };

	memset(err, 0, sizeof(*err));
	return mb_address_span(&a, offset, file_size, s, err);
}

/* 0.6.96 section 3.1.3 (and Multiboot2's address tag). */
static void address_fields(void **state)
{
	struct mb_span s;
	struct kj_error err;

	/* The header 0x20 bytes into what is loaded, found at 0x120. */
	assert_int_equal(span(0x100020, 0x100000, 0x100800, 0x104000, 0x120, 0x2000, &s, &err), 0);
	assert_int_equal(s.load_addr, 0x100000);
	assert_int_equal(s.file_offset, 0x100);
	assert_int_equal(s.file_bytes, 0x800);
	assert_int_equal(s.mem_bytes, 0x4000);
	/* load_end_addr 0: to the end of the file; bss_end_addr 0: none. */
	assert_int_equal(span(0x100020, 0x100000, 0, 0, 0x120, 0x2000, &s, &err), 0);
	assert_int_equal(s.file_bytes, 0x2000 - 0x100);
	assert_int_equal(s.mem_bytes, s.file_bytes);

	assert_int_equal(span(0x100000, 0x100020, 0, 0, 0x120, 0x2000, &s, &err), -1);
	assert_error_contains(&err, "load_addr 0x100020 is above header_addr 0x100000");
	assert_int_equal(span(0x100200, 0x100000, 0, 0, 0x120, 0x2000, &s, &err), -1);
	assert_error_contains(&err, "would start 224 bytes before the file does");
	assert_int_equal(span(0x100020, 0x100000, 0x103000, 0, 0x120, 0x2000, &s, &err), -1);
	assert_error_contains(&err, "load_end_addr 0x103000 lies 4352 bytes past the end");
	assert_int_equal(span(0x100020, 0x100000, 0x100000, 0, 0x120, 0x2000, &s, &err), -1);
	assert_error_contains(&err, "is not above load_addr");
	assert_int_equal(span(0x100020, 0x100000, 0x100800, 0x100400, 0x120, 0x2000, &s, &err), -1);
	assert_error_contains(&err, "bss_end_addr 0x100400 is below the end of the loaded bytes");
	assert_int_equal(span(0xfffff020, 0xfffff000, 0, 0, 0x120, 0x2000, &s, &err), -1);
	assert_error_contains(&err, "reach beyond 4 GiB");
}

/* ---- Multiboot2 header ------------------------------------------------ */

static const uint32_t given[] = { 1, 2, 3, 4, 6 };

static int parse2(uint8_t *p, size_t size, struct mb2_header *h, struct kj_error *err)
{
	struct kj_blob blob = { .data = p, .size = size };

	memset(err, 0, sizeof(*err));
	return mb2_header_parse(&blob, h, err);
}

/* A fresh image with a header at IMG_PAYLOAD holding only an end tag
 * after what FILL adds. */
static uint8_t *mb2_image(void (*fill)(struct mb2_builder *b), uint32_t arch)
{
	uint8_t *p = elf32_image();
	struct mb2_builder b;

	mb2_begin(&b, p, IMG_PAYLOAD);
	if (fill)
		fill(&b);
	mb2_end(&b, arch);
	return p;
}

static void fill_request_given(struct mb2_builder *b) { mb2_request(b, 0, given, 5); }
static void fill_request_fb(struct mb2_builder *b) { mb2_request(b, 0, (uint32_t[]){ 1, 8 }, 2); }
static void fill_request_fb_optional(struct mb2_builder *b)
{
	mb2_request(b, MB2_TAG_OPTIONAL, (uint32_t[]){ 8, 14 }, 2);
}
static void fill_request_base(struct mb2_builder *b) { mb2_request(b, 0, (uint32_t[]){ 21 }, 1); }
/* 3.1.10: min_addr, max_addr (the image must lie in them), align, preference. */
static void fill_relocatable_base(struct mb2_builder *b)
{
	size_t at;

	fill_request_base(b);
	at = mb2_tag(b, MB2_HTAG_RELOCATABLE, 0, 24);
	put32(b->p, at, 0x100000);
	put32(b->p, at + 4, 0x3fffffff);
}
static void fill_relocatable_above(struct mb2_builder *b)
{
	size_t at = mb2_tag(b, MB2_HTAG_RELOCATABLE, 0, 24);

	put32(b->p, at, PADDR + 0x100000);
	put32(b->p, at + 4, 0x3fffffff);
}
/* Two requests: kjump must check both, not only the last one. */
static void fill_two_requests(struct mb2_builder *b)
{
	mb2_request(b, 0, (uint32_t[]){ 8 }, 1);
	mb2_request(b, 0, (uint32_t[]){ 1 }, 1);
}
static void fill_framebuffer(struct mb2_builder *b) { mb2_tag(b, MB2_HTAG_FRAMEBUFFER, 0, 20); }
static void fill_framebuffer_optional(struct mb2_builder *b)
{
	mb2_tag(b, MB2_HTAG_FRAMEBUFFER, MB2_TAG_OPTIONAL, 20);
	mb2_tag(b, MB2_HTAG_MODULE_ALIGN, 0, 8);
	mb2_tag(b, MB2_HTAG_EFI64_ENTRY, 0, 12);
}
static void fill_console(struct mb2_builder *b)
{
	put32(b->p, mb2_tag(b, MB2_HTAG_CONSOLE, 0, 12), MB2_CONSOLE_REQUIRED);
}
static void fill_efi_bs(struct mb2_builder *b) { mb2_tag(b, MB2_HTAG_EFI_BS, 0, 8); }
static void fill_unknown(struct mb2_builder *b) { mb2_tag(b, 77, 0, 16); }
static void fill_unknown_optional(struct mb2_builder *b) { mb2_tag(b, 77, MB2_TAG_OPTIONAL, 16); }
static void fill_bad_size(struct mb2_builder *b) { mb2_tag(b, MB2_HTAG_ENTRY, 0, 16); }
static void fill_address(struct mb2_builder *b)
{
	size_t at = mb2_tag(b, MB2_HTAG_ADDRESS, 0, 24);

	put32(b->p, at, PADDR);
	put32(b->p, at + 4, PADDR);
	put32(b->p, at + 8, PADDR + 0x400);
	put32(b->p, at + 12, PADDR + 0x2000);
	put32(b->p, mb2_tag(b, MB2_HTAG_ENTRY, 0, 12), PADDR + 0x80);
}

static void expect2(void (*fill)(struct mb2_builder *b), const char *needle)
{
	uint8_t *p = mb2_image(fill, MB2_ARCH_I386);
	struct mb2_header h;
	struct kj_error err;

	if (!needle) {
		if (parse2(p, IMG_SIZE, &h, &err) < 0)
			fail_msg("unexpected error: %s", err.msg);
	} else {
		assert_int_equal(parse2(p, IMG_SIZE, &h, &err), -1);
		assert_error_contains(&err, needle);
	}
	free(p);
}

static void mb2_header_tags(void **state)
{
	struct mb2_header h;
	struct kj_error err;
	uint8_t *p;

	expect2(NULL, NULL);
	expect2(fill_request_given, NULL);
	expect2(fill_request_fb, "requires boot information tag 8 (framebuffer info)");
	expect2(fill_request_fb_optional, NULL);
	expect2(fill_request_base, "requires boot information tag 21 (image load base address)");
	expect2(fill_relocatable_base, NULL);
	expect2(fill_framebuffer, "requires a framebuffer");
	expect2(fill_framebuffer_optional, NULL);
	expect2(fill_console, "requires a console");
	expect2(fill_efi_bs, "requires EFI boot services");
	expect2(fill_unknown, "requires header tag 77, which kjump does not know");
	expect2(fill_unknown_optional, NULL);
	expect2(fill_bad_size, "header tag 3 at offset 4112 has a bad size 16");

	p = mb2_image(fill_address, MB2_ARCH_I386);
	assert_int_equal(parse2(p, IMG_SIZE, &h, &err), 0);
	assert_int_equal(h.offset, IMG_PAYLOAD);
	assert_true(h.has_address && h.has_entry && !h.relocatable);
	assert_int_equal(h.address.load_end_addr, PADDR + 0x400);
	assert_int_equal(h.entry_addr, PADDR + 0x80);
	free(p);
}

static void mb2_header_frame(void **state)
{
	struct mb2_header h;
	struct kj_error err;
	uint8_t *p = mb2_image(NULL, 4);

	assert_int_equal(parse2(p, IMG_SIZE, &h, &err), -1);
	assert_error_contains(&err, "architecture 4, not i386 (0)");
	free(p);

	p = mb2_image(NULL, MB2_ARCH_I386);
	put32(p, IMG_PAYLOAD + 12, 0);
	assert_int_equal(parse2(p, IMG_SIZE, &h, &err), -1);
	assert_error_contains(&err, "multiboot2 header with a wrong checksum");
	free(p);

	/* header_length past the file; then no room for the end tag. */
	p = elf32_image();
	put32(p, IMG_PAYLOAD, MB2_HEADER_MAGIC);
	put32(p, IMG_PAYLOAD + 8, 0x10000);
	put32(p, IMG_PAYLOAD + 12, (uint32_t)-(MB2_HEADER_MAGIC + 0x10000));
	assert_int_equal(parse2(p, IMG_SIZE, &h, &err), -1);
	assert_error_contains(&err, "header_length 65536 runs past the end of the file");
	put32(p, IMG_PAYLOAD + 8, 16);
	put32(p, IMG_PAYLOAD + 12, (uint32_t)-(MB2_HEADER_MAGIC + 16));
	assert_int_equal(parse2(p, IMG_SIZE, &h, &err), -1);
	assert_error_contains(&err, "leaves no room for the end tag");
	/* Tags that never end within header_length. */
	put32(p, IMG_PAYLOAD + 8, 32);
	put32(p, IMG_PAYLOAD + 12, (uint32_t)-(MB2_HEADER_MAGIC + 32));
	put16(p, IMG_PAYLOAD + 16, MB2_HTAG_MODULE_ALIGN);
	put32(p, IMG_PAYLOAD + 20, 8);
	put16(p, IMG_PAYLOAD + 24, MB2_HTAG_MODULE_ALIGN);
	put32(p, IMG_PAYLOAD + 28, 8);
	assert_int_equal(parse2(p, IMG_SIZE, &h, &err), -1);
	assert_error_contains(&err, "has no end tag");
	/* A tag of size 0 would loop forever. */
	put32(p, IMG_PAYLOAD + 20, 0);
	assert_int_equal(parse2(p, IMG_SIZE, &h, &err), -1);
	assert_error_contains(&err, "has a bad size 0");
	free(p);

	/* 8-aligned only. */
	p = elf32_image();
	{
		struct mb2_builder b;

		mb2_begin(&b, p, IMG_PAYLOAD + 4);
		mb2_end(&b, MB2_ARCH_I386);
	}
	assert_int_equal(parse2(p, IMG_SIZE, &h, &err), -1);
	assert_error_contains(&err, "no multiboot2 header (magic 0xE85250D6)");
	free(p);
}

/* ---- Boot information ------------------------------------------------- */

static struct memory_map map512;
static const struct mb_module modules[] = {
	{ 0x300000, 0x300013, "/boot/mod1 arg1 arg2" },
	{ 0x301000, 0x301000, "/boot/empty" },
};

static struct mb_boot_info info_for_tests(void)
{
	struct mb_boot_info in = { .cmdline = "/boot/kernel console=ttyS0",
				   .loader_name = mb_loader_name, .modules = modules,
				   .nr_modules = 2, .map = &map512 };

	must_parse_iomem(&map512, test_iomem_512m);
	mb_memory_summary(&map512, &in.mem_lower, &in.mem_upper);
	return in;
}

static void memory_summary(void **state)
{
	struct mb_boot_info in = info_for_tests();
	struct memory_map map;

	/* RAM from 0x1000 counts as from 0; upper is 1 MiB to 0x1ffe0000. */
	assert_int_equal(in.mem_lower, 639);
	assert_int_equal(in.mem_upper, (0x1ffe0000 - 0x100000) / 1024);
	memmap_free(&map512);
	/* Upper memory runs across touching RAM ranges and stops at a hole. */
	must_parse_iomem(&map, "00000000-0009ffff : System RAM\n"
			       "00100000-00ffffff : System RAM\n"
			       "01000000-01ffffff : Persistent Memory\n"
			       "02000000-02ffffff : System RAM\n");
	mb_memory_summary(&map, &in.mem_lower, &in.mem_upper);
	assert_int_equal(in.mem_lower, 640);
	assert_int_equal(in.mem_upper, 15 * 1024);
	memmap_free(&map);
	assert_int_equal(mb_memory_type(MEM_RAM), 1);
	assert_int_equal(mb_memory_type(MEM_ACPI), 3);
	assert_int_equal(mb_memory_type(MEM_NVS), 4);
	assert_int_equal(mb_memory_type(MEM_UNUSABLE), 5);
	assert_int_equal(mb_memory_type(MEM_PMEM), 2);
}

/* The string at physical ADDR of a buffer laid out for physical AT. */
static const char *at_phys(const uint8_t *buf, size_t size, uint64_t at, uint32_t addr)
{
	assert_true(addr >= at && addr < at + size);
	assert_non_null(memchr(buf + (addr - at), '\0', size - (addr - at)));
	return (const char *)buf + (addr - at);
}

/* Decode a Multiboot information structure built for AT. */
static void check_mb1_info(const uint8_t *buf, size_t size, uint64_t at,
			   const struct mb_boot_info *in)
{
	uint32_t mmap, mods;

	assert_int_equal(get32(buf, MB1_INFO_FLAGS), 0x24d);
	assert_int_equal(get32(buf, MB1_INFO_MEM_LOWER), in->mem_lower);
	assert_int_equal(get32(buf, MB1_INFO_MEM_UPPER), in->mem_upper);
	assert_string_equal(at_phys(buf, size, at, get32(buf, MB1_INFO_CMDLINE)), in->cmdline);
	assert_string_equal(at_phys(buf, size, at, get32(buf, MB1_INFO_LOADER_NAME)),
			    in->loader_name);
	assert_int_equal(get32(buf, MB1_INFO_MMAP_LENGTH), in->map->nr * 24);
	mmap = get32(buf, MB1_INFO_MMAP_ADDR) - (uint32_t)at;
	assert_int_equal(mmap % 4, 0);
	for (size_t i = 0; i < in->map->nr; i++, mmap += 24) {
		const struct mem_range *r = &in->map->ranges[i];

		assert_int_equal(get32(buf, mmap), 20);
		assert_int_equal(get64(buf, mmap + 4), r->start);
		assert_int_equal(get64(buf, mmap + 12), r->end - r->start + 1);
		assert_int_equal(get32(buf, mmap + 20), mb_memory_type(r->type));
	}
	assert_int_equal(get32(buf, MB1_INFO_MODS_COUNT), in->nr_modules);
	mods = get32(buf, MB1_INFO_MODS_ADDR) - (uint32_t)at;
	for (size_t i = 0; i < in->nr_modules; i++, mods += 16) {
		assert_int_equal(get32(buf, mods), in->modules[i].start);
		assert_int_equal(get32(buf, mods + 4), in->modules[i].end);
		assert_string_equal(at_phys(buf, size, at, get32(buf, mods + 8)),
				    in->modules[i].string);
		assert_int_equal(get32(buf, mods + 12), 0);
	}
}

static void mb1_info(void **state)
{
	struct mb_boot_info in = info_for_tests();
	size_t size = mb1_info_size(&in);
	uint8_t *buf = calloc(1, size);

	assert_int_equal(size, 120 + map512.nr * 24 + 2 * 16 + 27 + strlen(mb_loader_name) + 1 + 21 + 12);
	mb1_info_build(buf, 0x10a000, &in);
	check_mb1_info(buf, size, 0x10a000, &in);
	/* The last string ends the buffer exactly. */
	assert_int_equal(buf[size - 1], 0);
	assert_string_equal((char *)buf + size - 12, "/boot/empty");
	free(buf);
	memmap_free(&map512);
}

/* Decode Multiboot2 boot information: every tag, in order. */
static void check_mb2_info(const uint8_t *buf, size_t size, const struct mb_boot_info *in)
{
	size_t at = 8, mods = 0;
	bool seen[22] = { false };

	assert_int_equal(get32(buf, 0), size);
	assert_int_equal(get32(buf, 4), 0);
	while (at + 8 <= size) {
		uint32_t type = get32(buf, at), tsize = get32(buf, at + 4);

		assert_true(tsize >= 8 && at + tsize <= size);
		if (type < 22)
			seen[type] = true;
		switch (type) {
		case MB2_INFO_CMDLINE:
			assert_string_equal((char *)buf + at + 8, in->cmdline);
			assert_int_equal(tsize, 8 + strlen(in->cmdline) + 1);
			break;
		case MB2_INFO_LOADER_NAME:
			assert_string_equal((char *)buf + at + 8, in->loader_name);
			break;
		case MB2_INFO_MODULE:
			assert_true(mods < in->nr_modules);
			assert_int_equal(get32(buf, at + 8), in->modules[mods].start);
			assert_int_equal(get32(buf, at + 12), in->modules[mods].end);
			assert_string_equal((char *)buf + at + 16, in->modules[mods].string);
			mods++;
			break;
		case MB2_INFO_MEMINFO:
			assert_int_equal(tsize, 16);
			assert_int_equal(get32(buf, at + 8), in->mem_lower);
			assert_int_equal(get32(buf, at + 12), in->mem_upper);
			break;
		case MB2_INFO_MMAP:
			assert_int_equal(get32(buf, at + 8), 24);
			assert_int_equal(get32(buf, at + 12), 0);
			assert_int_equal(tsize, 16 + in->map->nr * 24);
			for (size_t i = 0; i < in->map->nr; i++) {
				const struct mem_range *r = &in->map->ranges[i];
				size_t e = at + 16 + i * 24;

				assert_int_equal(get64(buf, e), r->start);
				assert_int_equal(get64(buf, e + 8), r->end - r->start + 1);
				assert_int_equal(get32(buf, e + 16), mb_memory_type(r->type));
			}
			break;
		case MB2_INFO_LOAD_BASE:
			assert_int_equal(tsize, 12);
			assert_int_equal(get32(buf, at + 8), in->load_base);
			break;
		case MB2_INFO_TAG_END:
			assert_int_equal(tsize, 8);
			assert_int_equal(at + 8, size);
			break;
		default:
			fail_msg("unexpected tag %u", type);
		}
		at += (tsize + 7) & ~7u;
	}
	assert_int_equal(mods, in->nr_modules);
	assert_true(seen[MB2_INFO_CMDLINE] && seen[MB2_INFO_LOADER_NAME] &&
		    seen[MB2_INFO_MEMINFO] && seen[MB2_INFO_MMAP] && seen[MB2_INFO_TAG_END]);
	assert_int_equal(seen[MB2_INFO_LOAD_BASE], in->has_load_base);
}

static void mb2_info(void **state)
{
	struct mb_boot_info in = info_for_tests();

	for (int base = 0; base < 2; base++) {
		size_t size;
		uint8_t *buf;

		in.has_load_base = base;
		in.load_base = 0x200000;
		size = mb2_info_size(&in);
		buf = calloc(1, size);
		mb2_info_build(buf, &in);
		check_mb2_info(buf, size, &in);
		free(buf);
	}
	assert_string_equal(mb2_info_tag_name(8), "framebuffer info");
	assert_string_equal(mb2_info_tag_name(1000), "unknown");
	memmap_free(&map512);
}

/* ---- Whole loads ------------------------------------------------------ */

struct load_fixture {
	struct load_request req;
	struct memory_map map;
	struct load_plan lp;
	struct kj_error err;
	char *dir;
	char mod1[512], mod2[512];
	const char *modules[2];
};

static int load(struct load_fixture *f, const char *type, uint8_t *img, size_t size)
{
	struct kj_blob blob = { .data = img, .size = size };
	struct load_system sys = { .arch = sizeof(void *) == 8 ? &x86_64_arch : &i386_arch,
				   .map = &f->map, .sysfs_kernel = "/nonexistent",
				   .hash_threads = 1 };

	must_parse_iomem(&f->map, test_iomem_512m);
	f->req.image = "/boot/mbkernel";
	f->req.type = type;
	return plan_build_image(&f->req, &sys, &blob, &f->lp, &f->err);
}

static void fixture_modules(struct load_fixture *f)
{
	f->dir = make_temp_dir();
	write_text_file(f->dir, "mod1", "MODULE-ONE\n");
	write_text_file(f->dir, "mod2", "");
	snprintf(f->mod1, sizeof(f->mod1), "%s/mod1 arg1 arg2", f->dir);
	snprintf(f->mod2, sizeof(f->mod2), "%s/mod2", f->dir);
	f->modules[0] = f->mod1;
	f->modules[1] = f->mod2;
	f->req.modules = f->modules;
	f->req.nr_modules = 2;
	f->req.append = "console=ttyS0";
}

static void fixture_free(struct load_fixture *f)
{
	load_plan_free(&f->lp);
	memmap_free(&f->map);
	if (f->dir)
		remove_tree(f->dir);
}

static const struct plan_segment *segment(const struct kexec_plan *plan, const char *name)
{
	for (size_t i = 0; i < plan->nr_segments; i++)
		if (strcmp(plan->segments[i].name, name) == 0)
			return &plan->segments[i];
	fail_msg("no segment %s", name);
	return NULL;
}

/* What the purgatory of PLAN enters the kernel with. */
static void entered_with(struct load_fixture *f, struct purgatory_regs32 *regs, uint32_t *mode)
{
	purgatory_value_in_plan(&f->lp.plan, &f->map, "purgatory_regs32", regs, sizeof(*regs));
	purgatory_value_in_plan(&f->lp.plan, &f->map, "purgatory_entry_mode", mode, sizeof(*mode));
}

/* The boot information of a load, and the modules as placed. */
static struct mb_boot_info loaded_info(struct load_fixture *f, struct mb_module *mods)
{
	const struct kexec_plan *plan = &f->lp.plan;
	const struct plan_segment *m1 = segment(plan, "module1"), *m2 = segment(plan, "module2");
	struct mb_boot_info in = info_for_tests();

	mods[0] = (struct mb_module){ m1->mem, m1->mem + 11, f->mod1 };
	mods[1] = (struct mb_module){ m2->mem, m2->mem, f->mod2 };
	in.cmdline = "/boot/mbkernel console=ttyS0";
	in.modules = mods;
	assert_memory_equal(m1->buf, "MODULE-ONE\n", 11);
	assert_true(m1->mem % 4096 == 0 && m2->mem % 4096 == 0 && m2->mem + 4096 <= 1ull << 32);
	return in;
}

static void multiboot_load(void **state)
{
	struct load_fixture f = { 0 };
	uint8_t *img = elf32_image();
	struct purgatory_regs32 regs;
	struct mb_module mods[2];
	struct mb_boot_info in;
	const struct plan_segment *info, *kernel;
	uint32_t mode;

	put_mb1_header(img, IMG_PAYLOAD, MB1_FLAG_PAGE_ALIGN | MB1_FLAG_MEMORY_INFO);
	fixture_modules(&f);
	if (load(&f, NULL, img, IMG_SIZE) < 0)
		fail_msg("%s", f.err.msg);
	assert_string_equal(f.lp.type->name, "multiboot-x86");
	assert_int_equal(plan_check(&f.lp.plan, &f.map, &f.err), 0);
	kernel = segment(&f.lp.plan, "kernel");
	assert_int_equal(kernel->mem, PADDR);
	assert_int_equal(kernel->memsz, MEMSZ);
	info = segment(&f.lp.plan, "mbinfo");
	assert_true(info->mem + info->bufsz <= 1ull << 32);
	in = loaded_info(&f, mods);
	check_mb1_info(info->buf, info->bufsz, info->mem, &in);
	assert_string_equal(f.lp.plan.cmdline, "/boot/mbkernel console=ttyS0");

	entered_with(&f, &regs, &mode);
	assert_int_equal(mode, PURGATORY_ENTER_32);
	assert_int_equal(regs.eax, MB1_BOOT_MAGIC);
	assert_int_equal(regs.ebx, info->mem);
	assert_int_equal(regs.eip, PADDR + 0x10);
	/* kexec enters the purgatory, which enters the kernel. */
	assert_true(f.lp.plan.entry >= segment(&f.lp.plan, "purgatory")->mem &&
		    f.lp.plan.entry < segment(&f.lp.plan, "purgatory")->mem +
				      segment(&f.lp.plan, "purgatory")->memsz);
	fixture_free(&f);
	memmap_free(&map512);

	/* With the address fields (flag bit 16) they win over the ELF. */
	memset(&f, 0, sizeof(f));
	put_mb1_header(img, IMG_PAYLOAD, MB1_FLAG_ADDRESS);
	put_mb1_address(img, IMG_PAYLOAD, PADDR + 0x100, PADDR + 0x5000);
	if (load(&f, "multiboot-x86", img, IMG_SIZE) < 0)
		fail_msg("%s", f.err.msg);
	kernel = segment(&f.lp.plan, "kernel");
	assert_int_equal(kernel->bufsz, 0x100);
	assert_int_equal(kernel->memsz, 0x5000);
	entered_with(&f, &regs, &mode);
	assert_int_equal(regs.eip, PADDR + 0x40);
	fixture_free(&f);
	memmap_free(&map512);

	/* An entry outside what is loaded. */
	memset(&f, 0, sizeof(f));
	put32(img, IMG_PAYLOAD + MB1_HDR_ENTRY_ADDR, PADDR + 0x6000);
	assert_int_equal(load(&f, "multiboot-x86", img, IMG_SIZE), -1);
	assert_error_contains(&f.err, "the entry point 0x206000 lies outside the image");
	fixture_free(&f);
	free(img);
}

static void multiboot2_load(void **state)
{
	struct load_fixture f = { 0 };
	uint8_t *img = mb2_image(fill_relocatable_base, MB2_ARCH_I386);
	struct purgatory_regs32 regs;
	struct mb_module mods[2];
	struct mb_boot_info in;
	const struct plan_segment *info;
	uint32_t mode;

	fixture_modules(&f);
	if (load(&f, NULL, img, IMG_SIZE) < 0)
		fail_msg("%s", f.err.msg);
	assert_string_equal(f.lp.type->name, "multiboot2-x86");
	assert_int_equal(plan_check(&f.lp.plan, &f.map, &f.err), 0);
	info = segment(&f.lp.plan, "mbinfo");
	in = loaded_info(&f, mods);
	in.has_load_base = 1;
	in.load_base = PADDR;
	check_mb2_info(info->buf, info->bufsz, &in);
	assert_int_equal(info->mem % 8, 0);
	entered_with(&f, &regs, &mode);
	assert_int_equal(mode, PURGATORY_ENTER_32);
	assert_int_equal(regs.eax, MB2_BOOT_MAGIC);
	assert_int_equal(regs.ebx, info->mem);
	assert_int_equal(regs.eip, PADDR + 0x10);
	fixture_free(&f);
	memmap_free(&map512);
	free(img);

	/* The address and entry tags. */
	memset(&f, 0, sizeof(f));
	img = mb2_image(fill_address, MB2_ARCH_I386);
	if (load(&f, "multiboot2-x86", img, IMG_SIZE) < 0)
		fail_msg("%s", f.err.msg);
	assert_int_equal(segment(&f.lp.plan, "kernel")->bufsz, 0x400);
	entered_with(&f, &regs, &mode);
	assert_int_equal(regs.eip, PADDR + 0x80);
	fixture_free(&f);
	free(img);
}

/* A load of IMG as TYPE with REQ that must fail with NEEDLE in the error. */
static void expect_refused(uint8_t *img, const char *type, struct load_request req,
			   const char *needle)
{
	struct load_fixture f = { .req = req };

	assert_int_equal(load(&f, type, img, IMG_SIZE), -1);
	assert_error_contains(&f.err, needle);
	fixture_free(&f);
}

/* What the request checks and the types refuse, in one line each. */
static void refusals(void **state)
{
	uint8_t *img = elf32_image();

	put_mb1_header(img, IMG_PAYLOAD, 0);
	expect_refused(img, "multiboot-x86", (struct load_request){ .initrd = "/boot/initrd" },
		       "the multiboot-x86 type takes no initrd");
	expect_refused(img, "multiboot-x86", (struct load_request){ .args = ARGS_NONE },
		       "--args-linux, --args-elf and --args-none do not apply");
	expect_refused(img, "multiboot-x86",
		       (struct load_request){ .modules = (const char *[]){ "/nonexistent/mod arg" },
					      .nr_modules = 1 },
		       "/nonexistent/mod");
	expect_refused(img, "elf-x86",
		       (struct load_request){ .modules = (const char *[]){ "/boot/mod" },
					      .nr_modules = 1 },
		       "--module applies to the multiboot types only, not to elf-x86");
	free(img);
	img = mb2_image(fill_relocatable_above, MB2_ARCH_I386);
	expect_refused(img, "multiboot2-x86", (struct load_request){ 0 },
		       "lies outside its relocatable range 0x300000-0x3fffffff");
	free(img);
	img = mb2_image(fill_two_requests, MB2_ARCH_I386);
	expect_refused(img, "multiboot2-x86", (struct load_request){ 0 },
		       "requires boot information tag 8");
	free(img);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mb1_header_search),
		cmocka_unit_test(mb1_header_flags),
		cmocka_unit_test(address_fields),
		cmocka_unit_test(mb2_header_tags),
		cmocka_unit_test(mb2_header_frame),
		cmocka_unit_test(memory_summary),
		cmocka_unit_test(mb1_info),
		cmocka_unit_test(mb2_info),
		cmocka_unit_test(multiboot_load),
		cmocka_unit_test(multiboot2_load),
		cmocka_unit_test(refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
