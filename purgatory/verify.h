/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Segment verification, kept free of anything but SHA-256 so that the
 * unit tests can compile verify.c natively and run it on host buffers.
 */
#ifndef PURGATORY_VERIFY_H
#define PURGATORY_VERIFY_H

#include <stdint.h>

#include "kjump/purgatory.h"

/*
 * Hash each of the N regions at R and compare with its recorded digest.
 * Returns 0 if all match; otherwise -1 with the index of the first bad
 * region in *BAD_INDEX.  A region this CPU mode cannot address (beyond
 * 4 GiB in the i386 purgatory, or wrapping around) counts as bad: what
 * cannot be checked must not be started.
 */
int purgatory_verify(const struct purgatory_region *r, uint32_t n,
		     uint32_t *bad_index);

#endif
