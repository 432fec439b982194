/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Text from input (a command line, VMCOREINFO, a resume record) shown on
 * a terminal: control bytes and bytes above 0x7e become \xHH, and a
 * backslash \\, so what is printed is what the input held, and can
 * neither move the cursor nor change the terminal's state.
 */
#ifndef KJUMP_TEXT_H
#define KJUMP_TEXT_H

#include <stddef.h>
#include <stdio.h>

/* Write S to OUT, escaped. */
void kj_fputs_escaped(const char *s, FILE *out);

/* S escaped into BUF (LEN bytes, at least 5), cut short to fit; BUF. */
const char *kj_escaped(const char *s, char *buf, size_t len);

#endif
