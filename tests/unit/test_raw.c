// SPDX-License-Identifier: GPL-2.0-only
/* kexec/load/raw.c: the raw image loader, as kexec -l -t raw runs it. */
#include <stdio.h>
#include <string.h>

#include "arch/x86/x86.h"
#include "helpers.h"
#include "load/build.h"
#include "load/image.h"

struct raw_fixture {
	struct load_request opt;
	struct memory_map map;
	struct load_plan lp;
	struct kexec_plan plan;		/* a copy of lp.plan's header, for the checks */
	struct kj_error err;
};

/* -t raw, through plan_build_image() as kexec -l takes it. */
static int raw_load(struct raw_fixture *f, const char *data, size_t size)
{
	struct kj_blob blob = { .data = (uint8_t *)data, .size = size };
	struct load_system sys = { .arch = &x86_64_arch, .map = &f->map,
				   .sysfs_kernel = "/nonexistent", .hash_threads = 1 };
	int rc;

	must_parse_iomem(&f->map, test_iomem_512m);
	f->opt.image = "test";
	f->opt.type = "raw";
	rc = plan_build_image(&f->opt, &sys, &blob, &f->lp, &f->err);
	f->plan = f->lp.plan;
	return rc;
}

static void raw_fixture_free(struct raw_fixture *f)
{
	load_plan_free(&f->lp);
	memmap_free(&f->map);
}

static void raw_places_at_mem_min(void **state)
{
	struct raw_fixture f = { 0 };

	f.opt.window.min = 0x3000000;
	f.opt.window.min_set = true;
	assert_int_equal(raw_load(&f, "abc", 3), 0);
	assert_int_equal(f.plan.nr_segments, 1);
	assert_int_equal(f.plan.segments[0].mem, 0x3000000);
	assert_int_equal(f.plan.segments[0].bufsz, 3);
	assert_int_equal(f.plan.entry, 0x3000000);
	raw_fixture_free(&f);
}

static void raw_defaults(void **state)
{
	struct raw_fixture f = { 0 };

	f.opt.entry = 0x100010;
	f.opt.entry_set = true;
	assert_int_equal(raw_load(&f, "abc", 3), 0);
	assert_int_equal(f.plan.segments[0].mem, 0x100000);	/* lowest RAM above 1 MiB */
	assert_int_equal(f.plan.entry, 0x100010);
	raw_fixture_free(&f);
}

static void raw_extra_segments(void **state)
{
	struct raw_fixture f = { 0 };
	char *dir = make_temp_dir();
	char path[512];

	write_text_file(dir, "blob", "data");
	snprintf(path, sizeof(path), "%s/blob", dir);
	f.opt.segments = &(struct extra_segment){ path, 0x100000 };
	f.opt.nr_segments = 1;
	assert_int_equal(raw_load(&f, "abc", 3), 0);
	assert_int_equal(f.plan.nr_segments, 2);
	assert_string_equal(f.plan.segments[0].name, "segment1");
	assert_memory_equal(f.plan.segments[0].buf, "data", 4);
	/* The image goes around the extra segment. */
	assert_int_equal(f.plan.segments[1].mem, 0x101000);
	raw_fixture_free(&f);
	remove_tree(dir);
}

static void raw_rejects_kernel_options(void **state)
{
	struct raw_fixture f = { 0 };

	f.opt.append = "console=ttyS0";
	assert_int_equal(raw_load(&f, "abc", 3), -1);
	assert_error_contains(&f.err, "no command line");
	raw_fixture_free(&f);

	memset(&f, 0, sizeof(f));
	f.opt.initrd = "x";
	assert_int_equal(raw_load(&f, "abc", 3), -1);
	assert_error_contains(&f.err, "no initrd");
	raw_fixture_free(&f);

	memset(&f, 0, sizeof(f));
	assert_int_equal(raw_load(&f, "", 0), -1);
	assert_error_contains(&f.err, "empty");
	raw_fixture_free(&f);

	memset(&f, 0, sizeof(f));
	f.opt.window = (struct load_window){ 0x3000000, 0x3000800, true, true };
	/* the page would end past --mem-max */
	assert_int_equal(raw_load(&f, "abc", 3), -1);
	assert_error_contains(&f.err, "does not fit below --mem-max");
	raw_fixture_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(raw_places_at_mem_min),
		cmocka_unit_test(raw_defaults),
		cmocka_unit_test(raw_extra_segments),
		cmocka_unit_test(raw_rejects_kernel_options),
	};
	return cmocka_run_group_tests_name("raw", tests, NULL, NULL);
}
