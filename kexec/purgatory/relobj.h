/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reading an untrusted ELF relocatable object (ET_REL) with libelf: the
 * first half of the purgatory linker (link.h).  relobj_open() checks the
 * header against what the caller wants, that every section's contents
 * lie inside the file and that there is exactly one symbol table linked
 * to a string table; the accessors below then check every index they
 * are given.  libelf only ever sees a private copy of the bytes.
 */
#ifndef KJUMP_KEXEC_PURGATORY_RELOBJ_H
#define KJUMP_KEXEC_PURGATORY_RELOBJ_H

#include <gelf.h>
#include <stddef.h>
#include <stdint.h>

#include "kjump/error.h"

/* The objects a caller accepts: little-endian, of this class and machine. */
struct relobj_target {
	const char *name;		/* in messages, e.g. "x86_64" */
	unsigned char elf_class;	/* ELFCLASS32 or ELFCLASS64 */
	uint16_t machine;		/* e_machine */
};

struct relobj {
	struct kj_error *err;
	char *copy;		/* what libelf reads: ours, writable, aligned */
	size_t copy_size;
	Elf *elf;
	size_t shnum;
	size_t shstrndx;
	size_t symtab;		/* section index of the symbol table */
	size_t strtab;		/* ... and of its string table */
	Elf_Data *symdata;
	size_t nr_syms;
};

/*
 * Copy OBJ (SIZE bytes) and check it as above.  Errors go to ERR, which
 * the accessors keep using.  Call relobj_close() whatever this returns.
 */
int relobj_open(struct relobj *o, const struct relobj_target *want,
		const void *obj, size_t size, struct kj_error *err);
void relobj_close(struct relobj *o);

int relobj_shdr(struct relobj *o, size_t index, GElf_Shdr *shdr);
int relobj_symbol(struct relobj *o, size_t index, GElf_Sym *sym);
/* "?" when the name is unreadable: these only ever go into messages. */
const char *relobj_section_name(struct relobj *o, const GElf_Shdr *shdr);
const char *relobj_symbol_name(struct relobj *o, const GElf_Sym *sym);

/* Fail with "purgatory object: WHAT: " and libelf's reason. */
int relobj_failed(struct relobj *o, const char *what);

#endif
