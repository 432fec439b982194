// SPDX-License-Identifier: GPL-2.0-only
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "kjump/elfcore_read.h"

static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return alen && blen && a < b + blen && b < a + alen;
}

/* Segment data must not be the headers themselves (wherever they are). */
static int check_header_overlap(const struct elfcore_file *f, uint64_t table_len,
				struct kj_error *err)
{
	const struct elfcore_ehdr *eh = &f->eh;
	uint64_t shlen = eh->xnum ? elfcore_shdr_size(eh->cls) : 0;

	for (size_t i = 0; i < eh->phnum; i++) {
		const struct elfcore_phdr *p = &f->ph[i];

		if (p->type != PT_LOAD && p->type != PT_NOTE)
			continue;
		if (overlaps(p->offset, p->filesz, 0, elfcore_ehdr_size(eh->cls)) ||
		    overlaps(p->offset, p->filesz, eh->phoff, table_len) ||
		    overlaps(p->offset, p->filesz, eh->shoff, shlen))
			return kj_fail(err, "bad core: the data of program header %zu (offset %llu, %llu bytes) overlaps the ELF headers",
				       i, (unsigned long long)p->offset,
				       (unsigned long long)p->filesz);
	}
	return 0;
}

static int read_ehdr(const struct elfcore_source *src, struct elfcore_ehdr *eh,
		     struct kj_error *err)
{
	uint8_t buf[ELFCORE_EHDR_MAX] = { 0 };
	size_t got;

	if (src->size < EI_NIDENT)
		return kj_fail(err, "%s is not an ELF core (%llu bytes)", src->path,
			       (unsigned long long)src->size);
	got = src->size < sizeof(buf) ? (size_t)src->size : sizeof(buf);
	if (src->read(src->ctx, buf, got, 0, err) < 0 ||
	    elfcore_parse_ehdr(buf, got, eh, err) < 0)
		return -1;
	if (eh->xnum) {
		uint8_t sh[ELFCORE_SHDR_MAX];
		size_t shsize = elfcore_shdr_size(eh->cls);

		if (src->read(src->ctx, sh, shsize, eh->shoff, err) < 0 ||
		    elfcore_parse_xnum(eh, sh, shsize, err) < 0)
			return -1;
	}
	return 0;
}

static int read_phdrs(const struct elfcore_source *src, struct elfcore_file *f,
		      struct kj_error *err)
{
	const struct elfcore_ehdr *eh = &f->eh;
	uint64_t table_len = (uint64_t)eh->phnum * elfcore_phdr_size(eh->cls);
	uint8_t *table;

	if (table_len > src->max_phdr_bytes)
		return kj_fail(err, "%s: %u program headers are more than %s accepts",
			       src->path, eh->phnum, src->reader);
	if (eh->phoff > src->size || table_len > src->size - eh->phoff)
		return kj_fail(err, "truncated core: the program headers of %s end at %llu, the file has %llu bytes",
			       src->path, (unsigned long long)(eh->phoff + table_len),
			       (unsigned long long)src->size);
	table = malloc(table_len ? (size_t)table_len : 1);
	f->ph = calloc(eh->phnum ? eh->phnum : 1, sizeof(*f->ph));
	if (!table || !f->ph) {
		free(table);
		return kj_fail(err, "out of memory for %u program headers", eh->phnum);
	}
	if (src->read(src->ctx, table, (size_t)table_len, eh->phoff, err) < 0) {
		free(table);
		return -1;
	}
	for (size_t i = 0; i < eh->phnum; i++)
		elfcore_parse_phdr(eh, table, i, &f->ph[i]);
	free(table);
	if (check_header_overlap(f, table_len, err) < 0)
		return -1;
	return elfcore_check_phdrs(f->ph, eh->phnum, src->size, err);
}

static int read_notes(const struct elfcore_source *src, struct elfcore_file *f,
		      struct kj_error *err)
{
	uint64_t total = 0;

	for (size_t i = 0; i < f->eh.phnum; i++)
		if (f->ph[i].type == PT_NOTE)
			total += f->ph[i].filesz;
	if (total > src->max_note_bytes)
		return kj_fail(err, "%s: %llu bytes of notes are more than %s accepts",
			       src->path, (unsigned long long)total, src->reader);
	f->notes = malloc(total ? (size_t)total : 1);
	if (!f->notes)
		return kj_fail(err, "out of memory for the notes");
	for (size_t i = 0; i < f->eh.phnum; i++) {
		const struct elfcore_phdr *p = &f->ph[i];

		if (p->type != PT_NOTE)
			continue;
		if (src->read(src->ctx, f->notes + f->notes_len, (size_t)p->filesz, p->offset,
			      err) < 0)
			return -1;
		f->notes_len += p->filesz;
	}
	return 0;
}

int elfcore_read(const struct elfcore_source *src, struct elfcore_file *f,
		 struct kj_error *err)
{
	memset(f, 0, sizeof(*f));
	if (read_ehdr(src, &f->eh, err) < 0 || read_phdrs(src, f, err) < 0 ||
	    read_notes(src, f, err) < 0) {
		elfcore_file_free(f);
		return -1;
	}
	return 0;
}

void elfcore_file_free(struct elfcore_file *f)
{
	free(f->ph);
	free(f->notes);
	f->ph = NULL;
	f->notes = NULL;
	f->notes_len = 0;
}

void elfcore_note_iter_init(struct elfcore_note_iter *it, const struct elfcore_file *f)
{
	memset(it, 0, sizeof(*it));
	it->f = f;
}

int elfcore_note_iter_next(struct elfcore_note_iter *it, struct elfcore_note *note,
			   uint64_t *desc_at, struct kj_error *err)
{
	const struct elfcore_file *f = it->f;

	for (; it->seg < f->eh.phnum; it->seg++) {
		const struct elfcore_phdr *p = &f->ph[it->seg];
		const uint8_t *bytes = f->notes + it->seg_at;
		int rc;

		if (p->type != PT_NOTE)
			continue;
		rc = elfcore_note_next(bytes, (size_t)p->filesz, &it->pos, note, err);
		if (rc != 0) {
			if (rc > 0 && desc_at)
				*desc_at = p->offset + (uint64_t)(note->desc - bytes);
			return rc;
		}
		it->seg_at += p->filesz;
		it->pos = 0;
	}
	return 0;
}
