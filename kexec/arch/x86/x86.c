// SPDX-License-Identifier: GPL-2.0-only
/*
 * x86_64 and i386 as generic code sees them (arch/arch.h).
 */
#include <elf.h>
#include <string.h>

#include "arch/x86/x86.h"
#include "kjump/elfcore.h"
#include "load/image.h"
#include "plan/plan.h"

/*
 * A multiboot kernel is usually an ELF file too, so each multiboot type
 * comes before the ELF type it would otherwise be taken for, in
 * kexec-tools' order (kexec/arch/x86_64/kexec-x86_64.c).  A bzImage's
 * signature excludes every other type; it is a PE file too, so the UKI
 * type comes after it (last, as in kexec-tools).
 */
static const struct image_type *const x86_image_types[] = {
	&bzimage_image_type,
	&multiboot2_x86_image_type,
	&elf_x86_64_image_type,
	&multiboot_x86_image_type,
	&elf_x86_image_type,
	&uki_image_type,
	&raw_image_type,
	NULL,
};

/* Real-mode code, the BIOS data area and the trampolines of the kernel's
 * own SMP and ACPI wake-up code live below 1 MiB. */
#define X86_LOW_RESERVED_END	(1ull << 20)
/* The zero page and the purgatory are reached through 32-bit pointers
 * (Documentation/x86/boot.rst), so kernel B's range stays below 4 GiB;
 * 2 MiB aligned as the kernel's own image. */
#define X86_BOOT_RANGE_END	0xffffffffull
#define X86_BOOT_RANGE_ALIGN	(2ull << 20)

const struct kexec_arch x86_64_arch = {
	.name = "x86_64",
	.kexec_flag = KEXEC_ARCH_X86_64,
	.elf_machine = EM_X86_64,
	.elf64_only = true,
	/* __PAGE_OFFSET_BASE_L4, Documentation/x86/x86_64/mm.rst (4-level
	 * paging); /proc/kcore says where KASLR moved it (load/crash.c). */
	.page_offset = 0xffff888000000000ull,
	.kernel_text_map = ELFCORE_X86_64_KERNEL_MAP,
	/* The kernel's half with 5-level paging (mm.rst), which holds the
	 * 4-level one. */
	.kernel_space_start = 0xff00000000000000ull,
	.low_reserved_end = X86_LOW_RESERVED_END,
	.boot_range_end = X86_BOOT_RANGE_END,
	.boot_range_align = X86_BOOT_RANGE_ALIGN,
	.low_ram_to_capture = true,
	/* arch/x86/entry/syscalls/syscall_64.tbl: 320 kexec_file_load; the
	 * i386 table (and so the ia32 compat one) has none. */
	.has_file_load = true,
	.image_types = x86_image_types,
};

const struct kexec_arch i386_arch = {
	.name = "i386",
	.kexec_flag = KEXEC_ARCH_386,
	.elf_machine = EM_386,
	/* PAGE_OFFSET with the default 3G/1G split; only low memory, below
	 * 896 MiB, is mapped linearly (arch/x86/mm/init_32.c). */
	.page_offset = 0xc0000000ull,
	.direct_map_end = 0x38000000ull,
	.low_reserved_end = X86_LOW_RESERVED_END,
	.boot_range_end = X86_BOOT_RANGE_END,
	.boot_range_align = X86_BOOT_RANGE_ALIGN,
	/* KEXEC_DESTINATION_MEMORY_LIMIT in arch/x86/include/asm/kexec.h:
	 * TASK_SIZE (3 GiB with the default split). */
	.dest_limit = 0xc0000000ull,
	.low_ram_to_capture = true,
	.image_types = x86_image_types,
};

const struct kexec_arch *x86_arch_from_machine(const char *machine)
{
	/* A 32-bit kexec on a 64-bit kernel still sees "x86_64" here,
	 * and the kernel wants its own arch in the flags. */
	if (strcmp(machine, "x86_64") == 0)
		return &x86_64_arch;
	if (machine[0] == 'i' && strcmp(machine + 2, "86") == 0)
		return &i386_arch;
	return NULL;
}
