// SPDX-License-Identifier: GPL-2.0-only
/*
 * The parts of a multiboot load both specifications share
 * (multiboot_common.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "arch/x86/bootparam.h"
#include "arch/x86/elf_segments.h"
#include "arch/x86/multiboot_common.h"
#include "arch/x86/start.h"
#include "plan/hole.h"

const char mb_loader_name[] = PACKAGE_NAME " " PACKAGE_VERSION;

/* A module larger than this cannot be described with 32-bit addresses. */
#define MB_MODULE_MAX_BYTES	((size_t)UINT32_MAX)

#define MB_LOWER_MEMORY_MAX_KIB	640
#define MB_LOWER_MEMORY_FROM	0x10000ull	/* RAM from here down counts as from 0 */
#define MB_UPPER_MEMORY_START	(1ull << 20)

int mb_address_span(const struct mb_address_fields *a, size_t header_offset,
		    size_t file_size, struct mb_span *span, struct kj_error *err)
{
	uint64_t delta, end;

	if (a->load_addr > a->header_addr)
		return kj_fail(err, "load_addr %#" PRIx32 " is above header_addr %#" PRIx32,
			       a->load_addr, a->header_addr);
	/* The file offset of load_addr: where the header is, less the
	 * distance from load_addr to header_addr (0.6.96 section 3.1.3). */
	delta = (uint64_t)a->header_addr - a->load_addr;
	if (delta > header_offset)
		return kj_fail(err, "load_addr %#" PRIx32 " would start %" PRIu64 " bytes before "
			       "the file does", a->load_addr, delta - header_offset);
	span->load_addr = a->load_addr;
	span->file_offset = header_offset - delta;
	if (a->load_end_addr == 0) {
		span->file_bytes = file_size - span->file_offset;
	} else {
		if (a->load_end_addr <= a->load_addr)
			return kj_fail(err, "load_end_addr %#" PRIx32 " is not above load_addr %#"
				       PRIx32, a->load_end_addr, a->load_addr);
		span->file_bytes = (uint64_t)a->load_end_addr - a->load_addr;
		if (span->file_bytes > file_size - span->file_offset)
			return kj_fail(err, "load_end_addr %#" PRIx32 " lies %" PRIu64 " bytes past "
				       "the end of the file", a->load_end_addr,
				       span->file_bytes - (file_size - span->file_offset));
	}
	end = span->load_addr + span->file_bytes;
	if (end > MB_ADDR_LIMIT)
		return kj_fail(err, "the image's %" PRIu64 " bytes at %#" PRIx64 " reach beyond "
			       "4 GiB", span->file_bytes, span->load_addr);
	span->mem_bytes = span->file_bytes;
	if (a->bss_end_addr) {
		if (a->bss_end_addr < end)
			return kj_fail(err, "bss_end_addr %#" PRIx32 " is below the end of the "
				       "loaded bytes, %#" PRIx64, a->bss_end_addr, end);
		span->mem_bytes = (uint64_t)a->bss_end_addr - a->load_addr;
	}
	if (span->mem_bytes == 0)
		return kj_fail(err, "the address fields load nothing");
	return 0;
}

static int check_entry(uint64_t entry, uint64_t base, uint64_t end, struct kj_error *err)
{
	if (entry < base || entry >= end)
		return kj_fail(err, "the entry point %#" PRIx64 " lies outside the image "
			       "(%#" PRIx64 "-%#" PRIx64 ")", entry, base, end - 1);
	return 0;
}

int mb_load_span(struct load_context *ctx, const struct kj_blob *img,
		 const struct mb_span *span, uint64_t entry, struct mb_kernel *out)
{
	uint64_t start = span->load_addr & ~(PLAN_PAGE_SIZE - 1);
	size_t lead = (size_t)(span->load_addr - start);
	uint8_t *buf;

	out->base = span->load_addr;
	out->end = span->load_addr + span->mem_bytes;
	out->entry = ctx->req && ctx->req->entry_set ? ctx->req->entry : entry;
	if (check_entry(out->entry, out->base, out->end, ctx->err) < 0)
		return -1;
	/* The segment starts on a page; the bytes before load_addr are 0. */
	buf = load_context_alloc(ctx, lead + (size_t)span->file_bytes);
	if (!buf)
		return -1;
	memcpy(buf + lead, img->data + span->file_offset, (size_t)span->file_bytes);
	return plan_add_segment(ctx->plan, "kernel", buf, lead + (size_t)span->file_bytes, start,
				out->end - start, ctx->err);
}

/* e_entry as a physical address: in a PT_LOAD's p_paddr range, else
 * translated from the p_vaddr range it lies in. */
static int elf_entry(const struct elf_image *info, uint64_t *entry, struct kj_error *err)
{
	for (size_t i = 0; i < info->nr_loads; i++) {
		const struct elf_load_range *l = &info->loads[i];

		if (info->entry >= l->paddr && info->entry - l->paddr < l->memsz) {
			*entry = info->entry;
			return 0;
		}
	}
	for (size_t i = 0; i < info->nr_loads; i++) {
		const struct elf_load_range *l = &info->loads[i];

		if (info->entry >= l->vaddr && info->entry - l->vaddr < l->memsz) {
			*entry = l->paddr + (info->entry - l->vaddr);
			return 0;
		}
	}
	return kj_fail(err, "e_entry %#" PRIx64 " lies in no PT_LOAD segment", info->entry);
}

int mb_load_elf(struct load_context *ctx, const struct kj_blob *img, int elf_class,
		int machine, const uint32_t *entry_addr, struct mb_kernel *out)
{
	struct elf_image *info = load_context_alloc(ctx, sizeof(*info));
	uint64_t entry = 0;

	if (!info || elf_image_read(img, elf_class, machine, info, ctx->err) < 0)
		return -1;
	out->base = info->loads[0].paddr;
	out->end = 0;
	for (size_t i = 0; i < info->nr_loads; i++) {
		const struct elf_load_range *l = &info->loads[i];

		if (l->paddr + l->memsz > MB_ADDR_LIMIT)
			return kj_fail(ctx->err, "PT_LOAD at %#" PRIx64 " reaches beyond 4 GiB: "
				       "a multiboot image runs with paging off", l->paddr);
		if (l->paddr + l->memsz > out->end)
			out->end = l->paddr + l->memsz;
	}
	if (entry_addr)
		entry = *entry_addr;
	else if (elf_entry(info, &entry, ctx->err) < 0)
		return -1;
	out->entry = ctx->req && ctx->req->entry_set ? ctx->req->entry : entry;
	if (check_entry(out->entry, out->base, out->end, ctx->err) < 0)
		return -1;
	return elf_image_add_segments(ctx, img, info, "kernel");
}

static struct hole_request low_4g_hole(const struct load_context *ctx)
{
	return load_hole(ctx, X86_KERNEL_MIN, X86_KERNEL_MIN_FROM, X86_LOW_4G,
			 "multiboot's 32-bit addresses");
}

int mb_load_modules(struct load_context *ctx, struct mb_module **out, size_t *nr)
{
	const struct load_request *req = ctx->req;
	struct mb_module *mods;

	*out = NULL;
	*nr = 0;
	if (!req || req->nr_modules == 0)
		return 0;
	mods = load_context_alloc(ctx, req->nr_modules * sizeof(*mods));
	if (!mods)
		return -1;
	for (unsigned int i = 0; i < req->nr_modules; i++) {
		/* "FILE ARGS": the file is the first word; the kernel gets
		 * the whole string as the module's command line. */
		size_t len = strcspn(req->modules[i], " ");
		char *path = load_context_alloc(ctx, len + 1);
		char name[PLAN_NAME_MAX];
		struct kj_blob blob;
		uint64_t at;

		if (!path)
			return -1;
		memcpy(path, req->modules[i], len);
		if (load_context_map_file(ctx, path, MB_MODULE_MAX_BYTES, &blob) < 0)
			return -1;
		snprintf(name, sizeof(name), "module%u", i + 1);
		/* An empty module still gets a page: mod_start == mod_end. */
		if (load_add_buffer(ctx, name, blob.data, blob.size,
				    blob.size ? blob.size : PLAN_PAGE_SIZE, low_4g_hole(ctx), &at) < 0)
			return -1;
		mods[i] = (struct mb_module){ at, at + blob.size, req->modules[i] };
	}
	*out = mods;
	*nr = req->nr_modules;
	return 0;
}

const char *mb_cmdline(struct load_context *ctx)
{
	const char *line = load_cmdline(ctx);
	const char *image = ctx->req->image ? ctx->req->image : "";
	size_t size;
	char *cmdline;

	if (!line)
		return NULL;
	size = strlen(image) + 1 + strlen(line) + 1;
	cmdline = load_context_alloc(ctx, size);
	if (!cmdline)
		return NULL;
	snprintf(cmdline, size, "%s%s%s", image, *line ? " " : "", line);
	ctx->plan->cmdline = cmdline;
	return cmdline;
}

void mb_memory_summary(const struct memory_map *map, uint32_t *mem_lower,
		       uint32_t *mem_upper)
{
	uint64_t lower = 0, upper_end = 0;

	for (size_t i = 0; i < map->nr; i++) {
		const struct mem_range *r = &map->ranges[i];

		if (r->type != MEM_RAM)
			continue;
		if (r->start <= MB_LOWER_MEMORY_FROM && r->end + 1 > lower)
			lower = r->end + 1;
		/* Upper memory: from 1 MiB on, across adjoining RAM ranges. */
		if (r->start <= MB_UPPER_MEMORY_START && r->end >= MB_UPPER_MEMORY_START)
			upper_end = r->end + 1;
		else if (upper_end && r->start == upper_end)
			upper_end = r->end + 1;
	}
	lower >>= 10;
	*mem_lower = lower > MB_LOWER_MEMORY_MAX_KIB ? MB_LOWER_MEMORY_MAX_KIB : (uint32_t)lower;
	upper_end = upper_end ? (upper_end - MB_UPPER_MEMORY_START) >> 10 : 0;
	*mem_upper = upper_end > UINT32_MAX ? UINT32_MAX : (uint32_t)upper_end;
}

uint32_t mb_memory_type(enum mem_type type)
{
	switch (type) {
	case MEM_RAM: return MB_MEMORY_AVAILABLE;
	case MEM_ACPI: return MB_MEMORY_ACPI;
	case MEM_NVS: return MB_MEMORY_NVS;
	case MEM_UNUSABLE: return MB_MEMORY_BADRAM;
	default: return MB_MEMORY_RESERVED;
	}
}

int mb_boot_info_gather(struct load_context *ctx, struct mb_boot_info *in)
{
	struct mb_module *modules;

	memset(in, 0, sizeof(*in));
	in->loader_name = mb_loader_name;
	in->map = ctx->boot_map;
	in->cmdline = mb_cmdline(ctx);
	if (!in->cmdline || mb_load_modules(ctx, &modules, &in->nr_modules) < 0)
		return -1;
	in->modules = modules;
	mb_memory_summary(in->map, &in->mem_lower, &in->mem_upper);
	return 0;
}

uint8_t *mb_add_info(struct load_context *ctx, size_t size, uint64_t *at)
{
	uint8_t *info = load_context_alloc(ctx, size);

	if (!info || load_add_buffer(ctx, "mbinfo", info, size, size, low_4g_hole(ctx), at) < 0)
		return NULL;
	return info;
}

int mb_finish(struct load_context *ctx, const struct mb_kernel *kernel, uint32_t magic,
	      uint64_t info_at, const char *cmdline)
{
	struct x86_entry entry = { 0 };

	/* 0.6.96 section 3.2, 2.0 section 3.3: the purgatory's 32-bit
	 * entry is that state (flat CS 0x10 and data 0x18, paging off,
	 * IF clear); %esp is the kernel's to set up. */
	entry.mode64 = false;
	entry.ip = kernel->entry;
	entry.ax = magic;
	entry.bx = info_at;
	entry.serial_port = x86_serial_port_from_cmdline(cmdline);
	entry.purgatory_min = load_window_min(ctx, X86_SETUP_MIN);
	entry.purgatory_max = load_window_max(ctx, X86_PURGATORY_MAX);
	return x86_finish_plan(ctx, &entry);
}
