/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * An opened ELF core: its checked program headers, its notes, the
 * VMCOREINFO note parsed, and reads of the crashed machine's physical
 * memory through the PT_LOAD segments.
 */
#ifndef KDUMP_CORE_H
#define KDUMP_CORE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "kjump/elfcore.h"
#include "kjump/error.h"
#include "source.h"
#include "vmcoreinfo.h"

/* Refuse headers and notes beyond these (a core of any RAM size fits). */
#define CORE_MAX_PHDR_BYTES (256U << 20)
#define CORE_MAX_NOTE_BYTES (64U << 20)

struct core {
	struct source src;
	struct elfcore_ehdr eh;
	struct elfcore_phdr *ph;
	size_t nph;
	size_t *loads;		/* PT_LOAD indices sorted by paddr */
	size_t nloads;
	uint8_t *notes;		/* every PT_NOTE's bytes, in program header order */
	uint64_t notes_len;
	unsigned int nr_prstatus;	/* "CORE" NT_PRSTATUS notes: one per CPU */
	bool has_vmcoreinfo;
	struct vmcoreinfo vmci;
	uint64_t page_size;	/* PAGESIZE from VMCOREINFO, else 4096 */
};

struct core_open_args {
	const char *tmpdir;	/* for expanding a compressed core */
	FILE *progress;		/* progress bar while expanding, or NULL */
};

int core_open(struct core *c, const char *path, const struct core_open_args *args,
	      struct kj_error *err);
void core_close(struct core *c);

/* The PT_LOAD holding physical address PADDR, NULL if none does. */
const struct elfcore_phdr *core_find_load(const struct core *c, uint64_t paddr);

/*
 * Read LEN bytes of the crashed machine's memory at PADDR; bytes
 * between a segment's filesz and memsz read as zero.  Memory the core
 * does not describe is an error.
 */
int core_read_phys(struct core *c, uint64_t paddr, void *buf, size_t len,
		   struct kj_error *err);

/* "x86_64", "i386" or "machine N". */
const char *core_machine_name(const struct core *c, char *buf, size_t len);

#endif
