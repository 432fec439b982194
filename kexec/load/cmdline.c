// SPDX-License-Identifier: GPL-2.0-only
/*
 * The new kernel's command line: --append, --reuse-cmdline (the running
 * kernel's, less what describes the old boot) and what kexec adds
 * (elfcorehdr=).  The same for every arch; the loaders only say how
 * long a line their kernel takes.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "kjump/compiler.h"
#include "load/cmdline.h"
#include "load/image.h"

/* Parameters that describe the old boot, not the new one. */
static bool dropped_on_reuse(const char *param, size_t len, bool crash)
{
	static const char *const always[] = {
		"BOOT_IMAGE=", "initrd=", "kexec_jump_back_entry=",
	};

	for (size_t i = 0; i < ARRAY_SIZE(always); i++)
		if (len >= strlen(always[i]) && strncmp(param, always[i], strlen(always[i])) == 0)
			return true;
	/* A capture kernel must not reserve crash memory of its own. */
	return crash && len >= 12 && strncmp(param, "crashkernel=", 12) == 0;
}

static void append_word(char *out, size_t *used, const char *text)
{
	if (!text || !*text)
		return;
	if (*used)
		out[(*used)++] = ' ';
	memcpy(out + *used, text, strlen(text));
	*used += strlen(text);
}

char *cmdline_build(const char *proc_cmdline_text, bool reuse, const char *append,
			const char *extra, bool crash, struct kj_error *err)
{
	size_t cap = (reuse && proc_cmdline_text ? strlen(proc_cmdline_text) : 0) +
		     (append ? strlen(append) : 0) + (extra ? strlen(extra) : 0) + 3;
	char *out = malloc(cap);
	size_t used = 0;

	if (!out) {
		kj_fail(err, "out of memory");
		return NULL;
	}
	out[0] = '\0';
	if (reuse && proc_cmdline_text) {
		const char *p = proc_cmdline_text;

		/* Split on blanks; quoted values with spaces are rare on x86
		 * command lines and are kept whole only if unquoted. */
		while (*p) {
			size_t len;

			while (*p == ' ' || *p == '\n' || *p == '\t')
				p++;
			len = strcspn(p, " \n\t");
			if (len && !dropped_on_reuse(p, len, crash)) {
				if (used)
					out[used++] = ' ';
				memcpy(out + used, p, len);
				used += len;
			}
			p += len;
		}
	}
	append_word(out, &used, append);
	append_word(out, &used, extra);
	out[used] = '\0';
	return out;
}

char *load_cmdline(struct load_context *ctx)
{
	const struct load_request *req = ctx->req;
	/* A wrapped image's own line (uki) stands in for the user's. */
	bool reuse = req->reuse_cmdline && !ctx->cmdline_override;
	const char *append = ctx->cmdline_override ? ctx->cmdline_override : req->append;
	struct kj_blob proc = { 0 };
	char *cmdline;

	if (reuse && kj_read_file(ctx->proc_cmdline, CMDLINE_PROC_MAX_BYTES, &proc, ctx->err) < 0)
		return NULL;
	cmdline = cmdline_build((const char *)proc.data, reuse, append, ctx->cmdline_extra,
				req->purpose == LOAD_CRASH, ctx->err);
	kj_blob_free(&proc);
	if (!cmdline || !load_context_own(ctx, cmdline))
		return NULL;
	ctx->plan->cmdline = cmdline;
	return cmdline;
}
