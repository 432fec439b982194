// SPDX-License-Identifier: GPL-2.0-only
/* kexec command-line parsing and validation. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "cli/options.h"

#define ARGV(...) ((char *[]){ "kexec", __VA_ARGS__, NULL })
#define ARGC(argv) ((int)(sizeof(argv) / sizeof(char *)) - 1)

static struct kexec_options opt;
static struct kj_error err;

/* Parse and validate; returns the combined status. */
static int parse_argv(int argc, char **argv)
{
	memset(&err, 0, sizeof(err));
	if (options_parse(argc, argv, &opt, &err) < 0)
		return -1;
	return options_validate(&opt, &err);
}

#define PARSE(...) parse_argv(ARGC(ARGV(__VA_ARGS__)), ARGV(__VA_ARGS__))

static void assert_err_has(const char *needle)
{
	assert_true(err.set);
	if (!strstr(err.msg, needle))
		fail_msg("error \"%s\" lacks \"%s\"", err.msg, needle);
}

static void full_load_line(void **state)
{
	assert_int_equal(PARSE("-l", "-t", "raw", "--mem-min=16M", "--mem-max", "0x40000000",
			       "--append=console=ttyS0", "--initrd", "initrd.img",
			       "--entry", "0x1000", "--load-preserve-context", "--args-none",
			       "-d", "--dry-run", "--json", "--memory-map", "map.txt", "vmlinuz"), 0);
	assert_int_equal(opt.action, ACTION_LOAD);
	assert_string_equal(opt.type, "raw");
	assert_true(opt.mem_min_set);
	assert_int_equal(opt.mem_min, 16 << 20);
	assert_int_equal(opt.mem_max, 0x40000000);
	assert_string_equal(opt.append, "console=ttyS0");
	assert_string_equal(opt.initrd, "initrd.img");
	assert_true(opt.entry_set);
	assert_int_equal(opt.entry, 0x1000);
	assert_true(opt.preserve_context);
	assert_int_equal(opt.args, ARGS_NONE);
	assert_true(opt.debug && opt.dry_run && opt.json);
	assert_string_equal(opt.memory_map, "map.txt");
	assert_string_equal(opt.image, "vmlinuz");
}

static void aliases_and_last_wins(void **state)
{
	assert_int_equal(PARSE("-l", "--command-line=a", "--append=b", "--ramdisk=r", "k"), 0);
	assert_string_equal(opt.append, "b");
	assert_string_equal(opt.initrd, "r");
	assert_int_equal(PARSE("-l", "--args-linux", "--args-elf", "k"), 0);
	assert_int_equal(opt.args, ARGS_ELF);
}

static void syscall_choice(void **state)
{
	assert_int_equal(PARSE("-l", "k"), 0);
	assert_int_equal(opt.syscall, SYSCALL_AUTO);
	assert_int_equal(PARSE("-l", "-s", "k"), 0);
	assert_int_equal(opt.syscall, SYSCALL_FILE_LOAD);
	assert_int_equal(PARSE("-l", "-s", "-c", "k"), 0);
	assert_int_equal(opt.syscall, SYSCALL_KEXEC_LOAD);
	assert_int_equal(PARSE("-l", "--kexec-syscall-auto", "k"), 0);
	assert_int_equal(opt.syscall, SYSCALL_AUTO);
}

static void panic_forms(void **state)
{
	assert_int_equal(PARSE("-p", "k"), 0);
	assert_int_equal(opt.action, ACTION_LOAD);
	assert_true(opt.panic);
	assert_int_equal(PARSE("-p", "-u"), 0);
	assert_int_equal(opt.action, ACTION_UNLOAD);
	assert_true(opt.panic);
	assert_int_equal(PARSE("-u", "--load-panic"), 0);
	assert_int_equal(opt.action, ACTION_UNLOAD);
	assert_true(opt.panic);
}

static void preserve_context_is_a_load(void **state)
{
	assert_int_equal(PARSE("--load-preserve-context", "--args-none", "prog"), 0);
	assert_int_equal(opt.action, ACTION_LOAD);
	assert_true(opt.preserve_context);
}

/* kexec-tools: -S asks about the crash kernel unless -l (or
 * --load-preserve-context) names the other, and overrides the rest. */
static void status_is_kexec_tools(void **state)
{
	struct load_request req;

	assert_int_equal(PARSE("-S"), 0);
	assert_int_equal(opt.action, ACTION_STATUS);
	assert_true(opt.panic);
	assert_int_equal(PARSE("-S", "-l"), 0);
	assert_int_equal(opt.action, ACTION_STATUS);
	assert_false(opt.panic);
	assert_int_equal(PARSE("-l", "-S"), 0);
	assert_false(opt.panic);
	assert_int_equal(PARSE("-S", "-p"), 0);
	assert_true(opt.panic);
	assert_int_equal(PARSE("-S", "--load-preserve-context"), 0);
	assert_false(opt.panic);
	assert_int_equal(PARSE("-e", "-S"), 0);
	assert_int_equal(opt.action, ACTION_STATUS);
	assert_true(opt.panic);
	assert_int_equal(PARSE("-S", "-l", "-p"), 0);
	assert_true(opt.panic);
	assert_int_equal(PARSE("-S", "--load-jump-back-helper"), 0);
	assert_false(opt.panic);
	/* --console-serial alone is ttyS0 at the rate it is at, as kexec-tools. */
	assert_int_equal(PARSE("-l", "--console-serial", "k"), 0);
	options_to_request(&opt, &req);
	assert_int_equal(req.console_serial_port, 0x3f8);
	assert_int_equal(req.console_serial_baud, 0);
	assert_int_equal(PARSE("-l", "--console-serial", "--serial=ttyS1", "--serial-baud=57600",
			       "k"), 0);
	options_to_request(&opt, &req);
	assert_int_equal(req.console_serial_port, 0x2f8);
	assert_int_equal(req.console_serial_baud, 57600);
	assert_int_equal(PARSE("-l", "--serial=0x2e8", "k"), 0);
	options_to_request(&opt, &req);
	assert_int_equal(req.console_serial_port, 0);	/* no --console-serial */
	assert_int_equal(PARSE("-l", "-i", "--entry-32bit", "--hotplug", "k"), 0);
	options_to_request(&opt, &req);
	assert_true(req.skip_checks && req.entry_32bit);
	assert_false(req.hotplug);	/* only with -p */
	assert_int_equal(PARSE("-p", "--hotplug", "k"), 0);
	options_to_request(&opt, &req);
	assert_true(req.hotplug);
}

static void other_actions(void **state)
{
	assert_int_equal(PARSE("-e", "-x", "-y"), 0);
	assert_int_equal(opt.action, ACTION_EXEC);
	assert_true(opt.no_ifdown && opt.no_sync);
	assert_int_equal(PARSE("-S"), 0);
	assert_int_equal(opt.action, ACTION_STATUS);
	assert_int_equal(PARSE("--load-jump-back-helper", "--entry=0x9abc"), 0);
	assert_int_equal(opt.action, ACTION_JUMP_BACK_HELPER);
	assert_int_equal(opt.entry, 0x9abc);
	assert_int_equal(PARSE("-f", "k"), 0);
	assert_int_equal(opt.action, ACTION_DEFAULT);
	assert_true(opt.force);
	assert_int_equal(PARSE("--help", "--bogus"), 0);
	assert_int_equal(opt.action, ACTION_HELP);
	assert_int_equal(PARSE("-v"), 0);
	assert_int_equal(opt.action, ACTION_VERSION);
}

static void extra_segments(void **state)
{
	/* The parser splits FILE@ADDR in place, as in a real argv. */
	char first[] = "a.bin@0x3000000", second[] = "--segment=dir/b@c.bin@1M";
	char bad1[] = "noaddr", bad2[] = "f@zz";

	assert_int_equal(PARSE("-l", "-t", "raw", "--segment", first, second, "k"), 0);
	assert_int_equal(opt.nr_segments, 2);
	assert_string_equal(opt.segments[0].path, "a.bin");
	assert_int_equal(opt.segments[0].addr, 0x3000000);
	assert_string_equal(opt.segments[1].path, "dir/b@c.bin");
	assert_int_equal(opt.segments[1].addr, 1 << 20);
	assert_int_equal(PARSE("-l", "--segment", bad1, "k"), -1);
	assert_err_has("FILE@ADDR");
	assert_int_equal(PARSE("-l", "--segment", bad2, "k"), -1);
	assert_err_has("not a number");
}

/* The x86 boot parameter options reach the load request as given. */
static void boot_parameter_options(void **state)
{
	struct load_request req;

	assert_int_equal(PARSE("-p", "--noefi", "--reuse-video-type", "--pass-memmap-cmdline",
			       "--dtb=board.dtb", "bzImage"), 0);
	options_to_request(&opt, &req);
	assert_true(req.noefi);
	assert_true(req.reuse_video_type);
	assert_true(req.pass_memmap_cmdline);
	assert_string_equal(req.dtb, "board.dtb");
	assert_int_equal(PARSE("-l", "bzImage"), 0);
	options_to_request(&opt, &req);
	assert_false(req.noefi || req.reuse_video_type || req.pass_memmap_cmdline);
	assert_null(req.dtb);
	assert_int_equal(PARSE("-l", "-s", "--dtb", "x.dtb", "bzImage"), -1);
	assert_err_has("--dtb needs kexec_load");
	assert_int_equal(PARSE("-l", "--dtb"), -1);
	assert_err_has("needs an argument");
}

/* --module "FILE ARGS": kept whole, in order, into the request. */
static void multiboot_modules(void **state)
{
	struct load_request req;
	char *argv[1 + 2 * (REQUEST_MAX_MODULES + 1) + 2];	/* kexec, the options, k, NULL */
	int argc = 0;

	assert_int_equal(PARSE("-l", "--module", "/mb/mod1 arg1 arg2", "--module=/mb/mod2",
			       "-t", "multiboot-x86", "k"), 0);
	assert_int_equal(opt.nr_modules, 2);
	assert_string_equal(opt.modules[0], "/mb/mod1 arg1 arg2");
	assert_string_equal(opt.modules[1], "/mb/mod2");
	options_to_request(&opt, &req);
	assert_int_equal(req.nr_modules, 2);
	assert_string_equal(req.modules[1], "/mb/mod2");
	assert_int_equal(PARSE("-l", "--module", " leading-blank", "k"), -1);
	assert_err_has("--module: want \"FILE [ARGS]\"");
	assert_int_equal(PARSE("-l", "--module=", "k"), -1);
	assert_err_has("--module: want");

	argv[argc++] = "kexec";
	for (int i = 0; i <= REQUEST_MAX_MODULES; i++) {
		argv[argc++] = "--module";
		argv[argc++] = "m";
	}
	argv[argc++] = "k";
	argv[argc] = NULL;
	assert_int_equal(parse_argv(argc, argv), -1);
	assert_err_has("--module: at most 64 modules");
}

static void parse_errors(void **state)
{
	assert_int_equal(PARSE("--bogus"), -1);
	assert_err_has("unknown option --bogus");
	assert_int_equal(PARSE("-Q"), -1);
	assert_err_has("unknown option -Q");
	assert_int_equal(PARSE("-l", "k", "--append"), -1);
	assert_err_has("needs an argument");
	assert_int_equal(PARSE("-l", "--mem-min=lots", "k"), -1);
	assert_err_has("--mem-min: not a number");
	assert_int_equal(PARSE("-l", "k1", "k2"), -1);
	assert_err_has("unexpected argument \"k2\"");
	assert_int_equal(PARSE("-l", "-e", "k"), -1);
	assert_err_has("-l and -e cannot be combined");
}

static void invalid_combinations(void **state)
{
	assert_int_equal(PARSE("-l"), -1);
	assert_err_has("no image given");
	assert_int_equal(PARSE("-e", "k"), -1);
	assert_err_has("-e takes no image");
	assert_int_equal(PARSE("-l", "--json", "k"), -1);
	assert_err_has("--json goes with --dry-run");
	assert_int_equal(PARSE("-l", "--mem-min=2M", "--mem-max=1M", "k"), -1);
	assert_err_has("is above --mem-max");
	assert_int_equal(PARSE("-p", "--load-preserve-context", "k"), -1);
	assert_err_has("crash kernel");
	assert_int_equal(PARSE("-l", "-s", "--load-preserve-context", "k"), -1);
	assert_err_has("kexec_file_load cannot preserve context");
	assert_int_equal(PARSE("-p", "--load-jump-back-helper"), -1);
	assert_err_has("cannot be combined with -p");
	assert_int_equal(PARSE("-l", "-s", "--args-none", "k"), -1);
	assert_err_has("--args-none needs kexec_load");
	assert_int_equal(PARSE("-l", "-f", "k"), -1);
	assert_err_has("-f goes with an image alone");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(full_load_line),
		cmocka_unit_test(aliases_and_last_wins),
		cmocka_unit_test(syscall_choice),
		cmocka_unit_test(panic_forms),
		cmocka_unit_test(preserve_context_is_a_load),
		cmocka_unit_test(other_actions),
		cmocka_unit_test(extra_segments),
		cmocka_unit_test(status_is_kexec_tools),
		cmocka_unit_test(boot_parameter_options),
		cmocka_unit_test(multiboot_modules),
		cmocka_unit_test(parse_errors),
		cmocka_unit_test(invalid_combinations),
	};
	return cmocka_run_group_tests_name("options", tests, NULL, NULL);
}
