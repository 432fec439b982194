/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KJUMP_PURGATORY_JUMPBACK_H
#define KJUMP_PURGATORY_JUMPBACK_H

#include <stdint.h>

extern uint64_t purgatory_jump_back_entry;
extern uint64_t purgatory_cmdline;
extern uint32_t purgatory_cmdline_room;

/*
 * Append " kexec_jump_back_entry=0x..." to the command line at
 * purgatory_cmdline when both it and the entry are set.  -1 when it
 * does not fit (kexec reserves the room, so that means a bad load).
 */
int purgatory_pass_jump_back_entry(void);

#endif
