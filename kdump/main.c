// SPDX-License-Identifier: GPL-2.0-only
/*
 * kdump: save and inspect memory images.  Exit status 0 on success, 1
 * on any failure, reported as one line "kdump: ..." on stderr.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "core.h"
#include "dmesg.h"
#include "info.h"
#include "kmem.h"
#include "kdump_options.h"
#include "save.h"

static int fail(const struct kj_error *err)
{
	fprintf(stderr, "kdump: %s\n", err->set ? err->msg : "failed");
	return EXIT_FAILURE;
}

/* Output that could not be written is a failure too (a full disk, a closed pipe). */
static int flush_stdout(struct kj_error *err)
{
	if (fflush(stdout) != 0 || ferror(stdout))
		return kj_fail_errno(err, errno, "cannot write the output");
	return 0;
}

static int cmd_save(const struct kdump_options *opt, struct kj_error *err)
{
	struct save_options so = {
		.in = opt->in, .out = opt->out,
		.exclude_zero = opt->exclude_zero, .exclude_free = opt->exclude_free,
		.compress = opt->compress, .tmpdir = opt->tmpdir, .progress = stderr,
		.resume = opt->resume, .resume_entry = opt->resume_entry, .boot_id = opt->boot_id,
	};
	struct save_stats st;

	if (kdump_save(&so, &st, err) < 0)
		return -1;
	if (!opt->quiet) {
		save_summary(stdout, &so, &st);
		putchar('\n');
	}
	return flush_stdout(err);
}

static int cmd_info(const struct kdump_options *opt, struct kj_error *err)
{
	struct core_open_args args = { .tmpdir = opt->tmpdir, .progress = stderr };
	struct core c;
	int rc;

	if (core_open(&c, opt->in, &args, err) < 0)
		return -1;
	rc = opt->vmcoreinfo ? kdump_info_vmcoreinfo(&c, stdout, err)
			     : kdump_info(&c, opt->json, stdout, err);
	core_close(&c);
	return rc < 0 ? -1 : flush_stdout(err);
}

static int cmd_dmesg(const struct kdump_options *opt, struct kj_error *err)
{
	struct core_open_args args = { .tmpdir = opt->tmpdir, .progress = stderr };
	struct core c;
	struct kmem m;
	unsigned long records;
	int rc;

	if (core_open(&c, opt->in, &args, err) < 0)
		return -1;
	rc = kmem_init(&m, &c, err);
	if (rc == 0)
		rc = kdump_dmesg(&m, stdout, &records, err);
	/* A log always holds the boot messages: none means a misread ring. */
	if (rc == 0 && records == 0)
		rc = kj_fail(err, "%s: the printk ringbuffer holds no readable record", opt->in);
	core_close(&c);
	return rc < 0 ? -1 : flush_stdout(err);
}

int main(int argc, char **argv)
{
	struct kj_error err = { 0 };
	struct kdump_options opt;
	int rc = 0;

	if (kdump_options_parse(argc, argv, &opt, &err) < 0)
		return fail(&err);
	switch (opt.cmd) {
	case CMD_HELP:
		kdump_usage(stdout);
		return EXIT_SUCCESS;
	case CMD_VERSION:
		printf("kdump (%s) %s\n", PACKAGE_NAME, PACKAGE_VERSION);
		return EXIT_SUCCESS;
	case CMD_SAVE:
		rc = cmd_save(&opt, &err);
		break;
	case CMD_INFO:
		rc = cmd_info(&opt, &err);
		break;
	case CMD_DMESG:
		rc = cmd_dmesg(&opt, &err);
		break;
	default:
		kj_fail(&err, "no command given (see kdump --help)");
		rc = -1;
	}
	return rc < 0 ? fail(&err) : EXIT_SUCCESS;
}
