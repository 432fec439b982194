// SPDX-License-Identifier: GPL-2.0-only
/*
 * Passing the caller's jump-back entry on to a kernel started by kexec
 * jump (doc/jump-back-protocol.md, "Jumping back from another kernel").
 *
 * With KEXEC_PRESERVE_CONTEXT the kernel *calls* the purgatory: the
 * word at the stack pointer on entry is the caller's jump-back entry,
 * which the entry code saves in purgatory_jump_back_entry before it
 * switches stacks.  Kernel B learns it from its command line, where
 * this appends " kexec_jump_back_entry=0x<hex>"; kexec reserved the
 * room after the string when it built B's zero page.
 */
#include <stdint.h>

#include "jumpback.h"

/* Set by the entry code (0 until then; stays 0 for a plain kexec). */
uint64_t purgatory_jump_back_entry;
/* Set by kexec for a preserve-context Linux image; 0 otherwise. */
uint64_t purgatory_cmdline;
uint32_t purgatory_cmdline_room;	/* bytes there, NUL included */

static const char param[] = " kexec_jump_back_entry=0x";

static uint32_t string_length(const char *s, uint32_t max)
{
	uint32_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int purgatory_pass_jump_back_entry(void)
{
	char *cmdline = (char *)(uintptr_t)purgatory_cmdline;
	uint64_t entry = purgatory_jump_back_entry;
	uint32_t len, digits = 1;
	uint64_t v;

	if (!purgatory_cmdline || !entry)
		return 0;
	for (v = entry; v >> 4; v >>= 4)
		digits++;
	len = string_length(cmdline, purgatory_cmdline_room);
	/* Everything plus the NUL must fit; kexec made room for it. */
	if (len + sizeof(param) - 1 + digits + 1 > purgatory_cmdline_room)
		return -1;
	for (uint32_t i = 0; i < sizeof(param) - 1; i++)
		cmdline[len++] = param[i];
	for (uint32_t i = digits; i > 0; i--)
		cmdline[len++] = "0123456789abcdef"[(entry >> (4 * (i - 1))) & 0xf];
	cmdline[len] = '\0';
	return 0;
}
