// SPDX-License-Identifier: GPL-2.0-only
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli/options.h"
#include "kjump/parse.h"

enum {
	OPT_MEM_MIN = 256,
	OPT_MEM_MAX,
	OPT_APPEND,
	OPT_REUSE_CMDLINE,
	OPT_INITRD,
	OPT_ENTRY,
	OPT_PRESERVE_CONTEXT,
	OPT_JUMP_BACK_HELPER,
	OPT_RESUME,
	OPT_DISCARD_IMAGE,
	OPT_BOOT_ID,
	OPT_ARGS_NONE,
	OPT_ARGS_LINUX,
	OPT_ARGS_ELF,
	OPT_DRY_RUN,
	OPT_JSON,
	OPT_MEMORY_MAP,
	OPT_SEGMENT,
	OPT_KERNEL_ARCH,
	OPT_SYSTEM_ROOT,
	OPT_ELF32_CORE,
	OPT_ELF64_CORE,
	/* kexec-tools compatibility */
	OPT_REUSE_INITRD,
	OPT_PRINT_CKR_SIZE,
	OPT_HOTPLUG,
	OPT_ENTRY_32BIT,
	OPT_REAL_MODE,
	OPT_CONSOLE_SERIAL,
	OPT_SERIAL,
	OPT_SERIAL_BAUD,
	OPT_CONSOLE_VGA,
	OPT_RESET_VGA,
	OPT_LIVE_UPDATE,
	/* boot parameters (x86) */
	OPT_NOEFI,
	OPT_REUSE_VIDEO_TYPE,
	OPT_PASS_MEMMAP_CMDLINE,
	OPT_DTB,
	OPT_MODULE,		/* multiboot */
};

static const struct option long_options[] = {
	{ "load",			no_argument,	   NULL, 'l' },
	{ "load-panic",			no_argument,	   NULL, 'p' },
	{ "unload",			no_argument,	   NULL, 'u' },
	{ "exec",			no_argument,	   NULL, 'e' },
	{ "status",			no_argument,	   NULL, 'S' },
	{ "kexec-file-syscall",		no_argument,	   NULL, 's' },
	{ "kexec-syscall",		no_argument,	   NULL, 'c' },
	{ "kexec-syscall-auto",		no_argument,	   NULL, 'a' },
	{ "type",			required_argument, NULL, 't' },
	{ "mem-min",			required_argument, NULL, OPT_MEM_MIN },
	{ "mem-max",			required_argument, NULL, OPT_MEM_MAX },
	{ "append",			required_argument, NULL, OPT_APPEND },
	{ "command-line",		required_argument, NULL, OPT_APPEND },
	{ "reuse-cmdline",		no_argument,	   NULL, OPT_REUSE_CMDLINE },
	{ "initrd",			required_argument, NULL, OPT_INITRD },
	{ "ramdisk",			required_argument, NULL, OPT_INITRD },
	{ "entry",			required_argument, NULL, OPT_ENTRY },
	{ "load-preserve-context",	no_argument,	   NULL, OPT_PRESERVE_CONTEXT },
	{ "load-jump-back-helper",	no_argument,	   NULL, OPT_JUMP_BACK_HELPER },
	{ "resume",			no_argument,	   NULL, OPT_RESUME },
	{ "discard-image",		no_argument,	   NULL, OPT_DISCARD_IMAGE },
	{ "boot-id",			required_argument, NULL, OPT_BOOT_ID },
	{ "args-none",			no_argument,	   NULL, OPT_ARGS_NONE },
	{ "args-linux",			no_argument,	   NULL, OPT_ARGS_LINUX },
	{ "args-elf",			no_argument,	   NULL, OPT_ARGS_ELF },
	{ "debug",			no_argument,	   NULL, 'd' },
	{ "force",			no_argument,	   NULL, 'f' },
	{ "no-ifdown",			no_argument,	   NULL, 'x' },
	{ "no-sync",			no_argument,	   NULL, 'y' },
	{ "version",			no_argument,	   NULL, 'v' },
	{ "help",			no_argument,	   NULL, 'h' },
	{ "dry-run",			no_argument,	   NULL, OPT_DRY_RUN },
	{ "json",			no_argument,	   NULL, OPT_JSON },
	{ "memory-map",			required_argument, NULL, OPT_MEMORY_MAP },
	{ "segment",			required_argument, NULL, OPT_SEGMENT },
	{ "kernel-arch",		required_argument, NULL, OPT_KERNEL_ARCH },
	{ "system-root",		required_argument, NULL, OPT_SYSTEM_ROOT },
	{ "elf32-core-headers",		no_argument,	   NULL, OPT_ELF32_CORE },
	{ "elf64-core-headers",		no_argument,	   NULL, OPT_ELF64_CORE },
	/* kexec-tools compatibility */
	{ "no-checks",			no_argument,	   NULL, 'i' },
	{ "reuseinitrd",		no_argument,	   NULL, OPT_REUSE_INITRD },
	{ "print-ckr-size",		no_argument,	   NULL, OPT_PRINT_CKR_SIZE },
	{ "hotplug",			no_argument,	   NULL, OPT_HOTPLUG },
	{ "entry-32bit",		no_argument,	   NULL, OPT_ENTRY_32BIT },
	{ "real-mode",			no_argument,	   NULL, OPT_REAL_MODE },
	{ "console-serial",		no_argument,	   NULL, OPT_CONSOLE_SERIAL },
	{ "serial",			required_argument, NULL, OPT_SERIAL },
	{ "serial-baud",		required_argument, NULL, OPT_SERIAL_BAUD },
	{ "console-vga",		no_argument,	   NULL, OPT_CONSOLE_VGA },
	{ "reset-vga",			no_argument,	   NULL, OPT_RESET_VGA },
	{ "load-live-update",		no_argument,	   NULL, OPT_LIVE_UPDATE },
	{ "exec-live-update",		no_argument,	   NULL, OPT_LIVE_UPDATE },
	/* boot parameters (x86) */
	{ "noefi",			no_argument,	   NULL, OPT_NOEFI },
	{ "reuse-video-type",		no_argument,	   NULL, OPT_REUSE_VIDEO_TYPE },
	{ "pass-memmap-cmdline",	no_argument,	   NULL, OPT_PASS_MEMMAP_CMDLINE },
	{ "dtb",			required_argument, NULL, OPT_DTB },
	{ "module",			required_argument, NULL, OPT_MODULE },	/* multiboot */
	{ NULL, 0, NULL, 0 },
};

static const char short_options[] = ":lpueSscat:dfxyvhi";

static int parse_number(const char *option, const char *text, uint64_t *value,
			struct kj_error *err)
{
	if (kj_parse_size(text, value) < 0)
		return kj_fail(err, "%s: not a number: \"%s\"", option, text);
	return 0;
}

static int parse_extra_segment(struct kexec_options *opt, char *text,
			       struct kj_error *err)
{
	char *at = strrchr(text, '@');
	struct extra_segment *seg;

	if (!at || at == text)
		return kj_fail(err, "--segment: want FILE@ADDR, got \"%s\"", text);
	if (opt->nr_segments == OPT_MAX_EXTRA_SEGMENTS)
		return kj_fail(err, "--segment: at most %d extra segments",
			       OPT_MAX_EXTRA_SEGMENTS);
	seg = &opt->segments[opt->nr_segments];
	if (parse_number("--segment", at + 1, &seg->addr, err) < 0)
		return -1;
	*at = '\0';
	seg->path = text;
	opt->nr_segments++;
	return 0;
}

/* kexec-tools: "ttyS0", "ttyS1" or a hexadecimal I/O port "0x...". */
static int parse_serial_port(const char *text, uint16_t *port, struct kj_error *err)
{
	static const uint16_t com_ports[] = { 0x3f8, 0x2f8, 0x3e8, 0x2e8 };
	uint64_t value;

	if (strncmp(text, "ttyS", 4) == 0 && text[4] >= '0' && text[4] <= '3' && !text[5]) {
		*port = com_ports[text[4] - '0'];
		return 0;
	}
	if (strncmp(text, "0x", 2) != 0 || kj_parse_size(text, &value) < 0 || value == 0 ||
	    value > 0xffff)
		return kj_fail(err, "--serial: want ttyS0..ttyS3 or an I/O port 0x1..0xffff, "
			       "got \"%s\"", text);
	*port = (uint16_t)value;
	return 0;
}

/* kexec-tools takes 9600 to 115200 baud, dividing 115200 evenly. */
static int parse_serial_baud(const char *text, uint32_t *baud, struct kj_error *err)
{
	uint64_t value;

	if (kj_parse_size(text, &value) < 0 || value < 9600 || value > 115200 ||
	    115200 % value != 0)
		return kj_fail(err, "--serial-baud: want a rate from 9600 to 115200 that divides "
			       "115200, got \"%s\"", text);
	*baud = (uint32_t)value;
	return 0;
}

static const char *action_option(enum kexec_action a)
{
	switch (a) {
	case ACTION_LOAD: return "-l";
	case ACTION_UNLOAD: return "-u";
	case ACTION_EXEC: return "-e";
	case ACTION_STATUS: return "-S";
	case ACTION_JUMP_BACK_HELPER: return "--load-jump-back-helper";
	case ACTION_RESUME: return "--resume";
	case ACTION_DISCARD_IMAGE: return "--discard-image";
	default: return "?";
	}
}

static int set_action(struct kexec_options *opt, enum kexec_action a,
		      struct kj_error *err)
{
	if (opt->action != ACTION_DEFAULT && opt->action != a)
		return kj_fail(err, "%s and %s cannot be combined",
			       action_option(opt->action), action_option(a));
	opt->action = a;
	return 0;
}

/* getopt's own message is not one we control; say it our way. */
static int unknown_option(char **argv, int c, struct kj_error *err)
{
	const char *arg = argv[optind - 1];

	if (c == ':')
		return kj_fail(err, "option %s needs an argument (see kexec --help)", arg);
	if (optopt)
		return kj_fail(err, "unknown option -%c (see kexec --help)", optopt);
	return kj_fail(err, "unknown option %s (see kexec --help)", arg);
}

int options_parse(int argc, char **argv, struct kexec_options *opt,
		  struct kj_error *err)
{
	int c;

	memset(opt, 0, sizeof(*opt));
	opterr = 0;
	optind = 0;	/* glibc: full re-initialisation, so tests can parse again */
	while ((c = getopt_long(argc, argv, short_options, long_options, NULL)) != -1) {
		int rc = 0;

		switch (c) {
		case 'l':
			opt->load_option = true;
			rc = set_action(opt, ACTION_LOAD, err);
			break;
		case 'u': rc = set_action(opt, ACTION_UNLOAD, err); break;
		case 'e': rc = set_action(opt, ACTION_EXEC, err); break;
		case 'S': opt->status = true; break;
		case OPT_JUMP_BACK_HELPER:
			rc = set_action(opt, ACTION_JUMP_BACK_HELPER, err);
			break;
		case OPT_RESUME:
			rc = set_action(opt, ACTION_RESUME, err);
			break;
		case OPT_DISCARD_IMAGE:
			rc = set_action(opt, ACTION_DISCARD_IMAGE, err);
			break;
		case OPT_BOOT_ID: opt->boot_id = optarg; break;
		case 'h': opt->action = ACTION_HELP; return 0;
		case 'v': opt->action = ACTION_VERSION; return 0;
		case 'p': opt->panic = true; break;
		case 's': opt->syscall = SYSCALL_FILE_LOAD; break;
		case 'c': opt->syscall = SYSCALL_KEXEC_LOAD; break;
		case 'a': opt->syscall = SYSCALL_AUTO; break;
		case 't': opt->type = optarg; break;
		case OPT_MEM_MIN:
			rc = parse_number("--mem-min", optarg, &opt->mem_min, err);
			opt->mem_min_set = true;
			break;
		case OPT_MEM_MAX:
			rc = parse_number("--mem-max", optarg, &opt->mem_max, err);
			opt->mem_max_set = true;
			break;
		case OPT_APPEND: opt->append = optarg; break;
		case OPT_REUSE_CMDLINE: opt->reuse_cmdline = true; break;
		case OPT_INITRD: opt->initrd = optarg; break;
		case OPT_ENTRY:
			rc = parse_number("--entry", optarg, &opt->entry, err);
			opt->entry_set = true;
			break;
		case OPT_PRESERVE_CONTEXT: opt->preserve_context = true; break;
		case OPT_ARGS_NONE: opt->args = ARGS_NONE; break;
		case OPT_ARGS_LINUX: opt->args = ARGS_LINUX; break;
		case OPT_ARGS_ELF: opt->args = ARGS_ELF; break;
		case 'd': opt->debug = true; break;
		case 'f': opt->force = true; break;
		case 'x': opt->no_ifdown = true; break;
		case 'y': opt->no_sync = true; break;
		case OPT_DRY_RUN: opt->dry_run = true; break;
		case OPT_JSON: opt->json = true; break;
		case OPT_MEMORY_MAP: opt->memory_map = optarg; break;
		case OPT_SEGMENT: rc = parse_extra_segment(opt, optarg, err); break;
		case OPT_KERNEL_ARCH:
			if (strcmp(optarg, "x86_64") != 0 && strcmp(optarg, "i386") != 0)
				rc = kj_fail(err, "--kernel-arch: want x86_64 or i386, got \"%s\"",
					     optarg);
			opt->kernel_arch = optarg;
			break;
		case OPT_SYSTEM_ROOT: opt->system_root = optarg; break;
		case OPT_ELF32_CORE: opt->elf32_core_headers = true; break;
		case OPT_ELF64_CORE: opt->elf32_core_headers = false; break;
		/* kexec-tools compatibility */
		case 'i': opt->skip_checks = true; break;
		case OPT_REUSE_INITRD: opt->reuse_initrd = true; break;
		case OPT_PRINT_CKR_SIZE: opt->action = ACTION_PRINT_CKR_SIZE; break;
		case OPT_HOTPLUG: opt->hotplug = true; break;
		case OPT_ENTRY_32BIT: opt->entry_32bit = true; break;
		case OPT_REAL_MODE: opt->real_mode = true; break;
		case OPT_CONSOLE_SERIAL: opt->console_serial = true; break;
		case OPT_SERIAL: rc = parse_serial_port(optarg, &opt->serial_port, err); break;
		case OPT_SERIAL_BAUD: rc = parse_serial_baud(optarg, &opt->serial_baud, err); break;
		case OPT_CONSOLE_VGA: opt->console_vga = true; break;
		case OPT_RESET_VGA: opt->reset_vga = true; break;
		case OPT_LIVE_UPDATE:
			return kj_fail(err, "%s is for a Xen hypervisor's live update, and kjump "
				       "does not load through Xen", argv[optind - 1]);
		/* boot parameters (x86) */
		case OPT_NOEFI: opt->noefi = true; break;
		case OPT_REUSE_VIDEO_TYPE: opt->reuse_video_type = true; break;
		case OPT_PASS_MEMMAP_CMDLINE: opt->pass_memmap_cmdline = true; break;
		case OPT_DTB: opt->dtb = optarg; break;
		case OPT_MODULE:	/* multiboot: the string is "FILE ARGS" */
			if (opt->nr_modules == REQUEST_MAX_MODULES)
				rc = kj_fail(err, "--module: at most %d modules", REQUEST_MAX_MODULES);
			else if (optarg[0] == '\0' || optarg[0] == ' ')
				rc = kj_fail(err, "--module: want \"FILE [ARGS]\", got \"%s\"", optarg);
			else
				opt->modules[opt->nr_modules++] = optarg;
			break;
		default: return unknown_option(argv, c, err);
		}
		if (rc < 0)
			return -1;
	}
	/* kexec-tools: -S only reports, whatever else was asked: on the
	 * crash image with -p, or unless -l, --load-preserve-context or
	 * --load-jump-back-helper named the other. */
	if (opt->status) {
		bool names_kexec_image = opt->load_option || opt->preserve_context ||
					 opt->action == ACTION_JUMP_BACK_HELPER;

		opt->action = ACTION_STATUS;
		opt->panic = opt->panic || !names_kexec_image;
		return 0;
	}
	if (optind < argc)
		opt->image = argv[optind++];
	if (optind < argc)
		return kj_fail(err, "unexpected argument \"%s\": give one image", argv[optind]);
	/* -p on its own means "load the crash kernel", and
	 * --load-preserve-context on its own "load for kexec jump"
	 * (kexec-tools: both are load actions, neither reboots). */
	if ((opt->panic || opt->preserve_context) && opt->action == ACTION_DEFAULT)
		opt->action = ACTION_LOAD;
	return 0;
}

static bool takes_image(enum kexec_action a)
{
	return a == ACTION_DEFAULT || a == ACTION_LOAD || a == ACTION_RESUME ||
	       a == ACTION_DISCARD_IMAGE;
}

int options_validate(const struct kexec_options *opt, struct kj_error *err)
{
	struct load_request req;

	if (opt->action == ACTION_HELP || opt->action == ACTION_VERSION)
		return 0;
	if (takes_image(opt->action) && !opt->image)
		return kj_fail(err, "no image given (see kexec --help)");
	if (!takes_image(opt->action) && opt->image)
		return kj_fail(err, "%s takes no image, got \"%s\"",
			       action_option(opt->action), opt->image);
	if (opt->real_mode)
		return kj_fail(err, "--real-mode is not in kjump: its purgatory starts a bzImage "
			       "at the 32-bit or 64-bit entry point, never in real mode");
	if (opt->reuse_initrd)
		return kj_fail(err, "--reuseinitrd: x86 kernels keep no initrd to reuse "
			       "(kexec-tools does not implement it on x86 either): give --initrd");
	if (opt->json && !opt->dry_run)
		return kj_fail(err, "--json goes with --dry-run");
	if (opt->system_root && !opt->dry_run)
		return kj_fail(err, "--system-root goes with --dry-run (a real load is for "
			       "the running system)");
	if (opt->kernel_arch && !opt->dry_run)
		return kj_fail(err, "--kernel-arch goes with --dry-run (the kernel you run "
			       "is the one you load into)");
	/* The request's own checks (load/request.c), where they always came. */
	options_to_request(opt, &req);
	if (load_request_check(&req, err) < 0)
		return -1;
	if (opt->preserve_context && opt->panic)
		return kj_fail(err, "a crash kernel cannot be loaded with "
			       "--load-preserve-context");
	if (opt->action == ACTION_JUMP_BACK_HELPER) {
		if (opt->panic)
			return kj_fail(err, "--load-jump-back-helper cannot be combined with -p");
		if (opt->syscall == SYSCALL_FILE_LOAD)
			return kj_fail(err, "--load-jump-back-helper needs kexec_load: drop -s");
	}
	if (opt->action == ACTION_RESUME && opt->panic)
		return kj_fail(err, "--resume loads with kexec_load, not as a crash kernel: "
			       "drop -p and -s");
	if (opt->boot_id && opt->action != ACTION_RESUME)
		return kj_fail(err, "--boot-id goes with --resume");
	if (opt->action == ACTION_DISCARD_IMAGE && opt->dry_run)
		return kj_fail(err, "--discard-image writes the image; it has no --dry-run");
	/* -f means "no shutdown(8)": meaningful with an image alone, and
	 * harmless with -e, which never runs shutdown. */
	if (opt->force && opt->action != ACTION_DEFAULT && opt->action != ACTION_EXEC)
		return kj_fail(err, "-f goes with an image alone (load and start at once)");
	return 0;
}

void options_to_request(const struct kexec_options *opt, struct load_request *req)
{
	*req = (struct load_request){
		.purpose = opt->action == ACTION_RESUME ? LOAD_RESUME :
			   opt->panic ? LOAD_CRASH :
			   opt->preserve_context ? LOAD_CALL : LOAD_REPLACE,
		.syscall = opt->syscall,
		.image = opt->image,
		.type = opt->type,
		.initrd = opt->initrd,
		.append = opt->append,
		.reuse_cmdline = opt->reuse_cmdline,
		.window = { opt->mem_min, opt->mem_max, opt->mem_min_set, opt->mem_max_set },
		.entry = opt->entry,
		.entry_set = opt->entry_set,
		.args = opt->args,
		.segments = opt->segments,
		.nr_segments = opt->nr_segments,
		.elf32_core_headers = opt->elf32_core_headers,
		.boot_id = opt->boot_id,
		.skip_checks = opt->skip_checks,
		.hotplug = opt->hotplug && opt->panic,
		.entry_32bit = opt->entry_32bit,
		.console_serial_port = opt->console_serial ?
				       (opt->serial_port ? opt->serial_port : 0x3f8) : 0,
		.console_serial_baud = opt->serial_baud,
		.console_vga = opt->console_vga,
		/* boot parameters (x86) */
		.noefi = opt->noefi,
		.reuse_video_type = opt->reuse_video_type,
		.pass_memmap_cmdline = opt->pass_memmap_cmdline,
		.dtb = opt->dtb,
		/* multiboot */
		.modules = opt->modules,
		.nr_modules = opt->nr_modules,
	};
}
