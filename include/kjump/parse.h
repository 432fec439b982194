/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Numbers given on a command line or a kernel command line.  Both
 * functions take the whole of TEXT or nothing, and return 0 or -1
 * without a message: the caller knows which option was wrong.
 */
#ifndef KJUMP_PARSE_H
#define KJUMP_PARSE_H

#include <stdint.h>

/*
 * An unsigned 64-bit number written as C writes integer constants
 * (decimal, 0x hexadecimal or 0 octal, as strtoull() with base 0): no
 * sign, no blanks, no trailing text, nothing past UINT64_MAX.
 */
int kj_parse_u64(const char *text, uint64_t *value);

/*
 * The same with an optional K, M or G suffix (either case) multiplying
 * by 2^10, 2^20 or 2^30; a product past UINT64_MAX is refused.
 */
int kj_parse_size(const char *text, uint64_t *value);

#endif
