/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The setup segment a Linux kernel is started with, as a boot loader
 * fills it: shared by the bzImage loader and the ELF loaders'
 * --args-linux (a vmlinux).  One buffer, placed below 4 GiB:
 *
 *   +0      the zero page (struct boot_params): the setup header, the
 *           e820 table, the running kernel's framebuffer (screen_info),
 *           the ACPI RSDP, efi_info;
 *   +4096   the command line, with the room the purgatory may append to;
 *   then    setup_data entries, 16-byte aligned and linked by physical
 *           address (SETUP_E820_EXT, SETUP_DTB, SETUP_EFI,
 *           SETUP_RNG_SEED) and the EFI runtime map efi_info points at.
 *
 * What was passed or left out, and why, is attached to the plan
 * (plan_add_detail()), so that --dry-run and --debug show it.  Only the
 * kexec_load path builds this: kexec_file_load's kernel builds its own.
 */
#ifndef KJUMP_X86_ZEROPAGE_H
#define KJUMP_X86_ZEROPAGE_H

#include <stddef.h>
#include <stdint.h>

#include "load/image.h"

/* A device tree is a few KiB to a few hundred; this is ample. */
#define X86_DTB_MAX_BYTES	(8u << 20)

struct x86_setup {
	uint8_t *bp;		/* the segment's buffer, the zero page first */
	uint64_t at;		/* where it goes */
	uint64_t cmdline_at;	/* the command line's address */
};

/*
 * The new kernel's command line: load_cmdline(), with memmap=exactmap
 * and the capture kernel's ranges for -p --pass-memmap-cmdline.
 */
char *x86_linux_cmdline(struct load_context *ctx);

/*
 * Build and place the setup segment: HEADER's bytes from HDR_SETUP_SECTS
 * to HEADER_END (the image's setup header, or one made up for a
 * vmlinux; its version says whether there is setup_data), CMDLINE
 * (x86_linux_cmdline()) and what the running system passes on.  The
 * caller fills in the initrd.
 */
int x86_setup_build(struct load_context *ctx, const uint8_t *header, size_t header_end,
		    const char *cmdline, struct x86_setup *out);

#endif
