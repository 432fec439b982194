// SPDX-License-Identifier: GPL-2.0-only
/*
 * Polled output on a 16550-compatible UART.  Register offsets and bits
 * are those of the National Semiconductor PC16550D data sheet (table
 * "UART Register Addresses" and sections 8.4 LCR, 8.6 LSR, 8.10 FCR);
 * PCs clock the UART at 1.8432 MHz, so the divisor is 115200 / baud.
 */
#include <stdint.h>

#include "console.h"
#include "vga_text.h"

#define UART_THR	0	/* transmit holding (DLAB=0) */
#define UART_DLL	0	/* divisor latch low (DLAB=1) */
#define UART_IER	1	/* interrupt enable (DLAB=0) */
#define UART_DLM	1	/* divisor latch high (DLAB=1) */
#define UART_FCR	2	/* FIFO control */
#define UART_LCR	3	/* line control */
#define UART_MCR	4	/* modem control */
#define UART_LSR	5	/* line status */

#define LCR_8N1		0x03	/* 8 data bits, no parity, 1 stop bit */
#define LCR_DLAB	0x80
#define FCR_ENABLE_CLEAR 0x07	/* FIFOs on, both cleared */
#define MCR_DTR_RTS	0x03	/* OUT2 stays off: we poll, no interrupts */
#define LSR_THRE	0x20	/* transmit holding register empty */


/*
 * How long to wait for THRE before giving up on a character: a port
 * with no UART behind it must not hang the purgatory (the image should
 * still start).  Each inb takes about a microsecond on ISA timing.
 */
#define THRE_SPINS	100000

static uint16_t console_port;

static inline void outb(uint16_t port, uint8_t v)
{
	asm volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

void console_init(uint16_t port, uint16_t divisor)
{
	console_port = port;
	if (!port)
		return;
	outb(port + UART_IER, 0);
	/* Divisor 0: the rate the kernel left the port at is kept, so the
	 * console keeps the speed of its console=ttyS line. */
	if (divisor) {
		outb(port + UART_LCR, LCR_DLAB);
		outb(port + UART_DLL, divisor & 0xff);
		outb(port + UART_DLM, divisor >> 8);
	}
	outb(port + UART_LCR, LCR_8N1);
	outb(port + UART_FCR, FCR_ENABLE_CLEAR);
	outb(port + UART_MCR, MCR_DTR_RTS);
}

static void console_putc(char c)
{
	for (int i = 0; i < THRE_SPINS; i++) {
		if (inb(console_port + UART_LSR) & LSR_THRE)
			break;
	}
	outb(console_port + UART_THR, (uint8_t)c);
}

void console_puts(const char *s)
{
	for (const char *v = s; *v; v++)
		vga_text_putc(*v);
	if (!console_port)
		return;
	for (; *s; s++) {
		if (*s == '\n')
			console_putc('\r');
		console_putc(*s);
	}
}

void console_put_dec(uint32_t v)
{
	char buf[11];
	int i = sizeof(buf) - 1;

	buf[i] = '\0';
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	console_puts(&buf[i]);
}

/* 64-bit values are split with shifts only: the i386 purgatory has no
 * libgcc to divide them. */
void console_put_hex(uint64_t v)
{
	static const char digits[] = "0123456789abcdef";
	char buf[19];
	int i = sizeof(buf) - 1;

	buf[i] = '\0';
	do {
		buf[--i] = digits[v & 0xf];
		v >>= 4;
	} while (v);
	buf[--i] = 'x';
	buf[--i] = '0';
	console_puts(&buf[i]);
}
