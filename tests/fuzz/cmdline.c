// SPDX-License-Identifier: GPL-2.0-only
/*
 * Command lines: the new kernel's, assembled by cmdline_build()
 * (--reuse-cmdline's filtering of /proc/cmdline, --append, parameters
 * kexec adds) and load_cmdline() (reading /proc/cmdline); what is
 * read back out of one (console=ttyS for the purgatory,
 * kexec_jump_back_entry=, ELF boot notes); and kexec's own options.
 * Input: one flags byte (bit 0: reuse, 1: crash, 2: no append, 3: no
 * extra), then NUL-separated fields: /proc/cmdline, --append, the extra
 * parameters, and kexec's argv (after argv[0]).
 */
#include <stdlib.h>
#include <string.h>

#include "arch/x86/bootparam.h"
#include "load/cmdline.h"
#include "arch/x86/elfnotes.h"
#include "fuzz.h"
#include "load/jump.h"
#include "cli/options.h"
#include "kjump/parse.h"

#define MAX_ARGS 32

static struct fuzz_file proc_cmdline;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_init();
	fuzz_file_open(&proc_cmdline, "cmdline");
	return 0;
}

/* What the loaders take out of a command line. */
static void use(const char *cmdline)
{
	size_t size = elf_boot_notes_size(cmdline);
	uint8_t *notes = calloc(1, size);

	if (notes) {
		elf_boot_notes_build(notes, cmdline);
		free(notes);
	}
	(void)x86_serial_port_from_cmdline(cmdline);
}

static void request_cmdline(const char *proc, const char *append, uint8_t flags)
{
	struct load_request req = { .purpose = flags & 2 ? LOAD_CRASH : LOAD_REPLACE };
	struct memory_map map = { 0 };
	struct kexec_plan plan;
	struct load_context load;
	struct kj_error err = { 0 };
	char *cmdline;

	req.append = append;
	req.reuse_cmdline = flags & 1;
	fuzz_file_set(&proc_cmdline, proc, strlen(proc));
	plan_init(&plan);
	load_context_init(&load, &req, &map, &plan, &err);
	load.proc_cmdline = proc_cmdline.path;
	cmdline = load_cmdline(&load);
	if (cmdline)
		use(cmdline);
	load_context_free(&load);
	plan_free(&plan);
}

static void parse_options(char **fields, size_t n)
{
	char *argv[MAX_ARGS + 2] = { "kexec" };
	int argc = 1;
	struct kexec_options opt;
	struct kj_error err = { 0 };
	uint64_t value;

	for (size_t i = 0; i < n && argc <= MAX_ARGS; i++) {
		(void)kj_parse_size(fields[i], &value);
		argv[argc++] = fields[i];
	}
	argv[argc] = NULL;
	if (options_parse(argc, argv, &opt, &err) == 0)
		(void)options_validate(&opt, &err);
	fuzz_report(err.set ? "options" : "options valid", &err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *fields[3 + MAX_ARGS];
	size_t n;
	struct kj_error err = { 0 };
	const char *proc, *append, *extra;
	uint64_t entry;
	char *cmdline;

	if (size < 1)
		return 0;
	n = fuzz_fields(data + 1, size - 1, fields, 3 + MAX_ARGS);
	proc = n > 0 ? fields[0] : "";
	append = n > 1 && !(data[0] & 4) ? fields[1] : NULL;
	extra = n > 2 && !(data[0] & 8) ? fields[2] : NULL;

	cmdline = cmdline_build(proc, data[0] & 1, append, extra, data[0] & 2, &err);
	if (cmdline) {
		use(cmdline);
		free(cmdline);
	}
	(void)jump_back_entry_from_cmdline(proc, &entry, &err);
	request_cmdline(proc, append, data[0]);
	if (n > 3)
		parse_options(fields + 3, n - 3);
	fuzz_fields_free(fields, n);
	return 0;
}
