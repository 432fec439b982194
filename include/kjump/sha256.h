/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SHA-256 (FIPS 180-4), one implementation for kexec, kdump and the
 * purgatory.  Freestanding: it needs only memcpy and memset, and CPUID.
 *
 * Two block functions do the work: the x86 SHA extensions (SHA-NI) when
 * CPUID says the CPU has them, and portable C otherwise.  The choice is
 * made per context, by the init function, so there is no global state:
 *   sha256_init()          the fastest this CPU can run;
 *   sha256_init_generic()  portable C always (tests, benchmarks, and
 *                          code that cannot use SSE registers);
 *   sha256_init_shani()    SHA-NI, or -1 if this CPU has none.
 * All of them give the same digests.  SHA-NI executes SSE instructions:
 * in the purgatory, CR0 and CR4 must allow them before such a context is
 * used (purgatory/simd.c).
 */
#ifndef KJUMP_SHA256_H
#define KJUMP_SHA256_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_SIZE 32
#define SHA256_BLOCK_SIZE  64

/* Compress NBLOCKS whole 64-byte blocks at DATA into STATE. */
typedef void sha256_blocks_fn(uint32_t state[8], const uint8_t *data,
			      size_t nblocks);

struct sha256_ctx {
	uint32_t state[8];
	uint64_t length;	/* bytes hashed so far */
	uint8_t block[SHA256_BLOCK_SIZE];
	size_t fill;		/* bytes waiting in block[] */
	sha256_blocks_fn *blocks;	/* chosen by the init function */
};

void sha256_init(struct sha256_ctx *ctx);
void sha256_init_generic(struct sha256_ctx *ctx);
int sha256_init_shani(struct sha256_ctx *ctx);
void sha256_update(struct sha256_ctx *ctx, const void *data, size_t len);
void sha256_final(struct sha256_ctx *ctx, uint8_t digest[SHA256_DIGEST_SIZE]);

/* One-shot helper (sha256_init's choice). */
void sha256_digest(const void *data, size_t len, uint8_t digest[SHA256_DIGEST_SIZE]);

/* Whether CPUID reports everything the SHA-NI block function executes. */
bool sha256_shani_supported(void);

/* "sha-ni" or "generic": which block function CTX uses, for humans. */
const char *sha256_impl_name(const struct sha256_ctx *ctx);

#endif
