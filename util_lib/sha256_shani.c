// SPDX-License-Identifier: GPL-2.0-only
/*
 * SHA-256 block function on the x86 SHA extensions (SHA-NI), and the
 * CPUID check that says whether it may run.
 *
 * Only this function is compiled for SSE4.1 and SHA (the target
 * attribute); the rest of the program, and the purgatory, keep their
 * -mno-sse code, so nothing executes these instructions unless
 * sha256_init() chose this function after the CPUID check.
 *
 * The instructions (SDM vol. 2, SHA256RNDS2, SHA256MSG1, SHA256MSG2):
 *   SHA256RNDS2 dst, src, <XMM0> does two rounds: dst holds C,D,G,H and
 *     src A,B,E,F (dwords 3..0); XMM0's low two dwords hold W+K for the
 *     two rounds; dst receives the new A,B,E,F.  The old A,B,E,F are
 *     then the new C,D,G,H, so two calls with the operands swapped make
 *     four rounds and leave the registers as they started.
 *   SHA256MSG1 and SHA256MSG2 compute the sigma0 and sigma1 halves of
 *     four message schedule words W[t..t+3] (FIPS 180-4 6.2.2 step 1);
 *     the W[t-7] term in between is an ordinary add.
 */
#include "kjump/sha256.h"
#include "sha256_shani.h"

#if defined(__x86_64__) || defined(__i386__)

#include <cpuid.h>
#if !__STDC_HOSTED__
/* GCC's <xmmintrin.h> includes <mm_malloc.h>, which wants a hosted
 * <stdlib.h>; the purgatory has none and uses neither function. */
#define _MM_MALLOC_H_INCLUDED
#endif
#include <immintrin.h>

/* CPUID feature bits (SDM vol. 2A, CPUID, tables 3-10, 3-11 and the
 * leaf 07H table). */
#define CPUID1_EDX_FXSR		(1u << 24)
#define CPUID1_EDX_SSE		(1u << 25)
#define CPUID1_EDX_SSE2		(1u << 26)
#define CPUID1_ECX_SSSE3	(1u << 9)
#define CPUID1_ECX_SSE41	(1u << 19)
#define CPUID7_EBX_SHA		(1u << 29)

bool sha256_shani_supported(void)
{
	unsigned int eax, ebx, ecx, edx;

	/* __get_cpuid_max also checks, on i386, that CPUID exists. */
	if (__get_cpuid_max(0, NULL) < 7)
		return false;
	__cpuid(1, eax, ebx, ecx, edx);
	if ((edx & (CPUID1_EDX_FXSR | CPUID1_EDX_SSE | CPUID1_EDX_SSE2)) !=
	    (CPUID1_EDX_FXSR | CPUID1_EDX_SSE | CPUID1_EDX_SSE2) ||
	    (ecx & (CPUID1_ECX_SSSE3 | CPUID1_ECX_SSE41)) !=
	    (CPUID1_ECX_SSSE3 | CPUID1_ECX_SSE41))
		return false;
	__cpuid_count(7, 0, eax, ebx, ecx, edx);
	return (ebx & CPUID7_EBX_SHA) != 0;
}

#define SHANI_TARGET __attribute__((target("sse4.1,sha")))

/*
 * Four rounds from round 4*G on, with the message words in M (W[4G] in
 * dword 0).  ABEF and CDGH hold the state as SHA256RNDS2 wants it.
 */
static inline SHANI_TARGET __attribute__((always_inline))
void four_rounds(__m128i *abef, __m128i *cdgh, __m128i m, int g)
{
	__m128i wk = _mm_add_epi32(m, _mm_loadu_si128(
		(const __m128i *)&sha256_round_constants[4 * g]));

	*cdgh = _mm_sha256rnds2_epu32(*cdgh, *abef, wk);
	/* Rounds 4G+2 and 4G+3 take dwords 2 and 3 of W+K. */
	wk = _mm_shuffle_epi32(wk, 0x0e);
	*abef = _mm_sha256rnds2_epu32(*abef, *cdgh, wk);
}

/*
 * W[4G..4G+3] from the four groups before it: M0 = W[4G-16..], M1 =
 * W[4G-12..], M2 = W[4G-8..], M3 = W[4G-4..].
 */
static inline SHANI_TARGET __attribute__((always_inline))
__m128i schedule(__m128i m0, __m128i m1, __m128i m2, __m128i m3)
{
	__m128i t = _mm_sha256msg1_epu32(m0, m1);

	/* + W[t-7]: dwords 1..3 of M2 and dword 0 of M3. */
	t = _mm_add_epi32(t, _mm_alignr_epi8(m3, m2, 4));
	return _mm_sha256msg2_epu32(t, m3);
}

/* force_align_arg_pointer: i386 code may be entered with the stack
 * aligned to 4 bytes only (the old i386 ABI), and XMM spill slots need
 * 16; the prologue realigns it. */
SHANI_TARGET __attribute__((force_align_arg_pointer))
void sha256_blocks_shani(uint32_t state[8], const uint8_t *data, size_t nblocks)
{
	/* Big-endian words: reverse the bytes of each dword. */
	const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
	__m128i abcd = _mm_loadu_si128((const __m128i *)&state[0]);
	__m128i efgh = _mm_loadu_si128((const __m128i *)&state[4]);
	__m128i abef, cdgh;

	/* A,B,C,D / E,F,G,H (dword 0 first) to A,B,E,F / C,D,G,H (dword 3
	 * first): badc = B,A,D,C and hgfe = H,G,F,E, then take halves. */
	abcd = _mm_shuffle_epi32(abcd, 0xb1);
	efgh = _mm_shuffle_epi32(efgh, 0x1b);
	abef = _mm_alignr_epi8(abcd, efgh, 8);
	cdgh = _mm_blend_epi16(efgh, abcd, 0xf0);

	for (; nblocks; nblocks--, data += SHA256_BLOCK_SIZE) {
		const __m128i *in = (const __m128i *)data;
		__m128i abef0 = abef, cdgh0 = cdgh;
		__m128i m[4];

		/* Unrolled, the four message registers stay in registers. */
#pragma GCC unroll 4
		for (int g = 0; g < 4; g++) {
			m[g] = _mm_shuffle_epi8(_mm_loadu_si128(in + g), bswap);
			four_rounds(&abef, &cdgh, m[g], g);
		}
#pragma GCC unroll 12
		for (int g = 4; g < 16; g++) {
			m[g & 3] = schedule(m[g & 3], m[(g + 1) & 3], m[(g + 2) & 3],
					    m[(g + 3) & 3]);
			four_rounds(&abef, &cdgh, m[g & 3], g);
		}
		abef = _mm_add_epi32(abef, abef0);
		cdgh = _mm_add_epi32(cdgh, cdgh0);
	}

	/* Back: F,E,B,A -> A,B,E,F; H,G,D,C -> G,H,C,D; then halves. */
	abef = _mm_shuffle_epi32(abef, 0x1b);
	cdgh = _mm_shuffle_epi32(cdgh, 0xb1);
	_mm_storeu_si128((__m128i *)&state[0], _mm_blend_epi16(abef, cdgh, 0xf0));
	_mm_storeu_si128((__m128i *)&state[4], _mm_alignr_epi8(cdgh, abef, 8));
}

#else	/* not x86: the portable code only */

bool sha256_shani_supported(void)
{
	return false;
}

void sha256_blocks_shani(uint32_t state[8], const uint8_t *data, size_t nblocks)
{
	sha256_blocks_generic(state, data, nblocks);
}

#endif
