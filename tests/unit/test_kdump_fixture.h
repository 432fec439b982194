/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Synthetic ELF cores for the kdump tests: RAM segments, a VMCOREINFO
 * note, PRSTATUS notes, x86 page tables, and a "kernel" laid out in
 * them (direct map, kernel-image symbols) the way kdump expects a real
 * one.
 */
#ifndef KJUMP_TEST_KDUMP_FIXTURE_H
#define KJUMP_TEST_KDUMP_FIXTURE_H

#include <stdbool.h>
#include <stdint.h>

#define FX_MAX_SEGS 16

struct fx_seg {
	uint64_t paddr, vaddr, memsz, filesz;
	uint8_t *data;			/* memsz bytes; only filesz are written */
};

enum fx_pt_mode {
	FX_PT_X86_64_4,			/* 4-level, 8-byte entries */
	FX_PT_X86_64_5,			/* 5-level */
	FX_PT_I386,			/* 2-level, 4-byte entries, 4M PSE */
	FX_PT_PAE,			/* 3-level, 8-byte entries */
};

struct fx_core {
	unsigned int cls;		/* ELFCLASS32/64 of the file */
	uint16_t machine;
	struct fx_seg seg[FX_MAX_SEGS];
	size_t nseg;
	char *vmcoreinfo;		/* NULL: no VMCOREINFO note */
	size_t vmci_len, vmci_cap;
	unsigned int nr_prstatus;
	uint64_t next_alloc;		/* bump allocator, physical */
};

void fx_init(struct fx_core *fx, unsigned int cls, uint16_t machine);
void fx_free(struct fx_core *fx);
/* A RAM segment [PADDR, PADDR + SIZE), zero-filled, p_vaddr VADDR. */
struct fx_seg *fx_add_ram(struct fx_core *fx, uint64_t paddr, uint64_t size, uint64_t vaddr);
/* The bytes at PADDR (LEN of them must lie in one segment). */
uint8_t *fx_phys(struct fx_core *fx, uint64_t paddr, uint64_t len);
void fx_put(struct fx_core *fx, uint64_t paddr, uint64_t value, unsigned int size);
uint64_t fx_get(struct fx_core *fx, uint64_t paddr, unsigned int size);
/* SIZE bytes of zeroed physical memory, page-aligned. */
uint64_t fx_alloc(struct fx_core *fx, uint64_t size);
/* Append one VMCOREINFO line (the newline is added). */
void fx_vmcoreinfo(struct fx_core *fx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Map [VA, VA + SIZE) to PA with pages of PAGE bytes in the tables at PGD. */
void fx_map(struct fx_core *fx, enum fx_pt_mode mode, uint64_t pgd, uint64_t va, uint64_t pa,
	    uint64_t size, uint64_t page);
/* Write the core as DIR/NAME; returns the malloc'd path. */
char *fx_write(const struct fx_core *fx, const char *dir, const char *name);

/* A synthetic kernel in a fixture core. */
struct fx_kernel {
	struct fx_core core;
	bool x86_64;
	uint64_t page_offset;		/* direct map base */
	uint64_t phys_base;		/* x86_64 */
	uint64_t pgd;			/* top page table, physical (0: none) */
	enum fx_pt_mode pt_mode;
	uint64_t image_next;		/* next free kernel-image physical address */
};

#define FX_X86_64_PAGE_OFFSET 0xffff9e4a40000000ULL	/* as KASLR might pick */
#define FX_X86_64_PHYS_BASE 0x200000ULL
#define FX_START_KERNEL_MAP 0xffffffff80000000ULL
#define FX_I386_PAGE_OFFSET 0xc0000000ULL
#define FX_IMAGE_START 0x400000ULL			/* kernel image, physical */
#define FX_ALLOC_START 0x600000ULL			/* structures, physical */

/*
 * x86_64: RAM at [0x1000, 0x9fc00) and [1 MiB, RAM_SIZE), a 4-level
 * direct map (2M pages) at FX_X86_64_PAGE_OFFSET, the kernel image at
 * FX_START_KERNEL_MAP + (pa - phys_base), VMCOREINFO with OSRELEASE,
 * PAGESIZE, phys_base, init_top_pgt and pgtable_l5_enabled.
 */
void fxk_x86_64(struct fx_kernel *k, uint64_t ram_size);
/* i386: the same RAM, lowmem at 0xC0000000; 2-level page tables if PAGE_TABLES. */
void fxk_i386(struct fx_kernel *k, uint64_t ram_size, bool page_tables);
/* The direct-map address of PA. */
uint64_t fxk_va(const struct fx_kernel *k, uint64_t pa);
/* SIZE bytes in the kernel image: returns the symbol's virtual address, *PA its physical one. */
uint64_t fxk_symbol(struct fx_kernel *k, uint64_t size, uint64_t *pa);
/* SIZE bytes of memory in the direct map: returns the virtual address. */
uint64_t fxk_alloc(struct fx_kernel *k, uint64_t size, uint64_t *pa);
/* Store a kernel 'unsigned long'. */
void fxk_put_ulong(struct fx_kernel *k, uint64_t pa, uint64_t value);
unsigned int fxk_long(const struct fx_kernel *k);

#endif
