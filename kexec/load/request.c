// SPDX-License-Identifier: GPL-2.0-only
/*
 * Every check of a load request, in one place: the ones that hold for
 * any image (load_request_check()) and the ones an image type's
 * abilities decide (load_request_check_type()).  Loaders can then take
 * the request as it is.
 */
#include <inttypes.h>

#include "load/image.h"
#include "load/request.h"

int load_request_check(const struct load_request *req, struct kj_error *err)
{
	const struct load_window *w = &req->window;

	if (w->min_set && w->max_set && w->min > w->max)
		return kj_fail(err, "--mem-min %#" PRIx64 " is above --mem-max %#" PRIx64,
			       w->min, w->max);
	if (req->purpose == LOAD_CALL && req->syscall == SYSCALL_FILE_LOAD)
		return kj_fail(err, "kexec_file_load cannot preserve context: drop -s "
			       "(kexec_load is chosen automatically)");
	if (req->purpose == LOAD_RESUME && req->syscall == SYSCALL_FILE_LOAD)
		return kj_fail(err, "--resume loads with kexec_load, not as a crash kernel: "
			       "drop -p and -s");
	if (req->args == ARGS_NONE && req->syscall == SYSCALL_FILE_LOAD)
		return kj_fail(err, "--args-none needs kexec_load: drop -s");
	/* boot parameters (x86): kexec_file_load's kernel builds its own */
	if (req->dtb && req->syscall == SYSCALL_FILE_LOAD)
		return kj_fail(err, "--dtb needs kexec_load: drop -s");
	return 0;
}

/* The style the image is started with: the request's, or the type's own. */
static enum args_style resolved_args(const struct load_request *req,
				     const struct image_type *type)
{
	return req->args == ARGS_DEFAULT ? type->default_args : req->args;
}

bool load_request_linux_args(const struct load_request *req, const struct image_type *type)
{
	return type->linux_kernel && resolved_args(req, type) == ARGS_LINUX;
}

int load_request_check_type(const struct load_request *req, const struct image_type *type,
			    struct kj_error *err)
{
	enum args_style style = resolved_args(req, type);

	if (req->nr_segments && !type->accepts.segments)
		return kj_fail(err, "--segment applies to the raw type only");
	if (req->nr_modules && !type->accepts.modules)
		return kj_fail(err, "--module applies to the multiboot types only, not to %s",
			       type->name);
	/* What the type never takes, whatever the style. */
	if (load_request_has_cmdline(req) && !type->accepts.cmdline)
		return kj_fail(err, "the %s type takes no command line", type->name);
	if (req->initrd && !type->accepts.initrd)
		return kj_fail(err, "the %s type takes no initrd", type->name);
	if (req->args != ARGS_DEFAULT && !(type->accepts.args & ARGS_BIT(req->args)))
		return type->args_refusal ? kj_fail(err, "%s", type->args_refusal)
					  : kj_fail(err, "the %s type does not take that --args-* "
						    "style", type->name);
	/* What the chosen style cannot pass. */
	if (style == ARGS_NONE && (load_request_has_cmdline(req) || req->initrd))
		return kj_fail(err, "--args-none passes nothing: drop --append, "
			       "--initrd and --reuse-cmdline");
	if (style == ARGS_ELF && req->initrd)
		return kj_fail(err, "--args-elf passes no initrd");
	/* boot parameters (x86): a file that would go nowhere */
	if (req->dtb && !load_request_linux_args(req, type))
		return kj_fail(err, "--dtb goes in Linux boot parameters, which a %s image "
			       "started this way is not given", type->name);
	return 0;
}
