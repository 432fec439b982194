// SPDX-License-Identifier: GPL-2.0-only
#define _GNU_SOURCE
#include <elf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "kjump/elfcore.h"
#include "test_kdump_fixture.h"

#define PRSTATUS_SIZE 336	/* sizeof(struct elf_prstatus) on x86_64 */

void fx_init(struct fx_core *fx, unsigned int cls, uint16_t machine)
{
	memset(fx, 0, sizeof(*fx));
	fx->cls = cls;
	fx->machine = machine;
	fx->next_alloc = FX_ALLOC_START;
}

void fx_free(struct fx_core *fx)
{
	for (size_t i = 0; i < fx->nseg; i++)
		free(fx->seg[i].data);
	free(fx->vmcoreinfo);
	memset(fx, 0, sizeof(*fx));
}

struct fx_seg *fx_add_ram(struct fx_core *fx, uint64_t paddr, uint64_t size, uint64_t vaddr)
{
	struct fx_seg *s = &fx->seg[fx->nseg++];

	assert_true(fx->nseg <= FX_MAX_SEGS);
	s->paddr = paddr;
	s->vaddr = vaddr;
	s->memsz = s->filesz = size;
	s->data = calloc(1, (size_t)size);
	assert_non_null(s->data);
	return s;
}

uint8_t *fx_phys(struct fx_core *fx, uint64_t paddr, uint64_t len)
{
	for (size_t i = 0; i < fx->nseg; i++) {
		struct fx_seg *s = &fx->seg[i];

		if (paddr >= s->paddr && paddr + len <= s->paddr + s->memsz)
			return s->data + (paddr - s->paddr);
	}
	fail_msg("fixture: 0x%llx+%llu is not in a RAM segment", (unsigned long long)paddr,
		 (unsigned long long)len);
	return NULL;
}

void fx_put(struct fx_core *fx, uint64_t paddr, uint64_t value, unsigned int size)
{
	uint8_t *p = fx_phys(fx, paddr, size);

	for (unsigned int i = 0; i < size; i++)
		p[i] = (uint8_t)(value >> (8 * i));
}

uint64_t fx_get(struct fx_core *fx, uint64_t paddr, unsigned int size)
{
	uint8_t *p = fx_phys(fx, paddr, size);
	uint64_t v = 0;

	for (unsigned int i = size; i-- > 0;)
		v = (v << 8) | p[i];
	return v;
}

uint64_t fx_alloc(struct fx_core *fx, uint64_t size)
{
	uint64_t pa = fx->next_alloc;

	fx->next_alloc += (size + 4095) & ~4095ULL;
	memset(fx_phys(fx, pa, size), 0, (size_t)size);
	return pa;
}

void fx_vmcoreinfo(struct fx_core *fx, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	assert_true(n > 0 && (size_t)n < sizeof(line) - 1);
	if (fx->vmci_len + (size_t)n + 2 > fx->vmci_cap) {
		fx->vmci_cap = fx->vmci_cap * 2 + 4096;
		fx->vmcoreinfo = realloc(fx->vmcoreinfo, fx->vmci_cap);
		assert_non_null(fx->vmcoreinfo);
	}
	memcpy(fx->vmcoreinfo + fx->vmci_len, line, (size_t)n);
	fx->vmci_len += (size_t)n;
	fx->vmcoreinfo[fx->vmci_len++] = '\n';
	fx->vmcoreinfo[fx->vmci_len] = '\0';
}

struct pt_geom {
	unsigned int levels, esize;
	unsigned int shift[5], bits[5];
};

static struct pt_geom geometry(enum fx_pt_mode mode)
{
	switch (mode) {
	case FX_PT_X86_64_5:
		return (struct pt_geom){ 5, 8, { 48, 39, 30, 21, 12 }, { 9, 9, 9, 9, 9 } };
	case FX_PT_I386:
		return (struct pt_geom){ 2, 4, { 22, 12 }, { 10, 10 } };
	case FX_PT_PAE:
		return (struct pt_geom){ 3, 8, { 30, 21, 12 }, { 2, 9, 9 } };
	default:
		return (struct pt_geom){ 4, 8, { 39, 30, 21, 12 }, { 9, 9, 9, 9 } };
	}
}

static void map_one(struct fx_core *fx, const struct pt_geom *g, uint64_t pgd, uint64_t va,
		    uint64_t pa, uint64_t page)
{
	uint64_t table = pgd;

	for (unsigned int i = 0; i < g->levels; i++) {
		uint64_t idx = (va >> g->shift[i]) & ((1ULL << g->bits[i]) - 1);
		uint64_t at = table + idx * g->esize, e;

		if (1ULL << g->shift[i] == page) {
			/* Present, writable; PSE above the last level. */
			fx_put(fx, at, pa | 0x3 | (i < g->levels - 1 ? 0x80 : 0), g->esize);
			return;
		}
		e = fx_get(fx, at, g->esize);
		if (!(e & 1)) {
			e = fx_alloc(fx, 4096) | 0x3;
			fx_put(fx, at, e, g->esize);
		}
		table = e & ~0xfffULL & ((1ULL << 52) - 1);
	}
	fail_msg("fixture: no level maps %llu-byte pages", (unsigned long long)page);
}

void fx_map(struct fx_core *fx, enum fx_pt_mode mode, uint64_t pgd, uint64_t va, uint64_t pa,
	    uint64_t size, uint64_t page)
{
	struct pt_geom g = geometry(mode);

	for (uint64_t off = 0; off < size; off += page)
		map_one(fx, &g, pgd, va + off, pa + off, page);
}

static void put_all(FILE *f, const void *p, size_t n)
{
	assert_int_equal(fwrite(p, 1, n, f), n);
}

char *fx_write(const struct fx_core *fx, const char *dir, const char *name)
{
	struct kj_error err = { 0 };
	struct elfcore_ehdr eh = { .cls = fx->cls, .machine = fx->machine };
	size_t phsize = elfcore_phdr_size(fx->cls), nnotes, notes_len = 0, at;
	uint8_t *notes, buf[ELFCORE_EHDR_MAX];
	uint8_t prstatus[PRSTATUS_SIZE];
	uint64_t off;
	char *path;
	FILE *f;

	/* The notes, as /proc/vmcore merges them into one PT_NOTE. */
	notes = malloc(fx->nr_prstatus * elfcore_note_size("CORE", PRSTATUS_SIZE) +
		       elfcore_note_size("VMCOREINFO", fx->vmci_len) + 16);
	assert_non_null(notes);
	for (unsigned int i = 0; i < fx->nr_prstatus; i++) {
		memset(prstatus, (int)(0x40 + i), sizeof(prstatus));
		notes_len += elfcore_put_note(notes + notes_len, "CORE", NT_PRSTATUS, prstatus,
					      sizeof(prstatus));
	}
	if (fx->vmcoreinfo)
		notes_len += elfcore_put_note(notes + notes_len, "VMCOREINFO", 0, fx->vmcoreinfo,
					      fx->vmci_len);
	nnotes = notes_len ? 1 : 0;

	eh.phnum = (uint32_t)(nnotes + fx->nseg);
	eh.phoff = elfcore_ehdr_size(fx->cls);
	assert_true(asprintf(&path, "%s/%s", dir, name) > 0);
	f = fopen(path, "wb");
	assert_non_null(f);
	put_all(f, buf, elfcore_put_ehdr(buf, &eh));
	off = eh.phoff + eh.phnum * phsize;
	if (nnotes) {
		struct elfcore_phdr ph = { .type = PT_NOTE, .offset = off, .filesz = notes_len,
					   .memsz = notes_len };

		assert_true(elfcore_put_phdr(buf, fx->cls, &ph, &err) > 0);
		put_all(f, buf, phsize);
		off += notes_len;
	}
	for (size_t i = 0; i < fx->nseg; i++) {
		const struct fx_seg *s = &fx->seg[i];
		struct elfcore_phdr ph = { .type = PT_LOAD, .flags = PF_R | PF_W | PF_X,
					   .offset = off, .vaddr = s->vaddr, .paddr = s->paddr,
					   .filesz = s->filesz, .memsz = s->memsz };

		assert_true(elfcore_put_phdr(buf, fx->cls, &ph, &err) > 0);
		put_all(f, buf, phsize);
		off += s->filesz;
	}
	put_all(f, notes, notes_len);
	for (size_t i = 0; i < fx->nseg; i++)
		put_all(f, fx->seg[i].data, (size_t)fx->seg[i].filesz);
	at = (size_t)ftell(f);
	assert_int_equal(at, off);
	assert_int_equal(fclose(f), 0);
	free(notes);
	return path;
}

static void ram(struct fx_kernel *k, uint64_t ram_size)
{
	/* A PC's low RAM ends below the EBDA, at an address no page boundary. */
	fx_add_ram(&k->core, 0x1000, 0x9fc00 - 0x1000, k->page_offset + 0x1000);
	fx_add_ram(&k->core, 0x100000, ram_size - 0x100000, k->page_offset + 0x100000);
}

void fxk_x86_64(struct fx_kernel *k, uint64_t ram_size)
{
	uint64_t pgd_va;

	memset(k, 0, sizeof(*k));
	fx_init(&k->core, ELFCLASS64, EM_X86_64);
	k->x86_64 = true;
	k->page_offset = FX_X86_64_PAGE_OFFSET;
	k->phys_base = FX_X86_64_PHYS_BASE;
	k->pt_mode = FX_PT_X86_64_4;
	k->image_next = FX_IMAGE_START;
	ram(k, ram_size);
	pgd_va = fxk_symbol(k, 4096, &k->pgd);
	fx_map(&k->core, k->pt_mode, k->pgd, k->page_offset, 0, (ram_size + 0x1fffff) & ~0x1fffffULL,
	       0x200000);
	k->core.nr_prstatus = 2;
	fx_vmcoreinfo(&k->core, "OSRELEASE=6.1.0-kjump");
	fx_vmcoreinfo(&k->core, "BUILD-ID=0123456789abcdef0123456789abcdef01234567");
	fx_vmcoreinfo(&k->core, "PAGESIZE=4096");
	fx_vmcoreinfo(&k->core, "SYMBOL(swapper_pg_dir)=%llx", (unsigned long long)pgd_va);
	fx_vmcoreinfo(&k->core, "SIZE(atomic_long_t)=8");
	fx_vmcoreinfo(&k->core, "NUMBER(phys_base)=%lld", (long long)k->phys_base);
	fx_vmcoreinfo(&k->core, "SYMBOL(init_top_pgt)=%llx", (unsigned long long)pgd_va);
	fx_vmcoreinfo(&k->core, "NUMBER(pgtable_l5_enabled)=0");
	fx_vmcoreinfo(&k->core, "KERNELOFFSET=1c000000");
	fx_vmcoreinfo(&k->core, "NUMBER(KERNEL_IMAGE_SIZE)=%d", 1 << 30);
	fx_vmcoreinfo(&k->core, "NUMBER(sme_mask)=0");
	fx_vmcoreinfo(&k->core, "CRASHTIME=1700000000");
}

void fxk_i386(struct fx_kernel *k, uint64_t ram_size, bool page_tables)
{
	uint64_t pgd_va;

	memset(k, 0, sizeof(*k));
	fx_init(&k->core, ELFCLASS32, EM_386);
	k->page_offset = FX_I386_PAGE_OFFSET;
	k->pt_mode = FX_PT_I386;
	k->image_next = FX_IMAGE_START;
	ram(k, ram_size);
	pgd_va = fxk_symbol(k, 4096, &k->pgd);
	if (page_tables)
		fx_map(&k->core, k->pt_mode, k->pgd, k->page_offset, 0,
		       (ram_size + 0x3fffff) & ~0x3fffffULL, 0x400000);
	else
		k->pgd = 0;
	k->core.nr_prstatus = 1;
	fx_vmcoreinfo(&k->core, "OSRELEASE=6.12.0-kjump");
	fx_vmcoreinfo(&k->core, "PAGESIZE=4096");
	if (page_tables)
		fx_vmcoreinfo(&k->core, "SYMBOL(swapper_pg_dir)=%llx", (unsigned long long)pgd_va);
	fx_vmcoreinfo(&k->core, "SIZE(atomic_long_t)=4");
}

uint64_t fxk_va(const struct fx_kernel *k, uint64_t pa)
{
	return k->page_offset + pa;
}

uint64_t fxk_symbol(struct fx_kernel *k, uint64_t size, uint64_t *pa)
{
	*pa = k->image_next;
	k->image_next += (size + 63) & ~63ULL;
	assert_true(k->image_next <= FX_ALLOC_START);
	if (k->x86_64)
		return FX_START_KERNEL_MAP + (*pa - k->phys_base);
	return k->page_offset + *pa;
}

uint64_t fxk_alloc(struct fx_kernel *k, uint64_t size, uint64_t *pa)
{
	*pa = fx_alloc(&k->core, size);
	return fxk_va(k, *pa);
}

unsigned int fxk_long(const struct fx_kernel *k)
{
	return k->x86_64 ? 8 : 4;
}

void fxk_put_ulong(struct fx_kernel *k, uint64_t pa, uint64_t value)
{
	fx_put(&k->core, pa, value, fxk_long(k));
}
