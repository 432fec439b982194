/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The x86 side of the purgatory linker (purgatory/link.h): which
 * purgatory objects this kexec embeds, what ELF header each must carry
 * and how its relocation types are computed.  Nothing here reads ELF;
 * the linker does, and calls these hooks once per relocation.
 */
#ifndef KJUMP_KEXEC_X86_PURGATORY_RELOC_H
#define KJUMP_KEXEC_X86_PURGATORY_RELOC_H

#include <stddef.h>

#include "kjump/error.h"
#include "purgatory/link.h"

enum purgatory_arch {
	PURGATORY_X86_64,	/* 64-bit kernels; enters 64- or 32-bit images */
	PURGATORY_I386,		/* 32-bit kernels; enters 32-bit images */
};

/*
 * The ELF header and relocations of ARCH's purgatory.  Any value but
 * PURGATORY_X86_64 gets the i386 ones.
 */
const struct link_arch *purgatory_link_arch(enum purgatory_arch arch);

/*
 * The object embedded for ARCH in *OBJ / *SIZE.  Fails if this kexec
 * has none (an i386 build carries only the i386 purgatory).
 */
int purgatory_embedded(enum purgatory_arch arch, const void **obj, size_t *size,
		       struct kj_error *err);

#endif
