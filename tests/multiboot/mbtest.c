// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mbtest.c - a Multiboot (0.6.96) and Multiboot2 (2.0) test kernel.
 *
 * Loaded by "kexec -l -t multiboot-x86" (or multiboot2-x86) and started
 * with "kexec -e", it writes to COM1 what it was given, one
 * "mbtest: ..." line per item: the magic in %eax, the machine state at
 * entry, the command line, the boot loader name, the memory fields and
 * every memory map entry, and each module's range, command line and
 * first bytes.  Then "mbtest: done", and it powers QEMU off (the
 * isa-debug-exit port, else a keyboard-controller reset, which
 * -no-reboot turns into an exit).
 *
 * What it can check alone (the machine state of section 3.2 / 3.3, page
 * alignment, sizes) it reports as "mbtest: ERROR ..." lines; what the
 * loader should have passed is compared on the host
 * (tests/vm/scenarios/multiboot/check-console).
 */
#include <stdint.h>

#define COM1		0x3f8
#define UART_LSR	5
#define UART_LSR_THRE	0x20
#define DEBUG_EXIT_PORT	0xf4

#define MB1_BOOT_MAGIC	0x2BADB002u
#define MB2_BOOT_MAGIC	0x36d76289u

#define CR0_PE		(1u << 0)
#define CR0_PG		(1u << 31)
#define EFLAGS_IF	(1u << 9)
#define EFLAGS_VM	(1u << 17)

/* Written by entry.S before anything else runs. */
uint32_t mbtest_entry_eax, mbtest_entry_eflags, mbtest_entry_cr0;
uint32_t mbtest_entry_cs, mbtest_entry_ds, mbtest_entry_ss;

/* For the A20 check: a word above 1 MiB (the image is linked there). */
static volatile uint32_t a20_probe;

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

/* Polled output; the UART stays as the old kernel programmed it. */
static void put_char(char c)
{
	for (unsigned int spin = 0; spin < 1000000; spin++)
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

static void put_hex(uint64_t v)
{
	char buf[19];
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

static void put_dec(uint64_t v)
{
	char buf[21];
	int i = sizeof(buf);

	buf[--i] = '\0';
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	put_str(&buf[i]);
}

/* A string from the loader, bounded in case it lacks its NUL. */
static void put_quoted(const char *s)
{
	put_char('"');
	for (int n = 0; *s && n < 512; s++, n++)
		put_char(*s >= ' ' && *s < 127 ? *s : '?');
	put_char('"');
}

static void line(const char *what)
{
	put_str("mbtest: ");
	put_str(what);
}

static void error(const char *what, uint64_t value)
{
	line("ERROR ");
	put_str(what);
	put_str(" ");
	put_hex(value);
	put_str("\n");
}

static uint32_t segment_limit(uint32_t selector)
{
	uint32_t limit = 0;

	__asm__ volatile("lsl %1, %0" : "=r"(limit) : "r"(selector));
	return limit;
}

/* Multiboot 0.6.96 section 3.2 (Multiboot2 section 3.3 is the same). */
static void machine_state(void)
{
	volatile uint32_t *alias = (volatile uint32_t *)((uintptr_t)&a20_probe - 0x100000);
	uint32_t before;

	line("state cs=");
	put_hex(mbtest_entry_cs);
	put_str(" ds=");
	put_hex(mbtest_entry_ds);
	put_str(" cr0=");
	put_hex(mbtest_entry_cr0);
	put_str(" eflags=");
	put_hex(mbtest_entry_eflags);
	put_str("\n");
	if (!(mbtest_entry_cr0 & CR0_PE) || (mbtest_entry_cr0 & CR0_PG))
		error("CR0 not protected mode without paging:", mbtest_entry_cr0);
	if (mbtest_entry_eflags & (EFLAGS_IF | EFLAGS_VM))
		error("EFLAGS has IF or VM set:", mbtest_entry_eflags);
	if (segment_limit(mbtest_entry_cs) != 0xffffffffu)
		error("CS is not a flat 4 GiB segment, limit", segment_limit(mbtest_entry_cs));
	if (segment_limit(mbtest_entry_ds) != 0xffffffffu ||
	    segment_limit(mbtest_entry_ss) != 0xffffffffu)
		error("DS or SS is not a flat 4 GiB segment, limit",
		      segment_limit(mbtest_entry_ds));
	/* With A20 off, the word 1 MiB below would change with ours. */
	a20_probe = 0x5a5a5a5a;
	before = *alias;
	a20_probe = ~before;
	if (*alias == a20_probe)
		error("A20 is off: an address 1 MiB lower aliases", (uintptr_t)alias);
}

static void module(unsigned int i, uint32_t start, uint32_t end, const char *string)
{
	const uint8_t *p = (const uint8_t *)(uintptr_t)start;

	line("module ");
	put_dec(i);
	put_str(" start=");
	put_hex(start);
	put_str(" size=");
	put_dec(end - start);
	put_str(" string=");
	put_quoted(string);
	put_str(" bytes=");
	for (uint32_t n = 0; n < 16 && start + n < end; n++) {
		put_char("0123456789abcdef"[p[n] >> 4]);
		put_char("0123456789abcdef"[p[n] & 0xf]);
	}
	put_str("\n");
	if (start & 0xfff)
		error("module not page-aligned, at", start);
	if (end < start)
		error("module ends before it starts, at", end);
}

static void mmap_entry(uint64_t base, uint64_t length, uint32_t type)
{
	line("mmap base=");
	put_hex(base);
	put_str(" length=");
	put_hex(length);
	put_str(" type=");
	put_dec(type);
	put_str("\n");
}

static void memory(uint32_t lower, uint32_t upper)
{
	line("mem_lower=");
	put_dec(lower);
	put_str(" mem_upper=");
	put_dec(upper);
	put_str("\n");
}

static void string(const char *what, const char *s)
{
	line(what);
	put_quoted(s);
	put_str("\n");
}

static uint32_t rd32(uintptr_t addr)
{
	return *(const volatile uint32_t *)addr;
}

/* Multiboot 0.6.96 section 3.3. */
static void multiboot1(uint32_t info)
{
	uint32_t flags = rd32(info);

	line("flags=");
	put_hex(flags);
	put_str("\n");
	if (flags & (1u << 0))
		memory(rd32(info + 4), rd32(info + 8));
	if (flags & (1u << 2))
		string("cmdline=", (const char *)(uintptr_t)rd32(info + 16));
	if (flags & (1u << 9))
		string("loader=", (const char *)(uintptr_t)rd32(info + 64));
	if (flags & (1u << 6)) {
		uint32_t at = rd32(info + 48), end = at + rd32(info + 44);

		/* Each entry's size field counts the bytes after it. */
		for (; at < end; at += rd32(at) + 4)
			mmap_entry(*(const uint64_t *)(uintptr_t)(at + 4),
				   *(const uint64_t *)(uintptr_t)(at + 12), rd32(at + 20));
	}
	if (flags & (1u << 3)) {
		uint32_t count = rd32(info + 20), mods = rd32(info + 24);

		line("modules=");
		put_dec(count);
		put_str("\n");
		for (uint32_t i = 0; i < count && i < 64; i++, mods += 16)
			module(i, rd32(mods), rd32(mods + 4), (const char *)(uintptr_t)rd32(mods + 8));
	}
}

/* Multiboot2 section 3.6. */
static void multiboot2(uint32_t info)
{
	uint32_t total = rd32(info), modules = 0;

	line("total_size=");
	put_dec(total);
	put_str("\n");
	if (info & 7)
		error("boot information not 8-aligned, at", info);
	for (uint32_t at = info + 8; at + 8 <= info + total; at += (rd32(at + 4) + 7) & ~7u) {
		uint32_t type = rd32(at), size = rd32(at + 4);

		if (type == 0)
			break;
		switch (type) {
		case 1:
			string("cmdline=", (const char *)(uintptr_t)(at + 8));
			break;
		case 2:
			string("loader=", (const char *)(uintptr_t)(at + 8));
			break;
		case 3:
			module(modules++, rd32(at + 8), rd32(at + 12), (const char *)(uintptr_t)(at + 16));
			break;
		case 4:
			memory(rd32(at + 8), rd32(at + 12));
			break;
		case 6:
			for (uint32_t e = at + 16; e + rd32(at + 8) <= at + size; e += rd32(at + 8))
				mmap_entry(*(const uint64_t *)(uintptr_t)e,
					   *(const uint64_t *)(uintptr_t)(e + 8), rd32(e + 16));
			break;
		default:
			line("tag type=");
			put_dec(type);
			put_str(" size=");
			put_dec(size);
			put_str("\n");
		}
		if (size < 8) {
			error("tag with size", size);
			break;
		}
	}
	line("modules=");
	put_dec(modules);
	put_str("\n");
}

static void power_off(void)
{
	outb(DEBUG_EXIT_PORT, 0x10);
	/* No isa-debug-exit device: reset through the keyboard controller. */
	outb(0x64, 0xfe);
}

void mbtest_main(uint32_t magic, uint32_t info)
{
	put_str("\n");
	line("magic=");
	put_hex(magic);
	put_str(" info=");
	put_hex(info);
	put_str("\n");
	machine_state();
	if (magic == MB1_BOOT_MAGIC)
		multiboot1(info);
	else if (magic == MB2_BOOT_MAGIC)
		multiboot2(info);
	else
		error("unknown magic", magic);
	line("done\n");
	power_off();
}
