// SPDX-License-Identifier: GPL-2.0-only
/*
 * PT_LOAD segments of an x86 ELF executable (elf_segments.h).
 */
#include <gelf.h>
#include <inttypes.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>

#include "arch/x86/elf_segments.h"
#include "plan/plan.h"

static int cmp_paddr(const void *a, const void *b)
{
	const struct elf_load_range *x = a, *y = b;

	return x->paddr < y->paddr ? -1 : x->paddr > y->paddr;
}

/* Read and bounds-check the program headers; libelf does the parsing. */
int elf_image_read(const struct kj_blob *img, int want_class, int want_machine,
		   struct elf_image *info, struct kj_error *err)
{
	GElf_Ehdr eh;
	size_t phnum;
	Elf *elf;
	int rc = -1;

	if (img->size < EI_NIDENT || memcmp(img->data, ELFMAG, SELFMAG) != 0)
		return kj_fail(err, "not an ELF file");
	if (img->data[EI_CLASS] != want_class)
		return kj_fail(err, "ELF class %d, want %d", img->data[EI_CLASS], want_class);
	if (img->data[EI_DATA] != ELFDATA2LSB)
		return kj_fail(err, "not a little-endian ELF file");
	elf_version(EV_CURRENT);
	elf = elf_memory((char *)img->data, img->size);
	if (!elf)
		return kj_fail(err, "libelf: %s", elf_errmsg(-1));
	if (!gelf_getehdr(elf, &eh)) {
		kj_fail(err, "bad ELF header: %s", elf_errmsg(-1));
		goto out;
	}
	if (eh.e_machine != want_machine) {
		kj_fail(err, "ELF machine %u, want %d", eh.e_machine, want_machine);
		goto out;
	}
	if (eh.e_type != ET_EXEC) {
		kj_fail(err, "not an executable (e_type %u)", eh.e_type);
		goto out;
	}
	if (elf_getphdrnum(elf, &phnum) < 0) {
		kj_fail(err, "bad program headers: %s", elf_errmsg(-1));
		goto out;
	}
	/* libelf reads the table with its own idea of the entry size, so a
	 * file claiming another would be read wrong, not refused. */
	if (phnum && eh.e_phentsize != (want_class == ELFCLASS64 ? sizeof(Elf64_Phdr)
								 : sizeof(Elf32_Phdr))) {
		kj_fail(err, "e_phentsize %u is not the size of an ELF%d program header",
			eh.e_phentsize, want_class == ELFCLASS64 ? 64 : 32);
		goto out;
	}
	info->elf_class = want_class;
	info->entry = eh.e_entry;
	info->nr_loads = 0;
	for (size_t i = 0; i < phnum; i++) {
		GElf_Phdr ph;
		struct elf_load_range *l;

		if (!gelf_getphdr(elf, (int)i, &ph)) {
			kj_fail(err, "program header %zu: %s", i, elf_errmsg(-1));
			goto out;
		}
		if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
			continue;
		if (info->nr_loads == ELF_MAX_LOADS) {
			kj_fail(err, "more than %d PT_LOAD segments", ELF_MAX_LOADS);
			goto out;
		}
		if (ph.p_filesz > ph.p_memsz || ph.p_offset > img->size ||
		    ph.p_filesz > img->size - ph.p_offset) {
			kj_fail(err, "PT_LOAD %zu lies outside the file or has filesz > memsz", i);
			goto out;
		}
		if (ph.p_memsz > UINT64_MAX - PLAN_PAGE_SIZE ||
		    ph.p_paddr > UINT64_MAX - PLAN_PAGE_SIZE - ph.p_memsz) {
			kj_fail(err, "PT_LOAD %zu wraps around the address space", i);
			goto out;
		}
		l = &info->loads[info->nr_loads++];
		*l = (struct elf_load_range){ ph.p_paddr, ph.p_filesz, ph.p_memsz, ph.p_offset,
					      ph.p_vaddr };
	}
	if (info->nr_loads == 0) {
		kj_fail(err, "no PT_LOAD segments");
		goto out;
	}
	qsort(info->loads, info->nr_loads, sizeof(info->loads[0]), cmp_paddr);
	rc = 0;
out:
	elf_end(elf);
	return rc;
}

/*
 * One plan segment for LOADS[FIRST..LAST) at [START, END): a buffer of
 * their file bytes (and the zeros between them), the rest of END-START
 * zero-filled by the kernel.
 */
static int add_piece(struct load_context *ctx, const struct kj_blob *img,
		     const struct elf_image *info, size_t first, size_t last, uint64_t start,
		     uint64_t end, uint64_t file_top, const char *name)
{
	uint64_t bufsz = file_top > start ? file_top - start : 0;
	uint8_t *buf;

	if (bufsz > load_file_limit(ctx, SIZE_MAX / 2))
		return kj_fail(ctx->err, "PT_LOAD at %#" PRIx64 " needs %" PRIu64 " bytes, "
			       "more than the machine's RAM", start, bufsz);
	buf = load_context_alloc(ctx, bufsz ? (size_t)bufsz : 1);
	if (!buf)
		return -1;
	for (size_t k = first; k < last; k++)
		memcpy(buf + (info->loads[k].paddr - start), img->data + info->loads[k].offset,
		       info->loads[k].filesz);
	return plan_add_segment(ctx->plan, name, buf, (size_t)bufsz, start, end - start,
				ctx->err);
}

/*
 * Turn PT_LOADs into page-aligned plan segments.  Neighbours that share
 * a page (text ending and data starting in one page is usual) become
 * one segment, since the kernel wants whole, disjoint pages.  A run of
 * them is cut again wherever whole pages of bss lie between one's file
 * bytes and the next, so that no buffer holds more than a page of the
 * zeros the kernel fills in anyway (a hostile bss cannot make kexec
 * allocate and hash gigabytes).
 */
int elf_image_add_segments(struct load_context *ctx, const struct kj_blob *img,
			   const struct elf_image *info, const char *name)
{
	size_t i = 0;

	while (i < info->nr_loads) {
		uint64_t start = info->loads[i].paddr & ~(PLAN_PAGE_SIZE - 1);
		uint64_t end = page_round_up(info->loads[i].paddr + info->loads[i].memsz);
		uint64_t piece_start, file_top;
		size_t j = i + 1, first;

		while (j < info->nr_loads &&
		       (info->loads[j].paddr & ~(PLAN_PAGE_SIZE - 1)) < end) {
			uint64_t e = page_round_up(info->loads[j].paddr + info->loads[j].memsz);

			if (info->loads[j].paddr < info->loads[j - 1].paddr + info->loads[j - 1].memsz)
				return kj_fail(ctx->err, "PT_LOAD segments overlap at %#" PRIx64,
					       info->loads[j].paddr);
			end = e > end ? e : end;
			j++;
		}
		piece_start = start;
		file_top = start;
		first = i;
		for (size_t k = i; k < j; k++) {
			uint64_t cut = info->loads[k].paddr & ~(PLAN_PAGE_SIZE - 1);
			uint64_t top = info->loads[k].paddr + info->loads[k].filesz;

			if (k > first && cut > piece_start && cut >= page_round_up(file_top)) {
				if (add_piece(ctx, img, info, first, k, piece_start, cut, file_top,
					      name) < 0)
					return -1;
				first = k;
				piece_start = file_top = cut;
			}
			file_top = top > file_top ? top : file_top;
		}
		if (add_piece(ctx, img, info, first, j, piece_start, end, file_top, name) < 0)
			return -1;
		i = j;
	}
	return 0;
}
