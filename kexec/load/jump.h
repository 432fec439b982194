/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The jump-back helper: in a kernel B started by kexec jump, a
 * zero-length preserve-context image whose entry is A's re-entry point,
 * so that "kexec -e" in B returns to A (doc/jump-back-protocol.md).
 */
#ifndef KJUMP_JUMP_H
#define KJUMP_JUMP_H

#include <stdint.h>

#include "load/crash.h"
#include "load/image.h"
#include "kjump/error.h"
#include "plan/plan.h"

/* The kexec_jump_back_entry= parameter the purgatory appends to B's cmdline. */
#define JUMP_BACK_ENTRY_PARAM "kexec_jump_back_entry="

/* Find JUMP_BACK_ENTRY_PARAM in CMDLINE and parse its value. */
int jump_back_entry_from_cmdline(const char *cmdline, uint64_t *entry,
				 struct kj_error *err);

/* Build the helper plan: one empty segment, entry ENTRY. */
int jump_back_helper_plan(struct kexec_plan *plan, uint64_t entry,
			  struct kj_error *err);

/*
 * Loading a kernel B for kexec jump (--load-preserve-context of a Linux
 * image).  The kernel backs up exactly the pages the image's segments
 * cover and swaps them back on return, so B must never touch memory
 * outside its segments.  kjump therefore confines B to one range:
 *  - the range: --mem-min/--mem-max, or the lowest JUMP_DEFAULT_RANGE
 *    of RAM clear of A's kernel image (see choose_default_range());
 *  - B's memory map (e820) holds, as RAM, only that range and A's RAM
 *    below 1 MiB (where B puts its real-mode trampoline); the firmware's
 *    ACPI/NVS/reserved ranges stay;
 *  - every page of both is covered by a segment: B's own, plus empty
 *    "b-ram" segments over the gaps, which the kernel zero-fills (and
 *    backs up A's pages for);
 *  - an ELF core header of A's RAM outside the range (elfcorehdr=), so
 *    /proc/vmcore in B is A's memory;
 *  - room after B's command line for the purgatory to append A's
 *    kexec_jump_back_entry=.
 */
#define JUMP_DEFAULT_RANGE	(128ull << 20)
#define JUMP_MIN_RANGE		(32ull << 20)
/* " kexec_jump_back_entry=0x" and 16 hex digits. */
#define JUMP_CMDLINE_RESERVE	(25 + 16)

struct jump_state {
	uint64_t start, end;		/* B's range, inclusive */
	struct memory_map view;		/* A's map with B's range as "crash" region */
	struct memory_map boot_map;	/* what B is told */
};

/* Before the loader: choose the range, add the ELF core header. */
int jump_prepare(struct load_context *load, const struct crash_sources *src,
		 struct jump_state *st);

/* After the loader: cover the rest of B's memory with empty segments. */
int jump_finish(struct load_context *load, struct jump_state *st);

void jump_state_free(struct jump_state *st);

#endif
