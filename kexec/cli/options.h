/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kexec command line, compatible with kexec-tools where the options
 * overlap.  Parsing only records what was asked; checking that the
 * combination makes sense is options_validate()'s job.
 */
#ifndef KJUMP_OPTIONS_H
#define KJUMP_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "kjump/error.h"
#include "load/request.h"

enum kexec_action {
	ACTION_DEFAULT,		/* image given alone: load, then shutdown -r */
	ACTION_LOAD,		/* -l */
	ACTION_UNLOAD,		/* -u */
	ACTION_EXEC,		/* -e */
	ACTION_STATUS,		/* -S */
	ACTION_JUMP_BACK_HELPER,/* --load-jump-back-helper */
	ACTION_RESUME,		/* --resume: load a hibernation image */
	ACTION_DISCARD_IMAGE,	/* --discard-image: mark one used */
	ACTION_PRINT_CKR_SIZE,	/* --print-ckr-size */
	ACTION_HELP,		/* -h */
	ACTION_VERSION,		/* -v */
};

/* Extra raw segments: --segment FILE@ADDR (load/request.h). */
#define OPT_MAX_EXTRA_SEGMENTS REQUEST_MAX_EXTRA_SEGMENTS

struct kexec_options {
	enum kexec_action action;
	bool panic;			/* -p: the crash kernel */
	bool force;			/* -f */
	enum syscall_choice syscall;
	const char *type;		/* -t */

	uint64_t mem_min, mem_max;
	bool mem_min_set, mem_max_set;
	const char *append;		/* --append / --command-line */
	bool reuse_cmdline;
	const char *initrd;		/* --initrd / --ramdisk */
	uint64_t entry;
	bool entry_set;
	bool preserve_context;		/* --load-preserve-context */
	enum args_style args;

	struct extra_segment segments[OPT_MAX_EXTRA_SEGMENTS];
	unsigned int nr_segments;

	bool debug, no_ifdown, no_sync;
	bool dry_run, json;
	const char *memory_map;		/* --memory-map FILE */
	const char *kernel_arch;	/* --kernel-arch: plan for this kernel */
	const char *system_root;	/* --system-root: /proc and /sys under here */
	bool elf32_core_headers;	/* --elf32-core-headers (-p) */
	const char *boot_id;		/* --boot-id: with --resume, the image's boot */
	/* boot parameters (x86) */
	bool noefi;			/* --noefi */
	bool reuse_video_type;		/* --reuse-video-type */
	bool pass_memmap_cmdline;	/* --pass-memmap-cmdline */
	const char *dtb;		/* --dtb FILE */
	/* multiboot */
	const char *modules[REQUEST_MAX_MODULES];	/* --module "FILE ARGS" */
	unsigned int nr_modules;

	const char *image;		/* the one positional argument */

	/* kexec-tools compatibility (kexec(8), KEXEC-TOOLS OPTIONS) */
	bool status;			/* -S, whatever else is asked */
	bool load_option;		/* -l was given (-S then asks about it) */
	bool skip_checks;		/* -i */
	bool reuse_initrd;		/* --reuseinitrd: refused */
	bool hotplug;			/* --hotplug */
	bool entry_32bit;		/* --entry-32bit */
	bool real_mode;			/* --real-mode: refused */
	bool console_serial;		/* --console-serial */
	uint16_t serial_port;		/* --serial; 0: ttyS0 */
	uint32_t serial_baud;		/* --serial-baud; 0: leave the rate */
	bool console_vga;		/* --console-vga */
	bool reset_vga;			/* --reset-vga: accepted, not done */
};

/*
 * Parse ARGV into OPT.  Returns 0, or -1 with a one-line message in
 * ERR for an unknown option, a bad number or a stray argument.
 */
int options_parse(int argc, char **argv, struct kexec_options *opt,
		  struct kj_error *err);

/* Reject combinations that cannot work (e.g. -s with preserve context);
 * load_request_check() makes the checks that are the request's. */
int options_validate(const struct kexec_options *opt, struct kj_error *err);

/* The load request the options ask for (load/request.h). */
void options_to_request(const struct kexec_options *opt, struct load_request *req);

void options_usage(FILE *out);

#endif
