// SPDX-License-Identifier: GPL-2.0-only
/*
 * Linking the purgatory object: section layout and symbols, and the
 * steps of link_place() (relocation is relocate.c's).  The object comes
 * from relobj.c, already checked; every index it holds is still checked
 * here before use.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "purgatory/link.h"
#include "purgatory/relocate.h"

/* The real images are ~25 KiB. */
#define IMAGE_MAX_BYTES		(1u << 20)

/* ---- Layout ------------------------------------------------------------ */

static int place_section(struct link_object *lo, size_t index, const GElf_Shdr *sh,
			 uint64_t *cursor)
{
	struct relobj *o = &lo->obj;
	uint64_t align = sh->sh_addralign ? sh->sh_addralign : 1;
	uint64_t start;

	if (align & (align - 1))
		return kj_fail(o->err, "purgatory object: section %s has alignment %#" PRIx64
			       ", not a power of two", relobj_section_name(o, sh), align);
	if (align > LINK_BASE_ALIGN)
		return kj_fail(o->err, "purgatory object: section %s wants alignment %#" PRIx64
			       ", more than a page", relobj_section_name(o, sh), align);
	start = (*cursor + align - 1) & ~(align - 1);
	if (sh->sh_size > IMAGE_MAX_BYTES || start + sh->sh_size > IMAGE_MAX_BYTES)
		return kj_fail(o->err, "purgatory object: image exceeds %u bytes",
			       IMAGE_MAX_BYTES);
	lo->offset[index] = start;
	*cursor = start + sh->sh_size;
	return 0;
}

/*
 * Pack the SHF_ALLOC sections in file order, contents first and NOBITS
 * after them, so the zeroed tail (stack, bss) is in one piece.
 */
static int layout(struct link_object *lo)
{
	struct relobj *o = &lo->obj;
	uint64_t cursor = 0;

	for (int want_nobits = 0; want_nobits <= 1; want_nobits++) {
		for (size_t i = 1; i < o->shnum; i++) {
			GElf_Shdr sh;

			if (relobj_shdr(o, i, &sh) < 0)
				return -1;
			if (!(sh.sh_flags & SHF_ALLOC) ||
			    (sh.sh_type == SHT_NOBITS) != want_nobits)
				continue;
			if (place_section(lo, i, &sh, &cursor) < 0)
				return -1;
		}
	}
	if (cursor == 0)
		return kj_fail(o->err, "purgatory object has nothing to load");
	lo->image_size = cursor;
	return 0;
}

/* NOBITS sections stay as calloc() left them: zero. */
static int copy_sections(struct link_object *lo, uint8_t *image)
{
	struct relobj *o = &lo->obj;

	for (size_t i = 1; i < o->shnum; i++) {
		GElf_Shdr sh;

		if (lo->offset[i] == LINK_NOT_PLACED)
			continue;
		if (relobj_shdr(o, i, &sh) < 0)
			return -1;
		if (sh.sh_type == SHT_NOBITS || sh.sh_size == 0)
			continue;
		/* Bounds: relobj_open() and place_section(). */
		memcpy(image + lo->offset[i], o->copy + sh.sh_offset, sh.sh_size);
	}
	return 0;
}

/* ---- Symbols ----------------------------------------------------------- */

/* A defined symbol's section must be loaded and contain its value. */
static int symbol_section(struct link_object *lo, const GElf_Sym *sym, GElf_Shdr *sh)
{
	struct relobj *o = &lo->obj;
	size_t index = sym->st_shndx;

	if (index == SHN_UNDEF)
		return kj_fail(o->err, "purgatory object: undefined symbol %s",
			       relobj_symbol_name(o, sym));
	if (index == SHN_COMMON)
		return kj_fail(o->err, "purgatory object: common symbol %s (build with "
			       "-fno-common)", relobj_symbol_name(o, sym));
	if (index >= SHN_LORESERVE || index >= o->shnum)
		return kj_fail(o->err, "purgatory object: symbol %s has bad section index %zu",
			       relobj_symbol_name(o, sym), index);
	if (relobj_shdr(o, index, sh) < 0)
		return -1;
	if (lo->offset[index] == LINK_NOT_PLACED)
		return kj_fail(o->err, "purgatory object: symbol %s is in section %s, which "
			       "is not loaded", relobj_symbol_name(o, sym),
			       relobj_section_name(o, sh));
	/* == is fine: end markers such as the stack top sit there. */
	if (sym->st_value > sh->sh_size)
		return kj_fail(o->err, "purgatory object: symbol %s lies outside section %s",
			       relobj_symbol_name(o, sym), relobj_section_name(o, sh));
	return 0;
}

int link_symbol_address(struct link_object *lo, size_t index, uint64_t base,
			uint64_t *addr)
{
	GElf_Shdr sh;
	GElf_Sym sym;

	if (relobj_symbol(&lo->obj, index, &sym) < 0)
		return -1;
	if (sym.st_shndx == SHN_ABS) {
		*addr = sym.st_value;
		return 0;
	}
	if (symbol_section(lo, &sym, &sh) < 0)
		return -1;
	*addr = base + lo->offset[sym.st_shndx] + sym.st_value;
	return 0;
}

/* Name every undefined symbol's problem up front, used or not. */
static int check_undefined(struct relobj *o)
{
	for (size_t i = 1; i < o->nr_syms; i++) {
		GElf_Sym sym;

		if (relobj_symbol(o, i, &sym) < 0)
			return -1;
		if (sym.st_shndx == SHN_UNDEF && sym.st_name != 0)
			return kj_fail(o->err, "purgatory object: undefined symbol %s",
				       relobj_symbol_name(o, &sym));
	}
	return 0;
}

static bool exported(const GElf_Sym *sym)
{
	int bind = GELF_ST_BIND(sym->st_info);

	return (bind == STB_GLOBAL || bind == STB_WEAK) && sym->st_name != 0 &&
	       sym->st_shndx != SHN_UNDEF && sym->st_shndx != SHN_ABS;
}

static int count_exported(struct relobj *o, size_t *count)
{
	*count = 0;
	for (size_t i = 1; i < o->nr_syms; i++) {
		GElf_Sym sym;

		if (relobj_symbol(o, i, &sym) < 0)
			return -1;
		*count += exported(&sym);
	}
	return 0;
}

/* Copy the global symbols into context memory for link_find_symbol(). */
static int collect_symbols(struct load_context *ctx, struct link_object *lo,
			   struct link_image *image)
{
	struct relobj *o = &lo->obj;
	size_t count, n = 0;

	if (count_exported(o, &count) < 0)
		return -1;
	image->symbols = load_context_alloc(ctx, count * sizeof(*image->symbols));
	if (!image->symbols)
		return -1;
	for (size_t i = 1; i < o->nr_syms && n < count; i++) {
		struct link_symbol *ls = &image->symbols[n];
		GElf_Shdr sh;
		GElf_Sym sym;

		if (relobj_symbol(o, i, &sym) < 0)
			return -1;
		if (!exported(&sym))
			continue;
		if (symbol_section(lo, &sym, &sh) < 0)
			return -1;
		if (sym.st_size > sh.sh_size - sym.st_value)
			return kj_fail(o->err, "purgatory object: symbol %s overruns section %s",
				       relobj_symbol_name(o, &sym), relobj_section_name(o, &sh));
		ls->name = load_context_own(ctx, strdup(relobj_symbol_name(o, &sym)));
		if (!ls->name)
			return -1;
		ls->offset = lo->offset[sym.st_shndx] + sym.st_value;
		ls->size = sym.st_size;
		n++;
	}
	image->nr_symbols = n;
	return 0;
}

const struct link_symbol *link_find_symbol(const struct link_image *image,
					   const char *name)
{
	for (size_t i = 0; i < image->nr_symbols; i++) {
		if (strcmp(image->symbols[i].name, name) == 0)
			return &image->symbols[i];
	}
	return NULL;
}

/* ---- The linker -------------------------------------------------------- */

int link_open(struct link_object *lo, const struct link_arch *arch,
	      const void *obj, size_t size, struct kj_error *err)
{
	memset(lo, 0, sizeof(*lo));
	lo->arch = arch;
	if (relobj_open(&lo->obj, &arch->target, obj, size, err) < 0)
		return -1;
	lo->offset = malloc(lo->obj.shnum * sizeof(*lo->offset));
	if (!lo->offset)
		return kj_fail(err, "out of memory");
	for (size_t i = 0; i < lo->obj.shnum; i++)
		lo->offset[i] = LINK_NOT_PLACED;
	return layout(lo);
}

void link_close(struct link_object *lo)
{
	relobj_close(&lo->obj);
	free(lo->offset);
	memset(lo, 0, sizeof(*lo));
}

int link_place(struct load_context *ctx, struct link_object *lo, uint64_t base,
	       struct link_image *image)
{
	memset(image, 0, sizeof(*image));
	if (check_undefined(&lo->obj) < 0)
		return -1;
	image->base = base;
	image->size = lo->image_size;
	image->bytes = load_context_alloc(ctx, image->size);
	if (!image->bytes)
		return -1;
	if (copy_sections(lo, image->bytes) < 0 || link_relocate(lo, image->bytes, base) < 0)
		return -1;
	return collect_symbols(ctx, lo, image);
}
