// SPDX-License-Identifier: GPL-2.0-only
#define _GNU_SOURCE	/* qsort_r */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"

static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return alen && blen && a < b + blen && b < a + alen;
}

/* Segment data must not be the headers themselves (wherever they are). */
static int check_header_overlap(struct core *c, uint64_t table_len, struct kj_error *err)
{
	uint64_t shlen = c->eh.xnum ? elfcore_shdr_size(c->eh.cls) : 0;

	for (size_t i = 0; i < c->nph; i++) {
		const struct elfcore_phdr *p = &c->ph[i];

		if (p->type != PT_LOAD && p->type != PT_NOTE)
			continue;
		if (overlaps(p->offset, p->filesz, 0, elfcore_ehdr_size(c->eh.cls)) ||
		    overlaps(p->offset, p->filesz, c->eh.phoff, table_len) ||
		    overlaps(p->offset, p->filesz, c->eh.shoff, shlen))
			return kj_fail(err, "bad core: the data of program header %zu (offset %llu, %llu bytes) overlaps the ELF headers",
				       i, (unsigned long long)p->offset,
				       (unsigned long long)p->filesz);
	}
	return 0;
}

static int read_headers(struct core *c, struct kj_error *err)
{
	uint8_t buf[ELFCORE_EHDR_MAX] = { 0 };
	size_t phsize, got;
	uint64_t table_len;
	uint8_t *table;

	if (c->src.size < EI_NIDENT)
		return kj_fail(err, "%s is not an ELF core (%llu bytes)", c->src.path,
			       (unsigned long long)c->src.size);
	got = c->src.size < sizeof(buf) ? (size_t)c->src.size : sizeof(buf);
	if (source_pread(&c->src, buf, got, 0, err) < 0 ||
	    elfcore_parse_ehdr(buf, got, &c->eh, err) < 0)
		return -1;
	phsize = elfcore_phdr_size(c->eh.cls);
	if (c->eh.xnum) {
		uint8_t sh[ELFCORE_SHDR_MAX];
		size_t shsize = elfcore_shdr_size(c->eh.cls);

		if (source_pread(&c->src, sh, shsize, c->eh.shoff, err) < 0 ||
		    elfcore_parse_xnum(&c->eh, sh, shsize, err) < 0)
			return -1;
	}
	table_len = (uint64_t)c->eh.phnum * phsize;
	if (table_len > CORE_MAX_PHDR_BYTES)
		return kj_fail(err, "%s: %u program headers are more than kdump accepts",
			       c->src.path, c->eh.phnum);
	if (c->eh.phoff > c->src.size || table_len > c->src.size - c->eh.phoff)
		return kj_fail(err, "truncated core: the program headers of %s end at %llu, the file has %llu bytes",
			       c->src.path, (unsigned long long)(c->eh.phoff + table_len),
			       (unsigned long long)c->src.size);
	table = malloc(table_len ? (size_t)table_len : 1);
	c->ph = calloc(c->eh.phnum ? c->eh.phnum : 1, sizeof(*c->ph));
	if (!table || !c->ph) {
		free(table);
		return kj_fail(err, "out of memory for %u program headers", c->eh.phnum);
	}
	if (source_pread(&c->src, table, (size_t)table_len, c->eh.phoff, err) < 0) {
		free(table);
		return -1;
	}
	c->nph = c->eh.phnum;
	for (size_t i = 0; i < c->nph; i++)
		elfcore_parse_phdr(&c->eh, table, i, &c->ph[i]);
	free(table);
	if (check_header_overlap(c, table_len, err) < 0)
		return -1;
	return elfcore_check_phdrs(c->ph, c->nph, c->src.size, err);
}

static int load_cmp(const void *a, const void *b, void *arg)
{
	const struct elfcore_phdr *ph = arg;
	const struct elfcore_phdr *x = &ph[*(const size_t *)a], *y = &ph[*(const size_t *)b];

	if (x->paddr != y->paddr)
		return x->paddr < y->paddr ? -1 : 1;
	return 0;
}

static int index_loads(struct core *c, struct kj_error *err)
{
	c->loads = malloc((c->nph ? c->nph : 1) * sizeof(*c->loads));
	if (!c->loads)
		return kj_fail(err, "out of memory");
	for (size_t i = 0; i < c->nph; i++)
		if (c->ph[i].type == PT_LOAD && c->ph[i].memsz)
			c->loads[c->nloads++] = i;
	qsort_r(c->loads, c->nloads, sizeof(*c->loads), load_cmp, c->ph);
	return 0;
}

static int scan_notes(struct core *c, const uint8_t *notes, size_t len, struct kj_error *err)
{
	struct elfcore_note n;
	size_t pos = 0;
	int rc;

	while ((rc = elfcore_note_next(notes, len, &pos, &n, err)) == 1) {
		if (elfcore_note_is(&n, "CORE", NT_PRSTATUS))
			c->nr_prstatus++;
		/* include/linux/vmcore_info.h: VMCOREINFO_NOTE_NAME, type 0. */
		if (elfcore_note_is(&n, "VMCOREINFO", 0) && !c->has_vmcoreinfo) {
			if (vmcoreinfo_parse(&c->vmci, n.desc, n.descsz, err) < 0)
				return -1;
			c->has_vmcoreinfo = true;
		}
	}
	return rc < 0 ? -1 : 0;
}

static int read_notes(struct core *c, struct kj_error *err)
{
	uint64_t total = 0;

	for (size_t i = 0; i < c->nph; i++)
		if (c->ph[i].type == PT_NOTE)
			total += c->ph[i].filesz;
	if (total > CORE_MAX_NOTE_BYTES)
		return kj_fail(err, "%s: %llu bytes of notes are more than kdump accepts",
			       c->src.path, (unsigned long long)total);
	c->notes = malloc(total ? (size_t)total : 1);
	if (!c->notes)
		return kj_fail(err, "out of memory for the notes");
	for (size_t i = 0; i < c->nph; i++) {
		const struct elfcore_phdr *p = &c->ph[i];
		uint8_t *at = c->notes + c->notes_len;

		if (p->type != PT_NOTE)
			continue;
		if (source_pread(&c->src, at, (size_t)p->filesz, p->offset, err) < 0)
			return -1;
		c->notes_len += p->filesz;
		/* Each PT_NOTE is a sequence of notes of its own. */
		if (scan_notes(c, at, (size_t)p->filesz, err) < 0)
			return -1;
	}
	return 0;
}

int core_open(struct core *c, const char *path, const struct core_open_args *args,
	      struct kj_error *err)
{
	uint64_t ps;

	memset(c, 0, sizeof(*c));
	c->page_size = 4096;
	if (source_open(&c->src, path, args ? args->tmpdir : NULL,
			args ? args->progress : NULL, err) < 0)
		return -1;
	if (read_headers(c, err) < 0 || index_loads(c, err) < 0 || read_notes(c, err) < 0) {
		core_close(c);
		return -1;
	}
	if (c->has_vmcoreinfo && vmci_dec(&c->vmci, "PAGESIZE", &ps)) {
		if (ps < 512 || ps > (1U << 24) || (ps & (ps - 1))) {
			kj_fail(err, "%s: VMCOREINFO has an implausible PAGESIZE %llu", path,
				(unsigned long long)ps);
			core_close(c);
			return -1;
		}
		c->page_size = ps;
	}
	return 0;
}

void core_close(struct core *c)
{
	source_close(&c->src);
	vmcoreinfo_free(&c->vmci);
	free(c->ph);
	free(c->loads);
	free(c->notes);
	c->ph = NULL;
	c->loads = NULL;
	c->notes = NULL;
}

const struct elfcore_phdr *core_find_load(const struct core *c, uint64_t paddr)
{
	size_t lo = 0, hi = c->nloads;

	/* The last segment starting at or below PADDR... */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->ph[c->loads[mid]].paddr <= paddr)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* ...or an earlier one, when a shorter alias segment sits in between. */
	while (lo-- > 0) {
		const struct elfcore_phdr *p = &c->ph[c->loads[lo]];

		if (paddr - p->paddr < p->memsz)
			return p;
	}
	return NULL;
}

int core_read_phys(struct core *c, uint64_t paddr, void *buf, size_t len,
		   struct kj_error *err)
{
	uint8_t *out = buf;

	while (len) {
		const struct elfcore_phdr *p = core_find_load(c, paddr);
		uint64_t in_seg, avail;
		size_t n;

		if (!p)
			return kj_fail(err, "physical address 0x%llx is not in the core",
				       (unsigned long long)paddr);
		in_seg = paddr - p->paddr;
		avail = p->memsz - in_seg;
		n = avail < len ? (size_t)avail : len;
		if (in_seg >= p->filesz) {
			memset(out, 0, n);
		} else {
			size_t from_file = p->filesz - in_seg < n ? (size_t)(p->filesz - in_seg) : n;

			if (source_read_cached(&c->src, out, from_file, p->offset + in_seg, err) < 0)
				return -1;
			memset(out + from_file, 0, n - from_file);
		}
		out += n;
		paddr += n;
		len -= n;
	}
	return 0;
}

const char *core_machine_name(const struct core *c, char *buf, size_t len)
{
	if (c->eh.machine == EM_X86_64)
		return "x86_64";
	if (c->eh.machine == EM_386)
		return "i386";
	snprintf(buf, len, "machine %u", c->eh.machine);
	return buf;
}
