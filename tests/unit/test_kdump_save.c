// SPDX-License-Identifier: GPL-2.0-only
/* kdump save: layout, zero and free page exclusion, compression, failures. */
#define _GNU_SOURCE
#include <dirent.h>
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core.h"
#include "freepages.h"
#include "helpers.h"
#include "kjump/compiler.h"
#include "kjump/elfcore.h"
#include "kmem.h"
#include "layout.h"
#include "save.h"
#include "test_kdump_fixture.h"

#define RAM (16ULL << 20)
#define PFNS (RAM / 4096)
#define PAGE 4096ULL

static char *tmp;

static int setup(void **state)
{
	tmp = make_temp_dir();
	return 0;
}

static int teardown(void **state)
{
	remove_tree(tmp);
	return 0;
}

static char *tmp_path(const char *name)
{
	char *p;

	assert_true(asprintf(&p, "%s/%s", tmp, name) > 0);
	return p;
}

/* ------------------------------------------------------------------ layout */

static void chunks_and_layout(void **state)
{
	struct kj_error err = { 0 };
	/* 0x1800-0x6fff: a half page, 5 pages, then a 0x1000 zero tail. */
	struct elfcore_phdr in = { PT_LOAD, PF_R, 0x5000, 0xffff888000001800ULL, 0x1800,
				   0x5800, 0x6800, 0 };
	enum chunk_state pattern[] = { CHUNK_KEEP, CHUNK_KEEP, CHUNK_ZERO, CHUNK_FREE,
				       CHUNK_KEEP, CHUNK_ZERO };
	struct chunkmap cm;
	struct layout l = { 0 };
	uint64_t at, len;

	assert_int_equal(chunk_count(&in, PAGE), 6);
	chunk_bounds(&in, PAGE, 0, &at, &len);
	assert_true(at == 0 && len == 0x800);
	chunk_bounds(&in, PAGE, 5, &at, &len);
	assert_true(at == 0x4800 && len == 0x1000);
	assert_int_equal(chunkmap_alloc(&cm, 6, &err), 0);
	for (int i = 0; i < 6; i++)
		chunkmap_set(&cm, i, pattern[i]);
	assert_int_equal(layout_count(&in, PAGE, &cm), 2);
	assert_int_equal(layout_add(&l, &in, PAGE, &cm, &err), 0);
	assert_int_equal(l.n, 2);
	/* Kept 0x1800-0x2fff, then the zero and free pages as its tail. */
	assert_true(l.seg[0].ph.paddr == 0x1800 && l.seg[0].ph.filesz == 0x1800 &&
		    l.seg[0].ph.memsz == 0x3800 && l.seg[0].src_offset == 0x5000);
	assert_true(l.seg[0].ph.vaddr == 0xffff888000001800ULL);
	/* Kept 0x5000-0x5fff; the excluded page and the input's tail after it. */
	assert_true(l.seg[1].ph.paddr == 0x5000 && l.seg[1].ph.filesz == 0x1000 &&
		    l.seg[1].ph.memsz == 0x3000 && l.seg[1].src_offset == 0x8800);
	assert_int_equal(layout_assign_offsets(&l, 0x10000), 0x10000 + 0x2800);
	assert_true(l.seg[1].ph.offset == 0x11800);
	layout_free(&l);

	/* A hibernation image leaves the free page out entirely. */
	cm.omit_free = true;
	assert_int_equal(layout_count(&in, PAGE, &cm), 2);
	assert_int_equal(layout_add(&l, &in, PAGE, &cm, &err), 0);
	assert_true(l.n == 2 && l.seg[0].ph.memsz == 0x2800 && l.seg[1].ph.paddr == 0x5000);
	layout_free(&l);
	chunkmap_set(&cm, 4, CHUNK_FREE);
	chunkmap_set(&cm, 5, CHUNK_FREE);
	in.memsz = in.filesz;
	/* Ending in free pages: no empty segment after them. */
	assert_int_equal(layout_count(&in, PAGE, &cm), 1);
	in.memsz = 0x6800;
	chunkmap_set(&cm, 4, CHUNK_KEEP);
	chunkmap_set(&cm, 5, CHUNK_ZERO);
	cm.omit_free = false;

	/* Excluded first: a segment with filesz 0 starts it. */
	chunkmap_set(&cm, 0, CHUNK_ZERO);
	assert_int_equal(layout_add(&l, &in, PAGE, &cm, &err), 0);
	assert_int_equal(l.n, 3);
	assert_true(l.seg[0].ph.filesz == 0 && l.seg[0].ph.memsz == 0x800);
	assert_true(l.seg[1].ph.paddr == 0x2000 && l.seg[1].ph.filesz == 0x1000);
	layout_free(&l);

	/* Short excluded runs with kept pages after them can be given back. */
	assert_int_equal(chunkmap_keep_short_runs(&cm, 2), 1);
	assert_int_equal(chunkmap_get(&cm, 0), CHUNK_KEEP);
	assert_int_equal(chunkmap_keep_short_runs(&cm, 3), 2);
	assert_int_equal(chunkmap_get(&cm, 5), CHUNK_ZERO);
	assert_int_equal(layout_count(&in, PAGE, &cm), 1);
	chunkmap_free(&cm);

	/* Nothing in the file at all. */
	in.filesz = 0;
	assert_int_equal(chunkmap_alloc(&cm, 0, &err), 0);
	assert_int_equal(layout_add(&l, &in, PAGE, &cm, &err), 0);
	assert_true(l.n == 1 && l.seg[0].ph.filesz == 0 && l.seg[0].ph.memsz == 0x6800);
	layout_free(&l);
	chunkmap_free(&cm);
}

/* ------------------------------------------------------- checking a save */

/* Each page (chunk) of each segment: 'k' kept, 'z' zero, 'f' free. */
struct expect {
	char *state[FX_MAX_SEGS];
	uint64_t kept, zero, free;
};

static uint64_t seg_chunks(const struct fx_seg *s)
{
	return (s->paddr + s->filesz - 1) / PAGE - s->paddr / PAGE + 1;
}

static void chunk_at(const struct fx_seg *s, uint64_t i, uint64_t *off, uint64_t *len)
{
	uint64_t start = i == 0 ? s->paddr : (s->paddr / PAGE + i) * PAGE;
	uint64_t end = (start / PAGE + 1) * PAGE;

	if (end > s->paddr + s->filesz)
		end = s->paddr + s->filesz;
	*off = start - s->paddr;
	*len = end - start;
}

static void expect_init(struct expect *e, const struct fx_core *fx)
{
	memset(e, 0, sizeof(*e));
	for (size_t i = 0; i < fx->nseg; i++) {
		e->state[i] = malloc(seg_chunks(&fx->seg[i]) + 1);
		memset(e->state[i], 'k', seg_chunks(&fx->seg[i]));
	}
}

/*
 * Pages that are all zero, unless already marked free.  The x86_64
 * kernel-image mapping is saved whole (kdump/save.c).
 */
static void expect_zero(struct expect *e, const struct fx_core *fx)
{
	for (size_t i = 0; i < fx->nseg; i++) {
		if (fx->machine == EM_X86_64 && fx->seg[i].vaddr >= FX_START_KERNEL_MAP)
			continue;
		for (uint64_t c = 0; c < seg_chunks(&fx->seg[i]); c++) {
			uint64_t off, len, nz = 0;

			chunk_at(&fx->seg[i], c, &off, &len);
			for (uint64_t b = 0; b < len; b++)
				nz |= fx->seg[i].data[off + b];
			if (!nz && e->state[i][c] == 'k')
				e->state[i][c] = 'z';
		}
	}
}

static void expect_free_pfn(struct expect *e, const struct fx_core *fx, uint64_t pfn)
{
	for (size_t i = 0; i < fx->nseg; i++) {
		const struct fx_seg *s = &fx->seg[i];

		if (pfn >= s->paddr / PAGE && pfn < (s->paddr + s->filesz + PAGE - 1) / PAGE)
			e->state[i][pfn - s->paddr / PAGE] = 'f';
	}
}

static void expect_count(struct expect *e, const struct fx_core *fx)
{
	e->kept = e->zero = e->free = 0;
	for (size_t i = 0; i < fx->nseg; i++) {
		for (uint64_t c = 0; c < seg_chunks(&fx->seg[i]); c++) {
			char st = e->state[i][c];

			e->kept += st == 'k';
			e->zero += st == 'z';
			e->free += st == 'f';
		}
	}
}

static void expect_free(struct expect *e)
{
	for (size_t i = 0; i < FX_MAX_SEGS; i++)
		free(e->state[i]);
}

/*
 * OUT must read back as FX with the excluded pages zero, store exactly
 * the kept bytes, and carry the same notes.
 */
static void check_output(const struct fx_core *fx, const char *in_path, const char *out_path,
			 const struct expect *e)
{
	struct kj_error err = { 0 };
	struct core in, out;
	uint64_t stored = 0, kept_bytes = 0;
	uint8_t *buf = malloc(PAGE);

	assert_int_equal(core_open(&out, out_path, &(struct core_open_args){ .tmpdir = tmp }, &err), 0);
	assert_int_equal(core_open(&in, in_path, NULL, &err), 0);
	assert_int_equal(out.eh.cls, in.eh.cls);
	assert_int_equal(out.eh.machine, in.eh.machine);
	assert_true(out.notes_len == in.notes_len);
	assert_memory_equal(out.notes, in.notes, (size_t)in.notes_len);
	for (size_t i = 0; i < out.nph; i++)
		if (out.ph[i].type == PT_LOAD)
			stored += out.ph[i].filesz;
	for (size_t i = 0; i < fx->nseg; i++) {
		const struct fx_seg *s = &fx->seg[i];

		for (uint64_t c = 0; c < seg_chunks(s); c++) {
			uint64_t off, len;
			char st = e->state[i][c];

			chunk_at(s, c, &off, &len);
			if (core_read_phys(&out, s->paddr + off, buf, len, &err) < 0)
				fail_msg("%s", err.msg);
			if (st == 'k') {
				kept_bytes += len;
				if (memcmp(buf, s->data + off, len))
					fail_msg("kept page at 0x%llx differs", (unsigned long long)(s->paddr + off));
			} else {
				for (uint64_t b = 0; b < len; b++)
					if (buf[b])
						fail_msg("%s page at 0x%llx does not read as zero",
							 st == 'z' ? "zero" : "free",
							 (unsigned long long)(s->paddr + off));
			}
		}
	}
	if (stored != kept_bytes)
		fail_msg("stored %llu bytes, kept pages hold %llu", (unsigned long long)stored,
			 (unsigned long long)kept_bytes);
	core_close(&in);
	core_close(&out);
	free(buf);
}

static void run_save(struct save_options *o, struct save_stats *st)
{
	struct kj_error err = { 0 };

	if (kdump_save(o, st, &err) < 0)
		fail_msg("kdump_save: %s", err.msg);
}

static void check_stats(const struct save_stats *st, const struct expect *e)
{
	if (st->pages_kept != e->kept || st->pages_zero != e->zero || st->pages_free != e->free)
		fail_msg("kept/zero/free %llu/%llu/%llu, expected %llu/%llu/%llu",
			 (unsigned long long)st->pages_kept, (unsigned long long)st->pages_zero,
			 (unsigned long long)st->pages_free, (unsigned long long)e->kept,
			 (unsigned long long)e->zero, (unsigned long long)e->free);
}

/* Every page non-zero, but for the structures the fixture put there and a few holes. */
static void fill_pattern(struct fx_kernel *k)
{
	for (size_t i = 0; i < k->core.nseg; i++) {
		struct fx_seg *s = &k->core.seg[i];

		for (uint64_t pa = s->paddr; pa < s->paddr + s->filesz; pa += 8) {
			uint64_t pfn = pa / PAGE;

			/* Leave the fixture's structures alone, and some pages zero. */
			if (pa >= FX_IMAGE_START && pa < FX_ALLOC_START + 0x100000)
				continue;
			if (pfn == 1 || pfn == 0x9f || (pfn >= 0x130 && pfn < 0x140) || pfn == 0x142 ||
			    pfn >= PFNS - 16)
				continue;
			if (pa + 8 <= s->paddr + s->filesz)
				fx_put(&k->core, pa, pa ^ 0x5a5a5a5a00000000ULL, 8);
		}
	}
}

/* PT_LOADs of the core at PATH starting at VADDR with SIZE bytes in the file. */
static int count_loads_at(const char *path, uint64_t vaddr, uint64_t size)
{
	struct kj_error err = { 0 };
	struct core c;
	int n = 0;

	assert_int_equal(core_open(&c, path, NULL, &err), 0);
	for (size_t i = 0; i < c.nph; i++)
		n += c.ph[i].type == PT_LOAD && c.ph[i].vaddr == vaddr && c.ph[i].filesz == size &&
		     c.ph[i].memsz == size;
	core_close(&c);
	return n;
}

static void zero_exclusion(void **state)
{
	struct fx_seg *alias;
	struct fx_kernel k;
	struct expect e;
	struct save_stats st;
	char *in = tmp_path("zero.core"), *out = tmp_path("zero.out");
	struct save_options o = { .in = in, .out = out, .exclude_zero = true };

	fxk_x86_64(&k, RAM);
	fill_pattern(&k);
	/* As in x86_64 vmcores: the kernel image a second time, at its own addresses. */
	alias = fx_add_ram(&k.core, 0x800000, 0x100000, 0xffffffff81000000ULL);
	memcpy(alias->data, fx_phys(&k.core, 0x800000, 0x100000), 0x100000);
	memset(alias->data + 0x10000, 0, 0x3000);
	memset(fx_phys(&k.core, 0x810000, 0x3000), 0, 0x3000);
	free(fx_write(&k.core, tmp, "zero.core"));
	expect_init(&e, &k.core);
	expect_zero(&e, &k.core);
	expect_count(&e, &k.core);
	run_save(&o, &st);
	check_stats(&st, &e);
	/* The pages at the ends of both segments and the runs in between. */
	assert_true(e.zero > 16 + 16 + 2);
	assert_int_equal(e.free, 0);
	check_output(&k.core, in, out, &e);
	assert_true(st.bytes_written < RAM + 0x100000 - e.zero * PAGE + 64 * PAGE);
	/* The kernel-image mapping stays one PT_LOAD, zero pages and all. */
	assert_int_equal(count_loads_at(out, 0xffffffff81000000ULL, 0x100000), 1);
	assert_int_equal(st.memory_bytes, k.core.seg[0].memsz + k.core.seg[1].memsz + 0x100000);

	/* Without exclusion, everything is kept. */
	o.exclude_zero = false;
	run_save(&o, &st);
	assert_int_equal(st.pages_zero, 0);
	assert_int_equal(st.pages_kept, e.kept + e.zero);
	expect_free(&e);
	expect_init(&e, &k.core);
	check_output(&k.core, in, out, &e);
	expect_free(&e);
	free(in);
	free(out);
	fx_free(&k.core);
}

/* --------------------------------------------------------- free pages */

enum model { FLAT_I386, SPARSE_I386, SPARSE_X86_64, SPARSE_VMEMMAP_X86_64, VMEMMAP_612 };

struct memmap {
	struct fx_kernel *k;
	enum model model;
	uint64_t psz, off_mapcount, off_private;
	uint64_t array_pa;		/* FLAT/VMEMMAP: the array, physical */
	uint64_t section_pa[PFNS / 1024];	/* SPARSE: per 1024-pfn section */
	bool new_types;			/* 6.12 page_type encoding */
	uint64_t unmapped_pfn;		/* VMEMMAP: first pfn of an unmapped page of struct pages */
};

#define SECTION_BITS 22			/* 1024 pages per section in these fixtures */
#define VMEMMAP_BASE 0xffffea0000000000ULL

/* The physical address of PFN's struct page (whether the kernel could see it or not). */
static uint64_t page_pa(const struct memmap *mm, uint64_t pfn)
{
	if (mm->model == FLAT_I386 || mm->model == VMEMMAP_612 || mm->model == SPARSE_VMEMMAP_X86_64)
		return mm->array_pa + pfn * mm->psz;
	return mm->section_pa[pfn / 1024] + (pfn % 1024) * mm->psz;
}

static void set_page(struct memmap *mm, uint64_t pfn, uint32_t type, uint64_t private)
{
	struct fx_core *fx = &mm->k->core;
	unsigned int ls = fxk_long(mm->k);

	fx_put(fx, page_pa(mm, pfn) + mm->off_mapcount, type, 4);
	fx_put(fx, page_pa(mm, pfn) + mm->off_private, private, ls);
}

static uint32_t buddy_type(const struct memmap *mm)
{
	return mm->new_types ? 0xf0000000 : 0xffffff7f;	/* PGTY_buddy << 24, ~PG_buddy */
}

static void build_memmap(struct memmap *mm, struct fx_kernel *k, enum model model)
{
	struct fx_core *fx = &k->core;
	uint64_t va, pa, sym;
	unsigned int ls;

	memset(mm, 0, sizeof(*mm));
	mm->k = k;
	mm->model = model;
	if (model == FLAT_I386 || model == SPARSE_I386)
		fxk_i386(k, RAM, true);
	else
		fxk_x86_64(k, RAM);
	ls = fxk_long(k);
	fill_pattern(k);
	/* struct page: x86_64 6.1 has flags 0, private 40, _mapcount 48, size 64. */
	mm->psz = ls == 8 ? 64 : 32;
	mm->off_private = ls == 8 ? 40 : 20;
	mm->off_mapcount = ls == 8 ? 48 : 24;
	mm->new_types = model == VMEMMAP_612;
	fx_vmcoreinfo(fx, "SIZE(page)=%llu", (unsigned long long)mm->psz);
	fx_vmcoreinfo(fx, "OFFSET(page.flags)=0");
	fx_vmcoreinfo(fx, "OFFSET(page.private)=%llu", (unsigned long long)mm->off_private);
	fx_vmcoreinfo(fx, "OFFSET(page._mapcount)=%llu", (unsigned long long)mm->off_mapcount);
	fx_vmcoreinfo(fx, "LENGTH(zone.free_area)=11");
	fx_vmcoreinfo(fx, "NUMBER(PAGE_BUDDY_MAPCOUNT_VALUE)=%d", (int32_t)buddy_type(mm));

	switch (model) {
	case FLAT_I386: {
		uint64_t pgdat_pa, pgdat = fxk_symbol(k, 64, &pgdat_pa);

		va = fxk_alloc(k, PFNS * mm->psz, &mm->array_pa);
		sym = fxk_symbol(k, 4, &pa);
		fxk_put_ulong(k, pa, va);
		fx_vmcoreinfo(fx, "SYMBOL(mem_map)=%llx", (unsigned long long)sym);
		fx_vmcoreinfo(fx, "SYMBOL(contig_page_data)=%llx", (unsigned long long)pgdat);
		fx_vmcoreinfo(fx, "OFFSET(pglist_data.node_start_pfn)=8");
		fx_vmcoreinfo(fx, "OFFSET(pglist_data.node_spanned_pages)=16");
		fxk_put_ulong(k, pgdat_pa + 8, 0);
		fxk_put_ulong(k, pgdat_pa + 16, PFNS);
		break;
	}
	case VMEMMAP_612:
	case SPARSE_VMEMMAP_X86_64:
		/* The array in vmemmap, 4K-mapped, one page of it left unmapped. */
		mm->array_pa = fx_alloc(fx, PFNS * mm->psz);
		mm->unmapped_pfn = 0x500;
		for (uint64_t off = 0; off < PFNS * mm->psz; off += PAGE)
			if (off != mm->unmapped_pfn * mm->psz)
				fx_map(fx, k->pt_mode, k->pgd, VMEMMAP_BASE + off, mm->array_pa + off,
				       PAGE, PAGE);
		if (model == VMEMMAP_612) {
			fx_vmcoreinfo(fx, "SYMBOL(vmemmap)=%llx", VMEMMAP_BASE);
			break;
		}
		/* fall through - 6.1 exports mem_section only, pointing into vmemmap */
	case SPARSE_X86_64:
	case SPARSE_I386: {
		uint64_t ssz = ls == 8 ? 16 : 8, per_root = ls == 8 ? PAGE / ssz : 1;
		uint64_t nr_sections = 1ULL << (36 - SECTION_BITS), roots_pa, roots;

		fx_vmcoreinfo(fx, "SIZE(mem_section)=%llu", (unsigned long long)ssz);
		fx_vmcoreinfo(fx, "OFFSET(mem_section.section_mem_map)=0");
		fx_vmcoreinfo(fx, "NUMBER(SECTION_SIZE_BITS)=%d", SECTION_BITS);
		fx_vmcoreinfo(fx, "NUMBER(MAX_PHYSMEM_BITS)=36");
		fx_vmcoreinfo(fx, "LENGTH(mem_section)=%llu",
			      (unsigned long long)(nr_sections / per_root));
		if (per_root == 1) {
			/* SPARSEMEM_STATIC: the array itself, in the kernel image. */
			roots = fxk_symbol(k, nr_sections * ssz, &roots_pa);
		} else {
			/* SPARSEMEM_EXTREME: the pointer's value, roots of a page each. */
			uint64_t root_pa, root = fxk_alloc(k, PAGE, &root_pa);

			roots = fxk_alloc(k, nr_sections / per_root * ls, &roots_pa);
			fxk_put_ulong(k, roots_pa, root);
			roots_pa = root_pa;
		}
		fx_vmcoreinfo(fx, "SYMBOL(mem_section)=%llx", (unsigned long long)roots);
		/* Sections 0-2 have a mem_map, section 3 has none. */
		for (uint64_t s = 0; s < 3; s++) {
			uint64_t map;

			if (model == SPARSE_VMEMMAP_X86_64) {
				map = VMEMMAP_BASE + s * 1024 * mm->psz;
				mm->section_pa[s] = mm->array_pa + s * 1024 * mm->psz;
			} else {
				map = fxk_alloc(k, 1024 * mm->psz, &mm->section_pa[s]);
			}
			/* mm/sparse.c: mem_map minus the section's first pfn, and flags. */
			fxk_put_ulong(k, roots_pa + s * ssz, (map - s * 1024 * mm->psz) | 0xf);
		}
		mm->section_pa[3] = fx_alloc(fx, 1024 * mm->psz);
		fxk_put_ulong(k, roots_pa + 3 * ssz, 0x1);	/* present, no mem_map */
		if (model == SPARSE_VMEMMAP_X86_64)
			mm->section_pa[3] = mm->array_pa + 3 * 1024 * mm->psz;
		break;
	}
	}
	/* Every page typeless (page_type -1), with noise in private. */
	for (uint64_t pfn = 0; pfn < PFNS; pfn++)
		set_page(mm, pfn, 0xffffffff, pfn * 7);
}

struct block {
	uint64_t pfn, order;
	bool valid;
};

/* Free blocks, and heads that must not be taken as such. */
static const struct block blocks[] = {
	{ 0x9e, 1, true },	/* ends in the partial page 0x9f000-0x9fbff */
	{ 0x100, 2, true },
	{ 0x108, 3, true },
	{ 0x111, 2, false },	/* not aligned to its order */
	{ 0x200, 9, true },
	{ 0x500, 3, true },	/* invisible where the struct pages are unmapped */
	{ 0x700, 12, false },	/* order beyond LENGTH(zone.free_area) */
	{ 0x800, 10, true },
	{ 0xc00, 2, true },	/* in a section without mem_map */
};

static void add_blocks(struct memmap *mm, struct expect *e)
{
	for (size_t i = 0; i < ARRAY_SIZE(blocks); i++) {
		const struct block *b = &blocks[i];
		bool visible = b->valid;

		set_page(mm, b->pfn, buddy_type(mm), b->order);
		if (mm->unmapped_pfn && b->pfn >= mm->unmapped_pfn && b->pfn < mm->unmapped_pfn + 64)
			visible = false;
		if (mm->model != FLAT_I386 && mm->model != VMEMMAP_612 && b->pfn >= 0xc00)
			visible = false;
		for (uint64_t p = b->pfn; visible && p < b->pfn + (1ULL << b->order); p++)
			expect_free_pfn(e, &mm->k->core, p);
	}
	/* Another page type is not the buddy type. */
	set_page(mm, 0x120, mm->new_types ? 0xf5000000 : 0xfffffdff, 0);
}

static void free_exclusion(enum model model)
{
	struct fx_kernel k;
	struct memmap mm;
	struct expect e;
	struct save_stats st;
	char *in = tmp_path("free.core"), *out = tmp_path("free.out");
	struct save_options o = { .in = in, .out = out, .exclude_free = true };

	build_memmap(&mm, &k, model);
	expect_init(&e, &k.core);
	add_blocks(&mm, &e);
	expect_count(&e, &k.core);
	assert_true(e.free >= 500);
	free(fx_write(&k.core, tmp, "free.core"));
	run_save(&o, &st);
	check_stats(&st, &e);
	check_output(&k.core, in, out, &e);

	/* Both: zero pages among the rest. */
	o.exclude_zero = true;
	expect_zero(&e, &k.core);
	expect_count(&e, &k.core);
	run_save(&o, &st);
	check_stats(&st, &e);
	check_output(&k.core, in, out, &e);
	expect_free(&e);
	free(in);
	free(out);
	fx_free(&k.core);
}

static void free_flatmem_i386(void **state)
{
	free_exclusion(FLAT_I386);
}

static void free_sparsemem_static_i386(void **state)
{
	free_exclusion(SPARSE_I386);
}

static void free_sparsemem_extreme_x86_64(void **state)
{
	free_exclusion(SPARSE_X86_64);
}

static void free_sparsemem_vmemmap_61(void **state)
{
	free_exclusion(SPARSE_VMEMMAP_X86_64);
}

static void free_vmemmap_612(void **state)
{
	free_exclusion(VMEMMAP_612);
}

/* A scan starting inside a free block finds the block's head before it. */
static void free_scan_looks_back(void **state)
{
	struct kj_error err = { 0 };
	struct fx_kernel k;
	struct memmap mm;
	struct expect e;
	struct core c;
	struct kmem m;
	struct freepages fp;
	uint8_t bits[2] = { 0 };
	uint64_t nfree = 0;
	char *path;

	build_memmap(&mm, &k, SPARSE_X86_64);
	expect_init(&e, &k.core);
	add_blocks(&mm, &e);
	path = fx_write(&k.core, tmp, "lookback.core");
	assert_int_equal(core_open(&c, path, NULL, &err), 0);
	assert_int_equal(kmem_init(&m, &c, &err), 0);
	assert_int_equal(freepages_init(&fp, &m, &err), 0);
	assert_int_equal(fp.model, MEMMAP_SPARSE);
	assert_int_equal(fp.per_root, 256);
	/* pfns 0x10a-0x113: the tail of the order-3 block at 0x108, then kept pages. */
	assert_int_equal(freepages_scan(&fp, 0x10a, 10, bits, &nfree, &err), 0);
	assert_int_equal(nfree, 6);
	assert_int_equal(bits[0], 0x3f);
	assert_int_equal(bits[1], 0);
	core_close(&c);
	expect_free(&e);
	free(path);
	fx_free(&k.core);
}

static void free_needs_vmcoreinfo(void **state)
{
	struct kj_error err = { 0 };
	struct fx_kernel k;
	struct save_stats st;
	char *in, *out = tmp_path("nofree.out");
	struct save_options o = { .out = out, .exclude_free = true };

	fxk_x86_64(&k, RAM);
	in = fx_write(&k.core, tmp, "nofree.core");
	o.in = in;
	assert_int_equal(kdump_save(&o, &st, &err), -1);
	assert_error_contains(&err, "--exclude free: VMCOREINFO lacks SIZE(page), needed for finding free pages");
	assert_int_equal(access(out, F_OK), -1);
	free(in);
	fx_free(&k.core);

	/* A struct page array that cannot be read at all. */
	fxk_x86_64(&k, RAM);
	fx_vmcoreinfo(&k.core, "SIZE(page)=64");
	fx_vmcoreinfo(&k.core, "OFFSET(page.private)=40");
	fx_vmcoreinfo(&k.core, "OFFSET(page._mapcount)=48");
	fx_vmcoreinfo(&k.core, "NUMBER(PAGE_BUDDY_MAPCOUNT_VALUE)=-129");
	fx_vmcoreinfo(&k.core, "SYMBOL(vmemmap)=ffffea0000000000");
	in = fx_write(&k.core, tmp, "nofree.core");
	o.in = in;
	kj_error_clear(&err);
	assert_int_equal(kdump_save(&o, &st, &err), -1);
	assert_error_contains(&err, "--exclude free: could not read the struct page of any page in the core: virtual address 0xffffea");
	assert_error_contains(&err, "; save without --exclude free, or (kexec jump) load kernel B clear of");
	free(in);
	free(out);
	fx_free(&k.core);
}

/* ------------------------------------------------ compression, failures */

static bool starts_with(const char *path, const void *magic, size_t n)
{
	uint8_t buf[8] = { 0 };
	FILE *f = fopen(path, "rb");

	assert_non_null(f);
	assert_int_equal(fread(buf, 1, n, f), n);
	fclose(f);
	return memcmp(buf, magic, n) == 0;
}

static bool same_file(const char *a, const char *b)
{
	char *cmd;
	int rc;

	assert_true(asprintf(&cmd, "cmp -s '%s' '%s'", a, b) > 0);
	rc = system(cmd);
	free(cmd);
	return rc == 0;
}

static void compression_round_trips(void **state)
{
	static const struct { enum kj_compression c; const char *magic; size_t n; const char *tool; } z[] = {
		{ KJ_COMPRESSION_GZIP, "\x1f\x8b", 2, "gzip -dc" },
		{ KJ_COMPRESSION_XZ, "\xfd" "7zXZ", 5, "xz -dc" },
		{ KJ_COMPRESSION_ZSTD, "\x28\xb5\x2f\xfd", 4, "zstd -qdc" },
	};
	struct fx_kernel k;
	struct expect e;
	struct save_stats st;
	char *in = tmp_path("z.core"), *plain = tmp_path("z.plain"), *zout = tmp_path("z.out");
	char *again = tmp_path("z.again"), *unz = tmp_path("z.unz"), *cmd;
	struct save_options o = { .in = in, .out = plain, .exclude_zero = true };

	fxk_x86_64(&k, RAM);
	fill_pattern(&k);
	free(fx_write(&k.core, tmp, "z.core"));
	expect_init(&e, &k.core);
	expect_zero(&e, &k.core);
	expect_count(&e, &k.core);
	run_save(&o, &st);
	for (size_t i = 0; i < 3; i++) {
		/* Compressed output, as the standard tool sees it... */
		o = (struct save_options){ .in = in, .out = zout, .exclude_zero = true, .compress = z[i].c };
		run_save(&o, &st);
		assert_true(starts_with(zout, z[i].magic, z[i].n));
		assert_true(asprintf(&cmd, "%s '%s' >'%s'", z[i].tool, zout, unz) > 0);
		assert_int_equal(system(cmd), 0);
		free(cmd);
		assert_true(same_file(unz, plain));
		/* ...read back by kdump itself... */
		check_output(&k.core, in, zout, &e);
		/* ...and saved again from the compressed file: the same core. */
		o = (struct save_options){ .in = zout, .out = again, .tmpdir = tmp };
		run_save(&o, &st);
		assert_true(same_file(again, plain));
	}
	expect_free(&e);
	free(in);
	free(plain);
	free(zout);
	free(again);
	free(unz);
	fx_free(&k.core);
}

static int count_temp_files(void)
{
	DIR *d = opendir(tmp);
	struct dirent *de;
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)))
		n += strstr(de->d_name, ".kdump-") != NULL;
	closedir(d);
	return n;
}

static void failure_leaves_no_output(void **state)
{
	struct kj_error err = { 0 };
	struct fx_kernel k;
	struct save_stats st;
	char *in, *out = tmp_path("keep.out"), *dir_out;
	struct save_options o = { .out = out, .exclude_zero = true };
	FILE *f;

	fxk_i386(&k, 4 << 20, false);
	in = fx_write(&k.core, tmp, "cut.core");
	assert_int_equal(truncate(in, 2 << 20), 0);
	o.in = in;
	assert_int_equal(kdump_save(&o, &st, &err), -1);
	assert_error_contains(&err, "truncated core: PT_LOAD 2 needs bytes up to");
	assert_int_equal(access(out, F_OK), -1);
	assert_int_equal(count_temp_files(), 0);

	/* An existing OUT survives a failed save untouched. */
	f = fopen(out, "w");
	fputs("previous dump", f);
	fclose(f);
	kj_error_clear(&err);
	assert_int_equal(kdump_save(&o, &st, &err), -1);
	f = fopen(out, "r");
	{
		char line[32] = { 0 };

		assert_non_null(fgets(line, sizeof(line), f));
		assert_string_equal(line, "previous dump");
	}
	fclose(f);
	assert_int_equal(count_temp_files(), 0);

	/* A directory, or a directory that does not exist, as OUT. */
	kj_error_clear(&err);
	o.out = tmp;
	assert_int_equal(kdump_save(&o, &st, &err), -1);
	assert_error_contains(&err, "is a directory");
	kj_error_clear(&err);
	dir_out = tmp_path("no/such/dir/out");
	o.out = dir_out;
	assert_int_equal(kdump_save(&o, &st, &err), -1);
	assert_error_contains(&err, "cannot create a file in");
	free(dir_out);
	free(in);
	free(out);
	fx_free(&k.core);
}

/* ELF32 in, ELF32 out; the output file is mode 0600. */
static void elf32_output(void **state)
{
	struct fx_kernel k;
	struct expect e;
	struct save_stats st;
	struct stat sb;
	char *in, *out = tmp_path("i386.out");
	struct save_options o = { .out = out, .exclude_zero = true };

	fxk_i386(&k, RAM, true);
	fill_pattern(&k);
	in = fx_write(&k.core, tmp, "i386.core");
	o.in = in;
	expect_init(&e, &k.core);
	expect_zero(&e, &k.core);
	expect_count(&e, &k.core);
	run_save(&o, &st);
	check_stats(&st, &e);
	check_output(&k.core, in, out, &e);
	assert_true(starts_with(out, "\x7f" "ELF\x01", 5));
	assert_int_equal(stat(out, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	expect_free(&e);
	free(in);
	free(out);
	fx_free(&k.core);
}

/* Alternating zero pages: more headers than allowed make short runs stay. */
static void bounded_headers(void **state)
{
	struct fx_kernel k;
	struct expect e;
	struct save_stats st;
	struct core c;
	struct kj_error err = { 0 };
	char *in, *out = tmp_path("many.out");
	struct save_options o = { .out = out, .exclude_zero = true, .max_phdrs = 100 };

	fxk_x86_64(&k, RAM);
	fill_pattern(&k);
	for (uint64_t pfn = 0x800; pfn < 0xc00; pfn += 2)
		memset(fx_phys(&k.core, pfn * PAGE, PAGE), 0, PAGE);
	in = fx_write(&k.core, tmp, "many.core");
	o.in = in;
	expect_init(&e, &k.core);
	expect_zero(&e, &k.core);
	expect_count(&e, &k.core);
	run_save(&o, &st);
	assert_true(st.phdrs <= 100);
	assert_true(st.pages_unsplit >= 500);
	assert_int_equal(st.pages_zero + st.pages_unsplit, e.zero);
	assert_int_equal(core_open(&c, out, NULL, &err), 0);
	assert_int_equal(c.nph, st.phdrs);
	core_close(&c);
	expect_free(&e);
	free(in);
	free(out);
	fx_free(&k.core);
}

/* 70000 program headers in and out: PN_XNUM both ways. */
static void extended_numbering(void **state)
{
	struct kj_error err = { 0 };
	struct elfcore_ehdr eh = { .cls = ELFCLASS64, .machine = EM_X86_64, .phnum = 70000 };
	struct save_stats st;
	struct core c;
	char *in = tmp_path("xnum.core"), *out = tmp_path("xnum.out");
	struct save_options o = { .in = in, .out = out };
	uint8_t buf[ELFCORE_SHDR_MAX], data[16];
	uint64_t data_at;
	FILE *f = fopen(in, "wb");

	assert_non_null(f);
	eh.phoff = 64;
	eh.shoff = 64 + 70000ULL * 56;
	data_at = eh.shoff + 64;
	fwrite(buf, 1, elfcore_put_ehdr(buf, &eh), f);
	for (uint32_t i = 0; i < 70000; i++) {
		struct elfcore_phdr ph = { PT_LOAD, PF_R, data_at + i * 16ULL, 0, 0x100000 + i * 32ULL,
					   16, 32, 0 };

		elfcore_put_phdr(buf, ELFCLASS64, &ph, &err);
		fwrite(buf, 1, 56, f);
	}
	fwrite(buf, 1, elfcore_put_xnum_shdr(buf, ELFCLASS64, 70000), f);
	for (uint32_t i = 0; i < 70000; i++) {
		memset(data, (int)(i % 251) + 1, sizeof(data));
		fwrite(data, 1, sizeof(data), f);
	}
	assert_int_equal(fclose(f), 0);
	run_save(&o, &st);
	assert_int_equal(st.phdrs, 70000);
	assert_int_equal(core_open(&c, out, NULL, &err), 0);
	assert_true(c.eh.xnum);
	assert_int_equal(c.nph, 70000);
	assert_int_equal(core_read_phys(&c, 0x100000 + 69999 * 32ULL + 8, data, 16, &err), 0);
	assert_int_equal(data[0], 69999 % 251 + 1);
	assert_int_equal(data[8], 0);
	core_close(&c);
	free(in);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(chunks_and_layout),
		cmocka_unit_test(zero_exclusion),
		cmocka_unit_test(free_flatmem_i386),
		cmocka_unit_test(free_sparsemem_static_i386),
		cmocka_unit_test(free_sparsemem_extreme_x86_64),
		cmocka_unit_test(free_sparsemem_vmemmap_61),
		cmocka_unit_test(free_vmemmap_612),
		cmocka_unit_test(free_scan_looks_back),
		cmocka_unit_test(free_needs_vmcoreinfo),
		cmocka_unit_test(compression_round_trips),
		cmocka_unit_test(failure_leaves_no_output),
		cmocka_unit_test(elf32_output),
		cmocka_unit_test(bounded_headers),
		cmocka_unit_test(extended_numbering),
	};

	return cmocka_run_group_tests_name("kdump_save", tests, setup, teardown);
}
