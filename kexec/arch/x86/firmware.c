// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading the firmware facts of firmware.h: sysfs files, one value or
 * one table each.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arch/x86/firmware.h"
#include "kjump/file.h"
#include "kjump/parse.h"

const char *const efi_desc_field_names[EFI_DESC_FIELDS] = {
	"type", "phys_addr", "virt_addr", "num_pages", "attribute",
};

/* sysfs values are a line; systab lines are short too. */
#define SYSFS_VALUE_MAX		4096
/* systab holds a handful of lines (efi.c prints at most six). */
#define SYSTAB_MAX_BYTES	4096
#define PATH_BYTES		600

/*
 * PATH read whole when it is there: 1.  0 when it is not, or only root
 * may read it (a dry run as a user): WHY says which.  -1 for anything
 * else (a directory, a device, a read error).
 */
static int read_optional(const char *path, size_t limit, struct kj_blob *out, char *why,
			 size_t why_len, struct kj_error *err)
{
	if (access(path, R_OK) < 0) {
		int e = errno;

		snprintf(why, why_len, "%s: %s", path,
			 e == ENOENT ? "not there" : e == EACCES ? "only root may read it"
							    : strerror(e));
		return 0;
	}
	return kj_read_file(path, limit, out, err) < 0 ? -1 : 1;
}

int sysfs_number(const char *where, const char *text, uint64_t *value, struct kj_error *err)
{
	char buf[40];
	size_t len = strlen(text);

	while (len && isspace((unsigned char)text[len - 1]))
		len--;
	if (len == 0 || len >= sizeof(buf))
		return kj_fail(err, "%s: not a number", where);
	memcpy(buf, text, len);
	buf[len] = '\0';
	if (kj_parse_u64(buf, value) < 0)
		return kj_fail(err, "%s: not a number: \"%.40s\"", where, buf);
	return 0;
}

/* DIR/NAME holding one number: 1 read, 0 not there (WHY), -1 malformed. */
static int read_number(const char *dir, const char *name, uint64_t *value, char *why,
		       size_t why_len, struct kj_error *err)
{
	char path[PATH_BYTES];
	struct kj_blob text = { 0 };
	int rc;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	rc = read_optional(path, SYSFS_VALUE_MAX, &text, why, why_len, err);
	if (rc <= 0)
		return rc;
	if (memchr(text.data, '\0', text.size))
		rc = kj_fail(err, "%s: binary data in a text file", path);
	else if (sysfs_number(path, (const char *)text.data, value, err) < 0)
		rc = -1;
	kj_blob_free(&text);
	return rc;
}

/* Whether LINE (LEN bytes) is "NAME=...". */
static bool names(const char *line, size_t len, const char *name)
{
	size_t n = strlen(name);

	return len > n && line[n] == '=' && strncmp(line, name, n) == 0;
}

int efi_systab_parse(const char *text, const char *where, struct efi_systab *out,
		     struct kj_error *err)
{
	static const char *const known[] = { "ACPI20", "ACPI", "SMBIOS3", "SMBIOS" };
	uint64_t value[4] = { 0 };
	bool has[4] = { false };
	const char *line = text;

	while (*line) {
		size_t len = strcspn(line, "\n");

		for (size_t i = 0; i < 4; i++) {
			char name[PATH_BYTES], number[40];
			size_t vlen = len - strlen(known[i]) - 1;

			if (has[i] || !names(line, len, known[i]))
				continue;
			snprintf(name, sizeof(name), "%s: %s=", where, known[i]);
			if (vlen >= sizeof(number))
				return kj_fail(err, "%s: value too long", name);
			memcpy(number, line + strlen(known[i]) + 1, vlen);
			number[vlen] = '\0';
			if (sysfs_number(name, number, &value[i], err) < 0)
				return -1;
			has[i] = true;
		}
		line += len;
		if (*line)
			line++;
	}
	*out = (struct efi_systab){
		.acpi20 = value[0], .acpi = value[1], .smbios3 = value[2], .smbios = value[3],
		.has_acpi20 = has[0], .has_acpi = has[1], .has_smbios3 = has[2],
		.has_smbios = has[3],
	};
	return 0;
}

int efi_runtime_desc_parse(const char *where, const char *const fields[EFI_DESC_FIELDS],
			   struct efi_runtime_desc *out, struct kj_error *err)
{
	uint64_t v[EFI_DESC_FIELDS];
	uint64_t page_mask = (1ull << EFI_PAGE_SHIFT) - 1;

	for (size_t i = 0; i < EFI_DESC_FIELDS; i++) {
		char name[PATH_BYTES];

		snprintf(name, sizeof(name), "%s/%s", where, efi_desc_field_names[i]);
		if (sysfs_number(name, fields[i], &v[i], err) < 0)
			return -1;
	}
	*out = (struct efi_runtime_desc){
		.phys_addr = v[1], .virt_addr = v[2], .num_pages = v[3], .attribute = v[4],
	};
	if (v[0] > UINT32_MAX)
		return kj_fail(err, "%s: type %#" PRIx64 " is not 32-bit", where, v[0]);
	out->type = (uint32_t)v[0];
	/* UEFI 2.10, 7.2.3: NumberOfPages of 4 KiB pages, both starts
	 * aligned on a 4 KiB boundary. */
	if (out->num_pages == 0 || out->num_pages > (UINT64_MAX >> EFI_PAGE_SHIFT))
		return kj_fail(err, "%s: %#" PRIx64 " pages is not a size", where, out->num_pages);
	if ((out->phys_addr & page_mask) || (out->virt_addr & page_mask))
		return kj_fail(err, "%s: an address is not 4 KiB aligned", where);
	if (out->phys_addr > UINT64_MAX - ((out->num_pages << EFI_PAGE_SHIFT) - 1) ||
	    out->virt_addr > UINT64_MAX - ((out->num_pages << EFI_PAGE_SHIFT) - 1))
		return kj_fail(err, "%s: the region wraps around the address space", where);
	return 0;
}

/* DIR/ENTRY's five files into one descriptor. */
static int read_runtime_desc(const char *dir, unsigned long entry, struct efi_runtime_desc *out,
			     struct kj_error *err)
{
	struct kj_blob text[EFI_DESC_FIELDS] = { { 0 } };
	const char *fields[EFI_DESC_FIELDS];
	char where[PATH_BYTES], path[PATH_BYTES + 16];
	int rc = -1;

	snprintf(where, sizeof(where), "%s/%lu", dir, entry);
	for (size_t i = 0; i < EFI_DESC_FIELDS; i++) {
		snprintf(path, sizeof(path), "%s/%s", where, efi_desc_field_names[i]);
		if (kj_read_file(path, SYSFS_VALUE_MAX, &text[i], err) < 0)
			goto out;
		if (memchr(text[i].data, '\0', text[i].size)) {
			kj_fail(err, "%s: binary data in a text file", path);
			goto out;
		}
		fields[i] = (const char *)text[i].data;
	}
	rc = efi_runtime_desc_parse(where, fields, out, err);
out:
	for (size_t i = 0; i < EFI_DESC_FIELDS; i++)
		kj_blob_free(&text[i]);
	return rc;
}

/* Entry names are decimal numbers (kobject_add(..., "%d", nr)). */
static bool entry_number(const char *name, unsigned long *n)
{
	char *end;

	if (!isdigit((unsigned char)name[0]) || (name[0] == '0' && name[1]))
		return false;
	errno = 0;
	*n = strtoul(name, &end, 10);
	return !*end && errno == 0;
}

/* Which of 0..EFI_RUNTIME_MAP_MAX-1 DIR holds: *COUNT of them, all below *END. */
static int list_runtime_entries(DIR *d, const char *dir, bool *seen, size_t *count,
				size_t *end, struct kj_error *err)
{
	struct dirent *de;
	unsigned long n;

	*count = *end = 0;
	while ((de = readdir(d))) {
		if (!entry_number(de->d_name, &n))
			continue;
		if (n >= EFI_RUNTIME_MAP_MAX)
			return kj_fail(err, "%s: entry %lu: more than %d descriptors", dir, n,
				       EFI_RUNTIME_MAP_MAX);
		if (!seen[n])
			(*count)++;
		seen[n] = true;
		if (n + 1 > *end)
			*end = n + 1;
	}
	return 0;
}

int efi_runtime_map_read(const char *dir, struct efi_runtime_desc **map, size_t *nr,
			 char *why, size_t why_len, struct kj_error *err)
{
	bool seen[EFI_RUNTIME_MAP_MAX] = { false };
	size_t count, end;
	DIR *d = opendir(dir);
	int rc;

	*map = NULL;
	*nr = 0;
	if (!d) {
		snprintf(why, why_len, "%s: %s", dir,
			 errno == ENOENT ? "not there (a kernel without CONFIG_EFI_RUNTIME_MAP)"
					 : strerror(errno));
		return 0;
	}
	rc = list_runtime_entries(d, dir, seen, &count, &end, err);
	closedir(d);
	if (rc < 0)
		return -1;
	if (count == 0) {
		snprintf(why, why_len, "%s: no descriptors", dir);
		return 0;
	}
	/* The kernel numbers every descriptor of its map: a gap is a map
	 * that would hide a runtime region from the next kernel. */
	if (count != end)
		return kj_fail(err, "%s: entries 0 to %zu are not all there", dir, end - 1);
	*map = calloc(count, sizeof(**map));
	if (!*map)
		return kj_fail(err, "out of memory");
	for (size_t i = 0; i < count; i++) {
		if (read_runtime_desc(dir, i, &(*map)[i], err) < 0) {
			free(*map);
			*map = NULL;
			return -1;
		}
	}
	*nr = count;
	return 1;
}

static int read_boot_params(const char *path, struct x86_firmware *fw, struct kj_error *err)
{
	struct kj_blob data = { 0 };
	int rc;

	if (!path) {
		snprintf(fw->no_boot_params, sizeof(fw->no_boot_params), "no boot_params source");
		return 0;
	}
	rc = read_optional(path, 2 * BOOT_PARAMS_SIZE, &data, fw->no_boot_params,
			   sizeof(fw->no_boot_params), err);
	if (rc <= 0)
		return rc;
	if (data.size != BOOT_PARAMS_SIZE) {
		kj_fail(err, "%s: %zu bytes, a zero page has %d", path, data.size,
			BOOT_PARAMS_SIZE);
		kj_blob_free(&data);
		return -1;
	}
	memcpy(fw->boot_params, data.data, BOOT_PARAMS_SIZE);
	kj_blob_free(&data);
	fw->has_boot_params = true;
	return 0;
}

static int read_systab(const char *efi_dir, struct efi_facts *efi, struct kj_error *err)
{
	char path[PATH_BYTES], why[FIRMWARE_WHY_MAX];
	struct kj_blob text = { 0 };
	int rc;

	snprintf(path, sizeof(path), "%s/systab", efi_dir);
	rc = read_optional(path, SYSTAB_MAX_BYTES, &text, why, sizeof(why), err);
	if (rc <= 0)
		return rc;
	if (memchr(text.data, '\0', text.size))
		rc = kj_fail(err, "%s: binary data in a text file", path);
	else
		rc = efi_systab_parse((const char *)text.data, path, &efi->systab, err);
	kj_blob_free(&text);
	efi->has_systab = rc == 0;
	return rc;
}

/* /sys/firmware/efi's single values; each may be absent. */
static int read_efi_values(const char *efi_dir, struct efi_facts *efi, struct kj_error *err)
{
	char why[FIRMWARE_WHY_MAX];
	uint64_t bits = 0;
	int rc;

	rc = read_number(efi_dir, "fw_platform_size", &bits, why, sizeof(why), err);
	if (rc < 0)
		return -1;
	efi->platform_bits = rc && (bits == 32 || bits == 64) ? (unsigned int)bits : 0;
	if ((rc = read_number(efi_dir, "fw_vendor", &efi->fw_vendor, why, sizeof(why), err)) < 0)
		return -1;
	efi->has_fw_vendor = rc;
	if ((rc = read_number(efi_dir, "runtime", &efi->runtime, why, sizeof(why), err)) < 0)
		return -1;
	efi->has_runtime = rc;
	if ((rc = read_number(efi_dir, "config_table", &efi->config_table, why, sizeof(why),
			      err)) < 0)
		return -1;
	efi->has_config_table = rc;
	return read_systab(efi_dir, efi, err);
}

static int read_efi(const char *efi_dir, bool read_map, struct efi_facts *efi,
		    struct kj_error *err)
{
	char map_dir[PATH_BYTES];

	if (!efi_dir || access(efi_dir, F_OK) < 0) {
		snprintf(efi->no_map, sizeof(efi->no_map), "no %s (a BIOS boot)",
			 efi_dir ? efi_dir : "EFI directory");
		return 0;
	}
	efi->booted_efi = true;
	if (read_efi_values(efi_dir, efi, err) < 0)
		return -1;
	if (!read_map) {
		snprintf(efi->no_map, sizeof(efi->no_map), "not read");
		return 0;
	}
	snprintf(map_dir, sizeof(map_dir), "%s/runtime-map", efi_dir);
	return efi_runtime_map_read(map_dir, &efi->map, &efi->nr_map, efi->no_map,
				    sizeof(efi->no_map), err) < 0 ? -1 : 0;
}

static int read_fb0_name(const char *graphics_dir, struct x86_firmware *fw,
			 struct kj_error *err)
{
	char path[PATH_BYTES], why[FIRMWARE_WHY_MAX];
	struct kj_blob text = { 0 };
	size_t len;
	int rc;

	if (!graphics_dir)
		return 0;
	snprintf(path, sizeof(path), "%s/fb0/name", graphics_dir);
	rc = read_optional(path, SYSFS_VALUE_MAX, &text, why, sizeof(why), err);
	if (rc <= 0)
		return rc;
	len = strcspn((const char *)text.data, "\n");
	if (len >= sizeof(fw->fb0_name))
		len = sizeof(fw->fb0_name) - 1;
	memcpy(fw->fb0_name, text.data, len);
	fw->fb0_name[len] = '\0';
	kj_blob_free(&text);
	fw->has_fb0 = true;
	return 0;
}

int x86_firmware_read(const struct boot_sources *src, bool read_efi_map,
		      struct x86_firmware *fw, struct kj_error *err)
{
	memset(fw, 0, sizeof(*fw));
	if (read_boot_params(src->boot_params, fw, err) < 0 ||
	    read_efi(src->efi_dir, read_efi_map, &fw->efi, err) < 0 ||
	    read_fb0_name(src->graphics_dir, fw, err) < 0)
		return -1;
	return 0;
}

void x86_firmware_free(struct x86_firmware *fw)
{
	free(fw->efi.map);
	fw->efi.map = NULL;
	fw->efi.nr_map = 0;
}
