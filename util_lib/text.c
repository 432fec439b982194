// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>

#include "kjump/text.h"

/* The escape of byte C into OUT (at most 5 bytes with the NUL). */
static void escape(unsigned char c, char out[5])
{
	if (c == '\\')
		strcpy(out, "\\\\");
	else if (c >= 0x20 && c <= 0x7e)
		out[0] = (char)c, out[1] = '\0';
	else
		snprintf(out, 5, "\\x%02x", c);
}

void kj_fputs_escaped(const char *s, FILE *out)
{
	char e[5];

	for (; *s; s++) {
		escape((unsigned char)*s, e);
		fputs(e, out);
	}
}

const char *kj_escaped(const char *s, char *buf, size_t len)
{
	size_t used = 0;
	char e[5];

	buf[0] = '\0';
	for (; *s; s++) {
		size_t n;

		escape((unsigned char)*s, e);
		n = strlen(e);
		if (used + n >= len)
			break;
		memcpy(buf + used, e, n + 1);
		used += n;
	}
	return buf;
}
