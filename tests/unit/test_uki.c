// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unified Kernel Images: the PE/COFF reader (util_lib/pe.c) on good and
 * hostile headers, uki_extract(), and the uki type loading a UKI as the
 * bzImage loader does, with its own initrd and command line or the
 * user's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/x86/x86.h"
#include "arch/x86/bootparam.h"
#include "helpers.h"
#include "kjump/pe.h"
#include "kjump/uki.h"
#include "load/build.h"

/* ---- A PE/COFF image, built as make-pe.py builds it --------------------- */

#define PE_AT		0x80		/* e_lfanew */
#define OPT_SIZE	240		/* PE32+ optional header */
#define TABLE_AT	(PE_AT + 4 + 20 + OPT_SIZE)
#define DATA_AT		0x400

struct section_spec {
	const char *name;
	const void *data;
	size_t size;
};

/* The image, *SIZE bytes: headers, then each section's data 512-aligned. */
static uint8_t *make_pe(const struct section_spec *secs, unsigned int n, size_t *size)
{
	size_t total = DATA_AT, at = DATA_AT;
	uint8_t *p;

	for (unsigned int i = 0; i < n; i++)
		total += (secs[i].size + 511) & ~(size_t)511;
	p = calloc(1, total);
	p[0] = 'M';
	p[1] = 'Z';
	put32(p, 0x3c, PE_AT);
	memcpy(p + PE_AT, "PE\0\0", 4);
	put16(p, PE_AT + 4, 0x8664);
	put16(p, PE_AT + 6, (uint16_t)n);
	put16(p, PE_AT + 20, OPT_SIZE);
	put16(p, PE_AT + 24, PE_OPT_MAGIC_PE32PLUS);
	for (unsigned int i = 0; i < n; i++) {
		size_t h = TABLE_AT + 40 * i;

		memcpy(p + h, secs[i].name, strlen(secs[i].name));
		put32(p, h + 8, (uint32_t)secs[i].size);		/* VirtualSize */
		put32(p, h + 12, 0x1000 * (i + 1));
		put32(p, h + 16, (uint32_t)((secs[i].size + 511) & ~(size_t)511));
		put32(p, h + 20, secs[i].size ? (uint32_t)at : 0);
		memcpy(p + at, secs[i].data, secs[i].size);
		at += (secs[i].size + 511) & ~(size_t)511;
	}
	*size = total;
	return p;
}

static const char initrd_bytes[] = "070701-an-initrd";
static const char cmdline_bytes[] = "root=/dev/vda console=ttyS0\n\0\0";

/* A UKI of test_bzimage() with .osrel, .cmdline and .initrd. */
static uint8_t *make_uki(size_t *size, uint8_t **bz, size_t *bz_size)
{
	*bz = test_bzimage(bz_size);
	return make_pe((struct section_spec[]){
		{ ".osrel", "ID=test\n", 8 },
		{ ".cmdline", cmdline_bytes, sizeof(cmdline_bytes) - 1 },
		{ ".linux", *bz, *bz_size },
		{ ".initrd", initrd_bytes, sizeof(initrd_bytes) - 1 },
		{ ".sbat", "sbat,1\n", 7 },
	}, 5, size);
}

/* ---- PE/COFF ------------------------------------------------------------ */

static int headers(uint8_t *p, size_t size, struct pe_headers *h, struct kj_error *err)
{
	struct kj_blob blob = { .data = p, .size = size };

	memset(err, 0, sizeof(*err));
	return pe_read_headers(&blob, h, err);
}

static void pe_headers_checked(void **state)
{
	uint8_t *bz, *p;
	size_t bz_size, size;
	struct pe_headers h;
	struct kj_error err;

	p = make_uki(&size, &bz, &bz_size);
	assert_int_equal(headers(p, size, &h, &err), 0);
	assert_int_equal(h.machine, 0x8664);
	assert_int_equal(h.opt_magic, PE_OPT_MAGIC_PE32PLUS);
	assert_int_equal(h.nr_sections, 5);
	assert_int_equal(h.section_table, TABLE_AT);

	assert_int_equal(headers(p, 0x30, &h, &err), -1);
	assert_error_contains(&err, "not a PE file (no \"MZ\" header)");
	put32(p, 0x3c, (uint32_t)size - 8);
	assert_int_equal(headers(p, size, &h, &err), -1);
	assert_error_contains(&err, "points past the end of the file");
	put32(p, 0x3c, 0xfffffff0u);
	assert_int_equal(headers(p, size, &h, &err), -1);
	assert_error_contains(&err, "e_lfanew 0xfffffff0 points past the end");
	put32(p, 0x3c, PE_AT + 8);
	assert_int_equal(headers(p, size, &h, &err), -1);
	assert_error_contains(&err, "no \"PE\\0\\0\" signature at 0x88");
	put32(p, 0x3c, PE_AT);
	put16(p, PE_AT + 20, 0);
	assert_int_equal(headers(p, size, &h, &err), -1);
	assert_error_contains(&err, "PE: no optional header");
	put16(p, PE_AT + 20, OPT_SIZE);
	put16(p, PE_AT + 24, 0x107);
	assert_int_equal(headers(p, size, &h, &err), -1);
	assert_error_contains(&err, "magic 0x107 is neither PE32 nor PE32+");
	put16(p, PE_AT + 24, PE_OPT_MAGIC_PE32);
	assert_int_equal(headers(p, size, &h, &err), 0);
	/* A huge count: the table would run past the file. */
	put16(p, PE_AT + 6, 0xffff);
	assert_int_equal(headers(p, size, &h, &err), -1);
	assert_error_contains(&err, "the table of 65535 sections runs past the end of the file");
	put16(p, PE_AT + 20, 0xffff);
	put16(p, PE_AT + 6, 1);
	assert_int_equal(headers(p, size, &h, &err), -1);
	free(p);
	free(bz);
}

static void pe_sections_bounded(void **state)
{
	uint8_t *bz, *p;
	size_t bz_size, size;
	struct kj_blob blob;
	struct pe_headers h;
	struct pe_section s;
	struct kj_error err = { 0 };

	p = make_uki(&size, &bz, &bz_size);
	blob = (struct kj_blob){ .data = p, .size = size };
	assert_int_equal(pe_read_headers(&blob, &h, &err), 0);
	assert_int_equal(pe_find_section(&blob, &h, ".cmdline", &s, &err), 1);
	/* VirtualSize, not the 512-rounded SizeOfRawData. */
	assert_int_equal(s.size, sizeof(cmdline_bytes) - 1);
	assert_int_equal(s.raw_size, 512);
	assert_ptr_equal(s.data, p + DATA_AT + 512);
	assert_int_equal(pe_find_section(&blob, &h, ".dtb", &s, &err), 0);
	assert_int_equal(pe_find_section(&blob, &h, ".linu", &s, &err), 0);

	/* .sbat (the last) pointing past the end, then wrapping. */
	put32(p, TABLE_AT + 4 * 40 + 20, (uint32_t)size - 100);
	assert_int_equal(pe_find_section(&blob, &h, ".linux", &s, &err), -1);
	assert_error_contains(&err, "section 4 (.sbat) at");
	assert_error_contains(&err, "lies outside the file");
	memset(&err, 0, sizeof(err));
	put32(p, TABLE_AT + 4 * 40 + 20, 0xfffffe00u);
	assert_int_equal(pe_section(&blob, &h, 4, &s, &err), -1);
	/* No raw data at all (a bss): empty, wherever it says it is. */
	memset(&err, 0, sizeof(err));
	put32(p, TABLE_AT + 4 * 40 + 16, 0);
	assert_int_equal(pe_section(&blob, &h, 4, &s, &err), 0);
	assert_int_equal(s.size, 0);
	assert_null(s.data);
	/* VirtualSize 0: SizeOfRawData counts. */
	put32(p, TABLE_AT + 8, 0);
	assert_int_equal(pe_section(&blob, &h, 0, &s, &err), 0);
	assert_int_equal(s.size, 512);
	/* Two of a name. */
	memcpy(p + TABLE_AT, ".linux\0\0", 8);
	assert_int_equal(pe_find_section(&blob, &h, ".linux", &s, &err), -1);
	assert_error_contains(&err, "PE: two .linux sections");
	free(p);
	free(bz);
}

/* ---- uki_extract() ------------------------------------------------------ */

static void extract_parts(void **state)
{
	uint8_t *bz, *p;
	size_t bz_size, size;
	struct kj_blob blob;
	struct uki_parts parts;
	struct kj_error err = { 0 };

	p = make_uki(&size, &bz, &bz_size);
	blob = (struct kj_blob){ .data = p, .size = size };
	assert_int_equal(uki_extract(&blob, &parts, &err), 0);
	assert_int_equal(parts.kernel.size, bz_size);
	assert_memory_equal(parts.kernel.data, bz, bz_size);
	assert_int_equal(parts.kernel.mapped, 0);
	assert_true(parts.has_initrd && parts.has_cmdline);
	assert_int_equal(parts.initrd.size, sizeof(initrd_bytes) - 1);
	assert_memory_equal(parts.initrd.data, initrd_bytes, parts.initrd.size);
	/* Trailing newline and NULs gone. */
	assert_int_equal(parts.cmdline.size, strlen("root=/dev/vda console=ttyS0"));
	assert_memory_equal(parts.cmdline.data, "root=/dev/vda console=ttyS0", parts.cmdline.size);
	free(p);

	/* Only .linux, and a command line cut at its NUL. */
	p = make_pe((struct section_spec[]){ { ".cmdline", "a=1 \0b=2", 8 }, { ".linux", bz, bz_size } },
		    2, &size);
	blob = (struct kj_blob){ .data = p, .size = size };
	assert_int_equal(uki_extract(&blob, &parts, &err), 0);
	assert_false(parts.has_initrd);
	assert_int_equal(parts.initrd.size, 0);
	assert_int_equal(parts.cmdline.size, 3);
	free(p);

	p = make_pe((struct section_spec[]){ { ".text", "\xc3", 1 } }, 1, &size);
	blob = (struct kj_blob){ .data = p, .size = size };
	assert_int_equal(uki_extract(&blob, &parts, &err), -1);
	assert_error_contains(&err, "a PE file without a .linux section, not a UKI");
	free(p);
	memset(&err, 0, sizeof(err));
	p = make_pe((struct section_spec[]){ { ".linux", "", 0 } }, 1, &size);
	blob = (struct kj_blob){ .data = p, .size = size };
	assert_int_equal(uki_extract(&blob, &parts, &err), -1);
	assert_error_contains(&err, "the .linux section is empty");
	free(p);
	free(bz);
}

/* ---- The uki type -------------------------------------------------------- */

struct uki_fixture {
	struct load_request req;
	const char *proc_cmdline;
	struct memory_map map;
	struct load_plan lp;
	struct kj_error err;
};

static int load(struct uki_fixture *f, uint8_t *img, size_t size)
{
	struct kj_blob blob = { .data = img, .size = size };
	struct load_system sys = { .arch = sizeof(void *) == 8 ? &x86_64_arch : &i386_arch,
				   .map = &f->map, .sysfs_kernel = "/nonexistent",
				   .proc_cmdline = f->proc_cmdline, .hash_threads = 1 };

	must_parse_iomem(&f->map, test_iomem_512m);
	f->req.image = "test.efi";
	return plan_build_image(&f->req, &sys, &blob, &f->lp, &f->err);
}

static void fixture_free(struct uki_fixture *f)
{
	load_plan_free(&f->lp);
	memmap_free(&f->map);
}

static const struct plan_segment *segment(const struct kexec_plan *plan, const char *name)
{
	for (size_t i = 0; i < plan->nr_segments; i++)
		if (strcmp(plan->segments[i].name, name) == 0)
			return &plan->segments[i];
	return NULL;
}

/* The command line in the zero page: what the kernel will read. */
static const char *zero_page_cmdline(const struct kexec_plan *plan)
{
	const struct plan_segment *setup = segment(plan, "setup");

	assert_non_null(setup);
	return (const char *)setup->buf + BOOT_PARAMS_SIZE;
}

static void uki_loads_as_bzimage(void **state)
{
	struct uki_fixture f = { 0 };
	uint8_t *bz, *p;
	size_t bz_size, size;
	const struct plan_segment *kernel, *initrd;

	p = make_uki(&size, &bz, &bz_size);
	if (load(&f, p, size) < 0)
		fail_msg("%s", f.err.msg);
	assert_string_equal(f.lp.type->name, "uki");
	assert_int_equal(plan_check(&f.lp.plan, &f.map, &f.err), 0);
	kernel = segment(&f.lp.plan, "kernel");
	initrd = segment(&f.lp.plan, "initrd");
	assert_non_null(kernel);
	assert_non_null(initrd);
	assert_non_null(segment(&f.lp.plan, "purgatory"));
	/* The protected-mode part of .linux, as a bzImage's. */
	assert_int_equal(kernel->bufsz, bz_size - 5 * 512);
	assert_memory_equal(kernel->buf, bz + 5 * 512, kernel->bufsz);
	assert_int_equal(initrd->bufsz, sizeof(initrd_bytes) - 1);
	assert_memory_equal(initrd->buf, initrd_bytes, initrd->bufsz);
	assert_string_equal(f.lp.plan.cmdline, "root=/dev/vda console=ttyS0");
	assert_string_equal(zero_page_cmdline(&f.lp.plan), "root=/dev/vda console=ttyS0");
	fixture_free(&f);
	free(p);
	free(bz);
}

/* --append and --initrd replace what the UKI carries (kexec-tools: an
 * implicit initrd only when none is given; its command line always). */
static void user_pieces_win(void **state)
{
	struct uki_fixture f = { 0 };
	char *dir = make_temp_dir(), path[512];
	uint8_t *bz, *p;
	size_t bz_size, size;
	const struct plan_segment *initrd;

	write_text_file(dir, "initrd", "the user's initrd");
	snprintf(path, sizeof(path), "%s/initrd", dir);
	p = make_uki(&size, &bz, &bz_size);
	f.req.append = "root=/dev/sdb quiet";
	f.req.initrd = path;
	f.req.type = "uki";
	if (load(&f, p, size) < 0)
		fail_msg("%s", f.err.msg);
	initrd = segment(&f.lp.plan, "initrd");
	assert_int_equal(initrd->bufsz, strlen("the user's initrd"));
	assert_memory_equal(initrd->buf, "the user's initrd", initrd->bufsz);
	assert_string_equal(zero_page_cmdline(&f.lp.plan), "root=/dev/sdb quiet");
	fixture_free(&f);

	/* --reuse-cmdline too: the running kernel's line, less BOOT_IMAGE=. */
	memset(&f, 0, sizeof(f));
	write_text_file(dir, "cmdline", "BOOT_IMAGE=/vmlinuz root=/dev/sda1\n");
	snprintf(path, sizeof(path), "%s/cmdline", dir);
	f.proc_cmdline = path;
	f.req.reuse_cmdline = true;
	if (load(&f, p, size) < 0)
		fail_msg("%s", f.err.msg);
	assert_string_equal(zero_page_cmdline(&f.lp.plan), "root=/dev/sda1");
	/* ... and the UKI's initrd still, as none was given. */
	assert_memory_equal(segment(&f.lp.plan, "initrd")->buf, initrd_bytes,
			    sizeof(initrd_bytes) - 1);
	fixture_free(&f);
	remove_tree(dir);
	free(p);
	free(bz);
}

static void uki_refusals(void **state)
{
	struct uki_fixture f = { 0 };
	uint8_t *bz, *p;
	size_t bz_size, size;

	bz = test_bzimage(&bz_size);
	put16(bz, HDR_BOOT_FLAG, 0);
	p = make_pe((struct section_spec[]){ { ".linux", bz, bz_size } }, 1, &size);
	f.req.type = "uki";
	assert_int_equal(load(&f, p, size), -1);
	assert_error_contains(&f.err, "UKI: .linux is not a bzImage: no bzImage boot signature");
	fixture_free(&f);
	free(p);

	/* A plain bzImage is probed as one, not as a UKI (it is a PE too). */
	memset(&f, 0, sizeof(f));
	put16(bz, HDR_BOOT_FLAG, 0xaa55);
	assert_int_equal(load(&f, bz, bz_size), 0);
	assert_string_equal(f.lp.type->name, "bzImage");
	fixture_free(&f);

	memset(&f, 0, sizeof(f));
	free(bz);
	p = make_uki(&size, &bz, &bz_size);
	f.req.args = ARGS_NONE;
	assert_int_equal(load(&f, p, size), -1);
	assert_error_contains(&f.err, "--args-none and --args-elf do not apply");
	fixture_free(&f);
	free(p);
	free(bz);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pe_headers_checked),
		cmocka_unit_test(pe_sections_bounded),
		cmocka_unit_test(extract_parts),
		cmocka_unit_test(uki_loads_as_bzimage),
		cmocka_unit_test(user_pieces_win),
		cmocka_unit_test(uki_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
