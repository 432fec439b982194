/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The two kinds of x86 kernel kjump loads for.
 */
#ifndef KJUMP_X86_X86_H
#define KJUMP_X86_X86_H

#include "arch/arch.h"

/* include/uapi/linux/kexec.h: the ELF machine number, shifted. */
#define KEXEC_ARCH_386		(3 << 16)
#define KEXEC_ARCH_X86_64	(62 << 16)

extern const struct image_type bzimage_image_type;
extern const struct image_type elf_x86_image_type;
extern const struct image_type elf_x86_64_image_type;
extern const struct image_type multiboot_x86_image_type;
extern const struct image_type multiboot2_x86_image_type;
extern const struct image_type uki_image_type;

extern const struct kexec_arch x86_64_arch;
extern const struct kexec_arch i386_arch;

/* "x86_64", "i386" to "i686": NULL for another machine. */
const struct kexec_arch *x86_arch_from_machine(const char *machine);

#endif
