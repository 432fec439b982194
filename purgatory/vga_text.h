/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The purgatory's second console (kexec --console-vga): the text screen
 * of a VGA adapter in its 80x25 colour text mode.
 */
#ifndef PURGATORY_VGA_TEXT_H
#define PURGATORY_VGA_TEXT_H

#include <stdbool.h>

void vga_text_init(bool on);
void vga_text_putc(char c);

#endif
