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
#include <elf.h>
#include <string.h>

#include "arch/x86/x86.h"
#include "arch/x86/bootparam.h"
#include "arch/x86/elf_segments.h"
#include "arch/x86/elfnotes.h"
#include "arch/x86/start.h"
#include "arch/x86/zeropage.h"
#include "plan/hole.h"
#include "load/image.h"

/*
 * A zero page for a kernel without a setup header of its own (vmlinux):
 * one made up as a 2.15 boot loader would read it, then the same
 * segment as a bzImage's (zeropage.h).
 */
static int add_linux_args(struct load_context *ctx, struct x86_setup *setup,
			  const char **cmdline_out)
{
	struct kj_blob initrd = { 0 };
	uint64_t initrd_at = 0;
	int has_initrd;
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
	has_initrd = load_context_initrd(ctx, INT32_MAX, &initrd);
	if (has_initrd < 0)
		return -1;
	if (has_initrd) {
		struct hole_request ireq = load_hole(ctx, X86_KERNEL_MIN, X86_KERNEL_MIN_FROM,
						     X86_INITRD_MAX_OLD, X86_INITRD_MAX_OLD_FROM);

		ireq.top_down = true;
		if (load_add_buffer(ctx, "initrd", initrd.data, initrd.size, initrd.size, ireq,
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
static int add_elf_args(struct load_context *ctx, const struct elf_image *info, int cls)
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
	struct elf_image *info = load_context_alloc(ctx, sizeof(*info));
	struct x86_entry entry = { 0 };
	const char *cmdline;
	struct x86_setup setup;

	if (!info || elf_image_read(img, cls, machine, info, ctx->err) < 0 ||
	    elf_image_add_segments(ctx, img, info, "elf") < 0)
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
	struct elf_image info;

	return elf_image_read(img, ELFCLASS32, EM_386, &info, why);
}

static int probe64(const struct kj_blob *img, struct kj_error *why)
{
	struct elf_image info;

	return elf_image_read(img, ELFCLASS64, EM_X86_64, &info, why);
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
