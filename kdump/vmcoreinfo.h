/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * VMCOREINFO: the KEY=VALUE lines a kernel leaves in its core for the
 * tools that read it (kernel/crash_core.c in 6.1, kernel/vmcore_info.c
 * in 6.12, include/linux/vmcore_info.h for the formats):
 *
 *   OSRELEASE=%s  BUILD-ID=%s  PAGESIZE=%ld  KERNELOFFSET=%lx  CRASHTIME=%lld
 *   SYMBOL(name)=%lx          the runtime (relocated) address of a symbol
 *   SIZE(name)=%lu            sizeof a type
 *   OFFSET(struct.field)=%lu  offsetof a field
 *   LENGTH(name)=%lu          an array length
 *   NUMBER(name)=%ld          a constant or variable value, signed
 *   CONFIG_NAME=y
 */
#ifndef KDUMP_VMCOREINFO_H
#define KDUMP_VMCOREINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kjump/error.h"

struct vmcoreinfo_entry {
	const char *key;	/* "SYMBOL(prb)", "OSRELEASE", ... */
	const char *value;
};

struct vmcoreinfo {
	char *text;		/* owned copy, split in place */
	struct vmcoreinfo_entry *e;
	size_t n;
};

/* Parse LEN bytes of note text (stops at a NUL).  An empty result is fine. */
int vmcoreinfo_parse(struct vmcoreinfo *v, const void *text, size_t len,
		     struct kj_error *err);
void vmcoreinfo_free(struct vmcoreinfo *v);

/* The value of KEY, NULL if absent. */
const char *vmcoreinfo_get(const struct vmcoreinfo *v, const char *key);

/*
 * Typed look-ups by the name inside the parentheses: false when absent
 * or unparsable.  vmci_offset(v, "page._mapcount", &x) reads
 * OFFSET(page._mapcount).
 */
bool vmci_symbol(const struct vmcoreinfo *v, const char *name, uint64_t *val);
bool vmci_size(const struct vmcoreinfo *v, const char *name, uint64_t *val);
bool vmci_offset(const struct vmcoreinfo *v, const char *name, uint64_t *val);
bool vmci_length(const struct vmcoreinfo *v, const char *name, uint64_t *val);
bool vmci_number(const struct vmcoreinfo *v, const char *name, int64_t *val);
/* KERNELOFFSET (hex) and PAGESIZE (decimal). */
bool vmci_hex(const struct vmcoreinfo *v, const char *key, uint64_t *val);
bool vmci_dec(const struct vmcoreinfo *v, const char *key, uint64_t *val);

/*
 * The same, failing with "VMCOREINFO lacks KIND(NAME), needed for WHY"
 * when absent.  KIND is "SYMBOL", "SIZE", "OFFSET" or "LENGTH".
 */
int vmci_need(const struct vmcoreinfo *v, const char *kind, const char *name,
	      const char *why, uint64_t *val, struct kj_error *err);

#endif
