// SPDX-License-Identifier: GPL-2.0-only
/*
 * Checking the segments against the digests kexec recorded at load
 * time.  The addresses are physical; in the purgatory they are also
 * the addresses the code sees (identity map in 64-bit mode, paging off
 * in 32-bit mode).  In the unit tests they are host pointers.
 */
#include <stddef.h>
#include <stdint.h>

#include "kjump/sha256.h"
#include "verify.h"

/* The region as a pointer and length, if this CPU mode can address it. */
static int region_bytes(const struct purgatory_region *r, const void **data,
			size_t *len)
{
	uintptr_t start = (uintptr_t)r->start;
	uintptr_t size = (uintptr_t)r->len;

	if (start != r->start || size != r->len)
		return -1;		/* above 4 GiB for 32-bit code */
	if (size > UINTPTR_MAX - start)
		return -1;		/* wraps around */
	*data = (const void *)start;
	*len = size;
	return 0;
}

static int digest_equal(const uint8_t *a, const uint8_t *b)
{
	uint8_t diff = 0;

	for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
		diff |= a[i] ^ b[i];
	return diff == 0;
}

static int region_ok(const struct purgatory_region *r)
{
	uint8_t digest[SHA256_DIGEST_SIZE];
	const void *data;
	size_t len;

	if (region_bytes(r, &data, &len) < 0)
		return 0;
	sha256_digest(data, len, digest);
	return digest_equal(digest, r->sha256);
}

int purgatory_verify(const struct purgatory_region *r, uint32_t n,
		     uint32_t *bad_index)
{
	for (uint32_t i = 0; i < n; i++) {
		if (!region_ok(&r[i])) {
			*bad_index = i;
			return -1;
		}
	}
	return 0;
}
