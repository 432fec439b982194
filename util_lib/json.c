// SPDX-License-Identifier: GPL-2.0-only
#include <stdbool.h>

#include "kjump/json.h"

static bool cont(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

/*
 * The length of the well-formed UTF-8 sequence of two or more bytes at
 * S (RFC 3629 section 4: no overlong forms, no surrogates, nothing past
 * U+10FFFF), or 0.  A NUL ends the string, and fails cont().
 */
static int utf8_len(const unsigned char *s)
{
	unsigned char c = s[0];

	if (c >= 0xc2 && c <= 0xdf)
		return cont(s[1]) ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		unsigned char lo = c == 0xe0 ? 0xa0 : 0x80, hi = c == 0xed ? 0x9f : 0xbf;

		return s[1] >= lo && s[1] <= hi && cont(s[2]) ? 3 : 0;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		unsigned char lo = c == 0xf0 ? 0x90 : 0x80, hi = c == 0xf4 ? 0x8f : 0xbf;

		return s[1] >= lo && s[1] <= hi && cont(s[2]) && cont(s[3]) ? 4 : 0;
	}
	return 0;
}

void json_write_string(FILE *out, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	fputc('"', out);
	while (*s) {
		unsigned char c = *s;
		int len;

		switch (c) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\t': fputs("\\t", out); break;
		default:
			/* RFC 8259 section 7: control characters must be escaped. */
			if (c < 0x20) {
				fprintf(out, "\\u%04x", c);
			} else if (c < 0x80) {
				fputc(c, out);
			} else if ((len = utf8_len(s)) > 0) {
				fwrite(s, 1, (size_t)len, out);
				s += len;
				continue;
			} else {
				/* JSON text is UTF-8 (RFC 8259 section 8.1): a byte
				 * that is not becomes U+FFFD, the replacement. */
				fputs("\\ufffd", out);
			}
		}
		s++;
	}
	fputc('"', out);
}
