// SPDX-License-Identifier: GPL-2.0-only
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kjump/compiler.h"
#include "kjump/file.h"
#include "kjump/range.h"
#include "system/memmap.h"

/* /proc/iomem is a few KiB even on large machines; this is generous. */
#define IOMEM_MAX_BYTES (4u << 20)

static const struct {
	const char *name;
	enum mem_type type;
} type_names[] = {
	/* Names the kernel prints for e820 types (arch/x86/kernel/e820.c,
	 * e820_type_to_string()); both /proc/iomem and the firmware map
	 * use them. */
	{ "System RAM", MEM_RAM },
	{ "Reserved", MEM_RESERVED },
	{ "reserved", MEM_RESERVED },
	{ "Soft Reserved", MEM_RESERVED },
	{ "ACPI Tables", MEM_ACPI },
	{ "ACPI Non-volatile Storage", MEM_NVS },
	{ "Persistent Memory (legacy)", MEM_PMEM },
	{ "Persistent Memory", MEM_PMEM },
	{ "Unusable memory", MEM_UNUSABLE },
};

const char *mem_type_name(enum mem_type type)
{
	switch (type) {
	case MEM_RAM: return "System RAM";
	case MEM_RESERVED: return "Reserved";
	case MEM_ACPI: return "ACPI Tables";
	case MEM_NVS: return "ACPI Non-volatile Storage";
	case MEM_PMEM: return "Persistent Memory";
	case MEM_UNUSABLE: return "Unusable memory";
	}
	return "?";
}

static int type_from_name(const char *name, enum mem_type *type)
{
	for (size_t i = 0; i < ARRAY_SIZE(type_names); i++) {
		if (strcmp(name, type_names[i].name) == 0) {
			*type = type_names[i].type;
			return 0;
		}
	}
	return -1;
}

/* x86 physical addresses are at most 52 bits wide (SDM vol. 3A 4.1.4). */
#define PHYS_ADDR_LIMIT (1ull << 52)

int memmap_add_range(struct memory_map *map, uint64_t start, uint64_t end,
		     enum mem_type type, struct kj_error *err)
{
	if (end >= PHYS_ADDR_LIMIT)
		return kj_fail(err, "range %#" PRIx64 "-%#" PRIx64 " is beyond the "
			       "52-bit physical address space", start, end);
	if (map->nr == map->cap) {
		size_t cap = map->cap ? map->cap * 2 : 32;
		struct mem_range *r;

		if (map->nr >= MEMMAP_MAX_RANGES)
			return kj_fail(err, "memory map has more than %d ranges",
				       MEMMAP_MAX_RANGES);
		r = realloc(map->ranges, cap * sizeof(*r));
		if (!r)
			return kj_fail(err, "out of memory");
		map->ranges = r;
		map->cap = cap;
	}
	map->ranges[map->nr++] = (struct mem_range){ start, end, type };
	return 0;
}

static int cmp_start(const void *a, const void *b)
{
	const struct mem_range *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/*
 * Sort, reject overlaps, merge touching ranges of one type (the kernel
 * may split System RAM into several adjacent entries), and check the
 * crash regions lie in RAM.
 */
int memmap_normalise(struct memory_map *map, const char *name, struct kj_error *err)
{
	size_t out = 0;

	/* No ranges means no array: qsort() must not see its NULL. */
	if (map->nr)
		qsort(map->ranges, map->nr, sizeof(map->ranges[0]), cmp_start);
	for (size_t i = 0; i < map->nr; i++) {
		struct mem_range *cur = &map->ranges[i];

		if (out > 0) {
			struct mem_range *prev = &map->ranges[out - 1];

			struct kj_range a = { prev->start, prev->end }, b = { cur->start, cur->end };

			if (kj_range_overlaps(&a, &b))
				return kj_fail(err, "%s: ranges overlap: %#" PRIx64 "-%#" PRIx64
					       " and %#" PRIx64 "-%#" PRIx64, name,
					       prev->start, prev->end, cur->start, cur->end);
			if (cur->type == prev->type && kj_range_adjacent(&a, &b)) {
				prev->end = cur->end;
				continue;
			}
		}
		map->ranges[out++] = *cur;
	}
	map->nr = out;
	if (memmap_total(map, MEM_RAM) == 0)
		return kj_fail(err, "%s: no System RAM in the memory map", name);
	for (size_t i = 0; i < map->nr_crash; i++) {
		const struct mem_range *c = &map->crash[i];

		if (!memmap_contains(map, c->start, c->end, MEM_RAM))
			return kj_fail(err, "%s: crash kernel region %#" PRIx64 "-%#" PRIx64
				       " is not inside System RAM", name, c->start, c->end);
	}
	return 0;
}

static int parse_hex(const char **p, uint64_t *value)
{
	char *end;
	unsigned long long v;

	if (!isxdigit((unsigned char)**p))
		return -1;
	errno = 0;
	v = strtoull(*p, &end, 16);
	if (errno == ERANGE)
		return -1;
	*p = end;
	*value = v;
	return 0;
}

/* Parse "START-END : NAME" after the indentation. */
static int parse_iomem_line(const char *line, uint64_t *start, uint64_t *end,
			    const char **name)
{
	const char *p = line;

	if (parse_hex(&p, start) < 0 || *p++ != '-' || parse_hex(&p, end) < 0)
		return -1;
	if (strncmp(p, " : ", 3) != 0)
		return -1;
	*name = p + 3;
	return 0;
}

int memmap_parse_iomem(struct memory_map *map, const char *text,
		       const char *name, struct kj_error *err)
{
	const char *line = text;
	unsigned int lineno = 0;
	int nonzero = 0, entries = 0;

	while (*line) {
		const char *eol = strchr(line, '\n');
		size_t len = eol ? (size_t)(eol - line) : strlen(line);
		char buf[256];
		const char *entry_name;
		uint64_t start, end;
		size_t indent = 0;
		enum mem_type type;

		lineno++;
		if (len >= sizeof(buf))
			return kj_fail(err, "%s:%u: line too long", name, lineno);
		memcpy(buf, line, len);
		buf[len] = '\0';
		line = eol ? eol + 1 : line + len;
		if (len == 0)
			continue;

		while (buf[indent] == ' ')
			indent++;
		if (parse_iomem_line(buf + indent, &start, &end, &entry_name) < 0)
			return kj_fail(err, "%s:%u: not an iomem line "
				       "(want START-END : NAME): \"%s\"", name, lineno, buf);
		if (start > end)
			return kj_fail(err, "%s:%u: range ends before it starts", name, lineno);
		entries++;
		if (start || end)
			nonzero = 1;

		if (strncmp(entry_name, "Kernel ", 7) == 0) {
			if (!map->kernel_end || start < map->kernel_start)
				map->kernel_start = start;
			if (end > map->kernel_end)
				map->kernel_end = end;
			continue;
		}
		if (strcmp(entry_name, "Crash kernel") == 0) {
			if (map->nr_crash == MEMMAP_MAX_CRASH)
				return kj_fail(err, "%s:%u: more than %d crash kernel regions",
					       name, lineno, MEMMAP_MAX_CRASH);
			map->crash[map->nr_crash++] =
				(struct mem_range){ start, end, MEM_RAM };
			continue;
		}
		/* Nested entries (kernel code, device BARs) are not part of
		 * the firmware map; neither are top-level I/O windows. */
		if (indent || type_from_name(entry_name, &type) < 0)
			continue;
		if (memmap_add_range(map, start, end, type, err) < 0)
			return -1;
	}
	if (entries == 0)
		return kj_fail(err, "%s: empty memory map", name);
	/* Without CAP_SYS_ADMIN the kernel prints every address as 0. */
	if (!nonzero)
		return kj_fail(err, "%s: all addresses are zero (reading /proc/iomem "
			       "needs root)", name);
	snprintf(map->source, sizeof(map->source), "%s", name);
	return memmap_normalise(map, name, err);
}

/* A firmware map value: TEXT (a file's contents) without trailing blanks. */
static int firmware_value(const char *where, const char *file, const char *text,
			  char *out, size_t outlen, struct kj_error *err)
{
	size_t len = strlen(text);

	while (len && (text[len - 1] == '\n' || text[len - 1] == ' '))
		len--;
	if (len >= outlen)
		return kj_fail(err, "%s/%s: value too long", where, file);
	memcpy(out, text, len);
	out[len] = '\0';
	return 0;
}

static int firmware_address(const char *where, const char *file, const char *text,
			    uint64_t *value, struct kj_error *err)
{
	char value_text[64];
	const char *p = value_text;

	if (firmware_value(where, file, text, value_text, sizeof(value_text), err) < 0)
		return -1;
	if (strncmp(p, "0x", 2) == 0)
		p += 2;
	if (parse_hex(&p, value) < 0 || *p)
		return kj_fail(err, "%s/%s: not a hex address: \"%s\"", where, file, value_text);
	return 0;
}

int memmap_add_firmware_entry(struct memory_map *map, const char *where,
			      const char *start_text, const char *end_text,
			      const char *type_text, struct kj_error *err)
{
	char type_name[64];
	uint64_t start, end;
	enum mem_type type;

	if (firmware_address(where, "start", start_text, &start, err) < 0 ||
	    firmware_address(where, "end", end_text, &end, err) < 0 ||
	    firmware_value(where, "type", type_text, type_name, sizeof(type_name), err) < 0)
		return -1;
	if (start > end)
		return kj_fail(err, "%s: range ends before it starts", where);
	/* An unknown type is memory the kernel must not be given. */
	if (type_from_name(type_name, &type) < 0)
		type = MEM_RESERVED;
	return memmap_add_range(map, start, end, type, err);
}

static int is_number(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

/* DIR/ENTRY/{start,end,type}, read whole and handed to the parser. */
static int read_firmware_entry(struct memory_map *map, const char *dir, const char *entry,
			       struct kj_error *err)
{
	static const char *const files[] = { "start", "end", "type" };
	struct kj_blob text[3] = { { 0 } };
	char where[512], path[520];
	int rc = -1;

	snprintf(where, sizeof(where), "%s/%s", dir, entry);
	for (size_t i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%s", where, files[i]);
		if (kj_read_file(path, 4096, &text[i], err) < 0)
			goto out;
	}
	rc = memmap_add_firmware_entry(map, where, (const char *)text[0].data,
				       (const char *)text[1].data,
				       (const char *)text[2].data, err);
out:
	for (size_t i = 0; i < 3; i++)
		kj_blob_free(&text[i]);
	return rc;
}

int memmap_read_firmware(struct memory_map *map, const char *dir,
			 struct kj_error *err)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int rc = 0;

	if (!d)
		return kj_fail_errno(err, errno, "cannot open %s", dir);
	while ((de = readdir(d))) {
		if (!is_number(de->d_name))
			continue;
		if (read_firmware_entry(map, dir, de->d_name, err) < 0) {
			rc = -1;
			break;
		}
	}
	closedir(d);
	if (rc < 0)
		return -1;
	if (map->nr == 0)
		return kj_fail(err, "%s: no memory map entries", dir);
	snprintf(map->source, sizeof(map->source), "%s", dir);
	return memmap_normalise(map, dir, err);
}

static int read_iomem(struct memory_map *map, const char *path, struct kj_error *err)
{
	struct kj_blob blob;
	int rc;

	if (kj_read_file(path, IOMEM_MAX_BYTES, &blob, err) < 0)
		return -1;
	if (memchr(blob.data, '\0', blob.size)) {
		kj_blob_free(&blob);
		return kj_fail(err, "%s: binary data in a text file", path);
	}
	rc = memmap_parse_iomem(map, (const char *)blob.data, path, err);
	kj_blob_free(&blob);
	return rc;
}

/* Take only the crash regions from /proc/iomem, remembering why not. */
static void read_crash_regions(struct memory_map *map, const char *iomem_path)
{
	struct memory_map iomem = { 0 };
	struct kj_error err = { 0 };

	if (read_iomem(&iomem, iomem_path, &err) == 0) {
		memcpy(map->crash, iomem.crash, sizeof(iomem.crash));
		map->nr_crash = iomem.nr_crash;
		map->kernel_start = iomem.kernel_start;
		map->kernel_end = iomem.kernel_end;
	} else {
		snprintf(map->crash_unknown, sizeof(map->crash_unknown), "%.150s", err.msg);
	}
	memmap_free(&iomem);
}

int memmap_discover(struct memory_map *map, const char *override_file,
		    const char *firmware_dir, const char *iomem_path,
		    struct kj_error *err)
{
	struct stat st;

	memset(map, 0, sizeof(*map));
	if (override_file)
		return read_iomem(map, override_file, err);

	/* The firmware map is what the next kernel should be told; the
	 * kernel's view in /proc/iomem has its own reservations mixed in. */
	if (firmware_dir && stat(firmware_dir, &st) == 0 && S_ISDIR(st.st_mode)) {
		if (memmap_read_firmware(map, firmware_dir, err) < 0)
			return -1;
		read_crash_regions(map, iomem_path);
		return 0;
	}
	return read_iomem(map, iomem_path, err);
}

void memmap_free(struct memory_map *map)
{
	free(map->ranges);
	map->ranges = NULL;
	map->nr = map->cap = 0;
}

int memmap_contains(const struct memory_map *map, uint64_t start, uint64_t end,
		    enum mem_type type)
{
	if (end < start)
		return 0;
	for (size_t i = 0; i < map->nr; i++) {
		const struct mem_range *r = &map->ranges[i];

		if (r->type == type && start >= r->start && end <= r->end)
			return 1;
	}
	return 0;
}

uint64_t memmap_total(const struct memory_map *map, enum mem_type type)
{
	uint64_t total = 0;

	for (size_t i = 0; i < map->nr; i++)
		if (map->ranges[i].type == type)
			total += map->ranges[i].end - map->ranges[i].start + 1;
	return total;
}
