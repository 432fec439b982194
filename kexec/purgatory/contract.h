/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The purgatory as kexec sees it: an ELF relocatable object embedded in
 * the binary (arch/x86/purgatory_reloc.h), linked for a physical address
 * at load time (link.h), configured by writing its variables
 * (include/kjump/purgatory.h) by name, and finally added to the plan as
 * the segment kexec enters.
 *
 * A loader does:
 *   purgatory_prepare(ctx, arch, min, max, &p);	after its own segments
 *   purgatory_set(p, "purgatory_regs64", &regs, sizeof(regs), err);
 *   purgatory_set(p, "purgatory_entry_mode", &mode, sizeof(mode), err);
 *   purgatory_finish(p, plan, err);			last segment, sets the entry
 *
 * Everything is allocated in the load context, so there is nothing to
 * free: load_context_free() releases it with the plan's buffers.
 */
#ifndef KJUMP_KEXEC_PURGATORY_CONTRACT_H
#define KJUMP_KEXEC_PURGATORY_CONTRACT_H

#include <stddef.h>
#include <stdint.h>

#include "arch/x86/purgatory_reloc.h"
#include "load/image.h"
#include "kjump/error.h"
#include "kjump/purgatory.h"
#include "load/image.h"
#include "plan/plan.h"

/*
 * Both purgatories use 32-bit absolute addresses (the i386 one
 * everywhere, the x86_64 one on its way to a 32-bit image), so they
 * always live below 4 GiB.
 */
#define PURGATORY_ADDR_LIMIT	0xffffffffull

struct purgatory;

/*
 * Lay out the embedded purgatory for ARCH at a physical address that
 * hole_find() picks inside [MIN, MAX] (clamped below 4 GiB; in the
 * crash reservation for KEXEC_ON_CRASH plans), away from the plan's
 * segments so far, and relocate it there.  Errors go to ctx->err.
 */
int purgatory_prepare(struct load_context *ctx, enum purgatory_arch arch,
		      uint64_t min, uint64_t max, struct purgatory **out);

/*
 * The same for an arbitrary object OBJ of SIZE bytes at a fixed BASE
 * (page-aligned, below 4 GiB): for the tests and for fuzzing the
 * relocator.  OBJ is untrusted; it is copied, not modified.
 */
int purgatory_load_object(struct load_context *ctx, enum purgatory_arch arch,
			  const void *obj, size_t size, uint64_t base,
			  struct purgatory **out);

/*
 * Write (read) the global symbol SYMBOL of the relocated image.  SIZE
 * must equal the symbol's st_size: a mismatch means kexec and the
 * purgatory disagree about the contract.
 */
int purgatory_set(struct purgatory *p, const char *symbol, const void *value,
		  size_t size, struct kj_error *err);
int purgatory_get(const struct purgatory *p, const char *symbol, void *value,
		  size_t size, struct kj_error *err);

/* Physical address and size of global symbol SYMBOL. */
int purgatory_symbol(const struct purgatory *p, const char *symbol,
		     uint64_t *addr, size_t *size, struct kj_error *err);

/* Physical address of purgatory_start. */
uint64_t purgatory_entry(const struct purgatory *p);
/* Where the image lies: [base, base + size). */
uint64_t purgatory_base(const struct purgatory *p);
size_t purgatory_size(const struct purgatory *p);
enum purgatory_arch purgatory_arch(const struct purgatory *p);

/*
 * Record the SHA-256 of every segment already in PLAN (bufsz bytes
 * each; a large one as several regions, plan_digest()) in
 * purgatory_regions, check that purgatory_entry_mode is set to
 * a mode this purgatory supports, add the purgatory as the segment
 * "purgatory" and point plan->entry at purgatory_start.  Call it after
 * the last segment the purgatory should verify, once.
 */
int purgatory_finish(struct purgatory *p, struct kexec_plan *plan,
		     struct kj_error *err);

#endif
