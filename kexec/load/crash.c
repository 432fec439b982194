// SPDX-License-Identifier: GPL-2.0-only
#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "load/crash.h"
#include "load/image.h"
#include "kjump/elfcore.h"
#include "kjump/range.h"

#define KCORE_HEADER_BYTES	   (64 * 1024)

static int read_hex_file(const char *path, uint64_t *value, uint64_t *second,
			 struct kj_error *err)
{
	struct kj_blob blob;
	char *end;
	int rc = 0;

	if (kj_read_file(path, 256, &blob, err) < 0)
		return -1;
	errno = 0;
	*value = strtoull((char *)blob.data, &end, 16);
	if (errno || end == (char *)blob.data)
		rc = kj_fail(err, "%s: not a hex number", path);
	else if (second) {
		char *p = end;

		*second = strtoull(p, &end, 16);
		if (end == p)
			rc = kj_fail(err, "%s: want \"ADDRESS SIZE\"", path);
	}
	kj_blob_free(&blob);
	return rc;
}

/* Whether NAME is a CPU's directory, "cpu" and a number. */
static bool is_cpu_dir(const char *name)
{
	if (strncmp(name, "cpu", 3) != 0 || !name[3])
		return false;
	for (const char *p = name + 3; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	return true;
}

/* One crash note per possible CPU: cpuN/crash_notes holds its address. */
static int read_crash_notes(const char *cpu_dir, struct crash_info *info,
			    struct kj_error *err)
{
	char path[512];
	DIR *d = opendir(cpu_dir);
	struct dirent *de;

	if (!d)
		return kj_fail_errno(err, errno, "cannot open %s", cpu_dir);
	info->nr_notes = 0;
	while ((de = readdir(d))) {
		if (!is_cpu_dir(de->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/%s/crash_notes", cpu_dir, de->d_name);
		if (access(path, F_OK) != 0)
			continue;	/* a CPU that is not present */
		if (info->nr_notes == CRASH_MAX_CPUS) {
			closedir(d);
			return kj_fail(err, "%s: more than %d CPUs have crash notes, kjump describes "
				       "at most %d", cpu_dir, CRASH_MAX_CPUS, CRASH_MAX_CPUS);
		}
		if (read_hex_file(path, &info->note_addr[info->nr_notes], NULL, err) < 0) {
			closedir(d);
			return -1;
		}
		info->nr_notes++;
	}
	closedir(d);
	if (info->nr_notes == 0)
		return kj_fail(err, "%s: no crash_notes: the running kernel lacks "
			       "CONFIG_CRASH_DUMP", cpu_dir);
	snprintf(path, sizeof(path), "%s/cpu0/crash_notes_size", cpu_dir);
	{
		struct kj_blob blob;

		if (kj_read_file(path, 64, &blob, err) < 0)
			return -1;
		info->note_size = strtoull((char *)blob.data, NULL, 10);
		kj_blob_free(&blob);
	}
	if (info->note_size == 0 || info->note_size > 65536)
		return kj_fail(err, "%s: implausible crash note size", path);
	return 0;
}

/*
 * /proc/kcore's program headers give the direct map (KCORE_RAM entries
 * have p_paddr = __pa(p_vaddr)) and the kernel image's own mapping
 * (KCORE_TEXT: p_vaddr = _text, p_paddr = __pa_symbol(_text));
 * fs/proc/kcore.c.  Both move with KASLR, so they are read, not assumed.
 */
static void read_kcore(const char *path, const struct kexec_arch *arch, struct crash_info *info)
{
	unsigned char *buf = malloc(KCORE_HEADER_BYTES);
	Elf64_Ehdr *eh = (Elf64_Ehdr *)buf;
	ssize_t n = -1;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd >= 0 && buf)
		n = read(fd, buf, KCORE_HEADER_BYTES);
	if (fd >= 0)
		close(fd);
	if (n < (ssize_t)sizeof(*eh) || memcmp(buf, ELFMAG, SELFMAG) != 0 ||
	    buf[EI_CLASS] != ELFCLASS64 || eh->e_phentsize != sizeof(Elf64_Phdr) ||
	    eh->e_phoff > (uint64_t)n ||
	    eh->e_phnum > ((uint64_t)n - eh->e_phoff) / sizeof(Elf64_Phdr)) {
		free(buf);
		return;		/* unreadable: the arch's defaults stand */
	}
	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		Elf64_Phdr ph;

		memcpy(&ph, buf + eh->e_phoff + i * sizeof(ph), sizeof(ph));
		if (ph.p_type != PT_LOAD || ph.p_paddr == (Elf64_Addr)-1)
			continue;
		if (arch->kernel_text_map && ph.p_vaddr >= arch->kernel_text_map) {
			info->text_vaddr = ph.p_vaddr;
			info->text_paddr = ph.p_paddr;
			info->text_size = ph.p_memsz;
		} else if (ph.p_vaddr >= ph.p_paddr &&
			   ph.p_vaddr - ph.p_paddr >= arch->kernel_space_start) {
			info->page_offset = ph.p_vaddr - ph.p_paddr;
		}
	}
	free(buf);
}

int crash_copy_vmcoreinfo(const struct crash_sources *src, const struct crash_info *info,
			  uint8_t *buf, size_t size, struct kj_error *err)
{
	uint64_t va = info->page_offset + info->vmcoreinfo_addr;
	unsigned char *hdr = malloc(KCORE_HEADER_BYTES);
	size_t want = info->vmcoreinfo_size < size ? info->vmcoreinfo_size : size;
	ssize_t n = -1;
	int fd, rc = -1;
	size_t phnum;
	Elf *elf = NULL;

	fd = open(src->kcore, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || !hdr) {
		free(hdr);
		if (fd >= 0)
			close(fd);
		return kj_fail_errno(err, errno ? errno : ENOMEM, "cannot read %s (for the "
				     "VMCOREINFO note; needs CONFIG_PROC_KCORE)", src->kcore);
	}
	n = read(fd, hdr, KCORE_HEADER_BYTES);
	elf_version(EV_CURRENT);
	if (n > 0)
		elf = elf_memory((char *)hdr, (size_t)n);
	if (!elf || elf_getphdrnum(elf, &phnum) < 0) {
		kj_fail(err, "%s: not an ELF core", src->kcore);
		goto out;
	}
	/* The direct-map segment that holds the note's virtual address. */
	for (size_t i = 0; i < phnum; i++) {
		GElf_Phdr ph;

		if (!gelf_getphdr(elf, (int)i, &ph) || ph.p_type != PT_LOAD ||
		    va < ph.p_vaddr || va + want > ph.p_vaddr + ph.p_memsz)
			continue;
		if (pread(fd, buf, want, (off_t)(ph.p_offset + (va - ph.p_vaddr))) != (ssize_t)want) {
			kj_fail_errno(err, errno, "%s: cannot read the VMCOREINFO note", src->kcore);
			goto out;
		}
		rc = 0;
		goto out;
	}
	kj_fail(err, "%s: no mapping of the VMCOREINFO note at %#" PRIx64, src->kcore, va);
out:
	if (elf)
		elf_end(elf);
	free(hdr);
	close(fd);
	return rc;
}

int crash_info_read(const struct crash_sources *src, const struct kexec_arch *arch,
		    struct crash_info *info, struct kj_error *err)
{
	memset(info, 0, sizeof(*info));
	info->arch = arch;
	if (read_hex_file(src->vmcoreinfo, &info->vmcoreinfo_addr, &info->vmcoreinfo_size,
			  err) < 0 ||
	    read_crash_notes(src->cpu_dir, info, err) < 0)
		return -1;
	info->page_offset = arch->page_offset;
	if (arch->kernel_space_start)
		read_kcore(src->kcore, arch, info);
	return 0;
}

/* System RAM minus the crash regions, as [start, end] pieces. */
static int dumpable_ranges(const struct memory_map *map, struct kj_range *out, size_t max,
			   size_t *count, struct kj_error *err)
{
	struct kj_range crash[MEMMAP_MAX_CRASH];
	size_t n = 0, nc = map->nr_crash;

	/* At most two regions: order them by a swap. */
	for (size_t c = 0; c < nc; c++)
		crash[c] = (struct kj_range){ map->crash[c].start, map->crash[c].end };
	if (nc == 2 && crash[1].start < crash[0].start) {
		struct kj_range t = crash[0];

		crash[0] = crash[1];
		crash[1] = t;
	}
	for (size_t i = 0; i < map->nr; i++) {
		struct kj_range ram = { map->ranges[i].start, map->ranges[i].end };
		size_t pieces;

		if (map->ranges[i].type != MEM_RAM)
			continue;
		pieces = kj_range_subtract(&ram, crash, nc, out + n, max - n);
		if (pieces == SIZE_MAX)
			return kj_fail(err, "too many ranges for the ELF core header");
		n += pieces;
	}
	*count = n;
	return 0;
}

struct phdr_list {
	uint32_t type;
	uint64_t offset, vaddr, paddr, size;
};

static int collect_phdrs(const struct crash_info *info, const struct memory_map *map,
			 struct phdr_list *ph, size_t max, size_t *count, struct kj_error *err)
{
	struct kj_range ram[MEMMAP_MAX_RANGES];
	size_t n = 0, nr_ram = 0;

	if (dumpable_ranges(map, ram, MEMMAP_MAX_RANGES, &nr_ram, err) < 0)
		return -1;
	if (info->nr_notes + 2 + nr_ram > max)
		return kj_fail(err, "too many ranges for the ELF core header");
	for (unsigned int i = 0; i < info->nr_notes; i++)
		ph[n++] = (struct phdr_list){ PT_NOTE, info->note_addr[i], 0,
					      info->note_addr[i], info->note_size };
	ph[n++] = (struct phdr_list){ PT_NOTE, info->vmcoreinfo_addr, 0,
				      info->vmcoreinfo_addr, info->vmcoreinfo_size };
	/* The kernel image through its own mapping: how tools reach
	 * symbols such as the printk ring buffer. */
	if (info->text_size)
		ph[n++] = (struct phdr_list){ PT_LOAD, info->text_paddr, info->text_vaddr,
					      info->text_paddr, info->text_size };
	for (size_t i = 0; i < nr_ram; i++) {
		uint64_t size = kj_range_size(&ram[i]);
		/* RAM beyond the linear map (i386 high memory) has no kernel
		 * virtual address. */
		uint64_t end = info->arch->direct_map_end;
		uint64_t vaddr = !end || ram[i].end < end ? info->page_offset + ram[i].start : 0;

		ph[n++] = (struct phdr_list){ PT_LOAD, ram[i].start, vaddr, ram[i].start, size };
	}
	*count = n;
	return 0;
}

int crash_build_elfcorehdr(const struct crash_info *info, const struct memory_map *map,
			   bool elf32, struct kj_blob *out, struct kj_error *err)
{
	size_t max = CRASH_MAX_CPUS + 2 + MEMMAP_MAX_RANGES, n, size;
	struct phdr_list *ph = calloc(max, sizeof(*ph));
	unsigned int cls = elf32 ? ELFCLASS32 : ELFCLASS64;
	struct elfcore_ehdr eh = { .cls = cls, .machine = info->arch->elf_machine };
	uint8_t *buf;

	if (!ph)
		return kj_fail(err, "out of memory");
	/* A 64-bit kernel's addresses need 64 bits (direct map, kernel text). */
	if (elf32 && info->arch->elf64_only) {
		free(ph);
		return kj_fail(err, "--elf32-core-headers cannot describe an %s kernel's "
			       "memory: use ELF64 (the default)", info->arch->name);
	}
	if (collect_phdrs(info, map, ph, max, &n, err) < 0) {
		free(ph);
		return -1;
	}
	eh.phoff = elfcore_ehdr_size(cls);
	eh.phnum = (uint32_t)n;
	size = eh.phoff + n * elfcore_phdr_size(cls);
	buf = calloc(1, size);
	if (!buf) {
		free(ph);
		return kj_fail(err, "out of memory");
	}
	elfcore_put_ehdr(buf, &eh);
	for (size_t i = 0; i < n; i++) {
		struct elfcore_phdr p = {
			.type = ph[i].type, .flags = PF_R | PF_W | PF_X, .offset = ph[i].offset,
			.vaddr = ph[i].vaddr, .paddr = ph[i].paddr,
			.filesz = ph[i].size, .memsz = ph[i].size,
		};

		struct kj_error field = { 0 };

		/* An ELF32 field cannot hold memory above 4 GiB. */
		if (elfcore_put_phdr(buf + eh.phoff + i * elfcore_phdr_size(cls), cls, &p,
				     &field) < 0) {
			free(ph);
			free(buf);
			return kj_fail(err, "memory above 4 GiB cannot be described by "
				       "--elf32-core-headers (%s)", field.msg);
		}
	}
	free(ph);
	*out = (struct kj_blob){ .data = buf, .size = size };
	return 0;
}

int crash_capture_map(const struct kexec_arch *arch, const struct memory_map *map,
		      uint64_t hdr_start, uint64_t hdr_end, struct memory_map *out,
		      struct kj_error *err)
{
	uint64_t low_end = arch->low_ram_to_capture ? arch->low_reserved_end : 0;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < map->nr; i++) {
		const struct mem_range *r = &map->ranges[i];

		if (r->type != MEM_RAM) {
			if (memmap_add_range(out, r->start, r->end, r->type, err) < 0)
				return -1;
			continue;
		}
		/* Low RAM stays usable (see crash.h). */
		if (r->start < low_end &&
		    memmap_add_range(out, r->start, r->end < low_end ? r->end : low_end - 1,
				     MEM_RAM, err) < 0)
			return -1;
	}
	for (size_t i = 0; i < map->nr_crash; i++) {
		const struct mem_range *c = &map->crash[i];
		bool has_hdr = hdr_start >= c->start && hdr_end <= c->end;
		int rc;

		if (!has_hdr) {
			rc = memmap_add_range(out, c->start, c->end, MEM_RAM, err);
		} else {
			/* The header stays untouched: reserved, around it RAM. */
			rc = memmap_add_range(out, hdr_start, hdr_end, MEM_RESERVED, err);
			if (rc == 0 && hdr_start > c->start)
				rc = memmap_add_range(out, c->start, hdr_start - 1, MEM_RAM, err);
			if (rc == 0 && hdr_end < c->end)
				rc = memmap_add_range(out, hdr_end + 1, c->end, MEM_RAM, err);
		}
		if (rc < 0)
			return -1;
	}
	/* The capture kernel has no crash region of its own. */
	return memmap_normalise(out, "capture kernel memory map", err);
}

int crash_check_reserved(const struct memory_map *map, struct kj_error *err)
{
	if (map->nr_crash == 0)
		return kj_fail(err, "no crash kernel memory is reserved "
			       "(boot with crashkernel=SIZE)%s%s",
			       map->crash_unknown[0] ? ": " : "", map->crash_unknown);
	return 0;
}

int crash_prepare(struct load_context *load, const struct crash_sources *src,
		  struct memory_map *capture_map)
{
	struct hole_request req = { .align = PLAN_PAGE_SIZE, .max = UINT64_MAX,
				    .top_down = true };
	struct crash_info *info = load_context_alloc(load, sizeof(*info));
	struct kj_blob hdr;
	char *extra;
	uint64_t at, memsz;

	if (!info || crash_check_reserved(load->map, load->err) < 0)
		return -1;
	if (crash_info_read(src, load->arch, info, load->err) < 0 ||
	    crash_build_elfcorehdr(info, load->map, load->req->elf32_core_headers, &hdr,
				   load->err) < 0 ||
	    !load_context_own(load, hdr.data))
		return -1;
	/* --hotplug: room for the kernel to rewrite the header in place. */
	memsz = hdr.size > load->req->hotplug_elfcorehdr_size ? hdr.size
							       : load->req->hotplug_elfcorehdr_size;
	if (load_add_buffer(load, "elfcorehdr", hdr.data, hdr.size, memsz, req, &at) < 0)
		return -1;
	load->plan->segments[load->plan->nr_segments - 1].kernel_rewrites =
		load->req->hotplug_elfcorehdr_size != 0;
	if (crash_capture_map(load->arch, load->map, at, at + page_round_up(memsz) - 1,
			      capture_map, load->err) < 0)
		return -1;
	extra = load_context_alloc(load, ELFCOREHDR_PARAM_MAX);
	if (!extra)
		return -1;
	snprintf(extra, ELFCOREHDR_PARAM_MAX, "elfcorehdr=0x%" PRIx64, at);
	load->boot_map = capture_map;
	load->cmdline_extra = extra;
	return 0;
}
