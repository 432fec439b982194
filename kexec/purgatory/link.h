/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A small static linker for one ELF relocatable object: what the
 * purgatory needs, in the way the kernel's kexec_file.c loads its own.
 * It packs the object's SHF_ALLOC sections into one image, gives each
 * symbol its address for a base picked by the caller and applies the
 * object's REL and RELA relocations, leaving the arithmetic of each
 * relocation type to the architecture (struct link_arch).  Little-endian
 * objects only.
 *
 *   link_open(&lo, arch, obj, size, err);	read, check, lay out
 *   ... pick a base for lo.image_size bytes ...
 *   link_place(ctx, &lo, base, &image);	copy, relocate, export
 *   link_close(&lo);				always, even after a failure
 */
#ifndef KJUMP_KEXEC_PURGATORY_LINK_H
#define KJUMP_KEXEC_PURGATORY_LINK_H

#include <stddef.h>
#include <stdint.h>

#include "load/image.h"
#include "kjump/error.h"
#include "purgatory/relobj.h"

/* What the linker asks of an architecture. */
struct link_arch {
	struct relobj_target target;	/* the objects it links */
	/* Bytes relocation TYPE writes: 0 for none, -1 if unsupported. */
	int (*reloc_width)(uint32_t type);
	/*
	 * The field's new contents for a relocation of TYPE at address P
	 * against symbol address S with addend A, all modulo 2^64.  Only
	 * called for types reloc_width() accepted with a width above 0;
	 * fails (into ERR) when the value does not fit the field.
	 */
	int (*reloc_value)(uint32_t type, uint64_t s, uint64_t a, uint64_t p,
			   uint64_t *value, struct kj_error *err);
};

/* The object being linked. */
struct link_object {
	struct relobj obj;
	const struct link_arch *arch;
	uint64_t *offset;	/* per section: offset in the image or LINK_NOT_PLACED */
	uint64_t image_size;
};

#define LINK_NOT_PLACED		UINT64_MAX

/* A global, defined, loaded symbol of the linked image. */
struct link_symbol {
	const char *name;
	uint64_t offset;	/* from the image base */
	uint64_t size;
};

/* The result, allocated in the load context. */
struct link_image {
	uint8_t *bytes;		/* size bytes, relocated for base */
	size_t size;
	uint64_t base;
	struct link_symbol *symbols;
	size_t nr_symbols;
};

/*
 * The image is placed at a page-aligned base: no section may ask for a
 * stricter alignment than that.
 */
#define LINK_BASE_ALIGN		PLAN_PAGE_SIZE

/*
 * Read the untrusted OBJ of SIZE bytes (copied, never modified) for
 * ARCH and lay out its sections: lo->image_size is then known.
 */
int link_open(struct link_object *lo, const struct link_arch *arch,
	      const void *obj, size_t size, struct kj_error *err);
void link_close(struct link_object *lo);

/*
 * Build the image for BASE (LINK_BASE_ALIGN-aligned): refuse undefined
 * symbols, copy the sections, relocate them and collect the global
 * symbols.  Memory comes from CTX; errors go to the error link_open()
 * was given.
 */
int link_place(struct load_context *ctx, struct link_object *lo, uint64_t base,
	       struct link_image *image);

/*
 * The address symbol INDEX of LO has in an image at BASE: its value if
 * it is absolute, else its place in a loaded section, which must hold it.
 */
int link_symbol_address(struct link_object *lo, size_t index, uint64_t base,
			uint64_t *addr);

/* The global symbol NAME of IMAGE, or NULL. */
const struct link_symbol *link_find_symbol(const struct link_image *image,
					   const char *name);

#endif
