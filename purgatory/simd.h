/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Letting the purgatory execute SSE instructions (for SHA-NI) for a
 * while, and putting CR0 and CR4 back exactly as the kernel handed them
 * over afterwards: the image is entered, or on a kexec jump kernel A
 * resumes, with the control registers it expects.
 */
#ifndef PURGATORY_SIMD_H
#define PURGATORY_SIMD_H

#include <stdbool.h>

struct simd_saved {
	bool enabled;
	unsigned long cr0, cr4;
};

/*
 * Save CR0 and CR4 in *SAVED and enable SSE, if CPUID reports FXSR and
 * SSE (else CR4.OSFXSR cannot be set, and nothing changes).  Done on
 * every CPU that can, not only on one with SHA-NI, so that this code
 * and its undoing run in every test, QEMU's TCG included.
 */
void simd_enable(struct simd_saved *saved);

/* Write back what simd_enable() saved, if it changed anything. */
void simd_restore(const struct simd_saved *saved);

#endif
