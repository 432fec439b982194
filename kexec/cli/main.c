// SPDX-License-Identifier: GPL-2.0-only
/*
 * kexec: parse the command line, run one action, report one line on
 * failure.  Exit status: 0 success (for -S: loaded), 1 failure (for -S:
 * not loaded).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "config.h"
#include "cli/context.h"
#include "system/exec.h"
#include "load/image.h"
#include "cli/options.h"

/* kexec -S could not tell (kexec-tools returns -1 there). */
#define KEXEC_STATUS_UNKNOWN 255

static int fail(const struct kj_error *err)
{
	fprintf(stderr, "kexec: %s\n", err->set ? err->msg : "failed");
	return err->status == 2 ? 2 : EXIT_FAILURE;
}

/* kexec-tools' default for an image alone: load it, then reboot
 * through init so that services stop cleanly; init's final reboot
 * then starts the loaded kernel. */
static int shutdown_into_loaded_image(struct kexec_context *ctx)
{
	static char *const args[] = { "shutdown", "-r", "now", NULL };

	if (ctx->opt->dry_run) {
		fprintf(ctx->out, "would run shutdown -r now\n");
		return 0;
	}
	execv("/sbin/shutdown", args);
	execv("/bin/shutdown", args);
	return kj_fail_errno(&ctx->err, errno, "cannot run shutdown -r now");
}

static int load_then_start(struct kexec_context *ctx)
{
	if (action_load(ctx) < 0)
		return -1;
	if (ctx->opt->force)
		return action_exec(ctx);
	return shutdown_into_loaded_image(ctx);
}

int main(int argc, char **argv)
{
	struct kexec_options opt;
	struct kexec_context ctx = {
		.opt = &opt,
		.out = stdout,
	};
	int rc;

	if (options_parse(argc, argv, &opt, &ctx.err) < 0 ||
	    options_validate(&opt, &ctx.err) < 0 ||
	    system_paths_init(&ctx.paths, opt.system_root, &ctx.err) < 0)
		return fail(&ctx.err);

	if (opt.reset_vga)
		fputs("kexec: --reset-vga is accepted but not done: kjump's purgatory leaves the "
		      "VGA as it is\n", stderr);
	switch (opt.action) {
	case ACTION_HELP:
		options_usage(stdout);
		image_types_usage(stdout);
		return EXIT_SUCCESS;
	case ACTION_VERSION:
		printf("kexec (%s) %s\n", PACKAGE_NAME, PACKAGE_VERSION);
		return EXIT_SUCCESS;
	case ACTION_STATUS:
		/* kexec-tools' answer, which scripts test: 1 loaded, 0 not;
		 * so an unreadable state must not be 1 (kexec-tools: 255). */
		rc = action_status(&ctx);
		if (rc < 0) {
			fail(&ctx.err);
			return KEXEC_STATUS_UNKNOWN;
		}
		return rc == 1 ? EXIT_FAILURE : EXIT_SUCCESS;
	case ACTION_PRINT_CKR_SIZE:
		rc = action_print_crash_size(&ctx);
		break;
	case ACTION_LOAD:
		rc = action_load(&ctx);
		break;
	case ACTION_DEFAULT:
		rc = load_then_start(&ctx);
		break;
	case ACTION_JUMP_BACK_HELPER:
		rc = action_jump_back_helper(&ctx);
		break;
	case ACTION_RESUME:
		rc = action_resume(&ctx);
		break;
	case ACTION_DISCARD_IMAGE:
		rc = action_discard_image(&ctx);
		break;
	case ACTION_UNLOAD:
		rc = action_unload(&ctx);
		break;
	case ACTION_EXEC:
		rc = action_exec(&ctx);
		break;
	default:
		rc = kj_fail(&ctx.err, "internal error: unknown action");
	}
	if (rc < 0)
		return fail(&ctx.err);
	if (fflush(stdout) != 0)
		return fail(&(struct kj_error){ .set = true, .msg = "cannot write output" });
	return EXIT_SUCCESS;
}
