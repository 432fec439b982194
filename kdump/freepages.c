// SPDX-License-Identifier: GPL-2.0-only
#include <stdlib.h>
#include <string.h>

#include "freepages.h"

/* include/linux/mmzone.h: SECTION_HAS_MEM_MAP_BIT is bit 1. */
#define SECTION_HAS_MEM_MAP (1ULL << 1)
/*
 * SECTION_MAP_LAST_BIT is 4, or 5 with CONFIG_ZONE_DEVICE (6.1 and
 * 6.12); the coded mem_map is aligned beyond that either way.
 */
#define SECTION_FLAG_MASK 0x1fULL
#define BATCH 256		/* struct pages read at once */
#define DEFAULT_NR_ORDERS 11	/* MAX_ORDER (6.1), NR_PAGE_ORDERS (6.12) */

const char *memmap_model_name(enum memmap_model model)
{
	switch (model) {
	case MEMMAP_FLAT: return "flatmem";
	case MEMMAP_SPARSE: return "sparsemem";
	default: return "sparsemem-vmemmap";
	}
}

static unsigned int log2u(uint64_t x)
{
	unsigned int n = 0;

	while (x > 1) {
		x >>= 1;
		n++;
	}
	return n;
}

static int init_sparse(struct freepages *fp, const struct vmcoreinfo *v, struct kj_error *err)
{
	const char *why = "finding free pages (SPARSEMEM)";
	int64_t section_bits, physmem_bits;
	unsigned int page_shift = log2u(fp->page_size);

	if (vmci_need(v, "SIZE", "mem_section", why, &fp->section_struct_size, err) < 0 ||
	    vmci_need(v, "OFFSET", "mem_section.section_mem_map", why,
		      &fp->off_section_mem_map, err) < 0 ||
	    vmci_need(v, "LENGTH", "mem_section", why, &fp->nr_roots, err) < 0)
		return -1;
	if (!vmci_number(v, "SECTION_SIZE_BITS", &section_bits) ||
	    !vmci_number(v, "MAX_PHYSMEM_BITS", &physmem_bits))
		return kj_fail(err, "VMCOREINFO lacks NUMBER(SECTION_SIZE_BITS) or NUMBER(MAX_PHYSMEM_BITS), needed for %s",
			       why);
	if (section_bits <= page_shift || physmem_bits < section_bits || physmem_bits > 64 ||
	    physmem_bits - section_bits > 40 || !fp->section_struct_size ||
	    fp->section_struct_size > fp->page_size || !fp->nr_roots)
		return kj_fail(err, "VMCOREINFO: implausible SPARSEMEM geometry (SECTION_SIZE_BITS %lld, MAX_PHYSMEM_BITS %lld, SIZE(mem_section) %llu)",
			       (long long)section_bits, (long long)physmem_bits,
			       (unsigned long long)fp->section_struct_size);
	fp->pfn_section_shift = (unsigned int)section_bits - page_shift;
	fp->nr_sections = 1ULL << (physmem_bits - section_bits);
	/*
	 * NR_SECTION_ROOTS is NR_MEM_SECTIONS with SPARSEMEM_STATIC (one
	 * section per root), fewer with SPARSEMEM_EXTREME, whose roots
	 * each point to a page of sections.
	 */
	fp->per_root = fp->nr_roots == fp->nr_sections ? 1 : fp->page_size / fp->section_struct_size;
	if (fp->nr_roots * fp->per_root < fp->nr_sections)
		return kj_fail(err, "VMCOREINFO: LENGTH(mem_section)=%llu roots cannot hold %llu sections",
			       (unsigned long long)fp->nr_roots,
			       (unsigned long long)fp->nr_sections);
	return 0;
}

static int init_flat(struct freepages *fp, const struct vmcoreinfo *v, uint64_t sym,
		     struct kj_error *err)
{
	uint64_t pgdat, off_start, off_spanned, start, spanned;
	uint64_t align = 1ULL << (fp->nr_orders - 1);	/* MAX_ORDER_NR_PAGES */

	if (kmem_read_ulong(fp->m, sym, &fp->mem_map, err) < 0)
		return -1;
	if (!fp->mem_map)
		return kj_fail(err, "mem_map is NULL in the core: cannot find the struct page array");
	fp->flat_first_pfn = 0;
	fp->flat_end_pfn = UINT64_MAX;
	/* mm/page_alloc.c alloc_node_mem_map(): the node span, MAX_ORDER-aligned. */
	if (vmci_symbol(v, "contig_page_data", &pgdat) &&
	    vmci_offset(v, "pglist_data.node_start_pfn", &off_start) &&
	    vmci_offset(v, "pglist_data.node_spanned_pages", &off_spanned)) {
		if (kmem_read_ulong(fp->m, pgdat + off_start, &start, err) < 0 ||
		    kmem_read_ulong(fp->m, pgdat + off_spanned, &spanned, err) < 0)
			return -1;
		fp->flat_first_pfn = start & ~(align - 1);
		fp->flat_end_pfn = (start + spanned + align - 1) & ~(align - 1);
	}
	return 0;
}

int freepages_init(struct freepages *fp, struct kmem *m, struct kj_error *err)
{
	const struct vmcoreinfo *v = &m->core->vmci;
	const char *why = "finding free pages";
	int64_t buddy;
	uint64_t sym;

	memset(fp, 0, sizeof(*fp));
	fp->m = m;
	fp->page_size = m->core->page_size;
	if (vmci_need(v, "SIZE", "page", why, &fp->page_struct_size, err) < 0 ||
	    vmci_need(v, "OFFSET", "page._mapcount", why, &fp->off_mapcount, err) < 0 ||
	    vmci_need(v, "OFFSET", "page.private", why, &fp->off_private, err) < 0)
		return -1;
	if (!vmci_number(v, "PAGE_BUDDY_MAPCOUNT_VALUE", &buddy))
		return kj_fail(err, "VMCOREINFO lacks NUMBER(PAGE_BUDDY_MAPCOUNT_VALUE), needed for %s", why);
	if (fp->off_mapcount + 4 > fp->page_struct_size ||
	    fp->off_private + m->long_size > fp->page_struct_size || fp->page_struct_size > 4096)
		return kj_fail(err, "VMCOREINFO: implausible struct page layout (size %llu)",
			       (unsigned long long)fp->page_struct_size);
	/* NUMBER() is printed as a signed long: keep the 32-bit pattern. */
	fp->buddy_value = (uint32_t)buddy;
	fp->buddy_in_top_byte = (fp->buddy_value & 0x00ffffff) == 0;
	fp->nr_orders = DEFAULT_NR_ORDERS;
	if (vmci_length(v, "zone.free_area", &fp->nr_orders) &&
	    (fp->nr_orders < 1 || fp->nr_orders > 32))
		return kj_fail(err, "VMCOREINFO: implausible LENGTH(zone.free_area)=%llu",
			       (unsigned long long)fp->nr_orders);

	if (vmci_symbol(v, "vmemmap", &fp->vmemmap)) {
		fp->model = MEMMAP_VMEMMAP;
		return 0;
	}
	if (vmci_symbol(v, "mem_section", &fp->mem_section)) {
		fp->model = MEMMAP_SPARSE;
		return init_sparse(fp, v, err);
	}
	if (vmci_symbol(v, "mem_map", &sym)) {
		fp->model = MEMMAP_FLAT;
		return init_flat(fp, v, sym, err);
	}
	return kj_fail(err, "VMCOREINFO has none of SYMBOL(vmemmap), SYMBOL(mem_section), SYMBOL(mem_map): cannot find the struct page array");
}

/* The decoded mem_map of section NR (see sparse_decode_mem_map()). */
static int section_map(struct freepages *fp, uint64_t nr, uint64_t *map, struct kj_error *err)
{
	uint64_t sec, root = 0, coded = 0;
	unsigned int ls = fp->m->long_size;

	if (fp->cached_valid && fp->cached_nr == nr) {
		*map = fp->cached_map;
		return fp->cached_present;
	}
	/* Whatever happens below, this section is looked up once. */
	fp->cached_valid = true;
	fp->cached_nr = nr;
	fp->cached_present = false;
	if (fp->per_root == 1) {
		sec = fp->mem_section + nr * fp->section_struct_size;
	} else {
		if (kmem_read_ulong(fp->m, fp->mem_section + (nr / fp->per_root) * ls, &root, err) < 0)
			return -1;
		sec = root + (nr % fp->per_root) * fp->section_struct_size;
	}
	/* A NULL root: no memory in any of its sections. */
	if ((fp->per_root == 1 || root) &&
	    kmem_read_ulong(fp->m, sec + fp->off_section_mem_map, &coded, err) < 0)
		return -1;
	fp->cached_present = (coded & SECTION_HAS_MEM_MAP) != 0;
	fp->cached_map = coded & ~SECTION_FLAG_MASK;
	*map = fp->cached_map;
	return fp->cached_present;
}

/*
 * The address of PFN's struct page and how many following pfns have
 * theirs right after it: 1 with *ADDR set, 0 when the pfn has none.
 */
static int page_addr(struct freepages *fp, uint64_t pfn, uint64_t *addr, uint64_t *run,
		     struct kj_error *err)
{
	uint64_t map, nr;
	int rc;

	switch (fp->model) {
	case MEMMAP_FLAT:
		if (pfn < fp->flat_first_pfn || pfn >= fp->flat_end_pfn)
			return 0;
		*addr = fp->mem_map + pfn * fp->page_struct_size;
		*run = fp->flat_end_pfn - pfn;
		return 1;
	case MEMMAP_VMEMMAP:
		*addr = fp->vmemmap + pfn * fp->page_struct_size;
		*run = UINT64_MAX;
		return 1;
	default:
		nr = pfn >> fp->pfn_section_shift;
		if (nr >= fp->nr_sections)
			return 0;
		rc = section_map(fp, nr, &map, err);
		if (rc <= 0)
			return rc;
		*addr = map + pfn * fp->page_struct_size;
		*run = ((nr + 1) << fp->pfn_section_shift) - pfn;
		return 1;
	}
}

static void note_unreadable(struct freepages *fp, const struct kj_error *e, uint64_t n)
{
	fp->pages_unreadable += n;
	if (!fp->first_read_error.set && e->set)
		fp->first_read_error = *e;
}

/* Is RAW (a struct page) the head of a free block?  Sets *ORDER. */
static bool buddy_head(const struct freepages *fp, const uint8_t *raw, uint64_t pfn,
		       uint64_t *order)
{
	uint32_t type = (uint32_t)kmem_get(raw + fp->off_mapcount, 4);
	bool buddy = fp->buddy_in_top_byte ? type >> 24 == fp->buddy_value >> 24
					   : type == fp->buddy_value;

	if (!buddy)
		return false;
	*order = kmem_get(raw + fp->off_private, fp->m->long_size);
	/* A block is naturally aligned to its size; anything else is not a buddy we trust. */
	return *order < fp->nr_orders && (pfn & ((1ULL << *order) - 1)) == 0;
}

/* Read the struct page of one pfn: 1 read, 0 none or unreadable. */
static int read_one(struct freepages *fp, uint64_t pfn, uint8_t *raw)
{
	struct kj_error e = { 0 };
	uint64_t addr, run;
	int rc = page_addr(fp, pfn, &addr, &run, &e);

	if (rc == 1 && kmem_read(fp->m, addr, raw, (size_t)fp->page_struct_size, &e) == 0) {
		fp->pages_read++;
		return 1;
	}
	if (rc != 0)
		note_unreadable(fp, &e, 1);
	return 0;
}

/* A free block that starts before FIRST may cover it: look at the possible heads. */
static void look_back(struct freepages *fp, uint64_t first, uint8_t *raw)
{
	uint64_t order;

	if (first >= fp->block_start && first < fp->block_end)
		return;
	for (uint64_t k = 1; k < fp->nr_orders; k++) {
		uint64_t head = first & ~((1ULL << k) - 1);

		if (head == first || (k > 1 && head == (first & ~((1ULL << (k - 1)) - 1))))
			continue;
		if (read_one(fp, head, raw) == 1 && buddy_head(fp, raw, head, &order) &&
		    head + (1ULL << order) > first) {
			fp->block_start = head;
			fp->block_end = head + (1ULL << order);
			return;
		}
	}
}

static void mark(uint8_t *bits, uint64_t i)
{
	bits[i / 8] |= (uint8_t)(1U << (i % 8));
}

int freepages_scan(struct freepages *fp, uint64_t first, uint64_t count, uint8_t *bits,
		   uint64_t *nfree, struct kj_error *err)
{
	size_t psz = (size_t)fp->page_struct_size;
	uint8_t *buf = malloc(BATCH * psz);
	uint64_t pfn = first, end = first + count;

	if (!buf)
		return kj_fail(err, "out of memory scanning struct pages");
	look_back(fp, first, buf);
	while (pfn < end) {
		struct kj_error e = { 0 };
		uint64_t addr, run, n, order;
		bool batch_ok;
		int rc;

		if (pfn >= fp->block_start && pfn < fp->block_end) {
			uint64_t stop = fp->block_end < end ? fp->block_end : end;

			*nfree += stop - pfn;
			for (; pfn < stop; pfn++)
				mark(bits, pfn - first);
			continue;
		}
		rc = page_addr(fp, pfn, &addr, &run, &e);
		if (rc <= 0) {
			if (rc < 0)
				note_unreadable(fp, &e, 1);
			pfn++;
			continue;
		}
		n = end - pfn;
		if (n > run)
			n = run;
		if (n > BATCH)
			n = BATCH;
		batch_ok = kmem_read(fp->m, addr, buf, (size_t)(n * psz), &e) == 0;
		if (batch_ok)
			fp->pages_read += n;
		for (uint64_t i = 0; i < n; i++, pfn++) {
			const uint8_t *raw = buf + i * psz;

			if (pfn >= fp->block_start && pfn < fp->block_end) {
				mark(bits, pfn - first);
				(*nfree)++;
				continue;
			}
			/* Part of the batch unmapped (vmemmap holes): page by page. */
			if (!batch_ok && read_one(fp, pfn, buf + i * psz) != 1)
				continue;
			if (buddy_head(fp, raw, pfn, &order)) {
				fp->block_start = pfn;
				fp->block_end = pfn + (1ULL << order);
				mark(bits, pfn - first);
				(*nfree)++;
			}
		}
	}
	free(buf);
	return 0;
}
