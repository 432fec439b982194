// SPDX-License-Identifier: GPL-2.0-only
#include <elf.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "freepages.h"
#include "info.h"
#include "kjump/text.h"
#include "kjump/elfcore.h"
#include "kjump/resume.h"
#include "kjump/json.h"
#include "kmem.h"

/* Physical memory with the second mappings (kernel text) left out. */
struct range {
	uint64_t start, end;	/* end exclusive */
	uint64_t filesz;
};

struct facts {
	uint64_t memory, in_file, zero_filled;
	size_t nloads, nnotes, zero_segments, nranges;
	struct range *ranges;
	const char *osrelease, *build_id, *memory_model, *printk;
	bool have_crashtime, have_kaslr, have_phys_base;
	uint64_t crashtime, kaslr, phys_base;
	bool have_arch;
	struct kmem km;
};

static int merge_ranges(const struct core *c, struct facts *f, struct kj_error *err)
{
	f->ranges = calloc(c->nloads ? c->nloads : 1, sizeof(*f->ranges));
	if (!f->ranges)
		return kj_fail(err, "out of memory");
	for (size_t i = 0; i < c->nloads; i++) {
		const struct elfcore_phdr *p = &c->ph[c->loads[i]];
		struct range *last = f->nranges ? &f->ranges[f->nranges - 1] : NULL;

		/* Sorted by start: an alias lies inside what came before it. */
		if (last && p->paddr + p->memsz <= last->end)
			continue;
		if (last && p->paddr <= last->end) {
			last->end = p->paddr + p->memsz;
			last->filesz += p->filesz;
			continue;
		}
		f->ranges[f->nranges++] = (struct range){ p->paddr, p->paddr + p->memsz, p->filesz };
	}
	return 0;
}

static void gather_vmcoreinfo(struct core *c, struct facts *f)
{
	const struct vmcoreinfo *v = &c->vmci;
	struct kj_error ignore = { 0 };
	uint64_t x;
	int64_t n;

	if (!c->has_vmcoreinfo)
		return;
	f->osrelease = vmcoreinfo_get(v, "OSRELEASE");
	f->build_id = vmcoreinfo_get(v, "BUILD-ID");
	f->have_crashtime = vmci_dec(v, "CRASHTIME", &f->crashtime);
	f->have_kaslr = vmci_hex(v, "KERNELOFFSET", &f->kaslr);
	if ((f->have_phys_base = vmci_number(v, "phys_base", &n)))
		f->phys_base = (uint64_t)n;
	if (vmci_symbol(v, "vmemmap", &x))
		f->memory_model = memmap_model_name(MEMMAP_VMEMMAP);
	else if (vmci_symbol(v, "mem_section", &x))
		f->memory_model = memmap_model_name(MEMMAP_SPARSE);
	else if (vmci_symbol(v, "mem_map", &x))
		f->memory_model = memmap_model_name(MEMMAP_FLAT);
	if (vmci_symbol(v, "prb", &x))
		f->printk = "lockless ringbuffer";
	else if (vmci_symbol(v, "log_buf", &x))
		f->printk = "log_buf (before 5.10)";
	f->have_arch = kmem_init(&f->km, c, &ignore) == 0;
}

static int gather(struct core *c, struct facts *f, struct kj_error *err)
{
	memset(f, 0, sizeof(*f));
	for (size_t i = 0; i < c->nph; i++) {
		const struct elfcore_phdr *p = &c->ph[i];

		if (p->type == PT_NOTE)
			f->nnotes++;
		if (p->type != PT_LOAD)
			continue;
		f->nloads++;
		f->zero_segments += p->memsz > p->filesz;
	}
	if (merge_ranges(c, f, err) < 0)
		return -1;
	for (size_t i = 0; i < f->nranges; i++) {
		f->memory += f->ranges[i].end - f->ranges[i].start;
		f->in_file += f->ranges[i].filesz;
	}
	f->zero_filled = f->memory > f->in_file ? f->memory - f->in_file : 0;
	gather_vmcoreinfo(c, f);
	return 0;
}

static void human(char *buf, size_t len, uint64_t bytes)
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB" };
	double v = (double)bytes;
	int u = -1;

	while (v >= 1024 && u < 3) {
		v /= 1024;
		u++;
	}
	if (u < 0)
		snprintf(buf, len, "%llu B", (unsigned long long)bytes);
	else
		snprintf(buf, len, "%.1f %s", v, units[u]);
}

static const char *arch_text(const struct facts *f, char *buf, size_t len)
{
	if (!f->have_arch)
		return "";
	if (f->km.arch == KARCH_X86_64)
		snprintf(buf, len, " (x86_64, %u-level page tables)", f->km.levels);
	else
		snprintf(buf, len, " (i386%s)", f->km.pae ? ", PAE" : "");
	return buf;
}

/* A hibernation image's resume record (kjump/resume.h), if it has one. */
static void print_resume_record(const struct core *c, FILE *out)
{
	struct elfcore_note note;
	struct resume_record r;
	struct kj_error err = { 0 };
	size_t pos = 0;

	while (elfcore_note_next(c->notes, (size_t)c->notes_len, &pos, &note, &err) == 1) {
		if (!elfcore_note_is(&note, RESUME_NOTE_NAME, KJUMP_NOTE_RESUME))
			continue;
		if (resume_parse_desc(note.desc, note.descsz, &r, &err) < 0) {
			fprintf(out, "Resume record: unreadable: %s\n", err.msg);
			return;
		}
		char rel[4 * sizeof(r.release)], id[4 * sizeof(r.boot_id)];

		fprintf(out, "Resume record: %s, entry 0x%llx, kernel %s, boot id %s, %llu bytes\n",
			r.state == RESUME_READY ? "ready" : "used (resumed once already)",
			(unsigned long long)r.entry, kj_escaped(r.release, rel, sizeof(rel)),
			r.boot_id[0] ? kj_escaped(r.boot_id, id, sizeof(id)) : "-",
			(unsigned long long)r.image_bytes);
		return;
	}
}

/* A VMCOREINFO value on a terminal: escaped, "unknown" when absent. */
static const char *shown(const char *s, char *buf, size_t len)
{
	return s ? kj_escaped(s, buf, len) : "unknown";
}

static void print_text(struct core *c, const struct facts *f, FILE *out)
{
	char h1[32], h2[32], buf[64], tbuf[64], text[256];

	fprintf(out, "File:          %s", c->src.path);
	if (c->src.compression != KJ_COMPRESSION_NONE)
		fprintf(out, " (%s, %llu bytes, %llu expanded)",
			kj_compression_name(c->src.compression),
			(unsigned long long)c->src.compressed_size, (unsigned long long)c->src.size);
	else
		fprintf(out, " (%llu bytes)", (unsigned long long)c->src.size);
	fprintf(out, "\nFormat:        ELF%d core, %s, %zu PT_LOAD and %zu PT_NOTE segments\n",
		c->eh.cls == ELFCLASS64 ? 64 : 32, core_machine_name(c, buf, sizeof(buf)),
		f->nloads, f->nnotes);
	if (!c->has_vmcoreinfo) {
		fprintf(out, "VMCOREINFO:    none (not a Linux kernel core, or the kernel did not export it)\n");
	} else {
		fprintf(out, "Kernel:        %s", shown(f->osrelease, text, sizeof(text)));
		fprintf(out, "%s\n", arch_text(f, buf, sizeof(buf)));
		if (f->build_id)
			fprintf(out, "Build ID:      %s\n", shown(f->build_id, text, sizeof(text)));
		if (f->have_crashtime) {
			time_t t = (time_t)f->crashtime;
			struct tm tm;

			if (gmtime_r(&t, &tm) && strftime(tbuf, sizeof(tbuf), "%Y-%m-%d %H:%M:%S UTC", &tm))
				fprintf(out, "Crash time:    %s\n", tbuf);
		}
		if (f->have_kaslr)
			fprintf(out, "KASLR offset:  0x%llx\n", (unsigned long long)f->kaslr);
		if (f->have_phys_base)
			fprintf(out, "phys_base:     0x%llx\n", (unsigned long long)f->phys_base);
		fprintf(out, "Memory model:  %s\n", shown(f->memory_model, text, sizeof(text)));
		fprintf(out, "Printk log:    %s\n", shown(f->printk, text, sizeof(text)));
		fprintf(out, "VMCOREINFO:    %zu entries\n", c->vmci.n);
	}
	fprintf(out, "Page size:     %llu\n", (unsigned long long)c->page_size);
	fprintf(out, "CPUs:          %u (PRSTATUS notes)\n", c->nr_prstatus);
	print_resume_record(c, out);
	human(h1, sizeof(h1), f->memory);
	fprintf(out, "Memory:        %llu bytes (%s) in %zu ranges\n",
		(unsigned long long)f->memory, h1, f->nranges);
	human(h1, sizeof(h1), f->in_file);
	fprintf(out, "Stored:        %llu bytes (%s)\n", (unsigned long long)f->in_file, h1);
	human(h2, sizeof(h2), f->zero_filled);
	fprintf(out, "Zero-filled:   %llu bytes (%s, %.1f%%) not stored (memsz > filesz) in %zu segments\n",
		(unsigned long long)f->zero_filled, h2,
		f->memory ? 100.0 * (double)f->zero_filled / (double)f->memory : 0.0,
		f->zero_segments);
	fprintf(out, "Ranges:\n");
	for (size_t i = 0; i < f->nranges; i++) {
		const struct range *r = &f->ranges[i];

		human(h1, sizeof(h1), r->end - r->start);
		fprintf(out, "  0x%016llx-0x%016llx  %10s, %llu bytes stored\n",
			(unsigned long long)r->start, (unsigned long long)(r->end - 1), h1,
			(unsigned long long)r->filesz);
	}
}

static void json_str_or_null(FILE *out, const char *key, const char *s, bool comma)
{
	fprintf(out, "  \"%s\": ", key);
	if (s)
		json_write_string(out, s);
	else
		fputs("null", out);
	fputs(comma ? ",\n" : "\n", out);
}

static void json_num_or_null(FILE *out, const char *key, bool have, uint64_t v)
{
	if (have)
		fprintf(out, "  \"%s\": %" PRIu64 ",\n", key, v);
	else
		fprintf(out, "  \"%s\": null,\n", key);
}

static void print_json(struct core *c, const struct facts *f, FILE *out)
{
	char buf[32];

	fputs("{\n", out);
	json_str_or_null(out, "file", c->src.path, true);
	json_str_or_null(out, "compression", kj_compression_name(c->src.compression), true);
	fprintf(out, "  \"file_size\": %" PRIu64 ",\n",
		c->src.compression != KJ_COMPRESSION_NONE ? c->src.compressed_size : c->src.size);
	fprintf(out, "  \"core_size\": %" PRIu64 ",\n", c->src.size);
	fprintf(out, "  \"class\": %d,\n", c->eh.cls == ELFCLASS64 ? 64 : 32);
	json_str_or_null(out, "machine", core_machine_name(c, buf, sizeof(buf)), true);
	json_str_or_null(out, "kernel_arch", !f->have_arch ? NULL :
			 f->km.arch == KARCH_X86_64 ? "x86_64" : "i386", true);
	json_str_or_null(out, "osrelease", f->osrelease, true);
	json_str_or_null(out, "build_id", f->build_id, true);
	fprintf(out, "  \"page_size\": %" PRIu64 ",\n", c->page_size);
	json_num_or_null(out, "crashtime", f->have_crashtime, f->crashtime);
	json_num_or_null(out, "kerneloffset", f->have_kaslr, f->kaslr);
	json_num_or_null(out, "phys_base", f->have_phys_base, f->phys_base);
	json_str_or_null(out, "memory_model", f->memory_model, true);
	json_str_or_null(out, "printk", f->printk, true);
	fprintf(out, "  \"cpus\": %u,\n", c->nr_prstatus);
	fprintf(out, "  \"memory_bytes\": %" PRIu64 ",\n", f->memory);
	fprintf(out, "  \"stored_bytes\": %" PRIu64 ",\n", f->in_file);
	fprintf(out, "  \"zero_filled_bytes\": %" PRIu64 ",\n", f->zero_filled);
	fputs("  \"ranges\": [", out);
	for (size_t i = 0; i < f->nranges; i++)
		fprintf(out, "%s\n    {\"start\": %" PRIu64 ", \"end\": %" PRIu64
			", \"size\": %" PRIu64 ", \"stored\": %" PRIu64 "}",
			i ? "," : "", f->ranges[i].start, f->ranges[i].end - 1,
			f->ranges[i].end - f->ranges[i].start, f->ranges[i].filesz);
	fputs(f->nranges ? "\n  ],\n" : "],\n", out);
	fputs("  \"segments\": [", out);
	for (size_t i = 0, k = 0; i < c->nph; i++) {
		const struct elfcore_phdr *p = &c->ph[i];

		if (p->type != PT_LOAD && p->type != PT_NOTE)
			continue;
		fprintf(out, "%s\n    {\"type\": \"%s\", \"offset\": %" PRIu64 ", \"paddr\": %" PRIu64
			", \"vaddr\": %" PRIu64 ", \"filesz\": %" PRIu64 ", \"memsz\": %" PRIu64 "}",
			k++ ? "," : "", p->type == PT_LOAD ? "load" : "note", p->offset, p->paddr,
			p->vaddr, p->filesz, p->memsz);
	}
	fputs("\n  ],\n  \"vmcoreinfo\": ", out);
	if (!c->has_vmcoreinfo) {
		fputs("null\n}\n", out);
		return;
	}
	fputs("{", out);
	for (size_t i = 0; i < c->vmci.n; i++) {
		fputs(i ? ",\n    " : "\n    ", out);
		json_write_string(out, c->vmci.e[i].key);
		fputs(": ", out);
		json_write_string(out, c->vmci.e[i].value);
	}
	fputs(c->vmci.n ? "\n  }\n}\n" : "}\n}\n", out);
}

int kdump_info(struct core *c, bool json, FILE *out, struct kj_error *err)
{
	struct facts f;

	if (gather(c, &f, err) < 0)
		return -1;
	if (json)
		print_json(c, &f, out);
	else
		print_text(c, &f, out);
	free(f.ranges);
	return 0;
}

int kdump_info_vmcoreinfo(struct core *c, FILE *out, struct kj_error *err)
{
	if (!c->has_vmcoreinfo)
		return kj_fail(err, "%s has no VMCOREINFO note", c->src.path);
	for (size_t i = 0; i < c->vmci.n; i++)
		fprintf(out, "%s=%s\n", c->vmci.e[i].key, c->vmci.e[i].value);
	return 0;
}
