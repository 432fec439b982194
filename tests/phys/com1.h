/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Polled output on COM1 for the freestanding test programs (tests/phys,
 * tests/multiboot).  The UART is left as the kernel before them
 * programmed it; each character waits (boundedly) for the transmitter.
 */
#ifndef KJUMP_TEST_COM1_H
#define KJUMP_TEST_COM1_H

#include <stdint.h>

#define COM1		0x3f8
#define UART_LSR	5
#define UART_LSR_THRE	0x20

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

static inline void com1_putc(char c)
{
	for (unsigned int spin = 0; spin < 1000000; spin++)
		if (inb(COM1 + UART_LSR) & UART_LSR_THRE)
			break;
	outb(COM1, (uint8_t)c);
}

/* A string, "\n" sent as "\r\n". */
static inline void com1_puts(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			com1_putc('\r');
		com1_putc(*s);
	}
}

static inline void com1_put_dec(uint64_t v)
{
	char buf[21];
	int i = sizeof(buf);

	buf[--i] = '\0';
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	com1_puts(&buf[i]);
}

/* 0x..., no leading zeroes. */
static inline void com1_put_hex(uint64_t v)
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
	com1_puts(&buf[i]);
}

#endif
