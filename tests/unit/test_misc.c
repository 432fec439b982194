// SPDX-License-Identifier: GPL-2.0-only
/* Status, jump-back helper, image types and the raw loader, output, errors. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/x86/arch.h"
#include "helpers.h"
#include "load/build.h"
#include "load/image.h"
#include "load/jump.h"
#include "kjump/json.h"
#include "kjump/resume.h"
#include "kjump/sha256.h"
#include "system/loadrecord.h"
#include "plan/print.h"
#include "system/status.h"
#include "system/kernel.h"
#include "system/syscall.h"

static void status_reads_sysfs(void **state)
{
	char *dir = make_temp_dir();
	struct kj_error err = { 0 };
	bool loaded = true;

	write_text_file(dir, "kexec_loaded", "0\n");
	write_text_file(dir, "kexec_crash_loaded", "1\n");
	assert_int_equal(kexec_status(dir, false, &loaded, &err), 0);
	assert_false(loaded);
	assert_int_equal(kexec_status(dir, true, &loaded, &err), 0);
	assert_true(loaded);
	write_text_file(dir, "kexec_loaded", "maybe\n");
	assert_int_equal(kexec_status(dir, false, &loaded, &err), -1);
	assert_error_contains(&err, "expected 0 or 1");
	remove_tree(dir);

	kj_error_clear(&err);
	assert_int_equal(kexec_status("/nonexistent", false, &loaded, &err), -1);
	assert_error_contains(&err, "no kexec support (CONFIG_KEXEC)");
}

/* kexec_load's segment limit: /sys/kernel/kexec_segment_max, else 16. */
static void segment_max_reads_sysfs(void **state)
{
	static const char *const bad[] = { "", "\n", "abc\n", "0\n", "-5\n", "12x\n",
					   " 12\n", "99999999999999999999999\n" };
	char *dir = make_temp_dir();
	struct kj_error err = { 0 };
	struct kexec_plan plan;
	size_t max = 0;

	(void)state;
	assert_int_equal(kexec_segment_max(dir, &max, &err), 0);
	assert_int_equal(max, KEXEC_STOCK_SEGMENT_MAX);
	write_text_file(dir, "kexec_segment_max", "2048\n");
	assert_int_equal(kexec_segment_max(dir, &max, &err), 0);
	assert_int_equal(max, 2048);
	write_text_file(dir, "kexec_segment_max", "16");
	assert_int_equal(kexec_segment_max(dir, &max, &err), 0);
	assert_int_equal(max, 16);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		kj_error_clear(&err);
		write_text_file(dir, "kexec_segment_max", bad[i]);
		assert_int_equal(kexec_segment_max(dir, &max, &err), -1);
		assert_error_contains(&err, "kexec_segment_max: expected a number of segments");
	}

	/* The plan takes the limit for kexec_load only. */
	write_text_file(dir, "kexec_segment_max", "2048\n");
	plan_init(&plan);
	assert_int_equal(plan_set_kernel_limits(&plan, &x86_64_arch, dir, &err), 0);
	assert_int_equal(plan.max_segments, 2048);
	plan.syscall = PLAN_KEXEC_FILE_LOAD;
	plan.max_segments = KEXEC_STOCK_SEGMENT_MAX;
	assert_int_equal(plan_set_kernel_limits(&plan, &x86_64_arch, dir, &err), 0);
	assert_int_equal(plan.max_segments, KEXEC_STOCK_SEGMENT_MAX);
	plan.syscall = PLAN_KEXEC_LOAD;
	write_text_file(dir, "kexec_segment_max", "lots\n");
	kj_error_clear(&err);
	assert_int_equal(plan_set_kernel_limits(&plan, &i386_arch, dir, &err), -1);
	assert_int_equal(plan.dest_limit, 0xc0000000ull);
	plan_free(&plan);
	remove_tree(dir);
}

/* kexec -l leaves a record that kexec -e --debug reads after a jump back. */
static void load_record_round_trip(void **state)
{
	char *dir = make_temp_dir();
	char sub[600];
	struct load_record rec = { .what = "kernel B", .image = "/boot/b\nentry 0x1",
				   .entry = 0x7ff3000 }, back;
	struct kj_error err = { 0 };

	(void)state;
	snprintf(sub, sizeof(sub), "%s/run", dir);	/* created on write */
	assert_int_equal(load_record_read(sub, &back, &err), -1);
	kj_error_clear(&err);
	assert_int_equal(load_record_write(sub, &rec, &err), 0);
	assert_int_equal(load_record_read(sub, &back, &err), 0);
	assert_string_equal(back.what, "kernel B");
	/* A newline in the file name must not forge another key. */
	assert_string_equal(back.image, "/boot/b");
	assert_int_equal(back.entry, 0x7ff3000);
	load_record_remove(sub);
	assert_int_equal(load_record_read(sub, &back, &err), -1);
	kj_error_clear(&err);
	write_text_file(sub, LOAD_RECORD_FILE, "what kernel B\nentry 0xzz\n");
	assert_int_equal(load_record_read(sub, &back, &err), -1);
	assert_error_contains(&err, "not a kjump load record");
	remove_tree(dir);
}

/*
 * A hibernation image's digest reads the record's state and digest
 * fields as zero, however the image is cut into pieces while hashing.
 */
static void resume_digest_masks_its_fields(void **state)
{
	enum { LEN = 9000, DESC_AT = 4000 };
	static uint8_t image[LEN], masked[LEN];
	uint8_t want[SHA256_DIGEST_SIZE], got[SHA256_DIGEST_SIZE];
	struct resume_record rec = { .state = RESUME_READY, .entry = 0x7ff000,
				     .image_bytes = LEN, .release = "6.1.0-test" }, back;
	struct kj_error err = { 0 };

	(void)state;
	srand(7);
	for (size_t i = 0; i < LEN; i++)
		image[i] = (uint8_t)rand();
	resume_put_note(image + DESC_AT - resume_note_desc_offset(), &rec);
	assert_int_equal(resume_parse_desc(image + DESC_AT, RESUME_DESC_SIZE, &back, &err), 0);
	assert_int_equal(back.state, RESUME_READY);
	assert_int_equal(back.entry, 0x7ff000);
	assert_string_equal(back.release, "6.1.0-test");
	memcpy(masked, image, LEN);
	memset(masked + DESC_AT + RESUME_STATE_OFFSET, 0, 4);
	memset(masked + DESC_AT + RESUME_DIGEST_OFFSET, 0, SHA256_DIGEST_SIZE);
	sha256_digest(masked, LEN, want);
	for (int round = 0; round < 200; round++) {
		struct sha256_ctx ctx;
		size_t at = 0;

		sha256_init(&ctx);
		while (at < LEN) {
			size_t n = 1 + (size_t)rand() % (round < 100 ? 64 : 3000);

			if (n > LEN - at)
				n = LEN - at;
			resume_hash_update(&ctx, image + at, n, at, DESC_AT);
			at += n;
		}
		sha256_final(&ctx, got);
		assert_memory_equal(got, want, sizeof(want));
	}
	/* Another magic or version is refused. */
	image[DESC_AT] ^= 1;
	assert_int_equal(resume_parse_desc(image + DESC_AT, RESUME_DESC_SIZE, &back, &err), -1);
	assert_error_contains(&err, "not a kjump resume record");
}

static void jump_back_entry_parsing(void **state)
{
	struct kj_error err = { 0 };
	uint64_t entry = 0;

	assert_int_equal(jump_back_entry_from_cmdline(
		"console=ttyS0 kexec_jump_back_entry=0x1234000 quiet\n", &entry, &err), 0);
	assert_int_equal(entry, 0x1234000);
	/* The last one wins; a look-alike inside another parameter does not count. */
	assert_int_equal(jump_back_entry_from_cmdline(
		"kexec_jump_back_entry=0x1000 x=kexec_jump_back_entry=0x5 kexec_jump_back_entry=0x2000",
		&entry, &err), 0);
	assert_int_equal(entry, 0x2000);
	assert_int_equal(jump_back_entry_from_cmdline("root=/dev/sda", &entry, &err), -1);
	assert_error_contains(&err, "no --entry given");
	kj_error_clear(&err);
	assert_int_equal(jump_back_entry_from_cmdline("kexec_jump_back_entry=zz", &entry, &err), -1);
	assert_error_contains(&err, "bad value");
	kj_error_clear(&err);
	assert_int_equal(jump_back_entry_from_cmdline("kexec_jump_back_entry=0", &entry, &err), -1);
	assert_error_contains(&err, "cannot be jumped back to");
}

static void jump_back_helper_plan(void **state)
{
	struct memory_map empty = { 0 };
	struct kexec_plan plan;
	struct kj_error err = { 0 };

	plan_init(&plan);
	plan.flags = KEXEC_ARCH_X86_64;
	assert_int_equal(plan_jump_back_helper(&plan, 0x7654000, &err), 0);
	assert_int_equal(plan.nr_segments, 1);
	assert_int_equal(plan.segments[0].memsz, 0);
	assert_int_equal(plan.entry, 0x7654000);
	assert_true(plan.flags & KEXEC_PRESERVE_CONTEXT);
	assert_int_equal(plan_check(&plan, &empty, &err), 0);
	plan_free(&plan);
}

static void type_selection(void **state)
{
	struct kj_blob blob = { .data = (uint8_t *)"hello", .size = 5 };
	struct kj_error err = { 0 };

	assert_ptr_equal(image_type_select(&blob, "raw", &err), &raw_image_type);
	assert_null(image_type_select(&blob, "nonsense", &err));
	assert_error_contains(&err, "unknown image type \"nonsense\" (known: bzImage, elf-x86_64, elf-x86, raw)");
	kj_error_clear(&err);
	assert_null(image_type_select(&blob, NULL, &err));
	assert_error_contains(&err, "not a kernel image kjump can load: bzImage: too short");
	assert_error_contains(&err, "elf-x86_64: not an ELF file");
	assert_error_contains(&err, "raw: raw images are loaded only with --type raw");
}

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

static void json_plan_output(void **state)
{
	struct kexec_plan plan;
	struct kj_error err = { 0 };
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	plan_init(&plan);
	plan.flags = KEXEC_ARCH_X86_64 | KEXEC_PRESERVE_CONTEXT;
	plan.entry = 0x2000000;
	assert_int_equal(plan_add_segment(&plan, "image", "abc", 3, 0x2000000, 3, &err), 0);
	plan_print_json(out, &plan, "raw");
	fclose(out);
	assert_string_equal(text,
		"{\"type\":\"raw\",\"syscall\":\"kexec_load\",\"flags\":4063234,"
		"\"flag_names\":\"preserve-context,x86_64\",\"entry\":33554432,"
		"\"segments\":[{\"name\":\"image\",\"mem\":33554432,\"memsz\":4096,\"bufsz\":3,"
		"\"sha256\":\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"}]}\n");
	free(text);
	plan_free(&plan);
}

static void json_escapes(void **state)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	json_write_string(out, "a\"b\\c\nd\x01");
	fclose(out);
	assert_string_equal(text, "\"a\\\"b\\\\c\\nd\\u0001\"");
	free(text);
}

static void first_error_wins_on_one_line(void **state)
{
	struct kj_error err = { 0 };

	assert_int_equal(kj_fail(&err, "inner %s", "cause\nsecond line"), -1);
	assert_int_equal(kj_fail(&err, "outer"), -1);
	assert_string_equal(err.msg, "inner cause second line");
}

typedef int file_reader(const char *path, size_t limit, struct kj_blob *out,
			struct kj_error *err);

/* READ refuses DIR/f (10 bytes) with a limit of 9, and DIR itself. */
static void check_refusals(file_reader *read, const char *dir, const char *path)
{
	struct kj_blob blob;
	struct kj_error err = { 0 };

	assert_int_equal(read(path, 9, &blob, &err), -1);
	assert_error_contains(&err, "too large");
	kj_error_clear(&err);
	assert_int_equal(read(dir, 100, &blob, &err), -1);
	assert_error_contains(&err, "is a directory");
}

/* kj_read_file and kj_map_file: contents, limits, refusals. */
static void read_file_limits(void **state)
{
	char *dir = make_temp_dir();
	char path[512];
	struct kj_blob blob;
	struct kj_error err = { 0 };

	write_text_file(dir, "f", "0123456789");
	snprintf(path, sizeof(path), "%s/f", dir);
	assert_int_equal(kj_read_file(path, 10, &blob, &err), 0);
	assert_int_equal(blob.size, 10);
	assert_int_equal(blob.data[10], '\0');
	kj_blob_free(&blob);
	check_refusals(kj_read_file, dir, path);
	assert_int_equal(kj_read_file("/nonexistent/x", 100, &blob, &err), -1);
	assert_error_contains(&err, "cannot open /nonexistent/x: No such file");

	/* kj_map_file: regular files mapped, the rest read; the same limits. */
	assert_int_equal(kj_map_file(path, 10, &blob, &err), 0);
	assert_int_equal(blob.size, 10);
	assert_int_equal(blob.mapped, 10);
	assert_memory_equal(blob.data, "0123456789", 10);
	kj_blob_free(&blob);
	assert_null(blob.data);
	assert_int_equal(blob.mapped, 0);
	check_refusals(kj_map_file, dir, path);
	/* Not a regular file (st_size says nothing): read, not mapped. */
	assert_int_equal(kj_map_file("/proc/self/stat", 4096, &blob, &err), 0);
	assert_true(blob.size > 0);
	assert_int_equal(blob.mapped, 0);
	kj_blob_free(&blob);
	/* Empty: nothing to map; an empty buffer like kj_read_file's. */
	write_text_file(dir, "empty", "");
	snprintf(path, sizeof(path), "%s/empty", dir);
	assert_int_equal(kj_map_file(path, 10, &blob, &err), 0);
	assert_int_equal(blob.size, 0);
	assert_int_equal(blob.mapped, 0);
	kj_blob_free(&blob);
	remove_tree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(status_reads_sysfs),
		cmocka_unit_test(segment_max_reads_sysfs),
		cmocka_unit_test(load_record_round_trip),
		cmocka_unit_test(resume_digest_masks_its_fields),
		cmocka_unit_test(jump_back_entry_parsing),
		cmocka_unit_test(jump_back_helper_plan),
		cmocka_unit_test(type_selection),
		cmocka_unit_test(raw_places_at_mem_min),
		cmocka_unit_test(raw_defaults),
		cmocka_unit_test(raw_extra_segments),
		cmocka_unit_test(raw_rejects_kernel_options),
		cmocka_unit_test(json_plan_output),
		cmocka_unit_test(json_escapes),
		cmocka_unit_test(first_error_wins_on_one_line),
		cmocka_unit_test(read_file_limits),
	};
	return cmocka_run_group_tests_name("misc", tests, NULL, NULL);
}
