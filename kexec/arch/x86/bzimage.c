// SPDX-License-Identifier: GPL-2.0-only
/*
 * bzImage: the Linux/x86 boot protocol 2.06 and later
 * (Documentation/x86/boot.rst).  The plan holds three or four
 * segments: the zero page with the command line after it, the
 * protected-mode kernel (with room for its init_size), the initrd, and
 * the purgatory that starts the kernel.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "arch/x86/x86.h"
#include "arch/x86/bootparam.h"
#include "arch/x86/start.h"
#include "arch/x86/zeropage.h"
#include "plan/hole.h"
#include "load/image.h"

/* The setup header must be readable up to init_size (protocol 2.10). */
#define BZ_HEADER_END		(HDR_INIT_SIZE + 4)
#define BZ_MIN_VERSION		0x0206
/* Default command-line limit before protocol 2.06 had cmdline_size. */
#define BZ_INITRD_MAX_BYTES	((size_t)INT32_MAX)

struct bz_header {
	size_t setup_size;		/* bytes of real-mode setup in the file */
	uint16_t version;
	uint8_t xloadflags;
	bool relocatable;
	uint64_t alignment;
	uint64_t pref_address;
	uint64_t init_size;
	uint32_t cmdline_size;
	uint32_t initrd_addr_max;
	size_t header_end;		/* offset where the setup header ends */
};

static int parse_header(const struct kj_blob *img, struct bz_header *h, struct kj_error *err)
{
	const uint8_t *p = img->data;
	unsigned int sects;

	if (img->size < BZ_HEADER_END)
		return kj_fail(err, "too short for a bzImage header (%zu bytes)", img->size);
	if (get16(p, HDR_BOOT_FLAG) != 0xaa55 || get32(p, HDR_MAGIC) != HDR_MAGIC_VALUE)
		return kj_fail(err, "no bzImage boot signature (0xaa55, \"HdrS\")");
	h->version = get16(p, HDR_VERSION);
	if (h->version < BZ_MIN_VERSION)
		return kj_fail(err, "boot protocol %u.%02u is older than 2.06",
			       h->version >> 8, h->version & 0xff);
	if (!(get8(p, HDR_LOADFLAGS) & LOADFLAG_LOADED_HIGH))
		return kj_fail(err, "a zImage (not loaded high) is not supported");
	sects = get8(p, HDR_SETUP_SECTS);
	if (sects == 0)
		sects = 4;	/* boot.rst: "If this field is 0, the real value is 4." */
	h->setup_size = (size_t)(sects + 1) * 512;
	if (h->setup_size >= img->size)
		return kj_fail(err, "setup_sects %u points past the end of the file", sects);
	/* syssize (boot.rst) says how long the protected-mode part is: a
	 * shorter file is a truncated kernel. */
	if ((uint64_t)get32(p, HDR_SYSSIZE) * 16 > img->size - h->setup_size)
		return kj_fail(err, "truncated: the header says %" PRIu64 " bytes of kernel, "
			       "the file has %zu", (uint64_t)get32(p, HDR_SYSSIZE) * 16,
			       img->size - h->setup_size);
	h->header_end = 0x202 + get8(p, HDR_JUMP + 1);
	if (h->header_end < BZ_HEADER_END || h->header_end > h->setup_size)
		return kj_fail(err, "setup header length %zu is out of range", h->header_end);
	h->xloadflags = h->version >= 0x020c ? (uint8_t)get16(p, HDR_XLOADFLAGS) : 0;
	h->relocatable = get8(p, HDR_RELOCATABLE) != 0;
	h->alignment = get32(p, HDR_KERNEL_ALIGNMENT);
	h->pref_address = get64(p, HDR_PREF_ADDRESS);
	h->init_size = get32(p, HDR_INIT_SIZE);
	h->cmdline_size = get32(p, HDR_CMDLINE_SIZE);
	h->initrd_addr_max = get32(p, HDR_INITRD_ADDR_MAX);
	if (h->alignment < PLAN_PAGE_SIZE || (h->alignment & (h->alignment - 1)))
		return kj_fail(err, "kernel_alignment %#" PRIx64 " is not a power of two "
			       "of at least a page", h->alignment);
	if (h->pref_address & (PLAN_PAGE_SIZE - 1))
		return kj_fail(err, "pref_address %#" PRIx64 " is not page-aligned",
			       h->pref_address);
	if (h->cmdline_size == 0)
		return kj_fail(err, "cmdline_size is 0");
	return 0;
}

static int bzimage_probe(const struct kj_blob *image, struct kj_error *why)
{
	struct bz_header h;

	return parse_header(image, &h, why);
}

/*
 * What the running kernel's own bzImage loader would refuse: its probe
 * (bzImage64_probe(), arch/x86/kernel/kexec-bzimage64.c) wants protocol
 * 2.12 and a kernel with the 64-bit entry that may sit above 4 GiB.
 */
static const char *bzimage_file_load_refusal(const struct kj_blob *image)
{
	struct kj_error why = { 0 };
	struct bz_header h;

	if (parse_header(image, &h, &why) < 0)
		return "the kernel's loader cannot parse it";
	if (h.version < 0x020c)
		return "the kernel's loader wants boot protocol 2.12 or later";
	if (!(h.xloadflags & XLF_KERNEL_64) || !(h.xloadflags & XLF_CAN_BE_LOADED_ABOVE_4G))
		return "the kernel's loader takes only a 64-bit bzImage that may be loaded "
		       "above 4 GiB";
	return NULL;
}

static char *bz_cmdline(struct load_context *ctx, const struct bz_header *h)
{
	char *cmdline = x86_linux_cmdline(ctx);

	/* cmdline_size excludes the terminating NUL (boot.rst); what the
	 * purgatory may append later must fit too. */
	if (cmdline && strlen(cmdline) + ctx->cmdline_reserve > h->cmdline_size) {
		kj_fail(ctx->err, "the command line is %zu bytes%s, this kernel accepts at most %u",
			strlen(cmdline) + ctx->cmdline_reserve,
			ctx->cmdline_reserve ? " with kexec_jump_back_entry=" : "", h->cmdline_size);
		return NULL;
	}
	return cmdline;
}

/* The kernel's loader puts no more than cmdline_size bytes in the zero
 * page either (bzImage64_load()). */
static char *bzimage_file_load_cmdline(struct load_context *ctx, const struct kj_blob *image)
{
	struct bz_header h;

	if (parse_header(image, &h, ctx->err) < 0)
		return NULL;
	return bz_cmdline(ctx, &h);
}

/* The kernel goes at pref_address when that is free, else anywhere aligned. */
static int place_kernel(struct load_context *ctx, const struct bz_header *h,
			uint64_t memsz, uint64_t *where)
{
	struct hole_request req = load_hole(ctx, X86_KERNEL_MIN, X86_KERNEL_MIN_FROM, X86_LOW_4G,
					    X86_LOW_4G_FROM);
	struct hole_request exact;

	req.size = memsz;
	req.align = h->alignment;
	exact = req;

	if (h->pref_address >= req.min) {
		exact.min = h->pref_address;
		exact.align = PLAN_PAGE_SIZE;
		if (hole_find(ctx->map, ctx->plan, &exact, where, &(struct kj_error){ 0 }) == 0 &&
		    *where == h->pref_address)
			return 0;
	}
	if (!h->relocatable)
		return kj_fail(ctx->err, "this kernel is not relocatable and its address "
			       "%#" PRIx64 " is not free", h->pref_address);
	return hole_find(ctx->map, ctx->plan, &req, where, ctx->err);
}

/* The initrd, if any: *AT and *SIZE (0 and 0 without one). */
static int add_initrd(struct load_context *ctx, const struct bz_header *h, uint64_t *at,
		      uint64_t *size)
{
	struct kj_blob initrd;
	/* Highest fit below initrd_addr_max (the last byte it may use). */
	struct hole_request req = load_hole(ctx, X86_KERNEL_MIN, X86_KERNEL_MIN_FROM,
					    h->initrd_addr_max ? h->initrd_addr_max : X86_INITRD_MAX_OLD,
					    h->initrd_addr_max ? "the kernel's initrd_addr_max"
							       : X86_INITRD_MAX_OLD_FROM);
	int has_initrd = load_context_initrd(ctx, BZ_INITRD_MAX_BYTES, &initrd);

	req.top_down = true;
	*at = *size = 0;
	if (has_initrd <= 0)
		return has_initrd;
	if (initrd.size > UINT32_MAX)
		return kj_fail(ctx->err, "the initrd is larger than 4 GiB");
	*size = initrd.size;
	return load_add_buffer(ctx, "initrd", initrd.data, initrd.size, initrd.size, req, at);
}

static int bzimage_load(struct load_context *ctx, const struct kj_blob *image)
{
	struct bz_header h;
	struct x86_entry entry = { 0 };
	struct x86_setup setup;
	const char *cmdline;
	size_t kernel_bytes;
	uint64_t kernel_memsz, kernel_at, initrd_at, initrd_size;

	if (parse_header(image, &h, ctx->err) < 0)
		return -1;
	cmdline = bz_cmdline(ctx, &h);
	if (!cmdline)
		return -1;

	/* Kernel: the protected-mode part, with init_size reserved so the
	 * decompressor has room (boot.rst, "init_size"). */
	kernel_bytes = image->size - h.setup_size;
	kernel_memsz = h.init_size > kernel_bytes ? h.init_size : kernel_bytes;
	if (place_kernel(ctx, &h, kernel_memsz, &kernel_at) < 0 ||
	    plan_add_segment(ctx->plan, "kernel", image->data + h.setup_size, kernel_bytes,
			     kernel_at, kernel_memsz, ctx->err) < 0)
		return -1;

	/* The zero page with the image's setup header, the command line
	 * (and room for what the purgatory may append) and the rest
	 * (zeropage.h). */
	if (add_initrd(ctx, &h, &initrd_at, &initrd_size) < 0 ||
	    x86_setup_build(ctx, image->data, h.header_end, cmdline, &setup) < 0)
		return -1;
	/* Filled in place: the plan borrows the buffer and hashes it later. */
	bootparam_set_initrd(setup.bp, initrd_at, initrd_size);
	put32(setup.bp, HDR_CODE32_START, (uint32_t)kernel_at);

	/* 64-bit entry at +0x200 when both the kernel and kjump are 64-bit
	 * (boot.rst, "64-bit Boot Protocol"); otherwise the 32-bit entry. */
	entry.mode64 = x86_kernel_is_64(ctx->plan) && (h.xloadflags & XLF_KERNEL_64) &&
		       !ctx->req->entry_32bit;
	entry.ip = entry.mode64 ? kernel_at + 0x200 : kernel_at;
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

static void bzimage_usage(FILE *out)
{
	fputs("               --append, --reuse-cmdline, --initrd; entered through the\n"
	      "               64-bit entry point when possible (--entry-32bit: never),\n"
	      "               else the 32-bit one\n", out);
}

const struct image_type bzimage_image_type = {
	.name = "bzImage",
	.summary = "Linux x86 kernel, boot protocol 2.06+",
	.probe = bzimage_probe,
	.load = bzimage_load,
	.usage = bzimage_usage,
	.linux_kernel = true,
	.kernel_can_load = true,
	.file_load_refusal = bzimage_file_load_refusal,
	.file_load_cmdline = bzimage_file_load_cmdline,
	.default_args = ARGS_LINUX,
	.accepts = { .cmdline = true, .initrd = true, .args = ARGS_BIT(ARGS_LINUX) },
	.args_refusal = "a bzImage takes Linux boot parameters: "
			"--args-none and --args-elf do not apply",
};
