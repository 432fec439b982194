/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KJUMP_BYTES_H
#define KJUMP_BYTES_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

/* Whether the LEN bytes at P are all zero (true for none). */
static inline bool kj_all_zero(const void *p, size_t len)
{
	const unsigned char *b = p;

	return len == 0 || (b[0] == 0 && memcmp(b, b + 1, len - 1) == 0);
}

#endif
