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

#include "../phys/com1.h"

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

/* A string from the loader, bounded in case it lacks its NUL. */
static void put_quoted(const char *s)
{
	com1_putc('"');
	for (int n = 0; *s && n < 512; s++, n++)
		com1_putc(*s >= ' ' && *s < 127 ? *s : '?');
	com1_putc('"');
}

static void line(const char *what)
{
	com1_puts("mbtest: ");
	com1_puts(what);
}

static void error(const char *what, uint64_t value)
{
	line("ERROR ");
	com1_puts(what);
	com1_puts(" ");
	com1_put_hex(value);
	com1_puts("\n");
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
	com1_put_hex(mbtest_entry_cs);
	com1_puts(" ds=");
	com1_put_hex(mbtest_entry_ds);
	com1_puts(" cr0=");
	com1_put_hex(mbtest_entry_cr0);
	com1_puts(" eflags=");
	com1_put_hex(mbtest_entry_eflags);
	com1_puts("\n");
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
	com1_put_dec(i);
	com1_puts(" start=");
	com1_put_hex(start);
	com1_puts(" size=");
	com1_put_dec(end - start);
	com1_puts(" string=");
	put_quoted(string);
	com1_puts(" bytes=");
	for (uint32_t n = 0; n < 16 && start + n < end; n++) {
		com1_putc("0123456789abcdef"[p[n] >> 4]);
		com1_putc("0123456789abcdef"[p[n] & 0xf]);
	}
	com1_puts("\n");
	if (start & 0xfff)
		error("module not page-aligned, at", start);
	if (end < start)
		error("module ends before it starts, at", end);
}

static void mmap_entry(uint64_t base, uint64_t length, uint32_t type)
{
	line("mmap base=");
	com1_put_hex(base);
	com1_puts(" length=");
	com1_put_hex(length);
	com1_puts(" type=");
	com1_put_dec(type);
	com1_puts("\n");
}

static void memory(uint32_t lower, uint32_t upper)
{
	line("mem_lower=");
	com1_put_dec(lower);
	com1_puts(" mem_upper=");
	com1_put_dec(upper);
	com1_puts("\n");
}

static void string(const char *what, const char *s)
{
	line(what);
	put_quoted(s);
	com1_puts("\n");
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
	com1_put_hex(flags);
	com1_puts("\n");
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
		com1_put_dec(count);
		com1_puts("\n");
		for (uint32_t i = 0; i < count && i < 64; i++, mods += 16)
			module(i, rd32(mods), rd32(mods + 4), (const char *)(uintptr_t)rd32(mods + 8));
	}
}

/* Multiboot2 section 3.6. */
static void multiboot2(uint32_t info)
{
	uint32_t total = rd32(info), modules = 0;

	line("total_size=");
	com1_put_dec(total);
	com1_puts("\n");
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
			com1_put_dec(type);
			com1_puts(" size=");
			com1_put_dec(size);
			com1_puts("\n");
		}
		if (size < 8) {
			error("tag with size", size);
			break;
		}
	}
	line("modules=");
	com1_put_dec(modules);
	com1_puts("\n");
}

static void power_off(void)
{
	outb(DEBUG_EXIT_PORT, 0x10);
	/* No isa-debug-exit device: reset through the keyboard controller. */
	outb(0x64, 0xfe);
}

void mbtest_main(uint32_t magic, uint32_t info)
{
	com1_puts("\n");
	line("magic=");
	com1_put_hex(magic);
	com1_puts(" info=");
	com1_put_hex(info);
	com1_puts("\n");
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
