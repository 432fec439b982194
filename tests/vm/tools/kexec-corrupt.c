// SPDX-License-Identifier: GPL-2.0-only
/*
 * kexec-corrupt SEGMENT KEXEC-OPTIONS... IMAGE: for the purgatory-corrupt
 * scenario only, never installed.  Loads what "kexec KEXEC-OPTIONS...
 * IMAGE" would load, but with one byte of segment SEGMENT flipped after
 * the purgatory recorded its digest, so that the guest can show the
 * purgatory refusing to start a corrupted image.  kexec itself has no
 * way to do this.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/context.h"
#include "system/syscall.h"

/* A copy of segment NAME with its middle byte flipped, put in its place. */
static void *corrupt_segment(struct kexec_plan *plan, const char *name, struct kj_error *err)
{
	for (size_t i = 0; i < plan->nr_segments; i++) {
		struct plan_segment *s = &plan->segments[i];
		uint8_t *copy;

		if (strcmp(s->name, name) != 0 || s->bufsz == 0)
			continue;
		copy = malloc(s->bufsz);
		if (!copy) {
			kj_fail(err, "out of memory");
			return NULL;
		}
		memcpy(copy, s->buf, s->bufsz);
		copy[s->bufsz / 2] ^= 0x01;
		s->buf = copy;
		fprintf(stderr, "kexec-corrupt: flipped a byte of segment %s at %#" PRIx64 "\n",
			name, s->mem + s->bufsz / 2);
		return copy;
	}
	kj_fail(err, "no non-empty segment \"%s\"", name);
	return NULL;
}

int main(int argc, char **argv)
{
	struct kexec_options opt;
	struct kexec_context ctx = { .opt = &opt, .out = stdout };
	struct memory_map map;
	struct load_plan lp;
	void *copy = NULL;
	int rc = 1;

	if (argc < 3) {
		fprintf(stderr, "usage: kexec-corrupt SEGMENT KEXEC-OPTIONS... IMAGE\n");
		return 2;
	}
	/* argv[1] stands in for the program name. */
	if (options_parse(argc - 1, argv + 1, &opt, &ctx.err) < 0 ||
	    options_validate(&opt, &ctx.err) < 0 ||
	    system_paths_init(&ctx.paths, opt.system_root, &ctx.err) < 0)
		goto out_msg;
	if (opt.action != ACTION_LOAD || opt.dry_run) {
		kj_fail(&ctx.err, "only a real load (-l, -p, --load-preserve-context) applies");
		goto out_msg;
	}
	/* Segments to corrupt exist only in a kexec_load plan: the kernel's
	 * own loader (kexec_file_load, the default) hands over none. */
	if (opt.syscall == SYSCALL_AUTO)
		opt.syscall = SYSCALL_KEXEC_LOAD;
	if (action_build_plan(&ctx, &map, &lp) == 0 &&
	    plan_check(&lp.plan, &map, &ctx.err) == 0 &&
	    (copy = corrupt_segment(&lp.plan, argv[1], &ctx.err)) &&
	    kexec_submit(&lp.plan, &ctx.err) == 0)
		rc = 0;
	free(copy);
	load_plan_free(&lp);
	memmap_free(&map);
out_msg:
	if (rc)
		fprintf(stderr, "kexec-corrupt: %s\n", ctx.err.set ? ctx.err.msg : "failed");
	return rc;
}
