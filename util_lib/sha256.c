// SPDX-License-Identifier: GPL-2.0-only
/*
 * SHA-256, FIPS 180-4 sections 4.1.2, 4.2.2, 5.1.1 and 6.2: the
 * streaming interface, the padding, and the portable block function.
 * The SHA-NI block function is in sha256_shani.c; the init functions
 * choose between them.  Kept free of libc beyond memcpy/memset so the
 * purgatory can use it.
 */
#include <string.h>

#include "kjump/sha256.h"
#include "sha256_shani.h"

/* FIPS 180-4 4.2.2: first 32 bits of the fractional parts of the cube
 * roots of the first 64 primes. */
const uint32_t sha256_round_constants[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline uint32_t rotr(uint32_t x, unsigned int n)
{
	return (x >> n) | (x << (32 - n));
}

static inline uint32_t load_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static inline void store_be32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

/* FIPS 180-4 4.1.2, with Ch and Maj in their two-operation forms. */
#define BSIG0(x) (rotr(x, 2) ^ rotr(x, 13) ^ rotr(x, 22))
#define BSIG1(x) (rotr(x, 6) ^ rotr(x, 11) ^ rotr(x, 25))
#define SSIG0(x) (rotr(x, 7) ^ rotr(x, 18) ^ ((x) >> 3))
#define SSIG1(x) (rotr(x, 17) ^ rotr(x, 19) ^ ((x) >> 10))
#define CH(e, f, g) ((g) ^ ((e) & ((f) ^ (g))))
#define MAJ(a, b, c) (((a) & (b)) | ((c) & ((a) | (b))))

/*
 * One round, FIPS 180-4 6.2.2 step 3, without moving the eight working
 * variables: the caller rotates their names instead, so that after
 * eight rounds every variable is back in its place.
 */
#define ROUND(a, b, c, d, e, f, g, h, i, W) do {			\
		uint32_t t1_ = h + BSIG1(e) + CH(e, f, g) + k[i] + (W);	\
		d += t1_;						\
		h = t1_ + BSIG0(a) + MAJ(a, b, c);			\
	} while (0)

/* The message schedule (6.2.2 step 1) kept in a ring of 16 words. */
#define W_LOAD(i) (w[i])
#define W_NEXT(i) (w[(i) & 15] += SSIG1(w[((i) - 2) & 15]) + w[((i) - 7) & 15] + \
		   SSIG0(w[((i) - 15) & 15]))

/* Sixteen rounds from round BASE on; BASE is a multiple of 16, so every
 * index into w[] is a constant once the compiler has unrolled this. */
#define SIXTEEN_ROUNDS(BASE, W) do {					\
		ROUND(a, b, c, d, e, f, g, h, (BASE) + 0, W(0));	\
		ROUND(h, a, b, c, d, e, f, g, (BASE) + 1, W(1));	\
		ROUND(g, h, a, b, c, d, e, f, (BASE) + 2, W(2));	\
		ROUND(f, g, h, a, b, c, d, e, (BASE) + 3, W(3));	\
		ROUND(e, f, g, h, a, b, c, d, (BASE) + 4, W(4));	\
		ROUND(d, e, f, g, h, a, b, c, (BASE) + 5, W(5));	\
		ROUND(c, d, e, f, g, h, a, b, (BASE) + 6, W(6));	\
		ROUND(b, c, d, e, f, g, h, a, (BASE) + 7, W(7));	\
		ROUND(a, b, c, d, e, f, g, h, (BASE) + 8, W(8));	\
		ROUND(h, a, b, c, d, e, f, g, (BASE) + 9, W(9));	\
		ROUND(g, h, a, b, c, d, e, f, (BASE) + 10, W(10));	\
		ROUND(f, g, h, a, b, c, d, e, (BASE) + 11, W(11));	\
		ROUND(e, f, g, h, a, b, c, d, (BASE) + 12, W(12));	\
		ROUND(d, e, f, g, h, a, b, c, (BASE) + 13, W(13));	\
		ROUND(c, d, e, f, g, h, a, b, (BASE) + 14, W(14));	\
		ROUND(b, c, d, e, f, g, h, a, (BASE) + 15, W(15));	\
	} while (0)

static void compress_block(uint32_t state[8], const uint8_t *block)
{
	const uint32_t *k = sha256_round_constants;
	uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
	uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
	uint32_t w[16];

	for (int t = 0; t < 16; t++)
		w[t] = load_be32(block + 4 * t);
	SIXTEEN_ROUNDS(0, W_LOAD);
	SIXTEEN_ROUNDS(16, W_NEXT);
	SIXTEEN_ROUNDS(32, W_NEXT);
	SIXTEEN_ROUNDS(48, W_NEXT);
	state[0] += a; state[1] += b; state[2] += c; state[3] += d;
	state[4] += e; state[5] += f; state[6] += g; state[7] += h;
}

void sha256_blocks_generic(uint32_t state[8], const uint8_t *data, size_t nblocks)
{
	for (; nblocks; nblocks--, data += SHA256_BLOCK_SIZE)
		compress_block(state, data);
}

static void start(struct sha256_ctx *ctx, sha256_blocks_fn *blocks)
{
	/* FIPS 180-4 5.3.3 initial hash value. */
	static const uint32_t initial[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};

	memcpy(ctx->state, initial, sizeof(initial));
	ctx->length = 0;
	ctx->fill = 0;
	ctx->blocks = blocks;
}

void sha256_init_generic(struct sha256_ctx *ctx)
{
	start(ctx, sha256_blocks_generic);
}

int sha256_init_shani(struct sha256_ctx *ctx)
{
	if (!sha256_shani_supported())
		return -1;
	start(ctx, sha256_blocks_shani);
	return 0;
}

void sha256_init(struct sha256_ctx *ctx)
{
	if (sha256_init_shani(ctx) < 0)
		sha256_init_generic(ctx);
}

const char *sha256_impl_name(const struct sha256_ctx *ctx)
{
	return ctx->blocks == sha256_blocks_generic ? "generic" : "sha-ni";
}

void sha256_update(struct sha256_ctx *ctx, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t whole;

	ctx->length += len;
	if (ctx->fill) {
		size_t take = SHA256_BLOCK_SIZE - ctx->fill;

		if (take > len)
			take = len;
		memcpy(ctx->block + ctx->fill, p, take);
		ctx->fill += take;
		p += take;
		len -= take;
		if (ctx->fill < SHA256_BLOCK_SIZE)
			return;
		ctx->blocks(ctx->state, ctx->block, 1);
		ctx->fill = 0;
	}
	/* Whole blocks straight from the caller's buffer: no copy. */
	whole = len / SHA256_BLOCK_SIZE;
	if (whole) {
		ctx->blocks(ctx->state, p, whole);
		p += whole * SHA256_BLOCK_SIZE;
		len -= whole * SHA256_BLOCK_SIZE;
	}
	if (len) {
		memcpy(ctx->block, p, len);
		ctx->fill = len;
	}
}

void sha256_final(struct sha256_ctx *ctx, uint8_t digest[SHA256_DIGEST_SIZE])
{
	uint64_t bits = ctx->length * 8;
	int i;

	/* FIPS 180-4 5.1.1: a 1 bit, zeros, then the 64-bit length. */
	ctx->block[ctx->fill++] = 0x80;
	if (ctx->fill > SHA256_BLOCK_SIZE - 8) {
		memset(ctx->block + ctx->fill, 0, SHA256_BLOCK_SIZE - ctx->fill);
		ctx->blocks(ctx->state, ctx->block, 1);
		ctx->fill = 0;
	}
	memset(ctx->block + ctx->fill, 0, SHA256_BLOCK_SIZE - 8 - ctx->fill);
	for (i = 0; i < 8; i++)
		ctx->block[SHA256_BLOCK_SIZE - 1 - i] = bits >> (8 * i);
	ctx->blocks(ctx->state, ctx->block, 1);

	for (i = 0; i < 8; i++)
		store_be32(digest + 4 * i, ctx->state[i]);
}

void sha256_digest(const void *data, size_t len, uint8_t digest[SHA256_DIGEST_SIZE])
{
	struct sha256_ctx ctx;

	sha256_init(&ctx);
	sha256_update(&ctx, data, len);
	sha256_final(&ctx, digest);
}
