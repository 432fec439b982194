// SPDX-License-Identifier: GPL-2.0-only
/* kexec/arch/x86/firmware.c: what sysfs says about the firmware, as
 * Linux 6.1 writes it, and what it must refuse. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arch/x86/firmware.h"
#include "helpers.h"

/* systab_show() in drivers/firmware/efi/efi.c, with UGA from the x86 part. */
static void systab_as_the_kernel_prints_it(void **state)
{
	struct efi_systab st;
	struct kj_error err = { 0 };

	assert_int_equal(efi_systab_parse("ACPI20=0x7fb7e014\nACPI=0x7fb7e000\n"
					  "SMBIOS3=0x7f8f0000\nSMBIOS=0x7f8f1000\nUGA=0x1000\n",
					  "systab", &st, &err), 0);
	assert_true(st.has_acpi20 && st.has_acpi && st.has_smbios3 && st.has_smbios);
	assert_int_equal(st.acpi20, 0x7fb7e014);
	assert_int_equal(st.acpi, 0x7fb7e000);
	assert_int_equal(st.smbios3, 0x7f8f0000);
	assert_int_equal(st.smbios, 0x7f8f1000);

	/* Only some present, no final newline, a name that merely starts
	 * like a known one, the first of two lines counts. */
	assert_int_equal(efi_systab_parse("ACPI=0x1000\nSMBIOS3X=7\nACPI=0x2000\nSMBIOS=0x3000",
					  "systab", &st, &err), 0);
	assert_false(st.has_acpi20 || st.has_smbios3);
	assert_true(st.has_acpi && st.has_smbios);
	assert_int_equal(st.acpi, 0x1000);
	assert_int_equal(st.smbios, 0x3000);
	assert_int_equal(efi_systab_parse("", "systab", &st, &err), 0);
	assert_false(st.has_acpi || st.has_acpi20);

	assert_int_equal(efi_systab_parse("ACPI20=0xzz\n", "systab", &st, &err), -1);
	assert_error_contains(&err, "systab: ACPI20=: not a number");
	kj_error_clear(&err);
	assert_int_equal(efi_systab_parse("ACPI=0x123456789012345678901234567890123456789\n",
					  "systab", &st, &err), -1);
	assert_error_contains(&err, "value too long");
}

static int parse_desc(const char *type, const char *phys, const char *virt, const char *pages,
		      const char *attr, struct efi_runtime_desc *d, struct kj_error *err)
{
	const char *fields[EFI_DESC_FIELDS] = { type, phys, virt, pages, attr };

	kj_error_clear(err);
	return efi_runtime_desc_parse("runtime-map/3", fields, d, err);
}

static void runtime_descriptors_checked(void **state)
{
	struct efi_runtime_desc d;
	struct kj_error err = { 0 };

	assert_int_equal(parse_desc("0x5\n", "0x7eb6a000\n", "0xfffffffeff800000\n", "0x8c\n",
				    "0x800000000000000f\n", &d, &err), 0);
	assert_int_equal(d.type, 5);
	assert_int_equal(d.phys_addr, 0x7eb6a000);
	assert_int_equal(d.virt_addr, 0xfffffffeff800000ull);
	assert_int_equal(d.num_pages, 0x8c);
	assert_int_equal(d.attribute, 0x800000000000000full);

	assert_int_equal(parse_desc("0x5\n", "0x7eb6a000\n", "0x0\n", "0x0\n", "0x1\n", &d, &err), -1);
	assert_error_contains(&err, "runtime-map/3: 0 pages is not a size");
	assert_int_equal(parse_desc("0x5\n", "0x7eb6a010\n", "0x0\n", "0x1\n", "0x1\n", &d, &err), -1);
	assert_error_contains(&err, "not 4 KiB aligned");
	assert_int_equal(parse_desc("0x5\n", "0x1000\n", "0x123\n", "0x1\n", "0x1\n", &d, &err), -1);
	assert_error_contains(&err, "not 4 KiB aligned");
	assert_int_equal(parse_desc("0x5\n", "0xfffffffffffff000\n", "0x0\n", "0x2\n", "0x1\n", &d,
				    &err), -1);
	assert_error_contains(&err, "wraps around");
	assert_int_equal(parse_desc("0x5\n", "0x0\n", "0x0\n", "0x10000000000000\n", "0x1\n", &d,
				    &err), -1);
	assert_error_contains(&err, "is not a size");
	assert_int_equal(parse_desc("0x100000000\n", "0x0\n", "0x0\n", "0x1\n", "0x1\n", &d, &err), -1);
	assert_error_contains(&err, "is not 32-bit");
	assert_int_equal(parse_desc("0x5\n", "0x1000\n", "0x0\n", "one\n", "0x1\n", &d, &err), -1);
	assert_error_contains(&err, "runtime-map/3/num_pages: not a number");
	assert_int_equal(parse_desc("0x5\n", "", "0x0\n", "0x1\n", "0x1\n", &d, &err), -1);
	assert_error_contains(&err, "runtime-map/3/phys_addr: not a number");
}

/* DIR/N/{type,...} for one descriptor at PHYS of PAGES pages. */
static void write_desc(const char *dir, const char *entry, uint64_t phys, uint64_t pages)
{
	char *d, text[40];

	if (asprintf(&d, "%s/%s", dir, entry) < 0 || mkdir(d, 0755) < 0)
		fail_msg("cannot make %s", entry);
	write_text_file(d, "type", "0x5\n");
	snprintf(text, sizeof(text), "0x%llx\n", (unsigned long long)phys);
	write_text_file(d, "phys_addr", text);
	write_text_file(d, "virt_addr", "0xfffffffeff800000\n");
	snprintf(text, sizeof(text), "0x%llx\n", (unsigned long long)pages);
	write_text_file(d, "num_pages", text);
	write_text_file(d, "attribute", "0x800000000000000f\n");
	free(d);
}

static void runtime_map_directory(void **state)
{
	char *dir = make_temp_dir();
	struct efi_runtime_desc *map;
	struct kj_error err = { 0 };
	char why[FIRMWARE_WHY_MAX], *missing;
	size_t nr;

	/* Entries are read in their numbers' order, not readdir's. */
	for (int i = 11; i >= 0; i--) {
		char name[8];

		snprintf(name, sizeof(name), "%d", i);
		write_desc(dir, name, 0x1000000 + 0x10000 * (uint64_t)i, i + 1);
	}
	write_text_file(dir, "not-an-entry", "x");
	assert_int_equal(efi_runtime_map_read(dir, &map, &nr, why, sizeof(why), &err), 1);
	assert_int_equal(nr, 12);
	for (size_t i = 0; i < nr; i++) {
		assert_int_equal(map[i].phys_addr, 0x1000000 + 0x10000 * i);
		assert_int_equal(map[i].num_pages, i + 1);
	}
	free(map);

	/* A gap: a truncated map is refused, never passed in part. */
	write_desc(dir, "13", 0x2000000, 1);
	assert_int_equal(efi_runtime_map_read(dir, &map, &nr, why, sizeof(why), &err), -1);
	assert_error_contains(&err, "entries 0 to 13 are not all there");
	assert_null(map);
	kj_error_clear(&err);

	/* Absurdly many: refused before anything is allocated for them. */
	write_desc(dir, "1024", 0x3000000, 1);
	assert_int_equal(efi_runtime_map_read(dir, &map, &nr, why, sizeof(why), &err), -1);
	assert_error_contains(&err, "more than 1024 descriptors");
	remove_tree(dir);

	/* No directory (CONFIG_EFI_RUNTIME_MAP off, a BIOS boot): not an error. */
	kj_error_clear(&err);
	assert_int_equal(efi_runtime_map_read("/nonexistent/runtime-map", &map, &nr, why,
					      sizeof(why), &err), 0);
	assert_false(err.set);
	assert_non_null(strstr(why, "CONFIG_EFI_RUNTIME_MAP"));

	/* A malformed entry names its file. */
	dir = make_temp_dir();
	write_desc(dir, "0", 0x1000000, 1);
	write_desc(dir, "1", 0x1000000, 1);
	assert_true(asprintf(&missing, "%s/1", dir) > 0);
	write_text_file(missing, "num_pages", "lots\n");
	assert_int_equal(efi_runtime_map_read(dir, &map, &nr, why, sizeof(why), &err), -1);
	assert_error_contains(&err, "/1/num_pages: not a number");
	free(missing);
	remove_tree(dir);
}

/* A whole tree: boot_params must be a zero page, a missing piece is a
 * reason, not an error. */
static void firmware_tree(void **state)
{
	char *root = make_temp_dir(), *path;
	struct boot_sources src = { 0 };
	struct x86_firmware fw;
	struct kj_error err = { 0 };
	FILE *f;

	assert_true(asprintf(&path, "%s/boot_params", root) > 0);
	src.boot_params = path;
	src.efi_dir = "/nonexistent/efi";
	src.graphics_dir = root;
	assert_int_equal(x86_firmware_read(&src, true, &fw, &err), 0);
	assert_false(fw.has_boot_params || fw.efi.booted_efi || fw.has_fb0);
	assert_non_null(strstr(fw.no_boot_params, "not there"));
	assert_non_null(strstr(fw.efi.no_map, "a BIOS boot"));

	f = fopen(path, "w");
	fwrite("short", 1, 5, f);
	fclose(f);
	assert_int_equal(x86_firmware_read(&src, true, &fw, &err), -1);
	assert_error_contains(&err, "boot_params: 5 bytes, a zero page has 4096");
	x86_firmware_free(&fw);
	free(path);
	remove_tree(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(systab_as_the_kernel_prints_it),
		cmocka_unit_test(runtime_descriptors_checked),
		cmocka_unit_test(runtime_map_directory),
		cmocka_unit_test(firmware_tree),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
