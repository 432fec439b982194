// SPDX-License-Identifier: GPL-2.0-only
/*
 * Relocating the purgatory image: walk the REL and RELA sections, check
 * each entry against the section it patches and hand the arithmetic to
 * the architecture (struct link_arch).  Fields are little-endian.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <string.h>

#include "purgatory/relocate.h"

/* A relocation, whichever of REL and RELA it came from. */
struct reloc {
	uint64_t offset;	/* in the target section */
	uint32_t type;
	size_t sym;
	bool has_addend;
	int64_t addend;
};

static uint64_t load_le(const uint8_t *p, int width)
{
	uint64_t v = 0;

	for (int i = width - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static void store_le(uint8_t *p, uint64_t v, int width)
{
	for (int i = 0; i < width; i++, v >>= 8)
		p[i] = (uint8_t)v;
}

static int apply_reloc(struct link_object *lo, uint8_t *image, uint64_t base,
		       size_t target, const GElf_Shdr *tsh, const struct reloc *r)
{
	struct relobj *o = &lo->obj;
	int width = lo->arch->reloc_width(r->type);
	uint64_t s, a, p, value = 0;	/* kj_fail() is opaque to -Wmaybe-uninitialized */
	uint8_t *loc;

	if (width < 0)
		return kj_fail(o->err, "purgatory object: unsupported %s relocation type %u "
			       "in section %s", lo->arch->target.name, r->type,
			       relobj_section_name(o, tsh));
	if (width == 0)
		return 0;
	if (r->offset > tsh->sh_size || (uint64_t)width > tsh->sh_size - r->offset)
		return kj_fail(o->err, "purgatory object: relocation at %s+%#" PRIx64
			       " lies outside the section", relobj_section_name(o, tsh),
			       r->offset);
	if (link_symbol_address(lo, r->sym, base, &s) < 0)
		return -1;
	loc = image + lo->offset[target] + r->offset;
	p = base + lo->offset[target] + r->offset;
	if (r->has_addend) {
		a = (uint64_t)r->addend;
	} else {
		/*
		 * REL: the gABI ("Relocation") keeps the addend in the
		 * field itself; a 32-bit one is signed, as the i386 ABI's
		 * PC-relative kind needs.
		 */
		a = load_le(loc, width);
		if (width == 4)
			a = (uint64_t)(int64_t)(int32_t)(uint32_t)a;
	}
	if (lo->arch->reloc_value(r->type, s, a, p, &value, o->err) < 0)
		return -1;
	store_le(loc, value, width);
	return 0;
}

static int read_reloc(struct relobj *o, Elf_Data *data, bool rela, size_t i,
		      struct reloc *r)
{
	GElf_Rela ra;
	GElf_Rel rl;

	memset(r, 0, sizeof(*r));
	if (rela) {
		if (!gelf_getrela(data, (int)i, &ra))
			return relobj_failed(o, "cannot read a relocation");
		r->offset = ra.r_offset;
		r->type = GELF_R_TYPE(ra.r_info);
		r->sym = GELF_R_SYM(ra.r_info);
		r->has_addend = true;
		r->addend = ra.r_addend;
	} else {
		if (!gelf_getrel(data, (int)i, &rl))
			return relobj_failed(o, "cannot read a relocation");
		r->offset = rl.r_offset;
		r->type = GELF_R_TYPE(rl.r_info);
		r->sym = GELF_R_SYM(rl.r_info);
	}
	return 0;
}

static int relocate_section(struct link_object *lo, uint8_t *image, uint64_t base,
			    size_t index, const GElf_Shdr *rsh)
{
	struct relobj *o = &lo->obj;
	bool rela = rsh->sh_type == SHT_RELA;
	size_t target = rsh->sh_info, entsize, count;
	GElf_Shdr tsh;
	Elf_Data *data;

	if (target == 0 || target >= o->shnum)
		return kj_fail(o->err, "purgatory object: relocation section %s applies to "
			       "bad section %zu", relobj_section_name(o, rsh), target);
	if (lo->offset[target] == LINK_NOT_PLACED)
		return 0;	/* debugging information and the like */
	if (relobj_shdr(o, target, &tsh) < 0)
		return -1;
	if (tsh.sh_type == SHT_NOBITS)
		return kj_fail(o->err, "purgatory object: relocations for %s, which has no "
			       "contents", relobj_section_name(o, &tsh));
	if (rsh->sh_link != o->symtab)
		return kj_fail(o->err, "purgatory object: relocation section %s uses symbol "
			       "table %u, not %zu", relobj_section_name(o, rsh), rsh->sh_link,
			       o->symtab);
	data = elf_getdata(elf_getscn(o->elf, index), NULL);
	if (!data || data->d_type != (rela ? ELF_T_RELA : ELF_T_REL))
		return relobj_failed(o, "cannot read relocations");
	entsize = gelf_fsize(o->elf, rela ? ELF_T_RELA : ELF_T_REL, 1, EV_CURRENT);
	if (!entsize)
		return relobj_failed(o, "cannot size relocations");
	count = data->d_size / entsize;
	for (size_t i = 0; i < count; i++) {
		struct reloc r;

		if (read_reloc(o, data, rela, i, &r) < 0 ||
		    apply_reloc(lo, image, base, target, &tsh, &r) < 0)
			return -1;
	}
	return 0;
}

int link_relocate(struct link_object *lo, uint8_t *image, uint64_t base)
{
	for (size_t i = 1; i < lo->obj.shnum; i++) {
		GElf_Shdr sh;

		if (relobj_shdr(&lo->obj, i, &sh) < 0)
			return -1;
		if (sh.sh_type != SHT_REL && sh.sh_type != SHT_RELA)
			continue;
		if (relocate_section(lo, image, base, i, &sh) < 0)
			return -1;
	}
	return 0;
}
