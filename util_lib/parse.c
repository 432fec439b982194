// SPDX-License-Identifier: GPL-2.0-only
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>

#include "kjump/parse.h"

/*
 * The number at the start of TEXT; *END is where it stops.  strtoull()
 * alone would skip blanks and accept a sign (negating the value: "-1"
 * would be UINT64_MAX), so the first character must be a digit.
 */
static int parse_leading(const char *text, uint64_t *value, char **end)
{
	unsigned long long v;

	if (!text || !isdigit((unsigned char)*text))
		return -1;
	errno = 0;
	v = strtoull(text, end, 0);
	if (errno || *end == text)
		return -1;
	*value = v;
	return 0;
}

int kj_parse_u64(const char *text, uint64_t *value)
{
	uint64_t v;
	char *end;

	if (parse_leading(text, &v, &end) < 0 || *end)
		return -1;
	*value = v;
	return 0;
}

static unsigned int suffix_shift(char c)
{
	switch (c) {
	case 'k': case 'K': return 10;
	case 'm': case 'M': return 20;
	case 'g': case 'G': return 30;
	default: return 0;
	}
}

int kj_parse_size(const char *text, uint64_t *value)
{
	unsigned int shift;
	uint64_t v;
	char *end;

	if (parse_leading(text, &v, &end) < 0)
		return -1;
	shift = suffix_shift(*end);
	if (shift)
		end++;
	if (*end || v > (UINT64_MAX >> shift))
		return -1;
	*value = v << shift;
	return 0;
}
