// SPDX-License-Identifier: GPL-2.0-only
/*
 * ELF executables for x86: elf-x86 (ELFCLASS32, EM_386) and elf-x86_64
 * (ELFCLASS64, EM_X86_64), e.g. a vmlinux or a physical-mode program.
 * PT_LOAD segments go to their physical addresses (p_paddr).
 *
 *   --args-none   the kernel jumps straight to e_entry, nothing passed
 *                 and no purgatory in the way (the jump-back protocol's
 *                 "physical-mode program");
 *   --args-linux  (default) a zero page like a boot loader's, entered
 *                 through the purgatory with %rsi/%esi pointing at it;
 *   --args-elf    ELF boot notes (elfnotes.h), passed as a C function's
 *                 argument: on a stack whose return address is 0, and in
 *                 %ebx (with %eax = the magic) or %rdi.
 */
#include <gelf.h>
#include <inttypes.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>

#include "arch/x86/x86.h"
#include "arch/x86/bootparam.h"
#include "arch/x86/elfnotes.h"
#include "arch/x86/start.h"
#include "arch/x86/zeropage.h"
#include "plan/hole.h"
#include "load/image.h"

#define ELF_MAX_LOADS 64

struct load_range {
	uint64_t paddr, filesz, memsz, offset;
};

struct elf_info {
	int elf_class;
	uint64_t entry;
	struct load_range loads[ELF_MAX_LOADS];
	size_t nr_loads;
};

static int cmp_paddr(const void *a, const void *b)
{
	const struct load_range *x = a, *y = b;

	return x->paddr < y->paddr ? -1 : x->paddr > y->paddr;
}

/* Read and bounds-check the program headers; libelf does the parsing. */
static int read_elf(const struct kj_blob *img, int want_class, int want_machine,
		    struct elf_info *info, struct kj_error *err)
{
	GElf_Ehdr eh;
	size_t phnum;
	Elf *elf;
	int rc = -1;

	if (img->size < EI_NIDENT || memcmp(img->data, ELFMAG, SELFMAG) != 0)
		return kj_fail(err, "not an ELF file");
	if (img->data[EI_CLASS] != want_class)
		return kj_fail(err, "ELF class %d, want %d", img->data[EI_CLASS], want_class);
	if (img->data[EI_DATA] != ELFDATA2LSB)
		return kj_fail(err, "not a little-endian ELF file");
	elf_version(EV_CURRENT);
	elf = elf_memory((char *)img->data, img->size);
	if (!elf)
		return kj_fail(err, "libelf: %s", elf_errmsg(-1));
	if (!gelf_getehdr(elf, &eh)) {
		kj_fail(err, "bad ELF header: %s", elf_errmsg(-1));
		goto out;
	}
	if (eh.e_machine != want_machine) {
		kj_fail(err, "ELF machine %u, want %d", eh.e_machine, want_machine);
		goto out;
	}
	if (eh.e_type != ET_EXEC) {
		kj_fail(err, "not an executable (e_type %u)", eh.e_type);
		goto out;
	}
	if (elf_getphdrnum(elf, &phnum) < 0) {
		kj_fail(err, "bad program headers: %s", elf_errmsg(-1));
		goto out;
	}
	/* libelf reads the table with its own idea of the entry size, so a
	 * file claiming another would be read wrong, not refused. */
	if (phnum && eh.e_phentsize != (want_class == ELFCLASS64 ? sizeof(Elf64_Phdr)
								 : sizeof(Elf32_Phdr))) {
		kj_fail(err, "e_phentsize %u is not the size of an ELF%d program header",
			eh.e_phentsize, want_class == ELFCLASS64 ? 64 : 32);
		goto out;
	}
	info->elf_class = want_class;
	info->entry = eh.e_entry;
	info->nr_loads = 0;
	for (size_t i = 0; i < phnum; i++) {
		GElf_Phdr ph;
		struct load_range *l;

		if (!gelf_getphdr(elf, (int)i, &ph)) {
			kj_fail(err, "program header %zu: %s", i, elf_errmsg(-1));
			goto out;
		}
		if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
			continue;
		if (info->nr_loads == ELF_MAX_LOADS) {
			kj_fail(err, "more than %d PT_LOAD segments", ELF_MAX_LOADS);
			goto out;
		}
		if (ph.p_filesz > ph.p_memsz || ph.p_offset > img->size ||
		    ph.p_filesz > img->size - ph.p_offset) {
			kj_fail(err, "PT_LOAD %zu lies outside the file or has filesz > memsz", i);
			goto out;
		}
		if (ph.p_memsz > UINT64_MAX - PLAN_PAGE_SIZE ||
		    ph.p_paddr > UINT64_MAX - PLAN_PAGE_SIZE - ph.p_memsz) {
			kj_fail(err, "PT_LOAD %zu wraps around the address space", i);
			goto out;
		}
		l = &info->loads[info->nr_loads++];
		*l = (struct load_range){ ph.p_paddr, ph.p_filesz, ph.p_memsz, ph.p_offset };
	}
	if (info->nr_loads == 0) {
		kj_fail(err, "no PT_LOAD segments");
		goto out;
	}
	qsort(info->loads, info->nr_loads, sizeof(info->loads[0]), cmp_paddr);
	rc = 0;
out:
	elf_end(elf);
	return rc;
}

/*
 * Turn PT_LOADs into page-aligned plan segments.  Neighbours that share
 * a page (text ending and data starting in one page is usual) become
 * one segment, since the kernel wants whole, disjoint pages.
 */
static int add_load_segments(struct load_context *ctx, const struct kj_blob *img,
			     const struct elf_info *info)
{
	size_t i = 0;

	while (i < info->nr_loads) {
		uint64_t start = info->loads[i].paddr & ~(PLAN_PAGE_SIZE - 1);
		uint64_t end = page_round_up(info->loads[i].paddr + info->loads[i].memsz);
		size_t j = i + 1;
		uint8_t *buf;
		uint64_t bufsz = 0;

		while (j < info->nr_loads &&
		       (info->loads[j].paddr & ~(PLAN_PAGE_SIZE - 1)) < end) {
			uint64_t e = page_round_up(info->loads[j].paddr + info->loads[j].memsz);

			if (info->loads[j].paddr < info->loads[j - 1].paddr + info->loads[j - 1].memsz)
				return kj_fail(ctx->err, "PT_LOAD segments overlap at %#" PRIx64,
					       info->loads[j].paddr);
			end = e > end ? e : end;
			j++;
		}
		/* The buffer covers file bytes only; the kernel zero-fills
		 * the rest of memsz (bss). */
		for (size_t k = i; k < j; k++) {
			uint64_t top = info->loads[k].paddr - start + info->loads[k].filesz;

			bufsz = top > bufsz ? top : bufsz;
		}
		if (bufsz > SIZE_MAX / 2)
			return kj_fail(ctx->err, "PT_LOAD at %#" PRIx64 " is too large", start);
		buf = load_context_alloc(ctx, (size_t)bufsz);
		if (!buf)
			return -1;
		for (size_t k = i; k < j; k++)
			memcpy(buf + (info->loads[k].paddr - start), img->data + info->loads[k].offset,
			       info->loads[k].filesz);
		if (plan_add_segment(ctx->plan, "elf", buf, (size_t)bufsz, start, end - start,
				     ctx->err) < 0)
			return -1;
		i = j;
	}
	return 0;
}

/*
 * A zero page for a kernel without a setup header of its own (vmlinux):
 * one made up as a 2.15 boot loader would read it, then the same
 * segment as a bzImage's (zeropage.h).
 */
static int add_linux_args(struct load_context *ctx, struct x86_setup *setup,
			  const char **cmdline_out)
{
	const struct load_request *lreq = ctx->req;
	struct kj_blob initrd = { 0 };
	uint64_t initrd_at = 0;
	uint8_t header[HDR_INIT_SIZE + 4] = { 0 };
	char *cmdline = x86_linux_cmdline(ctx);

	if (!cmdline)
		return -1;
	*cmdline_out = cmdline;
	if (strlen(cmdline) + ctx->cmdline_reserve > X86_COMMAND_LINE_SIZE)
		return kj_fail(ctx->err, "the command line is %zu bytes%s, at most %d fit",
			       strlen(cmdline) + ctx->cmdline_reserve,
			       ctx->cmdline_reserve ? " with kexec_jump_back_entry=" : "",
			       X86_COMMAND_LINE_SIZE);
	if (lreq->initrd) {
		struct hole_request ireq = load_hole(ctx, X86_KERNEL_MIN, X86_KERNEL_MIN_FROM,
						     X86_INITRD_MAX_OLD, X86_INITRD_MAX_OLD_FROM);

		ireq.top_down = true;

		if (load_context_map_file(ctx, lreq->initrd, INT32_MAX, &initrd) < 0 ||
		    load_add_buffer(ctx, "initrd", initrd.data, initrd.size, initrd.size, ireq,
				    &initrd_at) < 0)
			return -1;
	}
	put32(header, HDR_MAGIC, HDR_MAGIC_VALUE);
	put16(header, HDR_VERSION, 0x020f);
	put8(header, HDR_LOADFLAGS, LOADFLAG_LOADED_HIGH);
	put32(header, HDR_CMDLINE_SIZE, X86_COMMAND_LINE_SIZE);
	if (x86_setup_build(ctx, header, sizeof(header), cmdline, setup) < 0)
		return -1;
	/* Filled in place: the plan borrows the buffer and hashes it later. */
	bootparam_set_initrd(setup->bp, initrd_at, initrd.size);
	return 0;
}

/* A small stack the image starts on, below the notes (bytes). */
#define ELF_ARGS_STACK 4096

/*
 * --args-elf: one segment holding a stack and the notes after it.  The
 * image is entered like "void entry(notes)" called from nowhere: the
 * stack holds a 0 return address and the notes pointer (i386 cdecl),
 * and the pointer is in %ebx (with %eax = ELF_BOOT_MAGIC, the
 * Etherboot convention) or %rdi (SysV x86_64).
 */
static int add_elf_args(struct load_context *ctx, const struct elf_info *info, int cls)
{
	const struct load_request *lreq = ctx->req;
	struct hole_request req = load_hole(ctx, X86_SETUP_MIN, X86_SETUP_MIN_FROM, X86_LOW_4G,
					    X86_LOW_4G_FROM);
	struct x86_entry entry = { 0 };
	size_t notes_size, bytes;
	uint64_t at, notes_at, sp;
	uint8_t *buf;
	char *cmdline;

	cmdline = load_cmdline(ctx);
	if (!cmdline)
		return -1;
	notes_size = elf_boot_notes_size(cmdline);
	if (notes_size > 0xffff)
		return kj_fail(ctx->err, "the command line is too long for ELF boot notes");
	bytes = ELF_ARGS_STACK + notes_size;
	buf = load_context_alloc(ctx, bytes);
	if (!buf || load_add_buffer(ctx, "notes", buf, bytes, bytes, req, &at) < 0)
		return -1;
	/* Filled in place: the plan borrows the buffer and hashes it later. */
	notes_at = at + ELF_ARGS_STACK;
	elf_boot_notes_build(buf + ELF_ARGS_STACK, cmdline);
	/* Top of the stack: [return address 0][notes pointer]. */
	sp = notes_at - 16;
	put64(buf, sp - at, 0);
	put64(buf, sp - at + (cls == ELFCLASS64 ? 8 : 4), notes_at);
	entry.mode64 = cls == ELFCLASS64;
	if (entry.mode64 && !x86_kernel_is_64(ctx->plan))
		return kj_fail(ctx->err, "an x86_64 image cannot be started by an i386 kernel");
	entry.ip = lreq->entry_set ? lreq->entry : info->entry;
	entry.sp = sp;
	entry.ax = ELF_BOOT_MAGIC;
	entry.bx = notes_at;
	entry.di = notes_at;
	entry.serial_port = x86_serial_port_from_cmdline(cmdline);
	entry.purgatory_min = load_window_min(ctx, X86_SETUP_MIN);
	entry.purgatory_max = load_window_max(ctx, X86_PURGATORY_MAX);
	return x86_finish_plan(ctx, &entry);
}

static int elf_load(struct load_context *ctx, const struct kj_blob *img, int cls, int machine)
{
	const struct load_request *req = ctx->req;
	struct elf_info *info = load_context_alloc(ctx, sizeof(*info));
	struct x86_entry entry = { 0 };
	struct x86_setup setup;
	const char *cmdline;

	if (!info || read_elf(img, cls, machine, info, ctx->err) < 0 ||
	    add_load_segments(ctx, img, info) < 0)
		return -1;
	if (req->args == ARGS_ELF)
		return add_elf_args(ctx, info, cls);
	if (req->args == ARGS_NONE) {
		/* With nothing in between, the kernel enters the program in
		 * its own mode: long mode from x86_64, 32-bit from i386
		 * (relocate_kernel_{64,32}.S). */
		if ((cls == ELFCLASS64) != x86_kernel_is_64(ctx->plan))
			return kj_fail(ctx->err, "--args-none: an %s kernel would enter this %s "
				       "program in the wrong mode",
				       x86_kernel_is_64(ctx->plan) ? "x86_64" : "i386",
				       cls == ELFCLASS64 ? "x86_64" : "i386");
		ctx->plan->entry = req->entry_set ? req->entry : info->entry;
		return 0;
	}
	if (add_linux_args(ctx, &setup, &cmdline) < 0)
		return -1;
	entry.mode64 = cls == ELFCLASS64;
	if (entry.mode64 && !x86_kernel_is_64(ctx->plan))
		return kj_fail(ctx->err, "an x86_64 image cannot run on an i386 kernel's "
			       "kexec (--args-none enters it in 32-bit mode)");
	entry.ip = req->entry_set ? req->entry : info->entry;
	entry.si = setup.at;
	entry.serial_port = x86_serial_port_from_cmdline(cmdline);
	if (ctx->cmdline_reserve) {
		entry.cmdline_addr = setup.cmdline_at;
		entry.cmdline_room = (uint32_t)(strlen(cmdline) + 1 + ctx->cmdline_reserve);
	}
	entry.purgatory_min = load_window_min(ctx, X86_SETUP_MIN);
	entry.purgatory_max = load_window_max(ctx, X86_PURGATORY_MAX);
	return x86_finish_plan(ctx, &entry);
}

static int probe32(const struct kj_blob *img, struct kj_error *why)
{
	struct elf_info info;

	return read_elf(img, ELFCLASS32, EM_386, &info, why);
}

static int probe64(const struct kj_blob *img, struct kj_error *why)
{
	struct elf_info info;

	return read_elf(img, ELFCLASS64, EM_X86_64, &info, why);
}

static int load32(struct load_context *ctx, const struct kj_blob *img)
{
	return elf_load(ctx, img, ELFCLASS32, EM_386);
}

static int load64(struct load_context *ctx, const struct kj_blob *img)
{
	return elf_load(ctx, img, ELFCLASS64, EM_X86_64);
}

/* Every style of arguments; the request check refuses what a style cannot pass. */
#define ELF_ACCEPTS { .cmdline = true, .initrd = true,					\
		      .args = ARGS_BIT(ARGS_LINUX) | ARGS_BIT(ARGS_ELF) | ARGS_BIT(ARGS_NONE) }

static void elf_usage(FILE *out)
{
	fputs("               PT_LOADs at p_paddr; --args-linux (default), --args-elf\n"
	      "               (ELF boot notes) or --args-none (nothing, no purgatory)\n",
	      out);
}

const struct image_type elf_x86_image_type = {
	.name = "elf-x86",
	.summary = "i386 ELF executable (EM_386)",
	.probe = probe32,
	.load = load32,
	.usage = elf_usage,
	.linux_kernel = true,
	.default_args = ARGS_LINUX,
	.accepts = ELF_ACCEPTS,
};

const struct image_type elf_x86_64_image_type = {
	.name = "elf-x86_64",
	.summary = "x86_64 ELF executable (EM_X86_64), e.g. vmlinux",
	.probe = probe64,
	.load = load64,
	.usage = elf_usage,
	.linux_kernel = true,
	.default_args = ARGS_LINUX,
	.accepts = ELF_ACCEPTS,
};
