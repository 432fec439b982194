/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Pages the crashed kernel had free, from its struct page array.
 *
 * The buddy allocator marks the first page of each free block with the
 * "buddy" page type in page->page_type (the _mapcount union) and keeps
 * the block's order in page->private (mm/page_alloc.c set_buddy_order(),
 * include/linux/page-flags.h).  VMCOREINFO gives the value to compare:
 * NUMBER(PAGE_BUDDY_MAPCOUNT_VALUE) is the whole word in 6.1 (~PG_buddy)
 * and the type in the top byte in 6.12 (PGTY_buddy << 24).
 *
 * Where the struct page of a pfn lives depends on the memory model:
 *   FLATMEM   SYMBOL(mem_map) holds the array (pfn-indexed, x86 has no
 *             ARCH_PFN_OFFSET), bounded by contig_page_data's node span;
 *   VMEMMAP   SYMBOL(vmemmap) (6.12) is the array base, vmemmap + pfn;
 *   SPARSEMEM SYMBOL(mem_section): roots of SIZE(mem_section) entries
 *             (SPARSEMEM_EXTREME: pointers to pages of them), whose
 *             section_mem_map encodes "mem_map - first pfn" with flags
 *             in the low bits (include/linux/mmzone.h, mm/sparse.c
 *             sparse_encode_mem_map()).  With SPARSEMEM_VMEMMAP the
 *             decoded address is in vmemmap: kmem walks the page tables.
 */
#ifndef KDUMP_FREEPAGES_H
#define KDUMP_FREEPAGES_H

#include <stdbool.h>
#include <stdint.h>

#include "kjump/error.h"
#include "kmem.h"

enum memmap_model {
	MEMMAP_FLAT,
	MEMMAP_SPARSE,
	MEMMAP_VMEMMAP,
};

struct freepages {
	struct kmem *m;
	enum memmap_model model;
	uint64_t page_size;
	/* struct page */
	uint64_t page_struct_size, off_mapcount, off_private;
	uint32_t buddy_value;
	bool buddy_in_top_byte;		/* the 6.12 page_type encoding */
	uint64_t nr_orders;		/* LENGTH(zone.free_area) */
	/* MEMMAP_FLAT */
	uint64_t mem_map, flat_first_pfn, flat_end_pfn;
	/* MEMMAP_VMEMMAP */
	uint64_t vmemmap;
	/* MEMMAP_SPARSE */
	uint64_t mem_section, section_struct_size, off_section_mem_map;
	uint64_t nr_roots, per_root, nr_sections;
	unsigned int pfn_section_shift;
	uint64_t cached_nr, cached_map;	/* last section looked up */
	bool cached_present, cached_valid;
	/* the free block seen last, for pages after its head */
	uint64_t block_start, block_end;
	/* what the scan could read */
	uint64_t pages_read, pages_unreadable;
	struct kj_error first_read_error;
};

/* "flatmem", "sparsemem" or "sparsemem-vmemmap". */
const char *memmap_model_name(enum memmap_model model);

/* Find the memory model and struct page layout from VMCOREINFO. */
int freepages_init(struct freepages *fp, struct kmem *m, struct kj_error *err);

/*
 * Set bit i of BITS for each free pfn FIRST + i, i < COUNT, adding their
 * number to *NFREE.  A pfn whose struct page cannot be read is kept (not
 * free); the reason is remembered in fp->first_read_error.
 */
int freepages_scan(struct freepages *fp, uint64_t first, uint64_t count, uint8_t *bits,
		   uint64_t *nfree, struct kj_error *err);

#endif
