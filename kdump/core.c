// SPDX-License-Identifier: GPL-2.0-only
#define _GNU_SOURCE	/* qsort_r */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "kjump/elfcore_read.h"

#include "core.h"

static int load_cmp(const void *a, const void *b, void *arg)
{
	const struct elfcore_phdr *ph = arg;
	const struct elfcore_phdr *x = &ph[*(const size_t *)a], *y = &ph[*(const size_t *)b];

	if (x->paddr != y->paddr)
		return x->paddr < y->paddr ? -1 : 1;
	return 0;
}

static int index_loads(struct core *c, struct kj_error *err)
{
	c->loads = malloc((c->nph ? c->nph : 1) * sizeof(*c->loads));
	if (!c->loads)
		return kj_fail(err, "out of memory");
	for (size_t i = 0; i < c->nph; i++)
		if (c->ph[i].type == PT_LOAD && c->ph[i].memsz)
			c->loads[c->nloads++] = i;
	qsort_r(c->loads, c->nloads, sizeof(*c->loads), load_cmp, c->ph);
	return 0;
}

static int read_from_source(void *ctx, void *buf, size_t len, uint64_t off,
			    struct kj_error *err)
{
	return source_pread(ctx, buf, len, off, err);
}

/* Count the CPUs' NT_PRSTATUS notes and parse the first VMCOREINFO. */
static int scan_notes(struct core *c, const struct elfcore_file *f, struct kj_error *err)
{
	struct elfcore_note_iter it;
	struct elfcore_note n;
	int rc;

	elfcore_note_iter_init(&it, f);
	while ((rc = elfcore_note_iter_next(&it, &n, NULL, err)) == 1) {
		if (elfcore_note_is(&n, "CORE", NT_PRSTATUS))
			c->nr_prstatus++;
		/* include/linux/vmcore_info.h: VMCOREINFO_NOTE_NAME, type 0. */
		if (elfcore_note_is(&n, "VMCOREINFO", 0) && !c->has_vmcoreinfo) {
			if (vmcoreinfo_parse(&c->vmci, n.desc, n.descsz, err) < 0)
				return -1;
			c->has_vmcoreinfo = true;
		}
	}
	return rc < 0 ? -1 : 0;
}

/* The headers and notes, which the core owns from then on. */
static int read_headers(struct core *c, struct kj_error *err)
{
	const struct elfcore_source src = {
		.path = c->src.path, .size = c->src.size,
		.read = read_from_source, .ctx = &c->src, .reader = "kdump",
		.max_phdr_bytes = CORE_MAX_PHDR_BYTES, .max_note_bytes = CORE_MAX_NOTE_BYTES,
	};
	struct elfcore_file f;

	if (elfcore_read(&src, &f, err) < 0)
		return -1;
	c->eh = f.eh;
	c->ph = f.ph;
	c->nph = f.eh.phnum;
	c->notes = f.notes;
	c->notes_len = f.notes_len;
	return scan_notes(c, &f, err);
}

int core_open(struct core *c, const char *path, const struct core_open_args *args,
	      struct kj_error *err)
{
	uint64_t ps;

	memset(c, 0, sizeof(*c));
	c->page_size = 4096;
	if (source_open(&c->src, path, args ? args->tmpdir : NULL,
			args ? args->progress : NULL, err) < 0)
		return -1;
	if (read_headers(c, err) < 0 || index_loads(c, err) < 0) {
		core_close(c);
		return -1;
	}
	if (c->has_vmcoreinfo && vmci_dec(&c->vmci, "PAGESIZE", &ps)) {
		if (ps < 512 || ps > (1U << 24) || (ps & (ps - 1))) {
			kj_fail(err, "%s: VMCOREINFO has an implausible PAGESIZE %llu", path,
				(unsigned long long)ps);
			core_close(c);
			return -1;
		}
		c->page_size = ps;
	}
	return 0;
}

void core_close(struct core *c)
{
	source_close(&c->src);
	vmcoreinfo_free(&c->vmci);
	free(c->ph);
	free(c->loads);
	free(c->notes);
	c->ph = NULL;
	c->loads = NULL;
	c->notes = NULL;
}

const struct elfcore_phdr *core_find_load(const struct core *c, uint64_t paddr)
{
	size_t lo = 0, hi = c->nloads;

	/* The last segment starting at or below PADDR... */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->ph[c->loads[mid]].paddr <= paddr)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* ...or an earlier one, when a shorter alias segment sits in between. */
	while (lo-- > 0) {
		const struct elfcore_phdr *p = &c->ph[c->loads[lo]];

		if (paddr - p->paddr < p->memsz)
			return p;
	}
	return NULL;
}

int core_read_phys(struct core *c, uint64_t paddr, void *buf, size_t len,
		   struct kj_error *err)
{
	uint8_t *out = buf;

	while (len) {
		const struct elfcore_phdr *p = core_find_load(c, paddr);
		uint64_t in_seg, avail;
		size_t n;

		if (!p)
			return kj_fail(err, "physical address 0x%llx is not in the core",
				       (unsigned long long)paddr);
		in_seg = paddr - p->paddr;
		avail = p->memsz - in_seg;
		n = avail < len ? (size_t)avail : len;
		if (in_seg >= p->filesz) {
			memset(out, 0, n);
		} else {
			size_t from_file = p->filesz - in_seg < n ? (size_t)(p->filesz - in_seg) : n;

			if (source_read_cached(&c->src, out, from_file, p->offset + in_seg, err) < 0)
				return -1;
			memset(out + from_file, 0, n - from_file);
		}
		out += n;
		paddr += n;
		len -= n;
	}
	return 0;
}

const char *core_machine_name(const struct core *c, char *buf, size_t len)
{
	if (c->eh.machine == EM_X86_64)
		return "x86_64";
	if (c->eh.machine == EM_386)
		return "i386";
	snprintf(buf, len, "machine %u", c->eh.machine);
	return buf;
}
