// SPDX-License-Identifier: GPL-2.0-only
/*
 * kdump's command line: "kdump COMMAND [options] FILE...".  Which
 * command takes which option, and what each option sets, are tables;
 * getopt_long() reads the words.
 */
#include <getopt.h>
#include <stddef.h>
#include <string.h>

#include "kjump/codec.h"
#include "kjump/compiler.h"
#include "kjump/parse.h"

#include "kdump_options.h"

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

struct command {
	const char *name;
	enum kdump_command cmd;
	int files;
	const char *files_text;
};

static const struct command commands[] = {
	{ "save", CMD_SAVE, 2, "VMCORE and OUT" },
	{ "info", CMD_INFO, 1, "FILE" },
	{ "dmesg", CMD_DMESG, 1, "FILE" },
};

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

struct option_rule;

/*
 * What an option does to OPT: 0 to go on, 1 when parsing is over (help,
 * version), -1 on a bad value.
 */
typedef int (*option_fn)(const struct option_rule *rule, const char *arg,
			 struct kdump_options *opt, struct kj_error *err);

/* Each getopt_long() value: the commands that take it, what it does. */
struct option_rule {
	int val;
	unsigned int cmds;
	option_fn apply;
	size_t field;		/* for set_flag and set_text: where in the options */
};

static int set_flag(const struct option_rule *rule, const char *arg,
		    struct kdump_options *opt, struct kj_error *err)
{
	*(bool *)((char *)opt + rule->field) = true;
	return 0;
}

static int set_text(const struct option_rule *rule, const char *arg,
		    struct kdump_options *opt, struct kj_error *err)
{
	*(const char **)((char *)opt + rule->field) = arg;
	return 0;
}

static int set_exclude(const struct option_rule *rule, const char *arg,
		       struct kdump_options *opt, struct kj_error *err)
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

static int set_compress(const struct option_rule *rule, const char *arg,
			struct kdump_options *opt, struct kj_error *err)
{
	if (kj_compression_parse(arg, &opt->compress) < 0)
		return kj_fail(err, "--compress takes none, gzip, xz or zstd, not \"%s\"", arg);
	return 0;
}

static int set_resume_entry(const struct option_rule *rule, const char *arg,
			    struct kdump_options *opt, struct kj_error *err)
{
	if (kj_parse_u64(arg, &opt->resume_entry) < 0 || opt->resume_entry == 0)
		return kj_fail(err, "--resume-entry takes an address such as 0x1000, not \"%s\"", arg);
	opt->resume = true;
	return 0;
}

static int set_command(enum kdump_command cmd, struct kdump_options *opt)
{
	opt->cmd = cmd;
	return 1;
}

static int set_help(const struct option_rule *rule, const char *arg,
		    struct kdump_options *opt, struct kj_error *err)
{
	return set_command(CMD_HELP, opt);
}

static int set_version(const struct option_rule *rule, const char *arg,
		       struct kdump_options *opt, struct kj_error *err)
{
	return set_command(CMD_VERSION, opt);
}

#define FOR(cmd) (1u << (cmd))
#define FOR_ALL (FOR(CMD_SAVE) | FOR(CMD_INFO) | FOR(CMD_DMESG))
#define FIELD(name) offsetof(struct kdump_options, name)

static const struct option_rule option_rules[] = {
	{ OPT_EXCLUDE, FOR(CMD_SAVE), set_exclude, 0 },
	{ OPT_COMPRESS, FOR(CMD_SAVE), set_compress, 0 },
	{ OPT_RESUME_ENTRY, FOR(CMD_SAVE), set_resume_entry, 0 },
	{ OPT_BOOT_ID, FOR(CMD_SAVE), set_text, FIELD(boot_id) },
	{ 'q', FOR(CMD_SAVE), set_flag, FIELD(quiet) },
	{ OPT_JSON, FOR(CMD_INFO), set_flag, FIELD(json) },
	{ OPT_VMCOREINFO, FOR(CMD_INFO), set_flag, FIELD(vmcoreinfo) },
	{ OPT_TMPDIR, FOR_ALL, set_text, FIELD(tmpdir) },
	{ 'h', FOR_ALL, set_help, 0 },
	{ 'v', FOR_ALL, set_version, 0 },
};

/* getopt_long() refused the word before optind (C is ':' or '?'). */
static int bad_option(char **argv, int c, const char *cmd, struct kj_error *err)
{
	const char *arg = argv[optind - 1];

	if (c == ':')
		return kj_fail(err, "option %s needs an argument (see kdump --help)", arg);
	/* glibc: a long option given a value it takes none of ("--json=x"). */
	if (optopt >= 0x100)
		return kj_fail(err, "option %.*s takes no argument (see kdump --help)",
			       (int)strcspn(arg, "="), arg);
	if (optopt)
		return kj_fail(err, "unknown option -%c for kdump %s (see kdump --help)", optopt, cmd);
	return kj_fail(err, "unknown option %s for kdump %s (see kdump --help)", arg, cmd);
}

/* Apply option C (getopt_long's value) for command CMD. */
static int apply_option(char **argv, int c, const struct command *cmd,
			struct kdump_options *opt, struct kj_error *err)
{
	for (size_t i = 0; i < ARRAY_SIZE(option_rules); i++) {
		if (option_rules[i].val != c)
			continue;
		if (!(option_rules[i].cmds & FOR(cmd->cmd)))
			return bad_option(argv, '?', cmd->name, err);
		return option_rules[i].apply(&option_rules[i], optarg, opt, err);
	}
	return bad_option(argv, c, cmd->name, err);
}

/* The first word: a command, or help or version alone; 1 when done. */
static int parse_command(const char *name, const struct command **cmd,
			 struct kdump_options *opt, struct kj_error *err)
{
	if (!name)
		return kj_fail(err, "no command given (see kdump --help)");
	if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0 || strcmp(name, "help") == 0)
		return set_command(CMD_HELP, opt);
	if (strcmp(name, "-v") == 0 || strcmp(name, "--version") == 0)
		return set_command(CMD_VERSION, opt);
	for (size_t k = 0; k < ARRAY_SIZE(commands); k++) {
		if (strcmp(name, commands[k].name) == 0) {
			*cmd = &commands[k];
			opt->cmd = commands[k].cmd;
			return 0;
		}
	}
	return kj_fail(err, "unknown command \"%s\" (see kdump --help)", name);
}

/* The options after the command (ARGV[0]); 1 when done. */
static int parse_flags(int argc, char **argv, const struct command *cmd,
		       struct kdump_options *opt, struct kj_error *err)
{
	int c, rc;

	opterr = 0;
	optind = 0;	/* glibc: full re-initialisation, so tests can parse again */
	while ((c = getopt_long(argc, argv, ":qhv", long_options, NULL)) != -1)
		if ((rc = apply_option(argv, c, cmd, opt, err)) != 0)
			return rc;
	return 0;
}

/* The files after the options, and options that need one another. */
static int take_files(int argc, char **argv, const struct command *cmd,
		      struct kdump_options *opt, struct kj_error *err)
{
	if (argc - optind != cmd->files)
		return kj_fail(err, "%s takes %s (see kdump --help)", cmd->name, cmd->files_text);
	opt->in = argv[optind];
	if (cmd->files == 2)
		opt->out = argv[optind + 1];
	if (opt->boot_id && !opt->resume)
		return kj_fail(err, "--boot-id goes with --resume-entry");
	if (opt->json && opt->vmcoreinfo)
		return kj_fail(err, "--json and --vmcoreinfo cannot be combined");
	return 0;
}

int kdump_options_parse(int argc, char **argv, struct kdump_options *opt,
			struct kj_error *err)
{
	const struct command *cmd = NULL;
	int rc;

	memset(opt, 0, sizeof(*opt));
	rc = parse_command(argc > 1 ? argv[1] : NULL, &cmd, opt, err);
	if (rc == 0)
		rc = parse_flags(argc - 1, argv + 1, cmd, opt, err);
	if (rc == 0)
		rc = take_files(argc - 1, argv + 1, cmd, opt, err);
	return rc < 0 ? -1 : 0;
}
