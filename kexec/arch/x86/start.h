/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * How an x86 image is entered, and the purgatory that enters it.
 * Loaders describe the machine state the image wants; x86_finish_plan()
 * puts the purgatory in the plan to establish that state after checking
 * every segment's SHA-256.
 */
#ifndef KJUMP_X86_START_H
#define KJUMP_X86_START_H

#include <stdbool.h>
#include <stdint.h>

#include "load/image.h"

struct x86_entry {
	bool mode64;		/* 64-bit entry (else 32-bit flat protected mode) */
	uint64_t ip;		/* where to jump */
	uint64_t si;		/* %rsi/%esi: the boot_params for Linux */
	uint64_t sp;		/* %rsp/%esp for the image (0: it sets its own) */
	uint64_t ax, bx, di;	/* further arguments (--args-elf) */
	uint16_t serial_port;	/* purgatory messages go here; 0: silent */
	uint32_t serial_baud;	/* 0: the rate the port is at */
	uint8_t console_vga;	/* 1: purgatory messages on the VGA text screen too */
	/* With kexec jump: where the new kernel's command line is and how
	 * many bytes it may grow to (NUL included), so the purgatory can
	 * append the caller's kexec_jump_back_entry=.  0: no such thing. */
	uint64_t cmdline_addr;
	uint32_t cmdline_room;
	/* Where the purgatory may live. */
	uint64_t purgatory_min, purgatory_max;
};

/* Add the purgatory segment and make it the plan's entry. */
int x86_finish_plan(struct load_context *ctx, const struct x86_entry *entry);

/* The running kernel is x86_64 (so the purgatory is entered in long mode). */
bool x86_kernel_is_64(const struct kexec_plan *plan);

#endif
