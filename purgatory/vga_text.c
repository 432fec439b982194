// SPDX-License-Identifier: GPL-2.0-only
/*
 * Text mode 3 (80x25, colour): the screen is the character/attribute
 * pairs at physical 0xb8000 (IBM VGA Technical Reference, "Memory
 * Map": B8000-BFFFF for colour text modes).  The purgatory runs with
 * that address identity-mapped.  Output starts at the top line and
 * scrolls; nothing here reads the adapter's state, so on a machine
 * without VGA text mode the writes only reach unused memory-mapped
 * space, which is why it is off unless asked for.
 */
#include <stdint.h>

#include "vga_text.h"

#define VGA_TEXT_BASE	0xb8000ul
#define VGA_COLUMNS	80
#define VGA_ROWS	25
#define VGA_GREY_ON_BLACK 0x0700

static bool vga_on;
static unsigned int vga_row, vga_column;

static volatile uint16_t *vga_cell(unsigned int row, unsigned int column)
{
	return (volatile uint16_t *)VGA_TEXT_BASE + row * VGA_COLUMNS + column;
}

void vga_text_init(bool on)
{
	vga_on = on;
	vga_row = vga_column = 0;
	for (unsigned int i = 0; on && i < VGA_ROWS * VGA_COLUMNS; i++)
		*vga_cell(0, i) = VGA_GREY_ON_BLACK | ' ';
}

static void vga_newline(void)
{
	vga_column = 0;
	if (++vga_row < VGA_ROWS)
		return;
	for (unsigned int i = 0; i < (VGA_ROWS - 1) * VGA_COLUMNS; i++)
		*vga_cell(0, i) = *vga_cell(1, i);
	for (unsigned int i = 0; i < VGA_COLUMNS; i++)
		*vga_cell(VGA_ROWS - 1, i) = VGA_GREY_ON_BLACK | ' ';
	vga_row = VGA_ROWS - 1;
}

void vga_text_putc(char c)
{
	if (!vga_on || c == '\r')
		return;
	if (c == '\n') {
		vga_newline();
		return;
	}
	*vga_cell(vga_row, vga_column) = VGA_GREY_ON_BLACK | (uint8_t)c;
	if (++vga_column == VGA_COLUMNS)
		vga_newline();
}
