/* SPDX-License-Identifier: GPL-2.0-only */
/* Shared fixtures for the unit tests. */
#ifndef KJUMP_TEST_HELPERS_H
#define KJUMP_TEST_HELPERS_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "plan/plan.h"
#include "system/memmap.h"

/* A QEMU-like 512 MiB map with a 128 MiB crash reservation at 256 MiB. */
extern const char test_iomem_512m[];

/* Parse TEXT into MAP, failing the test on error. */
void must_parse_iomem(struct memory_map *map, const char *text);

/*
 * A synthetic bzImage of boot protocol VERSION (calloc'd, *SIZE bytes):
 * four setup sectors, the header, 8 KiB of kernel.
 */
uint8_t *test_fake_bzimage(uint16_t version, size_t *size);

/* mkdtemp under $TMPDIR; returns a malloc'd path. */
char *make_temp_dir(void);
/* Write TEXT to DIR/NAME (creating DIR/NAME's parent must be done by the caller). */
void write_text_file(const char *dir, const char *name, const char *text);
/* rm -r DIR, and free DIR (a make_temp_dir() result). */
void remove_tree(char *dir);

/*
 * The planner's fixture (test_plan.c, test_hole.c): test_iomem_512m
 * parsed, an empty plan, no error, and a page to take segments from.
 * plan_fixture_setup() makes it anew for each test.
 */
struct plan_fixture {
	struct memory_map map;
	struct kexec_plan plan;
	struct kj_error err;
	char page[4096];
};
extern struct plan_fixture pf;
int plan_fixture_setup(void **state);
int plan_fixture_teardown(void **state);
/* A test case run with the planner's fixture. */
#define plan_fixture_test(f) \
	cmocka_unit_test_setup_teardown(f, plan_fixture_setup, plan_fixture_teardown)

/*
 * A synthetic bzImage (malloc'd, *SIZE bytes): four setup sectors, a
 * protocol 2.15 header (relocatable, 64-bit entry, pref_address 16 MiB),
 * 8 KiB of protected-mode kernel.
 */
uint8_t *test_bzimage(size_t *size);

/*
 * The value of the purgatory's variable SYMBOL (SIZE bytes) as PLAN's
 * purgatory segment holds it: read at the offset a fresh copy of the
 * embedded purgatory, placed at the same base, has it.
 */
void purgatory_value_in_plan(const struct kexec_plan *plan, const struct memory_map *map,
			     const char *symbol, void *out, size_t size);

/* assert that ERR holds a message containing NEEDLE. */
#define assert_error_contains(err, needle) do {				\
		assert_true((err)->set);					\
		if (!strstr((err)->msg, (needle)))				\
			fail_msg("error \"%s\" lacks \"%s\"", (err)->msg, (needle)); \
	} while (0)

#endif
