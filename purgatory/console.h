/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The purgatory's console: a polled 16550 UART at an I/O port, or
 * nothing (port 0), in which case every function is a no-op.
 */
#ifndef PURGATORY_CONSOLE_H
#define PURGATORY_CONSOLE_H

#include <stdint.h>

void console_init(uint16_t port, uint16_t divisor);
void console_puts(const char *s);
void console_put_dec(uint32_t v);
void console_put_hex(uint64_t v);

#endif
