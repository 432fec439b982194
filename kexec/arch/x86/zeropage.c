// SPDX-License-Identifier: GPL-2.0-only
/*
 * The setup segment of zeropage.h: the facts are read (firmware.h), the
 * decisions made (bootinfo.h), the setup_data list built (setup_data.h)
 * before the segment's size is known, and everything written and linked
 * once it is placed.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/x86/bootinfo.h"
#include "arch/x86/bootparam.h"
#include "arch/x86/firmware.h"
#include "arch/x86/setup_data.h"
#include "arch/x86/zeropage.h"
#include "kjump/file.h"

/* The big-endian magic every flattened device tree starts with, and its
 * header's size (Devicetree Specification 0.4, 5.2). */
#define FDT_MAGIC		0xd00dfeedu
#define FDT_HEADER_BYTES	40

/* Everything decided before the segment exists. */
struct setup_build {
	uint16_t version;
	struct x86_firmware fw;
	struct setup_list list;
	const struct memory_map *e820;
	size_t e820_ext;
	struct efi_handover efi;
	size_t efi_data, efi_memmap;	/* list items, when efi.ok */
	struct rsdp_source rsdp;
	enum fb_choice fb;
	const char *no_seed;		/* NULL: a seed is in the list */
	size_t dtb_bytes;
};

static bool memmap_on_cmdline(const struct load_context *ctx)
{
	return ctx->req->pass_memmap_cmdline && ctx->req->purpose == LOAD_CRASH;
}

char *x86_linux_cmdline(struct load_context *ctx)
{
	const char *extra = ctx->cmdline_extra;
	size_t nr;
	char *params, *joined;

	if (ctx->req->pass_memmap_cmdline && !memmap_on_cmdline(ctx) &&
	    plan_add_detail(ctx->plan, ctx->err, "memmap",
			    "--pass-memmap-cmdline applies to -p only: ignored") < 0)
		return NULL;
	if (!memmap_on_cmdline(ctx))
		return load_cmdline(ctx);
	/* kexec-tools' --pass-memmap-cmdline: the capture kernel's memory
	 * as memmap=exactmap, the e820 table the whole machine's. */
	params = memmap_params(ctx->boot_map, &nr, ctx->err);
	if (!params || !load_context_own(ctx, params))
		return NULL;
	joined = load_context_alloc(ctx, (extra ? strlen(extra) + 1 : 0) + strlen(params) + 1);
	if (!joined)
		return NULL;
	sprintf(joined, "%s%s%s", extra ? extra : "", extra ? " " : "", params);
	ctx->cmdline_extra = joined;
	if (plan_add_detail(ctx->plan, ctx->err, "memmap", "memmap=exactmap and %zu ranges on "
			    "the command line (--pass-memmap-cmdline); e820 is the machine's", nr) < 0)
		return NULL;
	return load_cmdline(ctx);
}

static int add_e820_ext(struct load_context *ctx, struct setup_build *b)
{
	uint8_t *p;

	b->e820 = memmap_on_cmdline(ctx) ? ctx->map : ctx->boot_map;
	b->e820_ext = b->e820->nr > BP_E820_MAX ? b->e820->nr - BP_E820_MAX : 0;
	if (!b->e820_ext)
		return 0;
	if (b->version < SETUP_DATA_MIN_VERSION)
		return kj_fail(ctx->err, "the memory map has %zu ranges: the zero page holds %d, "
			       "and boot protocol %u.%02u has no setup_data for more", b->e820->nr,
			       BP_E820_MAX, b->version >> 8, b->version & 0xff);
	/* The kernel appends them to the zero page's (e820.c,
	 * e820__memory_setup_extended()). */
	p = setup_list_add(&b->list, SETUP_E820_EXT, b->e820_ext * E820_ENTRY_SIZE, ctx->err);
	if (!p)
		return -1;
	bootparam_e820_entries(p, b->e820, BP_E820_MAX, b->e820_ext);
	return 0;
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The tree's own size when DTB is one, else 0 (ERR says why). */
static uint32_t fdt_size(const char *path, const struct kj_blob *dtb, struct kj_error *err)
{
	uint32_t total;

	if (dtb->size < FDT_HEADER_BYTES || be32(dtb->data) != FDT_MAGIC) {
		kj_fail(err, "--dtb: %s is not a flattened device tree", path);
		return 0;
	}
	total = be32(dtb->data + 4);
	if (total < FDT_HEADER_BYTES || total > dtb->size) {
		kj_fail(err, "--dtb: %s says it has %" PRIu32 " bytes, the file %zu", path, total,
			dtb->size);
		return 0;
	}
	return total;
}

static int add_dtb(struct load_context *ctx, struct setup_build *b)
{
	const char *path = ctx->req->dtb;
	struct kj_blob dtb = { 0 };
	uint8_t *p = NULL;
	uint32_t total;

	if (!path)
		return 0;
	if (b->version < SETUP_DATA_MIN_VERSION)
		return kj_fail(ctx->err, "--dtb: boot protocol %u.%02u has no setup_data (2.09+)",
			       b->version >> 8, b->version & 0xff);
	if (kj_read_file(path, X86_DTB_MAX_BYTES, &dtb, ctx->err) < 0)
		return -1;
	/* The kernel takes it where it lies (devicetree.c, add_dtb()). */
	total = fdt_size(path, &dtb, ctx->err);
	if (total)
		p = setup_list_add(&b->list, SETUP_DTB, total, ctx->err);
	if (p)
		memcpy(p, dtb.data, total);
	kj_blob_free(&dtb);
	b->dtb_bytes = total;
	return p ? 0 : -1;
}

static int add_efi(struct load_context *ctx, struct setup_build *b)
{
	efi_handover_check(&b->fw, ctx->req->noefi, b->version, &b->efi);
	if (!b->efi.ok)
		return 0;
	b->efi_data = b->list.nr;
	if (!setup_list_add(&b->list, SETUP_EFI, EFI_SETUP_DATA_SIZE, ctx->err))
		return -1;
	b->efi_memmap = b->list.nr;
	if (!setup_list_add(&b->list, SETUP_LIST_RAW, efi_memmap_bytes(&b->fw, &b->efi), ctx->err))
		return -1;
	efi_write_runtime(setup_list_data(&b->list, b->efi_memmap),
			  setup_list_data(&b->list, b->efi_data), &b->fw, &b->efi);
	return 0;
}

static int add_seed(struct load_context *ctx, struct setup_build *b)
{
	uint8_t seed[RNG_SEED_BYTES], *p;

	if (b->version < SETUP_DATA_MIN_VERSION) {
		b->no_seed = "boot protocol before 2.09 has no setup_data";
		return 0;
	}
	if (rng_seed_fill(seed, ctx->boot.fixed_seed) < 0) {
		b->no_seed = "the kernel's random pool is not ready (getrandom)";
		return 0;
	}
	/* The kernel mixes it in and zeroes it (setup.c, parse_setup_data()). */
	p = setup_list_add(&b->list, SETUP_RNG_SEED, RNG_SEED_BYTES, ctx->err);
	if (p)
		memcpy(p, seed, RNG_SEED_BYTES);
	memset(seed, 0, sizeof(seed));
	return p ? 0 : -1;
}

static int decide(struct load_context *ctx, struct setup_build *b)
{
	const struct load_request *req = ctx->req;

	if (x86_firmware_read(&ctx->boot, !req->noefi, &b->fw, ctx->err) < 0 ||
	    add_e820_ext(ctx, b) < 0 || add_dtb(ctx, b) < 0 || add_efi(ctx, b) < 0 ||
	    add_seed(ctx, b) < 0)
		return -1;
	rsdp_choose(&b->fw, &b->rsdp);
	b->fb = framebuffer_choose(b->fw.has_boot_params ? b->fw.boot_params : NULL,
				   b->fw.has_fb0 ? b->fw.fb0_name : NULL, req->reuse_video_type);
	return 0;
}

/* The zero page's fields that do not depend on where it goes. */
static void fill_zero_page(uint8_t *bp, const uint8_t *header, size_t header_end,
			   const struct setup_build *b)
{
	memcpy(bp + HDR_SETUP_SECTS, header + HDR_SETUP_SECTS, header_end - HDR_SETUP_SECTS);
	if (fb_choice_passes(b->fb))
		screen_info_copy(bp, b->fw.boot_params + BP_SCREEN_INFO);
	/* After screen_info, which holds ext_mem_k. */
	bootparam_set_e820(bp, b->e820);
	/* zero-page.rst: acpi_rsdp_addr, all protocols (kernels before
	 * 5.0 ignore it). */
	put64(bp, BP_ACPI_RSDP_ADDR, b->rsdp.addr);
	if (b->efi.ok)
		efi_write_info(bp, &b->fw, &b->efi);
	put8(bp, HDR_TYPE_OF_LOADER, LOADER_TYPE_UNDEFINED);
}

static int framebuffer_detail(struct kexec_plan *plan, struct kj_error *err,
			      const struct setup_build *b)
{
	const uint8_t *si = b->fw.boot_params + BP_SCREEN_INFO;
	uint8_t type = si[SI_ORIG_VIDEO_ISVGA];
	const char *fb0 = b->fw.has_fb0 ? b->fw.fb0_name : NULL;

	switch (b->fb) {
	case FB_PASS_FIRMWARE:
	case FB_PASS_REUSED:
		return plan_add_detail(plan, err, "framebuffer", "passed: %s (video type %#x) "
				       "base %#" PRIx64 " size %#" PRIx64 " %ux%ux%u (%s%s%s%s)",
				       type == VIDEO_TYPE_EFI ? "EFI" : type == VIDEO_TYPE_VLFB
				       ? "VESA" : "other", type, screen_info_lfb_base(si),
				       screen_info_lfb_bytes(si), get16(si, SI_LFB_WIDTH),
				       get16(si, SI_LFB_HEIGHT), get16(si, SI_LFB_DEPTH),
				       b->fb == FB_PASS_REUSED ? "--reuse-video-type; " : "",
				       fb0 ? "fb0 is \"" : "no fb0", fb0 ? fb0 : "", fb0 ? "\"" : "");
	case FB_PASS_TEXT:
		return plan_add_detail(plan, err, "framebuffer", "passed: text mode (video type "
				       "%#x), no framebuffer", type);
	case FB_SKIP_REPLACED:
		return plan_add_detail(plan, err, "framebuffer", "skipped: fb0 is \"%s\", not the "
				       "firmware's (--reuse-video-type passes it)", fb0);
	case FB_SKIP_NO_FB0:
		return plan_add_detail(plan, err, "framebuffer", "skipped: no fb0 now "
				       "(--reuse-video-type passes the boot framebuffer)");
	default:
		return plan_add_detail(plan, err, "framebuffer", "skipped: %s",
				       b->fw.has_boot_params ? "the running kernel was given "
				       "no video mode" : b->fw.no_boot_params);
	}
}

static int efi_detail(struct kexec_plan *plan, struct kj_error *err, const struct setup_build *b,
		      uint64_t tail_at)
{
	const struct efi_facts *e = &b->fw.efi;

	if (!b->efi.ok)
		return plan_add_detail(plan, err, "efi", "skipped: %s", b->efi.why_not);
	return plan_add_detail(plan, err, "efi", "passed: %s, system table %#" PRIx64 ", runtime "
			       "map of %zu descriptors (%" PRIu32 " bytes each) at %#" PRIx64
			       ", fw_vendor %#" PRIx64 ", config_table %#" PRIx64 ", SMBIOS %#"
			       PRIx64, b->efi.signature, b->efi.systab, e->nr_map,
			       b->efi.desc_size, tail_at + b->list.items[b->efi_memmap].offset,
			       e->fw_vendor, e->config_table,
			       e->systab.has_smbios ? e->systab.smbios : 0);
}

/* What was passed and what was not, and every setup_data entry. */
static int add_details(struct load_context *ctx, const struct setup_build *b, uint64_t tail_at)
{
	struct kexec_plan *plan = ctx->plan;
	struct kj_error *err = ctx->err;

	if (plan_add_detail(plan, err, "e820", "%zu ranges: %zu in the zero page, %zu in "
			    "SETUP_E820_EXT", b->e820->nr, b->e820->nr - b->e820_ext,
			    b->e820_ext) < 0 ||
	    efi_detail(plan, err, b, tail_at) < 0 ||
	    (b->rsdp.from ? plan_add_detail(plan, err, "acpi_rsdp", "%#" PRIx64 " (%s)",
					    b->rsdp.addr, b->rsdp.from)
			  : plan_add_detail(plan, err, "acpi_rsdp", "none known: the kernel "
					    "looks for it itself")) < 0 ||
	    framebuffer_detail(plan, err, b) < 0 ||
	    (b->no_seed ? plan_add_detail(plan, err, "rng_seed", "skipped: %s", b->no_seed)
			: plan_add_detail(plan, err, "rng_seed", "%d bytes, %s", RNG_SEED_BYTES,
					  ctx->boot.fixed_seed ? "a fixed pattern (--dry-run: "
					  "the digests repeat; a load takes getrandom()'s)"
					  : "from getrandom()")) < 0 ||
	    (b->dtb_bytes && plan_add_detail(plan, err, "dtb", "%s, %zu bytes", ctx->req->dtb,
					     b->dtb_bytes) < 0))
		return -1;
	for (size_t i = 0; i < b->list.nr; i++) {
		const struct setup_list_item *it = &b->list.items[i];

		if (it->type != SETUP_LIST_RAW &&
		    plan_add_detail(plan, err, "setup_data", "%s len %" PRIu32 " at %#" PRIx64,
				    setup_data_type_name(it->type), it->len,
				    tail_at + it->offset) < 0)
			return -1;
	}
	return 0;
}

static int build(struct load_context *ctx, struct setup_build *b, const uint8_t *header,
		 size_t header_end, const char *cmdline, struct x86_setup *out)
{
	size_t room = strlen(cmdline) + 1 + ctx->cmdline_reserve;
	size_t tail_off = (BOOT_PARAMS_SIZE + room + SETUP_DATA_ALIGN - 1) &
			  ~(size_t)(SETUP_DATA_ALIGN - 1);
	size_t bytes;
	struct hole_request where = load_hole(ctx, X86_SETUP_MIN, X86_SETUP_MIN_FROM, X86_LOW_4G,
					      X86_LOW_4G_FROM);
	uint64_t head;

	if (decide(ctx, b) < 0)
		return -1;
	bytes = tail_off + setup_list_size(&b->list);
	out->bp = load_context_alloc(ctx, bytes);
	if (!out->bp)
		return -1;
	fill_zero_page(out->bp, header, header_end, b);
	memcpy(out->bp + BOOT_PARAMS_SIZE, cmdline, strlen(cmdline) + 1);
	if (load_add_buffer(ctx, "setup", out->bp, bytes, bytes, where, &out->at) < 0)
		return -1;
	/* Filled in place: the plan borrows the buffer and hashes it later. */
	out->cmdline_at = out->at + BOOT_PARAMS_SIZE;
	put32(out->bp, HDR_CMD_LINE_PTR, (uint32_t)out->cmdline_at);
	put32(out->bp, BP_EXT_CMD_LINE_PTR, (uint32_t)(out->cmdline_at >> 32));
	head = setup_list_place(&b->list, out->bp + tail_off, out->at + tail_off);
	/* Never the image's own value: a pointer into nowhere. */
	if (b->version >= SETUP_DATA_MIN_VERSION)
		put64(out->bp, HDR_SETUP_DATA, head);
	if (b->efi.ok)
		efi_link_memmap(out->bp, out->at + tail_off + b->list.items[b->efi_memmap].offset);
	return add_details(ctx, b, out->at + tail_off);
}

int x86_setup_build(struct load_context *ctx, const uint8_t *header, size_t header_end,
		    const char *cmdline, struct x86_setup *out)
{
	struct setup_build *b = calloc(1, sizeof(*b));
	int rc;

	if (!b)
		return kj_fail(ctx->err, "out of memory");
	b->version = get16(header, HDR_VERSION);
	rc = build(ctx, b, header, header_end, cmdline, out);
	x86_firmware_free(&b->fw);
	setup_list_free(&b->list);
	free(b);
	return rc;
}
