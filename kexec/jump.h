/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The jump-back helper: in a kernel B started by kexec jump, a
 * zero-length preserve-context image whose entry is A's re-entry point,
 * so that "kexec -e" in B returns to A (doc/jump-back-protocol.md).
 */
#ifndef KJUMP_JUMP_H
#define KJUMP_JUMP_H

#include <stdint.h>

#include "kjump/error.h"
#include "plan.h"

/* The kexec_jump_back_entry= parameter the purgatory appends to B's cmdline. */
#define JUMP_BACK_ENTRY_PARAM "kexec_jump_back_entry="

/* Find JUMP_BACK_ENTRY_PARAM in CMDLINE and parse its value. */
int jump_back_entry_from_cmdline(const char *cmdline, uint64_t *entry,
				 struct kj_error *err);

/* Build the helper plan: one empty segment, entry ENTRY. */
int plan_jump_back_helper(struct kexec_plan *plan, uint64_t entry,
			  struct kj_error *err);

#endif
