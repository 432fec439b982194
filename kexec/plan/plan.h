/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A load plan: what kexec_load (or kexec_file_load) will be asked to do.
 *
 * Loaders only build plans.  plan_check() decides whether a plan may
 * be handed to the kernel; nothing else reaches the syscall layer.
 * Segment buffers are borrowed: the loader context owns them.
 */
#ifndef KJUMP_PLAN_H
#define KJUMP_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kjump/error.h"
#include "system/memmap.h"

/* include/uapi/linux/kexec.h */
#define KEXEC_ON_CRASH		0x00000001
#define KEXEC_PRESERVE_CONTEXT	0x00000002
#define KEXEC_ARCH_MASK		0xffff0000	/* KEXEC_ARCH_*: arch/<arch>/arch.h */

#define KEXEC_FILE_UNLOAD	0x00000001
#define KEXEC_FILE_ON_CRASH	0x00000002
#define KEXEC_FILE_NO_INITRAMFS	0x00000004
/* kexec_load, crash kernels: the kernel may rewrite the ELF core header
 * on CPU or memory hotplug (6.6+, CONFIG_CRASH_HOTPLUG; kexec-tools
 * passes this bit on x86). */
#define KEXEC_UPDATE_ELFCOREHDR	0x00000004

/* KEXEC_SEGMENT_MAX in include/linux/kexec.h of stock kernels. */
#define KEXEC_STOCK_SEGMENT_MAX	16

#define PLAN_PAGE_SIZE		4096ull
#define PLAN_NAME_MAX		24

enum plan_syscall {
	PLAN_KEXEC_LOAD,
	PLAN_KEXEC_FILE_LOAD,
};

struct plan_segment {
	char name[PLAN_NAME_MAX];	/* for humans: "kernel", "initrd", ... */
	const void *buf;
	size_t bufsz;
	uint64_t mem;			/* page-aligned destination */
	uint64_t memsz;			/* page-rounded, >= bufsz */
	/* The running kernel rewrites it after the load (a crash kernel's
	 * core header with --hotplug), so the purgatory must not verify it
	 * (kexec_file.c leaves it out of its digest for the same reason). */
	bool kernel_rewrites;
	/*
	 * Digests, once plan_digest() made them: the bufsz bytes are
	 * nr_regions regions of region_len bytes (the last one may be
	 * shorter).  One region: its digest is sha256.  Several (a
	 * segment of PLAN_SPLIT_MIN bytes or more): region_sha256[i],
	 * owned by the plan; no digest of the whole segment is made.
	 */
	uint8_t sha256[32];
	uint8_t (*region_sha256)[32];
	size_t nr_regions;		/* 0: not hashed yet */
	uint64_t region_len;
};

/*
 * A line a loader attaches to the plan for the reader (--dry-run,
 * --json, --debug): what it passed the new kernel besides the segments'
 * bytes, or what it left out and why.  TOPIC is a short word
 * ("setup_data", "efi"...), TEXT one line; both owned by the plan.
 */
struct plan_detail {
	char topic[PLAN_NAME_MAX];
	char *text;
};

/* More than any loader attaches; a bound on what a bug could add. */
#define PLAN_DETAILS_MAX	256

struct kexec_plan {
	enum plan_syscall syscall;
	unsigned long flags;		/* KEXEC_* flags incl. the arch */
	uint64_t entry;
	bool entry_outside_segments;	/* jump-back helper: entry is in A */

	struct plan_segment *segments;
	size_t nr_segments;
	size_t cap_segments;

	/* Limits of the kernel the plan is for. */
	size_t max_segments;		/* kexec_load's segment limit */
	uint64_t dest_limit;		/* highest destination byte + 1 */
	/* Threads plan_digest() may use when its caller says 0: 0 lets
	 * digest_threads() choose; 1 when threads cannot wait on the
	 * running kernel (kexec_threads_can_wait()). */
	unsigned hash_threads;

	/* Kernel B's range (kexec jump, jump.h), for showing. */
	bool has_b_range;
	uint64_t b_range_start, b_range_end;	/* inclusive */

	/* The new kernel's command line, for showing (and for
	 * kexec_file_load, which takes it as an argument). */
	const char *cmdline;

	/* What the loader says about the load beyond its segments. */
	struct plan_detail *details;
	size_t nr_details;
	size_t cap_details;

	/* Region size for splitting large segments, fixed by the first
	 * plan_digest() (0 before): plan_region_size(). */
	uint64_t region_size;

	/* kexec_file_load only: what the kernel's own loader is handed.
	 * The gate passes the kernel through a memfd, as read (and
	 * decompressed); the initrd is the file itself, opened here. */
	const void *file_kernel;
	size_t file_kernel_size;
	int initrd_fd;			/* -1: file_initrd, or none (KEXEC_FILE_NO_INITRAMFS) */
	const void *file_initrd;	/* an initrd in memory (a UKI's), through a memfd */
	uint64_t initrd_size;
	unsigned long file_flags;	/* KEXEC_FILE_* */

	/* Why this system call (printed by --debug and --dry-run). */
	const char *syscall_why;
	/* The lockdown state the kernel judges the load by ("none": not
	 * locked down), for naming it when the kernel refuses. */
	char lockdown[24];
};

void plan_init(struct kexec_plan *plan);
/* Frees the segments and closes initrd_fd. */
void plan_free(struct kexec_plan *plan);

static inline uint64_t page_round_up(uint64_t x)
{
	return (x + PLAN_PAGE_SIZE - 1) & ~(PLAN_PAGE_SIZE - 1);
}

/*
 * Append a segment.  MEM must be page-aligned; MEMSZ is rounded up to
 * whole pages and grown to cover BUFSZ (the kernel zero-fills the
 * rest).  Rejects overflow and more segments than MEMMAP_MAX_RANGES.
 */
int plan_add_segment(struct kexec_plan *plan, const char *name,
		     const void *buf, size_t bufsz, uint64_t mem, uint64_t memsz,
		     struct kj_error *err);

/* Attach a detail (see struct plan_detail): TOPIC and a printf line. */
int plan_add_detail(struct kexec_plan *plan, struct kj_error *err, const char *topic,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/*
 * Check everything the kernel would check and more: segment count,
 * overlaps, destinations inside System RAM (inside the crash region
 * for KEXEC_ON_CRASH), the kernel's destination limit, entry inside a
 * segment.
 */
int plan_check(const struct kexec_plan *plan, const struct memory_map *map,
	       struct kj_error *err);

/*
 * Digests and regions.  The purgatory verifies a plan as regions, one
 * SHA-256 each (include/kjump/purgatory.h), so that kexec can hash the
 * regions on several cores (digest.h).  A segment of PLAN_SPLIT_MIN
 * bytes or more is cut into regions of plan_region_size() bytes; any
 * smaller segment is one region.  The region size starts at
 * PLAN_REGION_MIN and doubles until the plan's regions fit
 * PURGATORY_MAX_REGIONS (or no segment is split any more).  It depends
 * only on the plan, never on the machine, so --dry-run prints the same
 * digests everywhere.
 */
#define PLAN_SPLIT_MIN		(32ull << 20)
#define PLAN_REGION_MIN		(16ull << 20)

/* The region size: the one plan_digest() fixed, else what it would fix. */
uint64_t plan_region_size(const struct kexec_plan *plan);

/* How many regions segment S is verified as, with REGION_SIZE. */
size_t plan_segment_regions(const struct plan_segment *s, uint64_t region_size);

/* The plan's regions in all, with plan_region_size(). */
size_t plan_nr_regions(const struct kexec_plan *plan);

/*
 * Hash every segment not hashed yet, all regions at once on up to
 * THREADS threads (0: digest_threads() decides; 1: this thread only).
 * The first call fixes plan->region_size; segments added later are cut
 * with the same size.  Each segment is hashed once: the purgatory
 * records the digests and --dry-run prints them.  Fails only when out
 * of memory.
 */
int plan_digest(struct kexec_plan *plan, unsigned threads, struct kj_error *err);

/* Region I of hashed segment S: its offset in the segment and length. */
static inline void plan_region_span(const struct plan_segment *s, size_t i, uint64_t *off,
				    uint64_t *len)
{
	*off = i * s->region_len;
	*len = s->bufsz - *off < s->region_len ? s->bufsz - *off : s->region_len;
}

/* Digest of region I of a hashed segment. */
static inline const uint8_t *plan_region_digest(const struct plan_segment *s, size_t i)
{
	return s->region_sha256 ? s->region_sha256[i] : s->sha256;
}

/* Lowest and highest byte of a segment's destination. */
static inline uint64_t segment_last(const struct plan_segment *s)
{
	return s->mem + s->memsz - 1;
}

#endif
