/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The physical memory map of the machine a plan is made for.
 *
 * Sources, in order of preference: a file given with --memory-map
 * (/proc/iomem format), /sys/firmware/memmap (the firmware's e820 map,
 * unchanged by the kernel's own reservations), /proc/iomem.  The
 * crash-kernel reservation only appears in /proc/iomem, nested under
 * System RAM, so it is always read from there (or from the --memory-map
 * file).
 *
 * Ranges are inclusive [start, end], as in struct resource and in the
 * text the kernel prints.
 */
#ifndef KJUMP_MEMMAP_H
#define KJUMP_MEMMAP_H

#include <stddef.h>
#include <stdint.h>

#include "kjump/error.h"

enum mem_type {
	MEM_RAM,
	MEM_RESERVED,
	MEM_ACPI,
	MEM_NVS,
	MEM_PMEM,
	MEM_UNUSABLE,
};

struct mem_range {
	uint64_t start;
	uint64_t end;		/* inclusive */
	enum mem_type type;
};

/* x86 kernels reserve at most a low and a high crash region. */
#define MEMMAP_MAX_CRASH 2

struct memory_map {
	struct mem_range *ranges;	/* sorted by start, no overlaps */
	size_t nr;
	size_t cap;
	struct mem_range crash[MEMMAP_MAX_CRASH];
	size_t nr_crash;
	/* The running kernel's image ("Kernel code" .. "Kernel bss" in
	 * /proc/iomem), kernel_end 0 when unknown. */
	uint64_t kernel_start, kernel_end;
	/* Why crash regions are unknown (e.g. /proc/iomem unreadable), or "". */
	char crash_unknown[160];
	char source[128];		/* where the ranges came from */
};

/* Upper bound on the ranges accepted from one source. */
#define MEMMAP_MAX_RANGES 4096

const char *mem_type_name(enum mem_type type);

/*
 * Parse /proc/iomem text.  Top-level entries become ranges (entries
 * the firmware map does not describe, such as PCI windows, are
 * skipped); "Crash kernel" entries at any depth become crash regions.
 * Errors name the line.
 */
int memmap_parse_iomem(struct memory_map *map, const char *text,
		       const char *name, struct kj_error *err);

/* Read /sys/firmware/memmap-style directories under DIR. */
int memmap_read_firmware(struct memory_map *map, const char *dir,
			 struct kj_error *err);

/*
 * Add one firmware map entry from the contents of its start, end and
 * type files (trailing newline allowed); WHERE (DIR/N) names it in
 * errors.  memmap_read_firmware() does this for every entry, then
 * memmap_normalise().
 */
int memmap_add_firmware_entry(struct memory_map *map, const char *where,
			      const char *start_text, const char *end_text,
			      const char *type_text, struct kj_error *err);

/*
 * Fill MAP for a plan: from OVERRIDE_FILE when non-NULL, otherwise from
 * the running system (FIRMWARE_DIR, then IOMEM_PATH; crash regions from
 * IOMEM_PATH).
 */
int memmap_discover(struct memory_map *map, const char *override_file,
		    const char *firmware_dir, const char *iomem_path,
		    struct kj_error *err);

void memmap_free(struct memory_map *map);

/* Building a map by hand: add ranges, then sort, merge and check them. */
int memmap_add_range(struct memory_map *map, uint64_t start, uint64_t end,
		     enum mem_type type, struct kj_error *err);
int memmap_normalise(struct memory_map *map, const char *name, struct kj_error *err);

/* True when [start, end] lies inside one range of type TYPE. */
int memmap_contains(const struct memory_map *map, uint64_t start,
		    uint64_t end, enum mem_type type);

/* Total bytes of ranges of TYPE. */
uint64_t memmap_total(const struct memory_map *map, enum mem_type type);

#endif
