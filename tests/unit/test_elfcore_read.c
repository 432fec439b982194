// SPDX-License-Identifier: GPL-2.0-only
/* elfcore_read(): the ELF core reader kdump and kexec --resume share. */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "kjump/compiler.h"
#include "kjump/elfcore_read.h"

#define NOTES_AT 0x200
#define LOAD_AT 0x400
#define LOAD_LEN 0x100
#define CORE_LEN (LOAD_AT + LOAD_LEN)

/* A core in memory, read through elfcore_source.read. */
struct mem {
	uint8_t *data;
	size_t len;
	uint8_t small[CORE_LEN];
};

static int mem_read(void *ctx, void *buf, size_t len, uint64_t off, struct kj_error *err)
{
	const struct mem *m = ctx;

	if (off > m->len || len > m->len - off)
		return kj_fail(err, "mem: %zu bytes at %llu are past the end", len,
			       (unsigned long long)off);
	memcpy(buf, m->data + off, len);
	return 0;
}

static struct elfcore_source source(struct mem *m)
{
	return (struct elfcore_source){
		.path = "mem", .size = m->len, .read = mem_read, .ctx = m, .reader = "test",
		.max_phdr_bytes = 4096, .max_note_bytes = 4096,
	};
}

static void put_phdrs(struct mem *m, const struct elfcore_ehdr *eh,
		      const struct elfcore_phdr *ph, size_t n)
{
	size_t at = (size_t)eh->phoff;

	elfcore_put_ehdr(m->data, eh);
	for (size_t i = 0; i < n; i++)
		at += (size_t)elfcore_put_phdr(m->data + at, eh->cls, &ph[i], NULL);
}

/*
 * Two PT_NOTEs and a PT_LOAD.  The first PT_NOTE holds "CORE" 1 and
 * "KJUMP" 7, the second "VMCOREINFO" 0 then an all-zero header and
 * padding that must not be read as notes.
 */
static void make_core(struct mem *m, unsigned int cls)
{
	struct elfcore_ehdr eh = { .cls = cls, .machine = EM_X86_64, .phnum = 3 };
	size_t a, b;
	struct elfcore_phdr ph[3];

	memset(m, 0, sizeof(*m));
	m->data = m->small;
	m->len = CORE_LEN;
	eh.phoff = elfcore_ehdr_size(cls);
	a = elfcore_put_note(m->data + NOTES_AT, "CORE", 1, "0123", 4);
	a += elfcore_put_note(m->data + NOTES_AT + a, "KJUMP", 7, "abcdefgh", 8);
	b = elfcore_put_note(m->data + NOTES_AT + a, "VMCOREINFO", 0, "OSRELEASE=6.1\n", 14);
	ph[0] = (struct elfcore_phdr){ .type = PT_NOTE, .offset = NOTES_AT, .filesz = a };
	ph[1] = (struct elfcore_phdr){ .type = PT_NOTE, .offset = NOTES_AT + a, .filesz = b + 24 };
	ph[2] = (struct elfcore_phdr){ .type = PT_LOAD, .offset = LOAD_AT, .paddr = 0x100000,
				       .filesz = LOAD_LEN, .memsz = 2 * LOAD_LEN };
	put_phdrs(m, &eh, ph, ARRAY_SIZE(ph));
}

static void expect_read_error(const struct elfcore_source *src, const char *msg)
{
	struct kj_error err = { 0 };
	struct elfcore_file f;

	assert_int_equal(elfcore_read(src, &f, &err), -1);
	assert_error_contains(&err, msg);
	assert_null(f.ph);
	assert_null(f.notes);
}

static void reads_both_classes(void **state)
{
	static const unsigned int classes[] = { ELFCLASS64, ELFCLASS32 };

	(void)state;
	for (size_t k = 0; k < ARRAY_SIZE(classes); k++) {
		struct kj_error err = { 0 };
		struct elfcore_source src;
		struct elfcore_file f;
		struct mem m;

		make_core(&m, classes[k]);
		src = source(&m);
		assert_int_equal(elfcore_read(&src, &f, &err), 0);
		assert_int_equal(f.eh.cls, classes[k]);
		assert_int_equal(f.eh.phnum, 3);
		assert_int_equal(f.ph[2].type, PT_LOAD);
		assert_true(f.ph[2].paddr == 0x100000 && f.ph[2].memsz == 2 * LOAD_LEN);
		assert_true(f.notes_len == f.ph[0].filesz + f.ph[1].filesz);
		assert_memory_equal(f.notes, m.data + NOTES_AT, (size_t)f.notes_len);
		elfcore_file_free(&f);
		assert_null(f.ph);
	}
}

static void walks_notes_across_segments(void **state)
{
	static const char *const names[] = { "CORE", "KJUMP", "VMCOREINFO" };
	struct kj_error err = { 0 };
	struct elfcore_note_iter it;
	struct elfcore_note n;
	struct elfcore_source src;
	struct elfcore_file f;
	struct mem m;
	uint64_t desc_at;
	size_t count = 0;
	int rc;

	(void)state;
	make_core(&m, ELFCLASS64);
	src = source(&m);
	assert_int_equal(elfcore_read(&src, &f, &err), 0);
	elfcore_note_iter_init(&it, &f);
	while ((rc = elfcore_note_iter_next(&it, &n, &desc_at, &err)) == 1) {
		assert_true(count < ARRAY_SIZE(names));
		assert_string_equal(n.name, names[count]);
		/* The descriptor's file offset points at its bytes in the file. */
		assert_memory_equal(m.data + desc_at, n.desc, n.descsz);
		count++;
	}
	assert_int_equal(rc, 0);
	assert_int_equal(count, 3);
	/* After the end, still the end. */
	assert_int_equal(elfcore_note_iter_next(&it, &n, NULL, &err), 0);

	/* A note whose descriptor runs past its own segment. */
	f.notes[4] = 200;	/* the first note's n_descsz */
	elfcore_note_iter_init(&it, &f);
	assert_int_equal(elfcore_note_iter_next(&it, &n, NULL, &err), -1);
	assert_error_contains(&err, "descriptor size 200 runs past the note segment");
	elfcore_file_free(&f);
}

/* 70000 program headers: e_phnum is PN_XNUM, the count in section 0. */
static void reads_extended_numbering(void **state)
{
	const uint32_t n = 70000;
	const size_t phsize = elfcore_phdr_size(ELFCLASS64);
	struct elfcore_ehdr eh = { .cls = ELFCLASS64, .machine = EM_X86_64, .phnum = n };
	struct elfcore_phdr empty = { .type = PT_NULL };
	struct kj_error err = { 0 };
	struct elfcore_source src;
	struct elfcore_file f;
	struct mem m = { 0 };

	(void)state;
	eh.phoff = elfcore_ehdr_size(ELFCLASS64);
	eh.shoff = eh.phoff + n * phsize;
	m.len = (size_t)eh.shoff + elfcore_shdr_size(ELFCLASS64);
	m.data = calloc(1, m.len);
	assert_non_null(m.data);
	elfcore_put_ehdr(m.data, &eh);
	for (uint32_t i = 0; i < n; i++)
		elfcore_put_phdr(m.data + eh.phoff + i * phsize, ELFCLASS64, &empty, NULL);
	elfcore_put_xnum_shdr(m.data + eh.shoff, ELFCLASS64, n);
	src = source(&m);
	src.max_phdr_bytes = n * phsize;
	assert_int_equal(elfcore_read(&src, &f, &err), 0);
	assert_true(f.eh.xnum);
	assert_int_equal(f.eh.phnum, n);
	assert_int_equal(f.notes_len, 0);
	elfcore_file_free(&f);
	free(m.data);
}

static void refuses_bad_headers(void **state)
{
	struct elfcore_source src;
	struct mem m;

	(void)state;
	make_core(&m, ELFCLASS64);
	m.len = 10;
	src = source(&m);
	expect_read_error(&src, "mem is not an ELF core (10 bytes)");

	make_core(&m, ELFCLASS64);
	src = source(&m);
	src.size = m.len = 64 + 2 * 56;	/* the third program header is cut */
	expect_read_error(&src,
			  "truncated core: the program headers of mem end at 232, the file has 176 bytes");

	make_core(&m, ELFCLASS64);
	src = source(&m);
	src.max_phdr_bytes = 2 * 56;
	expect_read_error(&src, "mem: 3 program headers are more than test accepts");

	make_core(&m, ELFCLASS64);
	src = source(&m);
	src.max_note_bytes = 16;
	expect_read_error(&src, "bytes of notes are more than test accepts");

	/* The PT_LOAD's data would be the program headers. */
	make_core(&m, ELFCLASS64);
	{
		struct elfcore_ehdr eh = { .cls = ELFCLASS64, .machine = EM_X86_64, .phnum = 1,
					   .phoff = 64 };
		struct elfcore_phdr ph = { .type = PT_LOAD, .offset = 100, .filesz = 16,
					   .memsz = 16 };

		put_phdrs(&m, &eh, &ph, 1);
	}
	src = source(&m);
	expect_read_error(&src,
			  "bad core: the data of program header 0 (offset 100, 16 bytes) overlaps the ELF headers");

	/* What elfcore_check_phdrs() refuses: data past the end of the file. */
	make_core(&m, ELFCLASS64);
	src = source(&m);
	src.size = m.len = CORE_LEN - 1;
	expect_read_error(&src, "truncated core: PT_LOAD 2 needs bytes up to 1280, the file has 1279");

	/* The source's own failure is the message. */
	make_core(&m, ELFCLASS64);
	src = source(&m);
	m.len = 100;
	expect_read_error(&src, "mem: 168 bytes at 64 are past the end");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_both_classes),
		cmocka_unit_test(walks_notes_across_segments),
		cmocka_unit_test(reads_extended_numbering),
		cmocka_unit_test(refuses_bad_headers),
	};
	return cmocka_run_group_tests_name("elfcore_read", tests, NULL, NULL);
}
