/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Image types and the context a loader works in.
 *
 * Each type has a probe (is this file mine? if not, why), a load (build
 * the plan) and a usage text.  Types are tried in table order; -t picks
 * one by name.  A loader only fills ctx->plan: it never calls the
 * kernel, and it keeps every buffer the plan points at alive by
 * allocating it through load_context_alloc().
 */
#ifndef KJUMP_IMAGE_H
#define KJUMP_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "arch/arch.h"
#include "kjump/error.h"
#include "kjump/file.h"
#include "load/request.h"
#include "plan/hole.h"
#include "plan/plan.h"
#include "system/memmap.h"

/*
 * What the running system says about its firmware and its own boot,
 * for loaders that hand a kernel boot parameters as a boot loader would
 * (arch/x86/firmware.h).  A NULL path is a source the system lacks.
 */
struct boot_sources {
	const char *efi_dir;		/* /sys/firmware/efi */
	const char *boot_params;	/* /sys/kernel/boot_params/data */
	const char *graphics_dir;	/* /sys/class/graphics */
	/* Random seeds are a fixed pattern instead of getrandom()'s bytes
	 * (--dry-run: the plan's digests stay the same run after run). */
	bool fixed_seed;
};

struct load_context {
	const struct load_request *req;
	const struct kexec_arch *arch;	/* of the kernel that loads */
	const struct memory_map *map;
	struct kexec_plan *plan;
	struct kj_error *err;
	const char *proc_cmdline;	/* path, for --reuse-cmdline */
	/* The memory map the new kernel is told about: MAP itself, or for
	 * a capture kernel a map confined to the crash reservation. */
	const struct memory_map *boot_map;
	/* Appended to the new kernel's command line (e.g. elfcorehdr=). */
	const char *cmdline_extra;
	/* Bytes kexec's purgatory may append to the command line later. */
	size_t cmdline_reserve;
	/* The physical window segments go in: --mem-min/--mem-max, or the
	 * range a kexec jump confines kernel B to. */
	uint64_t window_min, window_max;
	const char *window_from;	/* what set them, for messages */
	struct boot_sources boot;
	/*
	 * A type that wraps another image (uki) loads the inner one with
	 * these in place of the request's --initrd and command line:
	 * an initrd already in memory, and a command line used instead of
	 * --append/--reuse-cmdline.  NULL: the request's own.
	 */
	const struct kj_blob *initrd_override;
	const char *cmdline_override;

	/* Buffers that must live as long as the plan. */
	void **owned;
	size_t nr_owned;
	size_t cap_owned;
	/* Files mapped (or read) for segments, load_context_map_file(). */
	struct kj_blob *files;
	size_t nr_files;
	size_t cap_files;
};

struct image_type {
	const char *name;
	const char *summary;
	/* 0 if IMAGE is of this type; otherwise -1 and the reason in WHY. */
	int (*probe)(const struct kj_blob *image, struct kj_error *why);
	int (*load)(struct load_context *ctx, const struct kj_blob *image);
	void (*usage)(FILE *out);
	/* The kernel's own loader understands it (kexec_file_load)... */
	bool kernel_can_load;
	/* ...unless this says why not for IMAGE (NULL: no objection). */
	const char *(*file_load_refusal)(const struct kj_blob *image);
	/* For kexec_file_load: the new kernel's command line (load_cmdline())
	 * checked against what IMAGE takes; NULL: load_cmdline() as is. */
	char *(*file_load_cmdline)(struct load_context *ctx, const struct kj_blob *image);
	/* A type that wraps another image (uki): the inner image in INNER
	 * and its type, with ctx's initrd and command line overrides set
	 * from the wrapper; NULL on error.  kexec_file_load is handed the
	 * inner image. */
	const struct image_type *(*unwrap)(struct load_context *ctx, const struct kj_blob *image,
					   struct kj_blob *inner);
	/* A Linux kernel (with --args-linux for ELF): a capture kernel gets
	 * an ELF core header and a confined memory map. */
	bool linux_kernel;
	/* What it is passed without --args-*, what else it takes, and the
	 * one line saying which --args-* it refuses. */
	enum args_style default_args;
	struct image_accepts accepts;
	const char *args_refusal;
};

const struct image_type *image_type_by_name(const char *name);

/*
 * The type of IMAGE: FORCED by name when non-NULL, else the first
 * whose probe accepts it.  The error names every type's objection.
 */
const struct image_type *image_type_select(const struct kj_blob *image,
					   const char *forced, struct kj_error *err);

void image_types_usage(FILE *out);

/* REQ may be NULL (tests, tools): no options, the whole address space. */
void load_context_init(struct load_context *ctx, const struct load_request *req,
		       const struct memory_map *map, struct kexec_plan *plan,
		       struct kj_error *err);
/* Take ownership of PTR (freed by load_context_free); NULL on failure. */
void *load_context_own(struct load_context *ctx, void *ptr);
void *load_context_alloc(struct load_context *ctx, size_t size);
/*
 * LIMIT, or less: nothing loaded can be larger than the System RAM it is
 * loaded into, so no file (or decompressed image) is read past that.
 */
size_t load_file_limit(const struct load_context *ctx, size_t limit);

/*
 * Map PATH (kj_map_file(): no copy) for a segment buffer that lives as
 * long as CTX; refuses files above load_file_limit(CTX, LIMIT) bytes.
 */
int load_context_map_file(struct load_context *ctx, const char *path, size_t limit,
			  struct kj_blob *out);
void load_context_free(struct load_context *ctx);

/*
 * The initrd of the load in *OUT: ctx->initrd_override, else the
 * request's --initrd mapped (at most LIMIT bytes).  Returns 1 when there
 * is one, 0 when there is none, -1 on error.
 */
int load_context_initrd(struct load_context *ctx, size_t limit, struct kj_blob *out);

/*
 * The new kernel's command line: the request's (--append,
 * --reuse-cmdline), or ctx->cmdline_override when set, and then CTX's
 * cmdline_extra; owned by CTX and recorded in the plan.
 */
char *load_cmdline(struct load_context *ctx);

/* Find room as WHERE says (its size is MEMSZ) and add the segment there. */
int load_add_buffer(struct load_context *ctx, const char *name, const void *buf, size_t bufsz,
		    uint64_t memsz, struct hole_request where, uint64_t *addr);

/*
 * A request for room between FLOOR and LIMIT (the loader's own bounds,
 * named FLOOR_FROM and LIMIT_FROM for messages) inside the load window
 * (--mem-min/--mem-max, or kernel B's range): page-aligned, lowest
 * first, and naming whichever bound is the tighter.
 */
struct hole_request load_hole(const struct load_context *ctx, uint64_t floor,
			      const char *floor_from, uint64_t limit, const char *limit_from);

/* The window's bounds, but never below FLOOR or above LIMIT. */
uint64_t load_window_min(const struct load_context *ctx, uint64_t floor);
uint64_t load_window_max(const struct load_context *ctx, uint64_t limit);

/* Every arch's table ends with it (load/raw.c). */
extern const struct image_type raw_image_type;

#endif
