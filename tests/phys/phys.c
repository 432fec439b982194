// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * phys.c - a physical-mode program for testing kexec jump.
 *
 * Loaded with "kexec --load-preserve-context --args-none phys-ARCH" and
 * started with "kexec -e", it runs in the state described in
 * doc/jump-back-protocol.md (interrupts off, no usable GDT/IDT, the
 * kernel's identity map on x86_64, paging off on i386), writes one line
 * to COM1 and returns to the kernel with a plain ret.
 *
 * Every call bumps a counter kept in the program's own memory, so the
 * console shows "phys: call 1", "phys: call 2", ... only if the kernel
 * preserved the program's pages between calls.  Even-numbered calls also
 * store the other entry point (phys_start <-> phys_resume) in the
 * re-entry slot; odd-numbered calls leave it alone.  The sequence of
 * entries is therefore start, start, resume, resume, start, ..., which
 * checks both halves of the re-entry contract.
 *
 * Anything unexpected is reported as a "phys: ERROR" line (the positive
 * VM scenario treats that as a failure).
 */
#include <stdint.h>

#include "com1.h"

#ifdef __i386__
#define PHYS_CALL __attribute__((regparm(3)))
#define STACK_MOD 12	/* %esp % 16 at entry: 4(%esp) is 16-byte aligned */
#else
#define PHYS_CALL
#define STACK_MOD 8	/* %rsp % 16 at entry: 8(%rsp) is 16-byte aligned */
#endif

extern char phys_start[], phys_resume[];

static const char *const entry_name[] = { "start", "resume" };

/*
 * The program's state: in .data so that it is part of the loaded file
 * and survives only through the kernel's page swapping.
 */
static unsigned long calls __attribute__((section(".data")));
static int expected_entry __attribute__((section(".data")));

static uintptr_t entry_addr(int entry)
{
	return (uintptr_t)(entry ? phys_resume : phys_start);
}

static void error(const char *what, uintptr_t got, uintptr_t want)
{
	com1_puts("phys: ERROR: call ");
	com1_put_dec(calls);
	com1_puts(": ");
	com1_puts(what);
	com1_puts(" is ");
	com1_put_hex(got);
	com1_puts(", expected ");
	com1_put_hex(want);
	com1_puts("\n");
}

/*
 * Called by the entry stubs with the entry that was taken, the address
 * of the re-entry slot and the stack pointer at entry; returns to the
 * kernel's jump-back entry.
 */
PHYS_CALL void phys_call(int entry, uintptr_t *slot, uintptr_t sp)
{
	calls++;

	com1_puts("phys: call ");
	com1_put_dec(calls);
	com1_puts(" entry=");
	com1_puts(entry_name[entry]);
	com1_puts(" sp=");
	com1_put_hex(sp);
	com1_puts(" back=");
	com1_put_hex(*(uintptr_t *)sp);
	com1_puts("\n");

	if (entry != expected_entry)
		error("entry point", entry_addr(entry), entry_addr(expected_entry));
	if (*slot != entry_addr(entry))
		error("re-entry slot", *slot, entry_addr(entry));
	if (sp % 16 != STACK_MOD)
		error("stack pointer % 16", sp % 16, STACK_MOD);

	if (calls % 2 == 0) {
		expected_entry = !entry;
		*slot = entry_addr(expected_entry);
	}
}
