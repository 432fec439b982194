// SPDX-License-Identifier: GPL-2.0-only
/*
 * The C library functions the compiler and util_lib/sha256.c rely on.
 *
 * memcpy and memset are string instructions rather than C loops: GCC
 * may recognise a byte loop as a memcpy idiom and compile it into a
 * call to memcpy, i.e. to itself.  The entry code clears DF, and the
 * C calling convention keeps it clear, so rep movsb/stosb go forwards.
 */
#include <string.h>

void *memcpy(void *dst, const void *src, size_t n)
{
	void *d = dst;

	asm volatile("rep movsb"
		     : "+D"(d), "+S"(src), "+c"(n)
		     : : "memory");
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	void *d = dst;

	asm volatile("rep stosb"
		     : "+D"(d), "+c"(n)
		     : "a"(c)
		     : "memory");
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++) {
		if (*x != *y)
			return *x < *y ? -1 : 1;
	}
	return 0;
}
