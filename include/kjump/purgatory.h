/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The contract between kexec and the purgatory: the names and layouts of
 * the purgatory's variables that kexec fills in at load time (after
 * relocating the purgatory object to its physical address).  Shared by
 * kexec (hosted) and purgatory (freestanding), so only fixed-size types.
 */
#ifndef KJUMP_PURGATORY_H
#define KJUMP_PURGATORY_H

#include <stdint.h>

/*
 * One region the purgatory verifies before starting the image: a whole
 * segment, or one piece of a large segment that kexec split so that it
 * could hash the pieces on several cores (kexec/plan/plan.h, kexec/plan/digest.h).
 */
struct purgatory_region {
	uint64_t start;		/* physical address */
	uint64_t len;		/* bytes hashed (the segment's bufsz, or the piece's) */
	uint8_t sha256[32];	/* digest recorded at load */
};

/* 64 regions: 3 KiB of the purgatory's data. */
#define PURGATORY_MAX_REGIONS 64

/*
 * Register state for entering a 64-bit image (x86_64 purgatory only).
 * Field order is fixed: the entry code loads it with fixed offsets.
 */
struct purgatory_regs64 {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rsp, rbp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rip;
};

/* Register state for entering a 32-bit image in flat protected mode. */
struct purgatory_regs32 {
	uint32_t eax, ebx, ecx, edx, esi, edi, esp, ebp;
	uint32_t eip;
};

/* How the image is entered. */
enum purgatory_entry_mode {
	PURGATORY_ENTER_64 = 1,	/* long mode, identity map (x86_64 purgatory) */
	PURGATORY_ENTER_32 = 2,	/* 32-bit flat protected mode, paging off */
};

/*
 * Symbols kexec sets (names are the contract):
 *   struct purgatory_region purgatory_regions[PURGATORY_MAX_REGIONS];
 *   uint32_t purgatory_nr_regions;
 *   struct purgatory_regs64 purgatory_regs64;     (x86_64 purgatory)
 *   struct purgatory_regs32 purgatory_regs32;
 *   uint32_t purgatory_entry_mode;                 (enum purgatory_entry_mode)
 *   uint16_t purgatory_serial_port;                (0: no console; else e.g. 0x3f8)
 *   uint16_t purgatory_serial_divisor;             (115200 / baud; 0: the rate as it is)
 *   uint8_t purgatory_console_vga;                 (1: also to the VGA text screen)
 *   uint64_t purgatory_cmdline;                    (preserve-context Linux image: the
 *   uint32_t purgatory_cmdline_room;                new kernel's command line and the bytes
 *                                                   it may grow to, NUL included; the
 *                                                   purgatory appends the caller's
 *                                                   " kexec_jump_back_entry=0x..." there)
 * Set by the purgatory itself, read back by tests:
 *   uint64_t purgatory_jump_back_entry;            (the word at the stack pointer on entry)
 * The purgatory's ELF entry point is its start symbol, purgatory_start.
 */

#endif
