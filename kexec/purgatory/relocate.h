/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The relocation step of the purgatory linker (link.h), for link.c.
 */
#ifndef KJUMP_KEXEC_PURGATORY_RELOCATE_H
#define KJUMP_KEXEC_PURGATORY_RELOCATE_H

#include <stdint.h>

#include "purgatory/link.h"

/*
 * Apply every REL and RELA section of LO that patches a loaded section
 * to IMAGE, laid out by link_open() and about to live at BASE.
 * Relocations of sections that are not loaded (debugging information)
 * are skipped.
 */
int link_relocate(struct link_object *lo, uint8_t *image, uint64_t base);

#endif
