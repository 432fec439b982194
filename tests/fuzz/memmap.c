// SPDX-License-Identifier: GPL-2.0-only
/*
 * The memory map (kexec/system/memmap.c): /proc/iomem text, or the entries of
 * /sys/firmware/memmap; then what the planners ask of a map (holes,
 * containment, the zero page's e820 table, a capture kernel's map).
 * Input: one flags byte (bit 0: /proc/iomem text, else firmware map
 * entries), then the text; firmware entries are NUL-separated fields,
 * three per entry: the contents of start, end and type.
 */
#include <stdio.h>
#include <stdlib.h>

#include "arch/x86/x86.h"
#include "arch/x86/bootparam.h"
#include "load/crash.h"
#include "fuzz.h"
#include "plan/hole.h"

#define MAX_FIELDS (3 * 64)

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_init();
	return 0;
}

static int parse_firmware(struct memory_map *map, const uint8_t *data, size_t size,
			  struct kj_error *err)
{
	char *fields[MAX_FIELDS];
	size_t n = fuzz_fields(data, size, fields, MAX_FIELDS);
	int rc = 0;

	for (size_t i = 0; i + 2 < n && rc == 0; i += 3) {
		char where[32];

		snprintf(where, sizeof(where), "fuzz/%zu", i / 3);
		rc = memmap_add_firmware_entry(map, where, fields[i], fields[i + 1],
					       fields[i + 2], err);
	}
	fuzz_fields_free(fields, n);
	if (rc < 0)
		return -1;
	return memmap_normalise(map, "fuzz", err);
}

/* What the planners do with a map. */
static void use(const struct memory_map *map)
{
	static uint8_t bp[BOOT_PARAMS_SIZE];
	struct memory_map capture = { 0 };
	struct kexec_plan plan;
	struct kj_error err = { 0 };
	struct hole_request req = { .size = 0x100000, .align = 0x200000, .max = UINT64_MAX };
	uint64_t at;

	(void)bootparam_set_e820(bp, map);
	(void)memmap_total(map, MEM_RAM);
	plan_init(&plan);
	if (hole_find(map, &plan, &req, &at, &err) == 0) {
		(void)memmap_contains(map, at, at + req.size - 1, MEM_RAM);
		(void)plan_add_segment(&plan, "kernel", NULL, 0, at, req.size, &err);
	}
	req.top_down = true;
	req.size = 4096;
	req.align = 4096;
	(void)hole_find(map, &plan, &req, &at, &err);
	if (map->nr_crash) {
		plan.flags |= KEXEC_ON_CRASH;	/* hole_find() then searches the reservation */
		if (hole_find(map, &plan, &req, &at, &err) == 0)
			(void)crash_capture_map(&x86_64_arch, map, at, at + 4095, &capture, &err);
	}
	memmap_free(&capture);
	plan_free(&plan);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct memory_map map = { 0 };
	struct kj_error err = { 0 };
	int rc;

	if (size < 1)
		return 0;
	if (data[0] & 1) {
		char *text = fuzz_strndup(data + 1, size - 1);

		rc = memmap_parse_iomem(&map, text, "fuzz", &err);
		free(text);
	} else {
		rc = parse_firmware(&map, data + 1, size - 1, &err);
	}
	if (rc == 0)
		use(&map);
	fuzz_report(rc < 0 ? "parse" : "parsed", &err);
	memmap_free(&map);
	return 0;
}
