// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "kjump/codec.h"
#include "kjump/compiler.h"

#include "options.h"

enum {
	OPT_EXCLUDE = 0x100,
	OPT_COMPRESS,
	OPT_JSON,
	OPT_VMCOREINFO,
	OPT_TMPDIR,
	OPT_RESUME_ENTRY,
	OPT_BOOT_ID,
};

void kdump_usage(FILE *out)
{
	fputs("Usage: kdump COMMAND [options] FILE...\n"
	      "Save and inspect memory images (ELF cores such as /proc/vmcore).\n"
	      "\n"
	      "Commands:\n"
	      "  save [options] VMCORE OUT  copy a core, leaving out pages that hold nothing\n"
	      "      --exclude LIST         zero, free or zero,free: all-zero pages, pages\n"
	      "                             the crashed kernel had free (needs VMCOREINFO)\n"
	      "      --compress ALG         none, gzip, xz or zstd: compress the whole output\n"
	      "      --resume-entry ADDR    make a hibernation image that kexec --resume loads\n"
	      "                             back, returning to ADDR (A's kexec_jump_back_entry)\n"
	      "      --boot-id ID           A's boot id, recorded in that image\n"
	      "  -q, --quiet                no summary line\n"
	      "  info [--json] FILE         ranges, sizes, kernel release, VMCOREINFO facts\n"
	      "      --json                 the same as JSON\n"
	      "      --vmcoreinfo           print the VMCOREINFO note as it is\n"
	      "  dmesg FILE                 the crashed kernel's log (printk ringbuffer)\n"
	      "\n"
	      "Options for every command:\n"
	      "      --tmpdir DIR           where a compressed FILE is expanded\n"
	      "                             (default: $TMPDIR, else /var/tmp)\n"
	      "  -h, --help                 this help\n"
	      "  -v, --version              the version\n"
	      "\n"
	      "Input may be gzip, xz or zstd compressed.  Errors are one line on stderr\n"
	      "and exit status 1.  See kdump(8).\n", out);
}

static int parse_exclude(const char *arg, struct kdump_options *opt, struct kj_error *err)
{
	const char *p = arg;

	while (*p) {
		size_t n = strcspn(p, ",");

		if (n == 4 && strncmp(p, "zero", 4) == 0)
			opt->exclude_zero = true;
		else if (n == 4 && strncmp(p, "free", 4) == 0)
			opt->exclude_free = true;
		else if (n == 4 && strncmp(p, "none", 4) == 0)
			opt->exclude_zero = opt->exclude_free = false;
		else
			return kj_fail(err, "--exclude takes zero, free or none, not \"%.*s\"", (int)n, p);
		p += n;
		if (*p == ',')
			p++;
	}
	return 0;
}

static int bad_option(char **argv, int c, const char *cmd, struct kj_error *err)
{
	const char *arg = argv[optind - 1];

	if (c == ':')
		return kj_fail(err, "option %s needs an argument (see kdump --help)", arg);
	if (optopt)
		return kj_fail(err, "unknown option -%c for kdump %s (see kdump --help)", optopt, cmd);
	return kj_fail(err, "unknown option %s for kdump %s (see kdump --help)", arg, cmd);
}

static const struct {
	const char *name;
	enum kdump_command cmd;
	int files;
	const char *files_text;
} commands[] = {
	{ "save", CMD_SAVE, 2, "VMCORE and OUT" },
	{ "info", CMD_INFO, 1, "FILE" },
	{ "dmesg", CMD_DMESG, 1, "FILE" },
};

int kdump_options_parse(int argc, char **argv, struct kdump_options *opt,
			struct kj_error *err)
{
	static const struct option long_options[] = {
		{ "exclude", required_argument, NULL, OPT_EXCLUDE },
		{ "compress", required_argument, NULL, OPT_COMPRESS },
		{ "quiet", no_argument, NULL, 'q' },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "vmcoreinfo", no_argument, NULL, OPT_VMCOREINFO },
		{ "tmpdir", required_argument, NULL, OPT_TMPDIR },
		{ "resume-entry", required_argument, NULL, OPT_RESUME_ENTRY },
		{ "boot-id", required_argument, NULL, OPT_BOOT_ID },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	const char *name = argc > 1 ? argv[1] : NULL;
	size_t k;
	int c;

	memset(opt, 0, sizeof(*opt));
	if (!name)
		return kj_fail(err, "no command given (see kdump --help)");
	if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0 || strcmp(name, "help") == 0) {
		opt->cmd = CMD_HELP;
		return 0;
	}
	if (strcmp(name, "-v") == 0 || strcmp(name, "--version") == 0) {
		opt->cmd = CMD_VERSION;
		return 0;
	}
	for (k = 0; k < ARRAY_SIZE(commands); k++)
		if (strcmp(name, commands[k].name) == 0)
			break;
	if (k == ARRAY_SIZE(commands))
		return kj_fail(err, "unknown command \"%s\" (see kdump --help)", name);
	opt->cmd = commands[k].cmd;

	opterr = 0;
	optind = 0;	/* glibc: full re-initialisation, so tests can parse again */
	argc--;
	argv++;
	while ((c = getopt_long(argc, argv, ":qhv", long_options, NULL)) != -1) {
		bool save = opt->cmd == CMD_SAVE, info = opt->cmd == CMD_INFO;

		switch (c) {
		case OPT_EXCLUDE:
			if (!save)
				return bad_option(argv, '?', name, err);
			if (parse_exclude(optarg, opt, err) < 0)
				return -1;
			break;
		case OPT_COMPRESS:
			if (!save)
				return bad_option(argv, '?', name, err);
			if (kj_compression_parse(optarg, &opt->compress) < 0)
				return kj_fail(err, "--compress takes none, gzip, xz or zstd, not \"%s\"", optarg);
			break;
		case OPT_RESUME_ENTRY: {
			char *end;

			if (!save)
				return bad_option(argv, '?', name, err);
			errno = 0;
			opt->resume_entry = strtoull(optarg, &end, 0);
			if (errno || end == optarg || *end || opt->resume_entry == 0)
				return kj_fail(err, "--resume-entry takes an address such as 0x1000, "
					       "not \"%s\"", optarg);
			opt->resume = true;
			break;
		}
		case OPT_BOOT_ID:
			if (!save)
				return bad_option(argv, '?', name, err);
			opt->boot_id = optarg;
			break;
		case 'q':
			if (!save)
				return bad_option(argv, '?', name, err);
			opt->quiet = true;
			break;
		case OPT_JSON:
		case OPT_VMCOREINFO:
			if (!info)
				return bad_option(argv, '?', name, err);
			if (c == OPT_JSON)
				opt->json = true;
			else
				opt->vmcoreinfo = true;
			break;
		case OPT_TMPDIR:
			opt->tmpdir = optarg;
			break;
		case 'h':
			opt->cmd = CMD_HELP;
			return 0;
		case 'v':
			opt->cmd = CMD_VERSION;
			return 0;
		default:
			return bad_option(argv, c, name, err);
		}
	}
	if (argc - optind != commands[k].files)
		return kj_fail(err, "%s takes %s (see kdump --help)", name, commands[k].files_text);
	opt->in = argv[optind];
	if (commands[k].files == 2)
		opt->out = argv[optind + 1];
	if (opt->boot_id && !opt->resume)
		return kj_fail(err, "--boot-id goes with --resume-entry");
	if (opt->json && opt->vmcoreinfo)
		return kj_fail(err, "--json and --vmcoreinfo cannot be combined");
	return 0;
}
