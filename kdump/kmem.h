/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reading the crashed kernel's virtual memory out of a core.
 *
 * x86_64: a kernel-image address (__START_KERNEL_map upwards) is
 * virt - 0xffffffff80000000 + phys_base, NUMBER(phys_base) from
 * VMCOREINFO (arch/x86/include/asm/page_64.h, __phys_addr_nodebug()).
 * Everything else (the direct map, whose base KASLR randomises,
 * vmemmap, vmalloc) is found by walking the kernel page tables from
 * SYMBOL(init_top_pgt), 4 or 5 levels as NUMBER(pgtable_l5_enabled)
 * says, with NUMBER(sme_mask) cleared from the entries.  SYMBOL values
 * are runtime addresses, KASLR included (include/linux/vmcore_info.h:
 * VMCOREINFO_SYMBOL prints &name).
 *
 * i386: a walk of SYMBOL(swapper_pg_dir) (2 levels, or 3 with
 * CONFIG_X86_PAE=y), whose physical address is virt - PAGE_OFFSET, as
 * is any lowmem address (arch/x86/include/asm/page_32.h).  PAGE_OFFSET
 * is not in VMCOREINFO: the PT_LOAD mappings say it when they can,
 * else it is the default 0xC0000000 (VMSPLIT_3G).
 *
 * Without page tables, the PT_LOAD segments' p_vaddr (the kernel
 * writes __va(paddr) there, kernel/kexec_file.c) are used instead.
 */
#ifndef KDUMP_KMEM_H
#define KDUMP_KMEM_H

#include <stdbool.h>
#include <stdint.h>

#include "core.h"
#include "kjump/error.h"

#define X86_64_START_KERNEL_MAP 0xffffffff80000000ULL	/* asm/page_64_types.h */
#define I386_PAGE_OFFSET_DEFAULT 0xc0000000ULL		/* arch/x86/Kconfig */

enum kernel_arch {
	KARCH_X86_64,
	KARCH_I386,
};

struct kmem {
	struct core *core;
	enum kernel_arch arch;
	unsigned int long_size;		/* sizeof(long) in the crashed kernel */
	/* x86_64 */
	bool have_phys_base;
	uint64_t phys_base;
	uint64_t kernel_image_size;
	unsigned int levels;		/* 4 or 5 */
	uint64_t sme_mask;
	/* i386 */
	uint64_t page_offset;
	bool pae;
	/* both: the top-level page table, physical */
	bool have_pgd;
	uint64_t pgd;
	/* one-entry translation cache */
	uint64_t tlb_virt, tlb_phys;
	bool tlb_valid;
};

/* Set up translation for the kernel that left CORE (needs VMCOREINFO). */
int kmem_init(struct kmem *m, struct core *core, struct kj_error *err);

int kmem_vtop(struct kmem *m, uint64_t vaddr, uint64_t *paddr, struct kj_error *err);
int kmem_read(struct kmem *m, uint64_t vaddr, void *buf, size_t len, struct kj_error *err);
/* A kernel 'unsigned long' (4 or 8 bytes) and fixed-size integers. */
int kmem_read_ulong(struct kmem *m, uint64_t vaddr, uint64_t *val, struct kj_error *err);
int kmem_read_u64(struct kmem *m, uint64_t vaddr, uint64_t *val, struct kj_error *err);
int kmem_read_u32(struct kmem *m, uint64_t vaddr, uint32_t *val, struct kj_error *err);

/* Little-endian loads from a buffer holding kernel data. */
uint64_t kmem_get(const void *p, unsigned int size);

#endif
