// SPDX-License-Identifier: GPL-2.0-only
/*
 * The uki type: a Unified Kernel Image (kjump/uki.h) whose .linux is a
 * bzImage, loaded by the bzImage loader with the UKI's own initrd and
 * command line.  As in kexec-tools (kexec/kexec-uki.c), --initrd
 * replaces the .initrd section; --append and --reuse-cmdline replace
 * the .cmdline section (kexec-tools ignores .cmdline altogether; kjump
 * passes it when the user gives no command line, as systemd-stub does).
 */
#include <string.h>

#include "arch/x86/x86.h"
#include "kjump/uki.h"
#include "load/image.h"

/* The UKI's pieces, with .linux probed as a bzImage. */
static int extract(const struct kj_blob *image, struct uki_parts *parts, struct kj_error *err)
{
	struct kj_error why = { 0 };

	if (uki_extract(image, parts, err) < 0)
		return -1;
	if (bzimage_image_type.probe(&parts->kernel, &why) < 0)
		return kj_fail(err, "UKI: .linux is not a bzImage: %s", why.msg);
	return 0;
}

static int uki_probe(const struct kj_blob *image, struct kj_error *why)
{
	struct uki_parts parts;

	return extract(image, &parts, why);
}

/*
 * The bzImage inside, into INNER, with the UKI's initrd and command line
 * standing in for the request's where it gives none.  The pieces point
 * into IMAGE, which outlives the plan.
 */
static const struct image_type *uki_unwrap(struct load_context *ctx,
					   const struct kj_blob *image, struct kj_blob *inner)
{
	struct uki_parts parts;

	if (extract(image, &parts, ctx->err) < 0)
		return NULL;
	if (parts.has_initrd && !ctx->req->initrd) {
		struct kj_blob *initrd = load_context_alloc(ctx, sizeof(*initrd));

		if (!initrd)
			return NULL;
		*initrd = parts.initrd;
		ctx->initrd_override = initrd;
	}
	if (parts.has_cmdline && !load_request_has_cmdline(ctx->req)) {
		char *cmdline = load_context_alloc(ctx, parts.cmdline.size + 1);

		if (!cmdline)
			return NULL;
		memcpy(cmdline, parts.cmdline.data, parts.cmdline.size);
		ctx->cmdline_override = cmdline;
	}
	*inner = parts.kernel;
	return &bzimage_image_type;
}

static int uki_load(struct load_context *ctx, const struct kj_blob *image)
{
	struct kj_blob inner;
	const struct image_type *type = uki_unwrap(ctx, image, &inner);

	return type ? type->load(ctx, &inner) : -1;
}

/* kexec_file_load takes the .linux bzImage if the kernel's loader does. */
static const char *uki_file_load_refusal(const struct kj_blob *image)
{
	struct kj_error ignored = { 0 };
	struct uki_parts parts;

	if (extract(image, &parts, &ignored) < 0)
		return "the kernel's loader cannot parse it";
	return bzimage_image_type.file_load_refusal(&parts.kernel);
}

static void uki_usage(FILE *out)
{
	fputs("               its .linux loaded as a bzImage with its .initrd and\n"
	      "               .cmdline; --initrd, --append, --reuse-cmdline replace them\n", out);
}

const struct image_type uki_image_type = {
	.name = "uki",
	.summary = "Unified Kernel Image (PE with .linux, .initrd, .cmdline)",
	.probe = uki_probe,
	.load = uki_load,
	.usage = uki_usage,
	.linux_kernel = true,
	/* kexec_file_load gets .linux, and .initrd in a memfd (uki_unwrap()). */
	.kernel_can_load = true,
	.file_load_refusal = uki_file_load_refusal,
	.unwrap = uki_unwrap,
	.default_args = ARGS_LINUX,
	.accepts = { .cmdline = true, .initrd = true, .args = ARGS_BIT(ARGS_LINUX) },
	.args_refusal = "a UKI's kernel takes Linux boot parameters: "
			"--args-none and --args-elf do not apply",
};
