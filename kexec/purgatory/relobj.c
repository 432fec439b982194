// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading the purgatory object.  It is parsed as untrusted input even
 * though we built it: a fuzzer feeds this code, so every size, offset
 * and index read from the object is checked before it is used.
 */
#include <libelf.h>
#include <stdlib.h>
#include <string.h>

#include "purgatory/relobj.h"

/* Sanity limits for an untrusted object; the real ones are ~25 KiB. */
#define OBJECT_MAX_BYTES	(4u << 20)
#define SECTIONS_MAX		4096

/* libelf's last error; NULL when the complaint was ours, not libelf's. */
static const char *elf_why(void)
{
	const char *msg = elf_errmsg(-1);

	return msg ? msg : "malformed";
}

int relobj_failed(struct relobj *o, const char *what)
{
	return kj_fail(o->err, "purgatory object: %s: %s", what, elf_why());
}

int relobj_shdr(struct relobj *o, size_t index, GElf_Shdr *shdr)
{
	Elf_Scn *scn = elf_getscn(o->elf, index);

	if (!scn || !gelf_getshdr(scn, shdr))
		return kj_fail(o->err, "purgatory object: cannot read section header %zu: %s",
			       index, elf_why());
	return 0;
}

const char *relobj_section_name(struct relobj *o, const GElf_Shdr *shdr)
{
	const char *name = elf_strptr(o->elf, o->shstrndx, shdr->sh_name);

	return name ? name : "?";
}

const char *relobj_symbol_name(struct relobj *o, const GElf_Sym *sym)
{
	const char *name = elf_strptr(o->elf, o->strtab, sym->st_name);

	return name ? name : "?";
}

int relobj_symbol(struct relobj *o, size_t index, GElf_Sym *sym)
{
	if (index >= o->nr_syms || !gelf_getsym(o->symdata, (int)index, sym))
		return kj_fail(o->err, "purgatory object: no symbol %zu (the table has %zu)",
			       index, o->nr_syms);
	return 0;
}

void relobj_close(struct relobj *o)
{
	if (o->elf)
		elf_end(o->elf);
	free(o->copy);
	memset(o, 0, sizeof(*o));
}

static int check_header(struct relobj *o, const struct relobj_target *want)
{
	GElf_Ehdr eh;

	if (elf_kind(o->elf) != ELF_K_ELF)
		return kj_fail(o->err, "purgatory object is not an ELF file");
	if (!gelf_getehdr(o->elf, &eh))
		return relobj_failed(o, "bad ELF header");
	if (eh.e_ident[EI_CLASS] != want->elf_class || eh.e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh.e_machine != want->machine)
		return kj_fail(o->err, "purgatory object is not a little-endian %s ELF file",
			       want->name);
	if (eh.e_type != ET_REL)
		return kj_fail(o->err, "purgatory object is not relocatable (ELF type %u)",
			       eh.e_type);
	if (elf_getshdrnum(o->elf, &o->shnum) < 0)
		return relobj_failed(o, "cannot count sections");
	if (o->shnum < 2 || o->shnum > SECTIONS_MAX)
		return kj_fail(o->err, "purgatory object has %zu sections", o->shnum);
	if (elf_getshdrstrndx(o->elf, &o->shstrndx) < 0)
		return relobj_failed(o, "no section name table");
	return 0;
}

/* Every section's contents must lie inside the object. */
static int check_sections(struct relobj *o)
{
	for (size_t i = 1; i < o->shnum; i++) {
		GElf_Shdr sh;

		if (relobj_shdr(o, i, &sh) < 0)
			return -1;
		if (sh.sh_type == SHT_NOBITS)
			continue;
		if (sh.sh_offset > o->copy_size || sh.sh_size > o->copy_size - sh.sh_offset)
			return kj_fail(o->err, "purgatory object: section %zu (%s) lies outside "
				       "the file", i, relobj_section_name(o, &sh));
	}
	return 0;
}

static int find_symtab(struct relobj *o)
{
	GElf_Shdr sh, strsh;
	size_t symsize;

	for (size_t i = 1; i < o->shnum; i++) {
		if (relobj_shdr(o, i, &sh) < 0)
			return -1;
		if (sh.sh_type != SHT_SYMTAB)
			continue;
		if (o->symtab)
			return kj_fail(o->err, "purgatory object has more than one symbol table");
		o->symtab = i;
	}
	if (!o->symtab)
		return kj_fail(o->err, "purgatory object has no symbol table");
	if (relobj_shdr(o, o->symtab, &sh) < 0)
		return -1;
	if (sh.sh_link == 0 || sh.sh_link >= o->shnum ||
	    relobj_shdr(o, sh.sh_link, &strsh) < 0 || strsh.sh_type != SHT_STRTAB)
		return kj_fail(o->err, "purgatory object: symbol table links to bad string "
			       "table %u", sh.sh_link);
	o->strtab = sh.sh_link;
	o->symdata = elf_getdata(elf_getscn(o->elf, o->symtab), NULL);
	if (!o->symdata || o->symdata->d_type != ELF_T_SYM)
		return relobj_failed(o, "cannot read the symbol table");
	symsize = gelf_fsize(o->elf, ELF_T_SYM, 1, EV_CURRENT);
	if (!symsize)
		return relobj_failed(o, "cannot size symbols");
	o->nr_syms = o->symdata->d_size / symsize;
	return 0;
}

int relobj_open(struct relobj *o, const struct relobj_target *want,
		const void *obj, size_t size, struct kj_error *err)
{
	memset(o, 0, sizeof(*o));
	o->err = err;
	if (size == 0 || size > OBJECT_MAX_BYTES)
		return kj_fail(err, "purgatory object has a bad size (%zu bytes)", size);
	if (elf_version(EV_CURRENT) == EV_NONE)
		return kj_fail(err, "libelf: %s", elf_why());
	(void)elf_errno();	/* drop a stale error: messages must be about this object */
	/* libelf may convert data in place; never let it touch the
	 * caller's (possibly read-only) bytes. */
	o->copy = malloc(size);
	if (!o->copy)
		return kj_fail(err, "out of memory");
	memcpy(o->copy, obj, size);
	o->copy_size = size;
	o->elf = elf_memory(o->copy, size);
	if (!o->elf)
		return relobj_failed(o, "not readable");
	if (check_header(o, want) < 0 || check_sections(o) < 0 || find_symtab(o) < 0)
		return -1;
	return 0;
}
