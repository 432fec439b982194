/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A load request: what the user asked to load, and how, parsed once
 * from the command line (cli/) and checked here, in one place.
 * Loaders see only the request, never the command line.
 */
#ifndef KJUMP_LOAD_REQUEST_H
#define KJUMP_LOAD_REQUEST_H

#include <stdbool.h>
#include <stdint.h>

#include "kjump/error.h"

struct image_type;

/* What the loaded image is for. */
enum load_purpose {
	LOAD_REPLACE,		/* -l: kexec -e replaces the running kernel */
	LOAD_CRASH,		/* -p: started by the kernel when it panics */
	LOAD_CALL,		/* --load-preserve-context: kexec -e calls it, it comes back */
	LOAD_RESUME,		/* --resume: a hibernation image, kexec -e returns into it */
};

enum syscall_choice {
	SYSCALL_AUTO,		/* -a: kexec_file_load, else kexec_load */
	SYSCALL_KEXEC_LOAD,	/* -c */
	SYSCALL_FILE_LOAD,	/* -s */
};

enum args_style {
	ARGS_DEFAULT,		/* whatever the image type prefers */
	ARGS_LINUX,		/* --args-linux: Linux boot parameters */
	ARGS_ELF,		/* --args-elf: ELF boot notes */
	ARGS_NONE,		/* --args-none: jump to the entry, nothing passed */
};

/* Extra raw segments: --segment FILE@ADDR.  As many as a plan holds
 * (MEMMAP_MAX_RANGES), since kernels with kjump's patch 0005 take
 * thousands (/sys/kernel/kexec_segment_max). */
#define REQUEST_MAX_EXTRA_SEGMENTS 4096

struct extra_segment {
	const char *path;
	uint64_t addr;
};

/* multiboot: --module "FILE ARGS", each a segment of its own. */
#define REQUEST_MAX_MODULES 64

/* --mem-min/--mem-max: the physical window, each bound optional. */
struct load_window {
	uint64_t min, max;
	bool min_set, max_set;
};

struct load_request {
	enum load_purpose purpose;
	enum syscall_choice syscall;
	const char *image;		/* path */
	const char *type;		/* -t: a type by name, NULL: probe */
	const char *initrd;		/* path or NULL */
	const char *append;		/* --append, or NULL */
	bool reuse_cmdline;		/* start from the running kernel's */
	struct load_window window;
	uint64_t entry;
	bool entry_set;
	enum args_style args;
	const struct extra_segment *segments;
	unsigned int nr_segments;
	bool elf32_core_headers;	/* -p: describe old memory with ELF32 */
	const char *boot_id;		/* --resume: the boot the image must come from */

	/* kexec-tools' options (kexec(8), KEXEC-TOOLS OPTIONS) */
	bool skip_checks;		/* -i: the purgatory verifies no digest */
	bool hotplug;			/* --hotplug, -p: the kernel may rewrite the core header */
	uint64_t hotplug_elfcorehdr_size;	/* what it may grow to (from the kernel) */
	bool entry_32bit;		/* --entry-32bit: a bzImage's 32-bit entry point */
	uint16_t console_serial_port;	/* --console-serial: purgatory messages; 0: none */
	uint32_t console_serial_baud;	/* --serial-baud; 0: the rate the port is at */
	bool console_vga;		/* --console-vga: purgatory messages on the screen */
	/* boot parameters (x86): what a Linux kernel's zero page is given
	 * besides the memory map (arch/x86/zeropage.h) */
	bool noefi;			/* no EFI system table or runtime map */
	bool reuse_video_type;		/* the running kernel's framebuffer, whatever fb0 is */
	bool pass_memmap_cmdline;	/* -p: memmap=exactmap on the command line */
	const char *dtb;		/* a flattened device tree (SETUP_DTB), or NULL */
	/* multiboot */
	const char *const *modules;	/* --module "FILE ARGS", in order */
	unsigned int nr_modules;
};

/* What an image type accepts; the request is checked against it. */
struct image_accepts {
	bool cmdline;			/* --append, --reuse-cmdline */
	bool initrd;
	bool segments;			/* --segment */
	bool modules;			/* --module (multiboot) */
	unsigned int args;		/* bit (1 << enum args_style) per style taken */
};

#define ARGS_BIT(style) (1u << (style))

/*
 * Combinations that cannot work whatever the image: an empty window, a
 * crash kernel that should come back, kexec_file_load with what only
 * kexec_load can do.
 */
int load_request_check(const struct load_request *req, struct kj_error *err);

/* What TYPE cannot do with the request (e.g. a bzImage with --args-none). */
int load_request_check_type(const struct load_request *req, const struct image_type *type,
			    struct kj_error *err);

/* The request passes Linux boot parameters to TYPE (or ELF notes, or nothing). */
bool load_request_linux_args(const struct load_request *req, const struct image_type *type);

/* A command line from the user: --append or --reuse-cmdline. */
static inline bool load_request_has_cmdline(const struct load_request *req)
{
	return req->append || req->reuse_cmdline;
}

#endif
