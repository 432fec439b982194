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

#ifdef __i386__
#define PHYS_CALL __attribute__((regparm(3)))
#define STACK_MOD 12	/* %esp % 16 at entry: 4(%esp) is 16-byte aligned */
#else
#define PHYS_CALL
#define STACK_MOD 8	/* %rsp % 16 at entry: 8(%rsp) is 16-byte aligned */
#endif

#define COM1		0x3f8
#define UART_LSR	5
#define UART_LSR_THRE	0x20

extern char phys_start[], phys_resume[];

static const char *const entry_name[] = { "start", "resume" };

/*
 * The program's state: in .data so that it is part of the loaded file
 * and survives only through the kernel's page swapping.
 */
static unsigned long calls __attribute__((section(".data")));
static int expected_entry __attribute__((section(".data")));

static inline void outb(uint16_t port, uint8_t val)
{
	__asm__ volatile("outb %0, %1" : : "a"(val), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t val;

	__asm__ volatile("inb %1, %0" : "=a"(val) : "Nd"(port));
	return val;
}

/* Polled output; the UART is left as the kernel programmed it. */
static void put_char(char c)
{
	unsigned int spin;

	for (spin = 0; spin < 1000000; spin++)
		if (inb(COM1 + UART_LSR) & UART_LSR_THRE)
			break;
	outb(COM1, (uint8_t)c);
}

static void put_str(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			put_char('\r');
		put_char(*s);
	}
}

static void put_dec(unsigned long v)
{
	char buf[24];
	int i = sizeof(buf);

	buf[--i] = '\0';
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	put_str(&buf[i]);
}

static void put_hex(uintptr_t v)
{
	char buf[2 + 2 * sizeof(v) + 1];
	int i = sizeof(buf);

	buf[--i] = '\0';
	do {
		buf[--i] = "0123456789abcdef"[v & 0xf];
		v >>= 4;
	} while (v);
	buf[--i] = 'x';
	buf[--i] = '0';
	put_str(&buf[i]);
}

static uintptr_t entry_addr(int entry)
{
	return (uintptr_t)(entry ? phys_resume : phys_start);
}

static void error(const char *what, uintptr_t got, uintptr_t want)
{
	put_str("phys: ERROR: call ");
	put_dec(calls);
	put_str(": ");
	put_str(what);
	put_str(" is ");
	put_hex(got);
	put_str(", expected ");
	put_hex(want);
	put_str("\n");
}

/*
 * Called by the entry stubs with the entry that was taken, the address
 * of the re-entry slot and the stack pointer at entry; returns to the
 * kernel's jump-back entry.
 */
PHYS_CALL void phys_call(int entry, uintptr_t *slot, uintptr_t sp)
{
	calls++;

	put_str("phys: call ");
	put_dec(calls);
	put_str(" entry=");
	put_str(entry_name[entry]);
	put_str(" sp=");
	put_hex(sp);
	put_str(" back=");
	put_hex(*(uintptr_t *)sp);
	put_str("\n");

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
