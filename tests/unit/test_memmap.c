// SPDX-License-Identifier: GPL-2.0-only
/* Memory-map discovery: /proc/iomem text, firmware-map directories. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "helpers.h"

static void parses_qemu_map(void **state)
{
	struct memory_map map;

	must_parse_iomem(&map, test_iomem_512m);
	/* Reserved at 0 and System RAM, reserved pieces, RAM, reserved at
	 * the top; the PCI window and ROMs are not part of the map. */
	assert_int_equal(map.ranges[0].type, MEM_RESERVED);
	assert_int_equal(map.ranges[1].start, 0x1000);
	assert_int_equal(map.ranges[1].end, 0x9fbff);
	assert_int_equal(map.ranges[1].type, MEM_RAM);
	assert_int_equal(memmap_total(&map, MEM_RAM), (0x9fbff - 0x1000 + 1) + (0x1ffdffff - 0x100000 + 1));
	for (size_t i = 0; i < map.nr; i++)
		assert_true(map.ranges[i].start != 0xb0000000);
	assert_int_equal(map.nr_crash, 1);
	assert_int_equal(map.crash[0].start, 0x10000000);
	assert_int_equal(map.crash[0].end, 0x17ffffff);
	assert_true(memmap_contains(&map, 0x100000, 0x1ffdffff, MEM_RAM));
	assert_false(memmap_contains(&map, 0x100000, 0x1ffe0000, MEM_RAM));
	assert_false(memmap_contains(&map, 0x9f000, 0x100fff, MEM_RAM));
	memmap_free(&map);
}

static void merges_adjacent_ram_and_sorts(void **state)
{
	struct memory_map map;

	must_parse_iomem(&map,
			 "00200000-002fffff : System RAM\n"
			 "00100000-001fffff : System RAM\n"
			 "00300000-00300fff : ACPI Tables\n"
			 "00301000-003fffff : System RAM\n");
	assert_int_equal(map.nr, 3);
	assert_int_equal(map.ranges[0].start, 0x100000);
	assert_int_equal(map.ranges[0].end, 0x2fffff);
	assert_int_equal(map.ranges[1].type, MEM_ACPI);
	assert_true(memmap_contains(&map, 0x180000, 0x280000, MEM_RAM));
	memmap_free(&map);
}

static void all_e820_type_names(void **state)
{
	struct memory_map map;

	must_parse_iomem(&map,
			 "00001000-00001fff : System RAM\n"
			 "00002000-00002fff : ACPI Tables\n"
			 "00003000-00003fff : ACPI Non-volatile Storage\n"
			 "00004000-00004fff : Persistent Memory (legacy)\n"
			 "00005000-00005fff : Unusable memory\n"
			 "00006000-00006fff : reserved\n"
			 "00008000-00008fff : Soft Reserved\n");
	assert_int_equal(map.nr, 7);
	assert_int_equal(map.ranges[1].type, MEM_ACPI);
	assert_int_equal(map.ranges[2].type, MEM_NVS);
	assert_int_equal(map.ranges[3].type, MEM_PMEM);
	assert_int_equal(map.ranges[4].type, MEM_UNUSABLE);
	assert_int_equal(map.ranges[5].type, MEM_RESERVED);
	assert_int_equal(map.ranges[6].type, MEM_RESERVED);
	memmap_free(&map);
}

static void expect_parse_error(const char *text, const char *needle)
{
	struct memory_map map = { 0 };
	struct kj_error err = { 0 };

	assert_int_equal(memmap_parse_iomem(&map, text, "bad", &err), -1);
	assert_error_contains(&err, needle);
	assert_null(strchr(err.msg, '\n'));
	memmap_free(&map);
}

static void broken_iomem_files(void **state)
{
	expect_parse_error("hello world\n", "bad:1: not an iomem line");
	expect_parse_error("00100000-001fffff : System RAM\n0010-zz : x\n", "bad:2: not an iomem line");
	expect_parse_error("00100000-001fffff System RAM\n", "not an iomem line");
	expect_parse_error("00200000-001fffff : System RAM\n", "ends before it starts");
	expect_parse_error("00100000-002fffff : System RAM\n00200000-003fffff : Reserved\n",
			   "ranges overlap");
	expect_parse_error("", "empty memory map");
	expect_parse_error("\n\n", "empty memory map");
	expect_parse_error("00000000-00000000 : Reserved\n00000000-00000000 : System RAM\n",
			   "needs root");
	expect_parse_error("00000000-00000fff : Reserved\n", "no System RAM");
	expect_parse_error("00100000-001fffff : System RAM\n  30000000-3fffffff : Crash kernel\n",
			   "not inside System RAM");
	expect_parse_error("00100000-001fffff : System RAM\n"
			   "  00100000-00100fff : Crash kernel\n"
			   "  00101000-00101fff : Crash kernel\n"
			   "  00102000-00102fff : Crash kernel\n", "more than 2 crash");
	expect_parse_error("100000000000000-1000000000fffff : System RAM\n", "52-bit");
	expect_parse_error("fffffffffffffffffff-fffffffffffffffffff : System RAM\n",
			   "not an iomem line");
}

static void overlong_line(void **state)
{
	char text[600];

	memset(text, '0', sizeof(text));
	text[sizeof(text) - 1] = '\0';
	expect_parse_error(text, "line too long");
}

static void make_firmware_entry(const char *dir, int n, const char *start,
				const char *end, const char *type)
{
	char name[64];

	snprintf(name, sizeof(name), "%s/%d", dir, n);
	mkdir(name, 0755);
	snprintf(name, sizeof(name), "%d/start", n);
	write_text_file(dir, name, start);
	snprintf(name, sizeof(name), "%d/end", n);
	write_text_file(dir, name, end);
	snprintf(name, sizeof(name), "%d/type", n);
	write_text_file(dir, name, type);
}

static void firmware_directory(void **state)
{
	char *dir = make_temp_dir();
	struct memory_map map = { 0 };
	struct kj_error err = { 0 };

	make_firmware_entry(dir, 0, "0x0\n", "0x9fbff\n", "System RAM\n");
	make_firmware_entry(dir, 1, "0x9fc00\n", "0x9ffff\n", "Reserved\n");
	make_firmware_entry(dir, 2, "0x100000\n", "0x1ffdffff\n", "System RAM\n");
	make_firmware_entry(dir, 3, "0x1ffe0000\n", "0x1fffffff\n", "Something New\n");
	assert_int_equal(memmap_read_firmware(&map, dir, &err), 0);
	assert_int_equal(map.nr, 4);
	assert_int_equal(map.ranges[2].start, 0x100000);
	assert_int_equal(map.ranges[2].type, MEM_RAM);
	/* An unknown type must never be handed out as RAM. */
	assert_int_equal(map.ranges[3].type, MEM_RESERVED);
	assert_string_equal(map.source, dir);
	memmap_free(&map);

	make_firmware_entry(dir, 4, "0xnothex\n", "0x1\n", "System RAM\n");
	memset(&map, 0, sizeof(map));
	assert_int_equal(memmap_read_firmware(&map, dir, &err), -1);
	assert_error_contains(&err, "not a hex address");
	memmap_free(&map);
	remove_tree(dir);
}

static void discover_prefers_override_then_firmware(void **state)
{
	char *dir = make_temp_dir();
	char fw[512], iomem[512], override[512];
	struct memory_map map;
	struct kj_error err = { 0 };

	snprintf(fw, sizeof(fw), "%s/memmap", dir);
	mkdir(fw, 0755);
	make_firmware_entry(fw, 0, "0x100000\n", "0x3fffffff\n", "System RAM\n");
	write_text_file(dir, "iomem", test_iomem_512m);
	write_text_file(dir, "override",
			"00100000-0fffffff : System RAM\n  08000000-0bffffff : Crash kernel\n");
	snprintf(iomem, sizeof(iomem), "%s/iomem", dir);
	snprintf(override, sizeof(override), "%s/override", dir);

	/* Firmware map for ranges, /proc/iomem for the crash region. */
	assert_int_equal(memmap_discover(&map, NULL, fw, iomem, &err), 0);
	assert_int_equal(map.nr, 1);
	assert_int_equal(map.ranges[0].end, 0x3fffffff);
	assert_int_equal(map.nr_crash, 1);
	assert_int_equal(map.crash[0].start, 0x10000000);
	memmap_free(&map);

	/* --memory-map replaces both. */
	assert_int_equal(memmap_discover(&map, override, fw, iomem, &err), 0);
	assert_int_equal(map.ranges[0].end, 0x0fffffff);
	assert_int_equal(map.crash[0].start, 0x08000000);
	memmap_free(&map);

	/* No firmware map: /proc/iomem for everything. */
	strcat(fw, "-missing");
	assert_int_equal(memmap_discover(&map, NULL, fw, iomem, &err), 0);
	assert_int_equal(map.ranges[1].end, 0x9fbff);
	memmap_free(&map);

	/* Unreadable /proc/iomem: ranges still come from the firmware
	 * map, and the reason crash regions are unknown is kept. */
	fw[strlen(fw) - strlen("-missing")] = '\0';
	strcat(iomem, "-missing");
	assert_int_equal(memmap_discover(&map, NULL, fw, iomem, &err), 0);
	assert_int_equal(map.nr_crash, 0);
	assert_non_null(strstr(map.crash_unknown, "cannot open"));
	memmap_free(&map);

	assert_int_equal(memmap_discover(&map, "/nonexistent/map", fw, iomem, &err), -1);
	assert_error_contains(&err, "cannot open /nonexistent/map");
	memmap_free(&map);
	remove_tree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_qemu_map),
		cmocka_unit_test(merges_adjacent_ram_and_sorts),
		cmocka_unit_test(all_e820_type_names),
		cmocka_unit_test(broken_iomem_files),
		cmocka_unit_test(overlong_line),
		cmocka_unit_test(firmware_directory),
		cmocka_unit_test(discover_prefers_override_then_firmware),
	};
	return cmocka_run_group_tests_name("memmap", tests, NULL, NULL);
}
