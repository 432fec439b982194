// SPDX-License-Identifier: GPL-2.0-only
/*
 * ELF core headers and notes, both classes.  The <elf.h> structures are
 * filled and copied with memcpy: kjump runs on little-endian x86 only,
 * and refuses big-endian files.
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "kjump/elfcore.h"
#include "kjump/range.h"

size_t elfcore_ehdr_size(unsigned int cls)
{
	return cls == ELFCLASS64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr);
}

size_t elfcore_phdr_size(unsigned int cls)
{
	return cls == ELFCLASS64 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr);
}

size_t elfcore_shdr_size(unsigned int cls)
{
	return cls == ELFCLASS64 ? sizeof(Elf64_Shdr) : sizeof(Elf32_Shdr);
}

static int parse_ehdr64(const void *buf, struct elfcore_ehdr *eh, struct kj_error *err)
{
	Elf64_Ehdr e;

	memcpy(&e, buf, sizeof(e));
	if (e.e_phentsize != sizeof(Elf64_Phdr))
		return kj_fail(err, "not an ELF core: e_phentsize is %u, ELF64 needs %zu",
			       e.e_phentsize, sizeof(Elf64_Phdr));
	eh->machine = e.e_machine;
	eh->flags = e.e_flags;
	eh->phoff = e.e_phoff;
	eh->phnum = e.e_phnum;
	eh->shoff = e.e_shoff;
	if (e.e_type != ET_CORE)
		return kj_fail(err, "not an ELF core: e_type is %u, not ET_CORE", e.e_type);
	return 0;
}

static int parse_ehdr32(const void *buf, struct elfcore_ehdr *eh, struct kj_error *err)
{
	Elf32_Ehdr e;

	memcpy(&e, buf, sizeof(e));
	if (e.e_phentsize != sizeof(Elf32_Phdr))
		return kj_fail(err, "not an ELF core: e_phentsize is %u, ELF32 needs %zu",
			       e.e_phentsize, sizeof(Elf32_Phdr));
	eh->machine = e.e_machine;
	eh->flags = e.e_flags;
	eh->phoff = e.e_phoff;
	eh->phnum = e.e_phnum;
	eh->shoff = e.e_shoff;
	if (e.e_type != ET_CORE)
		return kj_fail(err, "not an ELF core: e_type is %u, not ET_CORE", e.e_type);
	return 0;
}

int elfcore_parse_ehdr(const void *buf, size_t len, struct elfcore_ehdr *eh,
		       struct kj_error *err)
{
	const unsigned char *id = buf;

	memset(eh, 0, sizeof(*eh));
	if (len < EI_NIDENT || memcmp(id, ELFMAG, SELFMAG) != 0)
		return kj_fail(err, "not an ELF file");
	if (id[EI_CLASS] != ELFCLASS32 && id[EI_CLASS] != ELFCLASS64)
		return kj_fail(err, "not an ELF core: unknown ELF class %u", id[EI_CLASS]);
	if (id[EI_DATA] != ELFDATA2LSB)
		return kj_fail(err, "not a little-endian ELF core");
	eh->cls = id[EI_CLASS];
	eh->osabi = id[EI_OSABI];
	if (len < elfcore_ehdr_size(eh->cls))
		return kj_fail(err, "truncated ELF header (%zu bytes)", len);
	if (eh->cls == ELFCLASS64 ? parse_ehdr64(buf, eh, err) : parse_ehdr32(buf, eh, err))
		return -1;
	/* gABI "Extended Program Header Numbering": the count is in sh_info. */
	eh->xnum = eh->phnum == PN_XNUM;
	if (eh->xnum && eh->shoff == 0)
		return kj_fail(err, "bad ELF header: e_phnum is PN_XNUM but there is no section header");
	return 0;
}

int elfcore_parse_xnum(struct elfcore_ehdr *eh, const void *shdr, size_t len,
		       struct kj_error *err)
{
	if (len < elfcore_shdr_size(eh->cls))
		return kj_fail(err, "truncated section header 0 (PN_XNUM)");
	if (eh->cls == ELFCLASS64) {
		Elf64_Shdr s;

		memcpy(&s, shdr, sizeof(s));
		eh->phnum = s.sh_info;
	} else {
		Elf32_Shdr s;

		memcpy(&s, shdr, sizeof(s));
		eh->phnum = s.sh_info;
	}
	return 0;
}

void elfcore_parse_phdr(const struct elfcore_ehdr *eh, const void *table, size_t i,
			struct elfcore_phdr *ph)
{
	const unsigned char *p = table;

	if (eh->cls == ELFCLASS64) {
		Elf64_Phdr h;

		memcpy(&h, p + i * sizeof(h), sizeof(h));
		*ph = (struct elfcore_phdr){ h.p_type, h.p_flags, h.p_offset, h.p_vaddr,
					     h.p_paddr, h.p_filesz, h.p_memsz, h.p_align };
	} else {
		Elf32_Phdr h;

		memcpy(&h, p + i * sizeof(h), sizeof(h));
		*ph = (struct elfcore_phdr){ h.p_type, h.p_flags, h.p_offset, h.p_vaddr,
					     h.p_paddr, h.p_filesz, h.p_memsz, h.p_align };
	}
}

static const char *type_name(uint32_t type)
{
	return type == PT_LOAD ? "PT_LOAD" : type == PT_NOTE ? "PT_NOTE" : "segment";
}

/* A program header's file or memory range; inclusive, so that one
 * ending at 2^64 - 1 does not wrap (kjump/range.h). */
struct range {
	struct kj_range span;
	size_t index;
};

static int range_cmp(const void *a, const void *b)
{
	const struct range *x = a, *y = b;

	if (x->span.start != y->span.start)
		return x->span.start < y->span.start ? -1 : 1;
	return x->span.end < y->span.end ? -1 : x->span.end > y->span.end;
}

bool elfcore_maps_x86_64_kernel_image(const struct elfcore_ehdr *eh,
				      const struct elfcore_phdr *ph)
{
	return eh->cls == ELFCLASS64 && eh->machine == EM_X86_64 &&
	       ph->type == PT_LOAD && ph->vaddr >= ELFCORE_X86_64_KERNEL_MAP;
}

/* Two mappings of the same memory at distinct virtual addresses. */
static bool is_alias(const struct elfcore_phdr *a, const struct elfcore_phdr *b)
{
	if (!a->vaddr || !b->vaddr)
		return false;
	return a->vaddr + a->memsz <= b->vaddr || b->vaddr + b->memsz <= a->vaddr;
}

static int check_one(const struct elfcore_phdr *p, size_t i, uint64_t file_size,
		     struct kj_error *err)
{
	if (p->offset + p->filesz < p->offset)
		return kj_fail(err, "bad %s %zu: offset 0x%llx + size 0x%llx wraps around",
			       type_name(p->type), i, (unsigned long long)p->offset,
			       (unsigned long long)p->filesz);
	if (p->offset + p->filesz > file_size)
		return kj_fail(err, "truncated core: %s %zu needs bytes up to %llu, the file has %llu",
			       type_name(p->type), i,
			       (unsigned long long)(p->offset + p->filesz),
			       (unsigned long long)file_size);
	if (p->type == PT_LOAD && p->filesz > p->memsz)
		return kj_fail(err, "bad PT_LOAD %zu: filesz 0x%llx exceeds memsz 0x%llx", i,
			       (unsigned long long)p->filesz, (unsigned long long)p->memsz);
	if (p->type == PT_LOAD && p->memsz && p->paddr + p->memsz - 1 < p->paddr)
		return kj_fail(err, "bad PT_LOAD %zu: 0x%llx + 0x%llx wraps around", i,
			       (unsigned long long)p->paddr, (unsigned long long)p->memsz);
	return 0;
}

/* Sorted ranges must not overlap, save for ALLOW(earlier, later). */
static int check_sorted(const struct elfcore_phdr *ph, struct range *r, size_t n,
			bool physical, struct kj_error *err)
{
	size_t cover = 0;	/* the range reaching furthest so far */

	qsort(r, n, sizeof(*r), range_cmp);
	for (size_t k = 1; k < n; k++) {
		const struct range *c = &r[cover];
		const struct elfcore_phdr *a = &ph[c->index], *b = &ph[r[k].index];

		if (kj_range_overlaps(&r[k].span, &c->span)) {
			if (!physical) {
				bool swap = c->index > r[k].index;
				const struct elfcore_phdr *lo = swap ? b : a, *hi = swap ? a : b;

				return kj_fail(err, "bad core: the file data of %s %zu and %s %zu overlap",
					       type_name(lo->type), swap ? r[k].index : c->index,
					       type_name(hi->type), swap ? c->index : r[k].index);
			}
			if (!is_alias(a, b))
				return kj_fail(err, "bad core: PT_LOAD %zu (0x%llx-0x%llx) and PT_LOAD %zu (0x%llx-0x%llx) overlap",
					       c->index, (unsigned long long)a->paddr,
					       (unsigned long long)(a->paddr + a->memsz - 1),
					       r[k].index, (unsigned long long)b->paddr,
					       (unsigned long long)(b->paddr + b->memsz - 1));
		}
		if (r[k].span.end > c->span.end)
			cover = k;
	}
	return 0;
}

int elfcore_check_phdrs(const struct elfcore_phdr *ph, size_t n, uint64_t file_size,
			struct kj_error *err)
{
	struct range *r;
	size_t nr = 0;
	int rc = -1;

	r = calloc(n ? n : 1, sizeof(*r));
	if (!r)
		return kj_fail(err, "out of memory checking %zu program headers", n);
	for (size_t i = 0; i < n; i++) {
		if (ph[i].type != PT_LOAD && ph[i].type != PT_NOTE)
			continue;
		if (check_one(&ph[i], i, file_size, err) < 0)
			goto out;
		/* check_one(): the data lies inside the file, no wrap. */
		if (ph[i].filesz)
			r[nr++] = (struct range){ { ph[i].offset, ph[i].offset + ph[i].filesz - 1 }, i };
	}
	if (check_sorted(ph, r, nr, false, err) < 0)
		goto out;
	nr = 0;
	for (size_t i = 0; i < n; i++)
		if (ph[i].type == PT_LOAD && ph[i].memsz)
			r[nr++] = (struct range){ { ph[i].paddr, ph[i].paddr + (ph[i].memsz - 1) }, i };
	rc = check_sorted(ph, r, nr, true, err);
out:
	free(r);
	return rc;
}

bool elfcore_needs_xnum(uint32_t phnum)
{
	return phnum >= PN_XNUM;
}

size_t elfcore_put_ehdr(void *buf, const struct elfcore_ehdr *eh)
{
	bool xnum = elfcore_needs_xnum(eh->phnum);
	unsigned char ident[EI_NIDENT] = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3,
					   (unsigned char)eh->cls, ELFDATA2LSB, EV_CURRENT,
					   eh->osabi };

	if (eh->cls == ELFCLASS64) {
		Elf64_Ehdr e = {
			.e_type = ET_CORE, .e_machine = eh->machine, .e_version = EV_CURRENT,
			.e_phoff = eh->phoff, .e_flags = eh->flags,
			.e_ehsize = sizeof(Elf64_Ehdr), .e_phentsize = sizeof(Elf64_Phdr),
			.e_phnum = xnum ? PN_XNUM : (Elf64_Half)eh->phnum,
		};

		memcpy(e.e_ident, ident, EI_NIDENT);
		/* As fs/binfmt_elf.c fill_extnum_info(): one null section. */
		if (xnum) {
			e.e_shoff = eh->shoff;
			e.e_shentsize = sizeof(Elf64_Shdr);
			e.e_shnum = 1;
		}
		memcpy(buf, &e, sizeof(e));
		return sizeof(e);
	} else {
		Elf32_Ehdr e = {
			.e_type = ET_CORE, .e_machine = eh->machine, .e_version = EV_CURRENT,
			.e_phoff = (Elf32_Off)eh->phoff, .e_flags = eh->flags,
			.e_ehsize = sizeof(Elf32_Ehdr), .e_phentsize = sizeof(Elf32_Phdr),
			.e_phnum = xnum ? PN_XNUM : (Elf32_Half)eh->phnum,
		};

		memcpy(e.e_ident, ident, EI_NIDENT);
		if (xnum) {
			e.e_shoff = (Elf32_Off)eh->shoff;
			e.e_shentsize = sizeof(Elf32_Shdr);
			e.e_shnum = 1;
		}
		memcpy(buf, &e, sizeof(e));
		return sizeof(e);
	}
}

int elfcore_put_phdr(void *buf, unsigned int cls, const struct elfcore_phdr *ph,
		     struct kj_error *err)
{
	if (cls == ELFCLASS64) {
		Elf64_Phdr h = { ph->type, ph->flags, ph->offset, ph->vaddr, ph->paddr,
				 ph->filesz, ph->memsz, ph->align };

		memcpy(buf, &h, sizeof(h));
		return (int)sizeof(h);
	}
	if ((ph->offset | ph->vaddr | ph->paddr | ph->filesz | ph->memsz | ph->align) >> 32)
		return kj_fail(err, "%s at 0x%llx does not fit an ELF32 program header",
			       type_name(ph->type), (unsigned long long)ph->paddr);
	{
		Elf32_Phdr h = { ph->type, (Elf32_Off)ph->offset, (Elf32_Addr)ph->vaddr,
				 (Elf32_Addr)ph->paddr, (Elf32_Word)ph->filesz,
				 (Elf32_Word)ph->memsz, ph->flags, (Elf32_Word)ph->align };

		memcpy(buf, &h, sizeof(h));
		return (int)sizeof(h);
	}
}

size_t elfcore_put_xnum_shdr(void *buf, unsigned int cls, uint32_t phnum)
{
	/* SHT_NULL; sh_size is e_shnum (1), sh_info the program header count. */
	if (cls == ELFCLASS64) {
		Elf64_Shdr s = { .sh_type = SHT_NULL, .sh_size = 1, .sh_info = phnum };

		memcpy(buf, &s, sizeof(s));
		return sizeof(s);
	} else {
		Elf32_Shdr s = { .sh_type = SHT_NULL, .sh_size = 1, .sh_info = phnum };

		memcpy(buf, &s, sizeof(s));
		return sizeof(s);
	}
}

static size_t note_align(size_t n)
{
	return (n + ELFCORE_NOTE_ALIGN - 1) & ~(size_t)(ELFCORE_NOTE_ALIGN - 1);
}

int elfcore_note_next(const void *buf, size_t len, size_t *pos,
		      struct elfcore_note *note, struct kj_error *err)
{
	const uint8_t *p = buf;
	Elf32_Nhdr nh;	/* the same layout as Elf64_Nhdr */
	size_t at = *pos, name_room, desc_room;

	if (at >= len)
		return 0;
	if (len - at < sizeof(nh))
		return kj_fail(err, "bad note at offset %zu: %zu bytes left, a note header needs %zu",
			       at, len - at, sizeof(nh));
	memcpy(&nh, p + at, sizeof(nh));
	if (!nh.n_namesz && !nh.n_descsz && !nh.n_type)
		return 0;
	at += sizeof(nh);
	name_room = note_align(nh.n_namesz);
	if (nh.n_namesz > len - at || name_room > len - at)
		return kj_fail(err, "bad note at offset %zu: name size %u runs past the note segment",
			       *pos, nh.n_namesz);
	note->name = (const char *)p + at;
	note->namesz = nh.n_namesz;
	note->type = nh.n_type;
	at += name_room;
	desc_room = note_align(nh.n_descsz);
	/* The last note may lack the padding after its descriptor. */
	if (nh.n_descsz > len - at)
		return kj_fail(err, "bad note at offset %zu: descriptor size %u runs past the note segment",
			       *pos, nh.n_descsz);
	note->desc = p + at;
	note->descsz = nh.n_descsz;
	*pos = desc_room > len - at ? len : at + desc_room;
	return 1;
}

bool elfcore_note_is(const struct elfcore_note *note, const char *name, uint32_t type)
{
	size_t n = strlen(name);

	return note->type == type && note->namesz >= n &&
	       memcmp(note->name, name, n) == 0 &&
	       (note->namesz == n || (note->namesz == n + 1 && note->name[n] == '\0'));
}

size_t elfcore_note_size(const char *name, size_t descsz)
{
	return sizeof(Elf32_Nhdr) + note_align(strlen(name) + 1) + note_align(descsz);
}

size_t elfcore_put_note(void *buf, const char *name, uint32_t type, const void *desc,
			size_t descsz)
{
	uint8_t *p = buf;
	Elf32_Nhdr nh = { (Elf32_Word)(strlen(name) + 1), (Elf32_Word)descsz, type };
	size_t at = sizeof(nh);

	memcpy(p, &nh, sizeof(nh));
	memset(p + at, 0, note_align(nh.n_namesz));
	memcpy(p + at, name, nh.n_namesz);
	at += note_align(nh.n_namesz);
	memset(p + at, 0, note_align(descsz));
	if (descsz)
		memcpy(p + at, desc, descsz);
	return at + note_align(descsz);
}
