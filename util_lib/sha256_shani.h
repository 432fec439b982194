/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Inside the SHA-256 module: the block functions sha256.c chooses from
 * and the round constants they share.  Not for callers: they use
 * kjump/sha256.h.
 */
#ifndef KJUMP_SHA256_SHANI_H
#define KJUMP_SHA256_SHANI_H

#include <stddef.h>
#include <stdint.h>

/* FIPS 180-4 4.2.2, K0..K63 (sha256.c). */
extern const uint32_t sha256_round_constants[64];

/* Portable C (sha256.c). */
void sha256_blocks_generic(uint32_t state[8], const uint8_t *data, size_t nblocks);

/* SHA-NI (sha256_shani.c): only when sha256_shani_supported() says so,
 * and in the purgatory only with SSE enabled in CR0/CR4. */
void sha256_blocks_shani(uint32_t state[8], const uint8_t *data, size_t nblocks);

#endif
