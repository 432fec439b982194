/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The purgatory has no C library: this header stands in for <string.h>
 * (it comes first on the purgatory's include path) and declares the few
 * functions purgatory/string.c provides.  GCC may call them even with
 * -ffreestanding -fno-builtin, for structure copies and clears.
 */
#ifndef PURGATORY_STRING_H
#define PURGATORY_STRING_H

#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

#endif
