// SPDX-License-Identifier: GPL-2.0-only
#include <elf.h>
#include <string.h>

#include "kjump/compiler.h"

#include "kmem.h"

#define X86_PAGE_SIZE 4096ULL
#define PTE_PRESENT (1ULL << 0)		/* asm/pgtable_types.h _PAGE_BIT_PRESENT */
#define PTE_PSE (1ULL << 7)		/* _PAGE_BIT_PSE: 2M/1G (4M on 2-level) */
#define PHYS_MASK_52 ((1ULL << 52) - 1)	/* __PHYSICAL_MASK_SHIFT 52 */

/* One level of a page-table walk. */
struct pt_level {
	unsigned int shift;	/* low bit of the index in the address */
	unsigned int bits;	/* index width */
	bool large;		/* a PSE entry maps 1 << shift bytes here */
};

/* asm/pgtable_64_types.h: PGDIR 48 (5-level) or 39, P4D 39, PUD 30, PMD 21. */
static const struct pt_level x86_64_l5[] = {
	{ 48, 9, false }, { 39, 9, false }, { 30, 9, true }, { 21, 9, true }, { 12, 9, false },
};
/* asm/pgtable-2level_types.h: PGDIR_SHIFT 22, 1024 entries each. */
static const struct pt_level i386_2level[] = { { 22, 10, true }, { 12, 10, false } };
/* asm/pgtable-3level_types.h: PGDIR_SHIFT 30 (4 entries), PMD_SHIFT 21. */
static const struct pt_level i386_pae[] = { { 30, 2, false }, { 21, 9, true }, { 12, 9, false } };

uint64_t kmem_get(const void *p, unsigned int size)
{
	const uint8_t *b = p;
	uint64_t v = 0;

	for (unsigned int i = size; i-- > 0;)
		v = (v << 8) | b[i];
	return v;
}

static int walk(struct kmem *m, const struct pt_level *lv, size_t n, unsigned int esize,
		uint64_t addr_mask, uint64_t vaddr, uint64_t *paddr, struct kj_error *err)
{
	uint64_t table = m->pgd;

	for (size_t i = 0; i < n; i++) {
		uint64_t idx = (vaddr >> lv[i].shift) & ((1ULL << lv[i].bits) - 1);
		uint64_t page_mask = (1ULL << lv[i].shift) - 1;
		uint8_t raw[8];
		uint64_t e;

		if (core_read_phys(m->core, table + idx * esize, raw, esize, err) < 0)
			return kj_fail(err, "cannot read the page table for 0x%llx",
				       (unsigned long long)vaddr);
		e = kmem_get(raw, esize);
		if (!(e & PTE_PRESENT))
			return kj_fail(err, "virtual address 0x%llx is not mapped in the kernel page tables",
				       (unsigned long long)vaddr);
		if (i == n - 1 || (lv[i].large && (e & PTE_PSE))) {
			uint64_t base = e & addr_mask & ~page_mask;

			/* 2-level 4M pages keep physical bits 32-39 in bits 13-20 (PSE-36). */
			if (esize == 4 && i < n - 1)
				base |= ((e >> 13) & 0xff) << 32;
			*paddr = base | (vaddr & page_mask);
			return 0;
		}
		table = e & addr_mask & ~(X86_PAGE_SIZE - 1);
	}
	return kj_fail(err, "virtual address 0x%llx: page table walk failed", (unsigned long long)vaddr);
}

/* The PT_LOAD whose virtual range holds VADDR. */
static int vtop_by_segments(struct kmem *m, uint64_t vaddr, uint64_t *paddr,
			    struct kj_error *err)
{
	const struct core *c = m->core;

	for (size_t i = 0; i < c->nph; i++) {
		const struct elfcore_phdr *p = &c->ph[i];

		if (p->type == PT_LOAD && p->vaddr && vaddr - p->vaddr < p->memsz) {
			*paddr = p->paddr + (vaddr - p->vaddr);
			return 0;
		}
	}
	return kj_fail(err, "cannot translate virtual address 0x%llx: no page tables in VMCOREINFO and no PT_LOAD maps it",
		       (unsigned long long)vaddr);
}

static int vtop_x86_64(struct kmem *m, uint64_t vaddr, uint64_t *paddr, struct kj_error *err)
{
	if (m->have_phys_base && vaddr >= X86_64_START_KERNEL_MAP &&
	    vaddr - X86_64_START_KERNEL_MAP < m->kernel_image_size) {
		*paddr = vaddr - X86_64_START_KERNEL_MAP + m->phys_base;
		return 0;
	}
	if (!m->have_pgd)
		return vtop_by_segments(m, vaddr, paddr, err);
	if (m->levels == 5)
		return walk(m, x86_64_l5, 5, 8, PHYS_MASK_52 & ~m->sme_mask, vaddr, paddr, err);
	return walk(m, x86_64_l5 + 1, 4, 8, PHYS_MASK_52 & ~m->sme_mask, vaddr, paddr, err);
}

static int vtop_i386(struct kmem *m, uint64_t vaddr, uint64_t *paddr, struct kj_error *err)
{
	struct kj_error walk_err = { 0 };

	if (vaddr >> 32)
		return kj_fail(err, "0x%llx is not an i386 kernel address", (unsigned long long)vaddr);
	if (m->have_pgd) {
		int rc = m->pae ? walk(m, i386_pae, 3, 8, PHYS_MASK_52, vaddr, paddr, &walk_err)
				: walk(m, i386_2level, 2, 4, 0xffffffffULL, vaddr, paddr, &walk_err);

		if (rc == 0)
			return 0;
	}
	/* Lowmem: __pa(x) = x - PAGE_OFFSET (asm/page_32.h). */
	if (vaddr >= m->page_offset) {
		*paddr = vaddr - m->page_offset;
		return 0;
	}
	if (walk_err.set)
		return kj_fail(err, "%s", walk_err.msg);
	return kj_fail(err, "cannot translate virtual address 0x%llx", (unsigned long long)vaddr);
}

int kmem_vtop(struct kmem *m, uint64_t vaddr, uint64_t *paddr, struct kj_error *err)
{
	uint64_t page = vaddr & ~(X86_PAGE_SIZE - 1);
	int rc;

	if (m->tlb_valid && m->tlb_virt == page) {
		*paddr = m->tlb_phys | (vaddr & (X86_PAGE_SIZE - 1));
		return 0;
	}
	rc = m->arch == KARCH_X86_64 ? vtop_x86_64(m, page, paddr, err)
				      : vtop_i386(m, page, paddr, err);
	if (rc < 0)
		return -1;
	m->tlb_virt = page;
	m->tlb_phys = *paddr;
	m->tlb_valid = true;
	*paddr |= vaddr & (X86_PAGE_SIZE - 1);
	return 0;
}

int kmem_read(struct kmem *m, uint64_t vaddr, void *buf, size_t len, struct kj_error *err)
{
	uint8_t *p = buf;

	while (len) {
		uint64_t pa, room = X86_PAGE_SIZE - (vaddr & (X86_PAGE_SIZE - 1));
		size_t n = room < len ? (size_t)room : len;

		if (kmem_vtop(m, vaddr, &pa, err) < 0 || core_read_phys(m->core, pa, p, n, err) < 0)
			return -1;
		p += n;
		vaddr += n;
		len -= n;
	}
	return 0;
}

int kmem_read_ulong(struct kmem *m, uint64_t vaddr, uint64_t *val, struct kj_error *err)
{
	uint8_t raw[8];

	if (kmem_read(m, vaddr, raw, m->long_size, err) < 0)
		return -1;
	*val = kmem_get(raw, m->long_size);
	return 0;
}

int kmem_read_u64(struct kmem *m, uint64_t vaddr, uint64_t *val, struct kj_error *err)
{
	uint8_t raw[8];

	if (kmem_read(m, vaddr, raw, 8, err) < 0)
		return -1;
	*val = kmem_get(raw, 8);
	return 0;
}

int kmem_read_u32(struct kmem *m, uint64_t vaddr, uint32_t *val, struct kj_error *err)
{
	uint8_t raw[4];

	if (kmem_read(m, vaddr, raw, 4, err) < 0)
		return -1;
	*val = (uint32_t)kmem_get(raw, 4);
	return 0;
}

/* arch/x86/Kconfig PAGE_OFFSET choices (VMSPLIT_*). */
static uint64_t i386_page_offset(const struct core *c)
{
	static const uint64_t splits[] = { 0xc0000000, 0xb0000000, 0x80000000, 0x78000000,
					   0x40000000 };

	for (size_t i = 0; i < c->nph; i++) {
		const struct elfcore_phdr *p = &c->ph[i];

		if (p->type != PT_LOAD || !p->vaddr || p->vaddr < p->paddr)
			continue;
		for (size_t k = 0; k < ARRAY_SIZE(splits); k++)
			if (p->vaddr - p->paddr == splits[k])
				return splits[k];
	}
	return I386_PAGE_OFFSET_DEFAULT;
}

static enum kernel_arch detect_arch(const struct core *c)
{
	const struct vmcoreinfo *v = &c->vmci;
	uint64_t x;
	int64_t n;

	/* Only arch/x86/kernel/crash_core_64.c (vmcore_info_64.c) exports these. */
	if (vmci_symbol(v, "init_top_pgt", &x) || vmci_number(v, "phys_base", &n))
		return KARCH_X86_64;
	if (vmci_symbol(v, "swapper_pg_dir", &x))
		return x >> 32 ? KARCH_X86_64 : KARCH_I386;
	return c->eh.machine == EM_X86_64 ? KARCH_X86_64 : KARCH_I386;
}

int kmem_init(struct kmem *m, struct core *core, struct kj_error *err)
{
	const struct vmcoreinfo *v = &core->vmci;
	uint64_t sym, size;
	int64_t n;

	memset(m, 0, sizeof(*m));
	m->core = core;
	if (!core->has_vmcoreinfo)
		return kj_fail(err, "%s has no VMCOREINFO note: the kernel's structures cannot be found",
			       core->src.path);
	m->arch = detect_arch(core);
	m->long_size = m->arch == KARCH_X86_64 ? 8 : 4;
	if (vmci_size(v, "atomic_long_t", &size) && (size == 4 || size == 8))
		m->long_size = (unsigned int)size;
	if (m->arch == KARCH_X86_64) {
		m->levels = vmci_number(v, "pgtable_l5_enabled", &n) && n == 1 ? 5 : 4;
		m->kernel_image_size = 1ULL << 30;
		if (vmci_number(v, "KERNEL_IMAGE_SIZE", &n) && n > 0)
			m->kernel_image_size = (uint64_t)n;
		if (vmci_number(v, "sme_mask", &n))
			m->sme_mask = (uint64_t)n;
		n = 0;
		m->have_phys_base = vmci_number(v, "phys_base", &n);
		m->phys_base = (uint64_t)n;
		if (m->have_phys_base && vmci_symbol(v, "init_top_pgt", &sym)) {
			if (sym < X86_64_START_KERNEL_MAP)
				return kj_fail(err, "VMCOREINFO: SYMBOL(init_top_pgt)=%llx is not a kernel-image address",
					       (unsigned long long)sym);
			m->pgd = sym - X86_64_START_KERNEL_MAP + m->phys_base;
			m->have_pgd = true;
		}
	} else {
		m->page_offset = i386_page_offset(core);
		m->pae = vmcoreinfo_get(v, "CONFIG_X86_PAE") != NULL;
		if (vmci_symbol(v, "swapper_pg_dir", &sym) && sym >= m->page_offset) {
			m->pgd = sym - m->page_offset;
			m->have_pgd = true;
		}
	}
	return 0;
}
