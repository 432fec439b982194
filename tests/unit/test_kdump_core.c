// SPDX-License-Identifier: GPL-2.0-only
/* kdump: ELF core headers and notes, reading cores, VMCOREINFO, address translation. */
#define _GNU_SOURCE
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core.h"
#include "encoder.h"
#include "helpers.h"
#include "info.h"
#include "kjump/elfcore.h"
#include "kmem.h"
#include "test_kdump_fixture.h"

static char *tmp;

static int setup(void **state)
{
	tmp = make_temp_dir();
	return 0;
}

static int teardown(void **state)
{
	remove_tree(tmp);
	return 0;
}

/* The encoders agree with <elf.h>, for both classes, PN_XNUM included. */
static void ehdr_and_phdr_encoding(void **state)
{
	struct kj_error err = { 0 };
	uint8_t buf[ELFCORE_EHDR_MAX + ELFCORE_PHDR_MAX];
	struct elfcore_phdr ph = { PT_LOAD, PF_R, 0x1000, 0xffff888000100000ULL, 0x100000,
				   0x2000, 0x3000, 0 };
	struct elfcore_ehdr eh = { .cls = ELFCLASS64, .machine = EM_X86_64, .phoff = 64, .phnum = 3 };
	struct elfcore_ehdr back;
	Elf64_Ehdr e64;
	Elf32_Phdr p32;
	Elf64_Shdr s64;

	assert_int_equal(elfcore_put_ehdr(buf, &eh), sizeof(Elf64_Ehdr));
	memcpy(&e64, buf, sizeof(e64));
	assert_memory_equal(e64.e_ident, ELFMAG, SELFMAG);
	assert_int_equal(e64.e_type, ET_CORE);
	assert_int_equal(e64.e_machine, EM_X86_64);
	assert_int_equal(e64.e_phnum, 3);
	assert_int_equal(e64.e_phentsize, sizeof(Elf64_Phdr));
	assert_int_equal(e64.e_shnum, 0);
	assert_int_equal(elfcore_parse_ehdr(buf, sizeof(Elf64_Ehdr), &back, &err), 0);
	assert_int_equal(back.phnum, 3);
	assert_int_equal(back.cls, ELFCLASS64);

	/* 70000 program headers: e_phnum PN_XNUM, the count in section 0's sh_info. */
	eh.phnum = 70000;
	eh.shoff = 64 + 70000ULL * 56;
	elfcore_put_ehdr(buf, &eh);
	memcpy(&e64, buf, sizeof(e64));
	assert_int_equal(e64.e_phnum, PN_XNUM);
	assert_int_equal(e64.e_shnum, 1);
	assert_int_equal(e64.e_shoff, eh.shoff);
	assert_int_equal(elfcore_parse_ehdr(buf, sizeof(e64), &back, &err), 0);
	assert_true(back.xnum);
	assert_int_equal(elfcore_put_xnum_shdr(buf, ELFCLASS64, 70000), sizeof(s64));
	memcpy(&s64, buf, sizeof(s64));
	assert_int_equal(s64.sh_info, 70000);
	assert_int_equal(elfcore_parse_xnum(&back, buf, sizeof(s64), &err), 0);
	assert_int_equal(back.phnum, 70000);

	assert_int_equal(elfcore_put_phdr(buf, ELFCLASS32, &ph, &err), -1);
	assert_error_contains(&err, "does not fit an ELF32 program header");
	kj_error_clear(&err);
	ph.vaddr = 0xc0100000;
	assert_int_equal(elfcore_put_phdr(buf, ELFCLASS32, &ph, &err), sizeof(p32));
	memcpy(&p32, buf, sizeof(p32));
	assert_int_equal(p32.p_vaddr, 0xc0100000);
	assert_int_equal(p32.p_paddr, 0x100000);
	assert_int_equal(p32.p_filesz, 0x2000);
	assert_int_equal(p32.p_memsz, 0x3000);
	assert_int_equal(p32.p_flags, PF_R);
	{
		struct elfcore_ehdr e32 = { .cls = ELFCLASS32, .machine = EM_386, .phnum = 1 };
		struct elfcore_phdr got;

		elfcore_parse_phdr(&e32, buf, 0, &got);
		assert_memory_equal(&got, &ph, sizeof(got));
	}
}

static void ehdr_refusals(void **state)
{
	struct kj_error err = { 0 };
	struct elfcore_ehdr eh = { .cls = ELFCLASS64, .machine = EM_X86_64, .phnum = 1 };
	uint8_t buf[ELFCORE_EHDR_MAX];

	elfcore_put_ehdr(buf, &eh);
	assert_int_equal(elfcore_parse_ehdr(buf, 40, &eh, &err), -1);
	assert_error_contains(&err, "truncated ELF header");
	kj_error_clear(&err);
	buf[16] = ET_EXEC;
	assert_int_equal(elfcore_parse_ehdr(buf, sizeof(buf), &eh, &err), -1);
	assert_error_contains(&err, "not ET_CORE");
	kj_error_clear(&err);
	buf[EI_DATA] = ELFDATA2MSB;
	assert_int_equal(elfcore_parse_ehdr(buf, sizeof(buf), &eh, &err), -1);
	assert_error_contains(&err, "not a little-endian");
	kj_error_clear(&err);
	memcpy(buf, "\x7f" "ELX", 4);
	assert_int_equal(elfcore_parse_ehdr(buf, sizeof(buf), &eh, &err), -1);
	assert_error_contains(&err, "not an ELF file");
}

static void notes_round_trip(void **state)
{
	struct kj_error err = { 0 };
	uint8_t buf[256] = { 0 };
	struct elfcore_note n;
	size_t len = 0, pos = 0;

	assert_int_equal(elfcore_note_size("CORE", 5), 12 + 8 + 8);
	len += elfcore_put_note(buf + len, "CORE", NT_PRSTATUS, "abcde", 5);
	len += elfcore_put_note(buf + len, "VMCOREINFO", 0, "A=1\n", 4);
	assert_int_equal(elfcore_note_next(buf, len, &pos, &n, &err), 1);
	assert_true(elfcore_note_is(&n, "CORE", NT_PRSTATUS));
	assert_false(elfcore_note_is(&n, "COR", NT_PRSTATUS));
	assert_int_equal(n.descsz, 5);
	assert_memory_equal(n.desc, "abcde", 5);
	assert_int_equal(elfcore_note_next(buf, len, &pos, &n, &err), 1);
	assert_true(elfcore_note_is(&n, "VMCOREINFO", 0));
	assert_int_equal(elfcore_note_next(buf, len, &pos, &n, &err), 0);
	/* An all-zero header ends the notes (the kernel's final_note()). */
	pos = 0;
	assert_int_equal(elfcore_note_next(buf, len + 12, &pos, &n, &err), 1);
	assert_int_equal(elfcore_note_next(buf, len + 12, &pos, &n, &err), 1);
	assert_int_equal(elfcore_note_next(buf, len + 12, &pos, &n, &err), 0);
	/* Sizes running past the segment. */
	pos = 0;
	assert_int_equal(elfcore_note_next(buf, 20, &pos, &n, &err), -1);
	assert_error_contains(&err, "descriptor size 5 runs past");
	kj_error_clear(&err);
	buf[0] = 200;
	pos = 0;
	assert_int_equal(elfcore_note_next(buf, len, &pos, &n, &err), -1);
	assert_error_contains(&err, "name size 200 runs past");
	kj_error_clear(&err);
	pos = 0;
	assert_int_equal(elfcore_note_next(buf, 7, &pos, &n, &err), -1);
	assert_error_contains(&err, "a note header needs 12");
}

static void phdr_checks(void **state)
{
	struct kj_error err = { 0 };
	struct elfcore_phdr ph[3] = {
		{ PT_NOTE, 0, 0x100, 0, 0, 0x80, 0x80, 0 },
		{ PT_LOAD, 0, 0x1000, 0xffff888000100000ULL, 0x100000, 0x100000, 0x100000, 0 },
		/* x86_64's kernel-text PT_LOAD: the same memory at another address. */
		{ PT_LOAD, 0, 0x101000, 0xffffffff81000000ULL, 0x1000000, 0x10000, 0x10000, 0 },
	};

	ph[1].paddr = 0x1000000 - 0x1000;
	assert_int_equal(elfcore_check_phdrs(ph, 3, 0x111000, &err), 0);
	assert_int_equal(elfcore_check_phdrs(ph, 3, 0x110fff, &err), -1);
	assert_error_contains(&err, "truncated core: PT_LOAD 2 needs bytes up to 1118208, the file has 1118207");
	kj_error_clear(&err);
	/* Physical overlap without a distinct mapping. */
	ph[2].vaddr = 0;
	assert_int_equal(elfcore_check_phdrs(ph, 3, 0x111000, &err), -1);
	assert_error_contains(&err, "PT_LOAD 1 (0xfff000-0x10fefff) and PT_LOAD 2 (0x1000000-0x100ffff) overlap");
	kj_error_clear(&err);
	ph[2].vaddr = 0xffffffff81000000ULL;
	/* File data shared by two segments. */
	ph[2].offset = 0x1000;
	assert_int_equal(elfcore_check_phdrs(ph, 3, 0x111000, &err), -1);
	assert_error_contains(&err, "file data of PT_LOAD 1 and PT_LOAD 2 overlap");
	kj_error_clear(&err);
	ph[2].offset = 0x101000;
	ph[2].filesz = 0x20000;
	assert_int_equal(elfcore_check_phdrs(ph, 3, 0x200000, &err), -1);
	assert_error_contains(&err, "filesz 0x20000 exceeds memsz 0x10000");
	kj_error_clear(&err);
	ph[2].filesz = 0x10000;
	ph[0].offset = UINT64_MAX - 4;
	assert_int_equal(elfcore_check_phdrs(ph, 3, 0x200000, &err), -1);
	assert_error_contains(&err, "wraps around");
	kj_error_clear(&err);
	ph[0].offset = 0;

	/* A PT_LOAD ending exactly at 2^64 (start + len is 0) must still
	 * count as reaching furthest, or the one overlapping it is checked
	 * against the low PT_LOAD only and the overlap is missed. */
	struct elfcore_phdr top[3] = {
		{ PT_LOAD, 0, 0x1000, 0, 0x100000, 0x1000, 0x1000, 0 },
		{ PT_LOAD, 0, 0x2000, 0, UINT64_MAX - 0x1fff, 0x1000, 0x2000, 0 },
		{ PT_LOAD, 0, 0x3000, 0, UINT64_MAX - 0xfff, 0x1000, 0x1000, 0 },
	};

	assert_int_equal(elfcore_check_phdrs(top, 3, 0x4000, &err), -1);
	assert_error_contains(&err, "PT_LOAD 1 (0xffffffffffffe000-0xffffffffffffffff) and "
			      "PT_LOAD 2 (0xfffffffffffff000-0xffffffffffffffff) overlap");
	kj_error_clear(&err);
	/* Touching but apart is fine, at the top too. */
	top[1].memsz = 0x1000;
	assert_int_equal(elfcore_check_phdrs(top, 3, 0x4000, &err), 0);
}

static void vmcoreinfo_lookups(void **state)
{
	const char text[] = "OSRELEASE=6.1.0\nPAGESIZE=4096\nSYMBOL(prb)=ffffffff82a5b1c0\n"
			    "OFFSET(page._mapcount)=48\nNUMBER(PAGE_BUDDY_MAPCOUNT_VALUE)=-129\n"
			    "garbage line\nSIZE(page)=64\nLENGTH(zone.free_area)=11\n"
			    "KERNELOFFSET=1c000000\nCONFIG_X86_PAE=y\n\0ignored=1\n";
	struct kj_error err = { 0 };
	struct vmcoreinfo v;
	uint64_t x;
	int64_t n;

	assert_int_equal(vmcoreinfo_parse(&v, text, sizeof(text), &err), 0);
	assert_string_equal(vmcoreinfo_get(&v, "OSRELEASE"), "6.1.0");
	assert_true(vmci_symbol(&v, "prb", &x));
	assert_true(x == 0xffffffff82a5b1c0ULL);
	assert_true(vmci_offset(&v, "page._mapcount", &x) && x == 48);
	assert_true(vmci_size(&v, "page", &x) && x == 64);
	assert_true(vmci_length(&v, "zone.free_area", &x) && x == 11);
	assert_true(vmci_number(&v, "PAGE_BUDDY_MAPCOUNT_VALUE", &n) && n == -129);
	assert_true(vmci_hex(&v, "KERNELOFFSET", &x) && x == 0x1c000000);
	assert_true(vmci_dec(&v, "PAGESIZE", &x) && x == 4096);
	assert_string_equal(vmcoreinfo_get(&v, "CONFIG_X86_PAE"), "y");
	assert_null(vmcoreinfo_get(&v, "ignored"));
	assert_false(vmci_symbol(&v, "init_top_pgt", &x));
	assert_int_equal(vmci_need(&v, "SYMBOL", "init_top_pgt", "the test", &x, &err), -1);
	assert_error_contains(&err, "VMCOREINFO lacks SYMBOL(init_top_pgt), needed for the test");
	vmcoreinfo_free(&v);
}

static void open_fixture_core(void **state)
{
	struct kj_error err = { 0 };
	struct fx_kernel k;
	struct core c;
	uint8_t b[16];
	char *path;

	fxk_x86_64(&k, 16 << 20);
	memcpy(fx_phys(&k.core, 0x9fbf0, 16), "end of low RAM.", 16);
	path = fx_write(&k.core, tmp, "core");
	assert_int_equal(core_open(&c, path, NULL, &err), 0);
	assert_int_equal(c.eh.cls, ELFCLASS64);
	assert_int_equal(c.nph, 3);
	assert_int_equal(c.nloads, 2);
	assert_int_equal(c.nr_prstatus, 2);
	assert_true(c.has_vmcoreinfo);
	assert_string_equal(vmcoreinfo_get(&c.vmci, "OSRELEASE"), "6.1.0-kjump");
	assert_int_equal(c.page_size, 4096);
	assert_int_equal(core_read_phys(&c, 0x9fbf0, b, 16, &err), 0);
	assert_string_equal((char *)b, "end of low RAM.");
	assert_int_equal(core_read_phys(&c, 0x9fbf8, b, 16, &err), -1);
	assert_error_contains(&err, "physical address 0x9fc00 is not in the core");
	assert_null(core_find_load(&c, 0xa0000));
	assert_non_null(core_find_load(&c, 0xffffff));
	assert_null(core_find_load(&c, 0x1000000));
	core_close(&c);
	free(path);
	fx_free(&k.core);
}

static void expect_open_error(const char *path, const char *needle)
{
	struct kj_error err = { 0 };
	struct core c;

	assert_int_equal(core_open(&c, path, NULL, &err), -1);
	assert_error_contains(&err, needle);
}

/* PATH gzipped, then through the shell's TAIL, as PATH.gz: core_open() says NEEDLE. */
static void expect_gzip_error(const char *path, const char *tail, const char *needle)
{
	char *cmd, *gz;

	assert_true(asprintf(&gz, "%s.gz", path) > 0);
	assert_true(asprintf(&cmd, "(gzip -c '%s'%s) >'%s'", path, tail, gz) > 0);
	assert_int_equal(system(cmd), 0);
	expect_open_error(gz, needle);
	free(cmd);
	free(gz);
}

static void refuses_bad_cores(void **state)
{
	struct fx_kernel k;
	char *path;
	FILE *f;

	fxk_i386(&k, 4 << 20, false);
	path = fx_write(&k.core, tmp, "bad");
	assert_int_equal(truncate(path, 3 << 20), 0);
	expect_open_error(path, "truncated core: PT_LOAD 2 needs bytes up to");
	assert_int_equal(truncate(path, 30), 0);
	expect_open_error(path, "truncated ELF header");
	assert_int_equal(truncate(path, 0), 0);
	expect_open_error(path, "is not an ELF core (0 bytes)");
	expect_open_error(tmp, "is a directory");
	free(path);
	assert_true(asprintf(&path, "%s/missing", tmp) > 0);
	expect_open_error(path, "cannot open");
	free(path);

	/* A note whose descriptor runs past the PT_NOTE. */
	path = fx_write(&k.core, tmp, "badnote");
	f = fopen(path, "r+b");
	assert_non_null(f);
	/* ELF32: header 52 bytes, 3 program headers of 32: notes at 148; descsz of the first. */
	assert_int_equal(fseek(f, 148 + 4, SEEK_SET), 0);
	fputc(0xff, f);
	fputc(0xff, f);
	fclose(f);
	expect_open_error(path, "bad note at offset 0: descriptor size 65535 runs past");
	free(path);

	/* A segment whose data would be the program headers. */
	path = fx_write(&k.core, tmp, "intoheaders");
	f = fopen(path, "r+b");
	assert_non_null(f);
	/* ELF32 PT_LOAD 1's p_offset, at 52 + 32 + 4. */
	assert_int_equal(fseek(f, 52 + 32 + 4, SEEK_SET), 0);
	fputc(0x40, f);
	fputc(0, f);
	fputc(0, f);
	fputc(0, f);
	fclose(f);
	expect_open_error(path, "bad core: the data of program header 1 (offset 64, 650240 bytes) overlaps the ELF headers");
	free(path);

	/* Overlapping RAM: a second segment over the first. */
	fx_add_ram(&k.core, 0x200000, 0x1000, 0);
	k.core.seg[0].vaddr = k.core.seg[1].vaddr = 0;
	path = fx_write(&k.core, tmp, "overlap");
	expect_open_error(path, "overlap");

	/* A gzip file cut short, and one followed by what is not another member. */
	expect_gzip_error(path, " | head -c 3000", "truncated gzip data");
	expect_gzip_error(path, "; echo junk", ".gz: 5 bytes of trailing data after the gzip data");
	free(path);
	fx_free(&k.core);
}

/* Compressed cores read the same as plain ones, whichever compressor made them. */
static void reads_compressed_cores(void **state)
{
	static const char *const tools[] = { "gzip", "xz", "zstd -q" };
	struct kj_error err = { 0 };
	struct fx_kernel k;
	struct core c;
	char *path, *cmd, *zpath;

	fxk_x86_64(&k, 8 << 20);
	for (uint64_t pa = 0x100000; pa < 0x400000; pa += 4096)
		fx_put(&k.core, pa, pa * 2654435761U, 8);
	path = fx_write(&k.core, tmp, "plain");
	for (size_t i = 0; i < 3; i++) {
		uint64_t v;

		assert_true(asprintf(&zpath, "%s.%zu", path, i) > 0);
		assert_true(asprintf(&cmd, "%s -c '%s' >'%s'", tools[i], path, zpath) > 0);
		assert_int_equal(system(cmd), 0);
		assert_int_equal(core_open(&c, zpath, &(struct core_open_args){ .tmpdir = tmp }, &err), 0);
		assert_int_equal(c.src.compression, i + 1);
		assert_int_equal(c.nloads, 2);
		for (uint64_t pa = 0x100000; pa < 0x400000; pa += 4096) {
			uint8_t raw[8];

			assert_int_equal(core_read_phys(&c, pa, raw, 8, &err), 0);
			memcpy(&v, raw, 8);
			assert_true(v == (uint64_t)(pa * 2654435761U));
		}
		core_close(&c);
		free(cmd);
		free(zpath);
	}
	/* Zeros after the last gzip member are padding, as for gzip -d. */
	assert_true(asprintf(&zpath, "%s.padded", path) > 0);
	assert_true(asprintf(&cmd, "(gzip -c '%s'; head -c 1000 /dev/zero) >'%s'", path, zpath) > 0);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(core_open(&c, zpath, &(struct core_open_args){ .tmpdir = tmp }, &err), 0);
	assert_int_equal(c.src.compression, KJ_COMPRESSION_GZIP);
	assert_int_equal(c.nloads, 2);
	core_close(&c);
	free(cmd);
	free(zpath);
	free(path);
	fx_free(&k.core);
}

static void expect_va(struct kmem *m, uint64_t va, uint64_t pa)
{
	struct kj_error err = { 0 };
	uint64_t got = 0;

	if (kmem_vtop(m, va, &got, &err) < 0)
		fail_msg("0x%llx: %s", (unsigned long long)va, err.msg);
	if (got != pa)
		fail_msg("0x%llx -> 0x%llx, expected 0x%llx", (unsigned long long)va,
			 (unsigned long long)got, (unsigned long long)pa);
}

static void open_kmem(struct fx_kernel *k, const char *name, struct core *c, struct kmem *m)
{
	struct kj_error err = { 0 };
	char *path = fx_write(&k->core, tmp, name);

	assert_int_equal(core_open(c, path, NULL, &err), 0);
	if (kmem_init(m, c, &err) < 0)
		fail_msg("kmem_init: %s", err.msg);
	free(path);
}

static void translate_x86_64(void **state)
{
	struct kj_error err = { 0 };
	struct fx_kernel k;
	struct core c;
	struct kmem m;
	uint64_t pa, sym, got;
	uint8_t raw[8];

	fxk_x86_64(&k, 16 << 20);
	/* vmemmap-like 4K mappings, and a 1G page. */
	fx_map(&k.core, k.pt_mode, k.pgd, 0xffffea0000000000ULL, 0xc00000, 0x3000, 4096);
	fx_map(&k.core, k.pt_mode, k.pgd, 0xffffc90000000000ULL, 0x40000000, 1ULL << 30, 1ULL << 30);
	sym = fxk_symbol(&k, 8, &pa);
	fx_put(&k.core, pa, 0x1122334455667788ULL, 8);
	open_kmem(&k, "x64", &c, &m);
	assert_int_equal(m.arch, KARCH_X86_64);
	assert_int_equal(m.long_size, 8);
	assert_int_equal(m.levels, 4);
	/* Kernel image: virt - __START_KERNEL_map + phys_base. */
	expect_va(&m, sym, pa);
	assert_int_equal(kmem_read_ulong(&m, sym, &got, &err), 0);
	assert_true(got == 0x1122334455667788ULL);
	expect_va(&m, FX_X86_64_PAGE_OFFSET + 0x123456, 0x123456);
	expect_va(&m, FX_X86_64_PAGE_OFFSET + 0xfff123, 0xfff123);
	expect_va(&m, 0xffffea0000002345ULL, 0xc02345);
	expect_va(&m, 0xffffc90012345678ULL, 0x52345678);
	assert_int_equal(kmem_vtop(&m, 0xffffea0000003000ULL, &got, &err), -1);
	assert_error_contains(&err, "0xffffea0000003000 is not mapped");
	kj_error_clear(&err);
	/* A read crossing from a mapped page into an unmapped one. */
	assert_int_equal(kmem_read(&m, 0xffffea0000002ffcULL, raw, 8, &err), -1);
	core_close(&c);
	fx_free(&k.core);

	/* 5-level paging. */
	fxk_x86_64(&k, 8 << 20);
	k.core.next_alloc = FX_ALLOC_START + 0x100000;
	k.pt_mode = FX_PT_X86_64_5;
	sym = fxk_symbol(&k, 4096, &k.pgd);
	fx_map(&k.core, k.pt_mode, k.pgd, 0xff11000000000000ULL, 0, 4 << 20, 0x200000);
	fx_vmcoreinfo(&k.core, "SYMBOL(init_top_pgt)=%llx", (unsigned long long)sym);
	fx_vmcoreinfo(&k.core, "NUMBER(pgtable_l5_enabled)=1");
	open_kmem(&k, "x64l5", &c, &m);
	assert_int_equal(m.levels, 5);
	expect_va(&m, 0xff11000000345678ULL, 0x345678);
	core_close(&c);
	fx_free(&k.core);
}

static void translate_i386(void **state)
{
	struct kj_error err = { 0 };
	struct fx_kernel k;
	struct core c;
	struct kmem m;
	uint64_t got, sym;

	/* 2-level tables with 4M pages, and a 4K-mapped "vmalloc" page. */
	fxk_i386(&k, 8 << 20, true);
	fx_map(&k.core, k.pt_mode, k.pgd, 0xf8000000, 0x700000, 0x1000, 4096);
	open_kmem(&k, "i386", &c, &m);
	assert_int_equal(m.arch, KARCH_I386);
	assert_int_equal(m.long_size, 4);
	assert_true(m.have_pgd);
	assert_false(m.pae);
	expect_va(&m, 0xc0123456, 0x123456);
	expect_va(&m, 0xf8000abc, 0x700abc);
	assert_int_equal(kmem_vtop(&m, 0x100000000ULL, &got, &err), -1);
	assert_error_contains(&err, "is not an i386 kernel address");
	core_close(&c);
	fx_free(&k.core);

	/* PAE: 3 levels, 2M pages. */
	fxk_i386(&k, 8 << 20, false);
	k.pt_mode = FX_PT_PAE;
	sym = fxk_symbol(&k, 4096, &k.pgd);
	fx_map(&k.core, k.pt_mode, k.pgd, 0xc0000000, 0, 8 << 20, 0x200000);
	fx_map(&k.core, k.pt_mode, k.pgd, 0xf8000000, 0x700000, 0x1000, 4096);
	fx_vmcoreinfo(&k.core, "SYMBOL(swapper_pg_dir)=%llx", (unsigned long long)sym);
	fx_vmcoreinfo(&k.core, "CONFIG_X86_PAE=y");
	open_kmem(&k, "pae", &c, &m);
	assert_true(m.pae);
	expect_va(&m, 0xc0654321, 0x654321);
	expect_va(&m, 0xf8000123, 0x700123);
	core_close(&c);
	fx_free(&k.core);

	/* No page tables: lowmem is virt - PAGE_OFFSET, learnt from p_vaddr. */
	fxk_i386(&k, 4 << 20, false);
	k.core.seg[0].vaddr = 0x80001000;
	k.core.seg[1].vaddr = 0x80100000;
	open_kmem(&k, "direct", &c, &m);
	assert_false(m.have_pgd);
	assert_true(m.page_offset == 0x80000000);
	expect_va(&m, 0x80234567, 0x234567);
	core_close(&c);
	fx_free(&k.core);
}

/* Without init_top_pgt the PT_LOADs' p_vaddr give the direct map. */
static void translate_by_segments(void **state)
{
	struct kj_error err = { 0 };
	struct fx_core fx;
	struct core c;
	struct kmem m;
	uint8_t byte;
	char *path;

	fx_init(&fx, ELFCLASS64, EM_X86_64);
	fx_add_ram(&fx, 0x100000, 0x100000, 0xffff888000100000ULL);
	fx_vmcoreinfo(&fx, "OSRELEASE=test");
	path = fx_write(&fx, tmp, "segs");
	assert_int_equal(core_open(&c, path, NULL, &err), 0);
	assert_int_equal(kmem_init(&m, &c, &err), 0);
	assert_int_equal(m.arch, KARCH_X86_64);
	expect_va(&m, 0xffff888000180000ULL, 0x180000);
	expect_va(&m, 0xffff8880001fffffULL, 0x1fffff);
	assert_int_equal(kmem_read(&m, 0xffff888000200000ULL, &byte, 1, &err), -1);
	assert_error_contains(&err, "no PT_LOAD maps it");
	core_close(&c);
	free(path);
	fx_free(&fx);

	/* No VMCOREINFO at all. */
	fx_init(&fx, ELFCLASS64, EM_X86_64);
	fx_add_ram(&fx, 0x100000, 0x1000, 0);
	path = fx_write(&fx, tmp, "novmci");
	kj_error_clear(&err);
	assert_int_equal(core_open(&c, path, NULL, &err), 0);
	assert_int_equal(kmem_init(&m, &c, &err), -1);
	assert_error_contains(&err, "has no VMCOREINFO note");
	core_close(&c);
	free(path);
	fx_free(&fx);
}

static char *capture_info(struct core *c, bool json)
{
	struct kj_error err = { 0 };
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	assert_int_equal(kdump_info(c, json, f, &err), 0);
	fclose(f);
	return text;
}

static void info_output(void **state)
{
	struct kj_error err = { 0 };
	struct fx_kernel k;
	struct core c;
	char *path, *text, *cmd;

	fxk_x86_64(&k, 16 << 20);
	fx_vmcoreinfo(&k.core, "SYMBOL(mem_section)=ffff9e4a40600000");
	fx_vmcoreinfo(&k.core, "SYMBOL(prb)=ffffffff82a5b1c0");
	fx_vmcoreinfo(&k.core, "NOTE=\"quoted\"\\");
	/* 1 MiB at the end already left out by an earlier save. */
	k.core.seg[1].filesz -= 1 << 20;
	path = fx_write(&k.core, tmp, "info");
	assert_int_equal(core_open(&c, path, NULL, &err), 0);
	text = capture_info(&c, false);
	assert_non_null(strstr(text, "Format:        ELF64 core, x86_64, 2 PT_LOAD and 1 PT_NOTE segments\n"));
	assert_non_null(strstr(text, "Kernel:        6.1.0-kjump (x86_64, 4-level page tables)\n"));
	assert_non_null(strstr(text, "Crash time:    2023-11-14 22:13:20 UTC\n"));
	assert_non_null(strstr(text, "KASLR offset:  0x1c000000\n"));
	assert_non_null(strstr(text, "phys_base:     0x200000\n"));
	assert_non_null(strstr(text, "Memory model:  sparsemem\n"));
	assert_non_null(strstr(text, "Printk log:    lockless ringbuffer\n"));
	assert_non_null(strstr(text, "CPUs:          2 (PRSTATUS notes)\n"));
	assert_non_null(strstr(text, "Memory:        16378880 bytes (15.6 MiB) in 2 ranges\n"));
	assert_non_null(strstr(text, "Zero-filled:   1048576 bytes (1.0 MiB, 6.4%) not stored"));
	assert_non_null(strstr(text, "  0x0000000000100000-0x0000000000ffffff    15.0 MiB, 14680064 bytes stored\n"));
	free(text);
	text = capture_info(&c, true);
	core_close(&c);
	/* Valid JSON with the facts, checked by Python's parser. */
	{
		FILE *f;
		char *jpath;

		assert_true(asprintf(&jpath, "%s/info.json", tmp) > 0);
		f = fopen(jpath, "w");
		fputs(text, f);
		fclose(f);
		assert_true(asprintf(&cmd, "python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); "
				     "assert j[\"osrelease\"]==\"6.1.0-kjump\" and j[\"zero_filled_bytes\"]==1048576 "
				     "and j[\"memory_bytes\"]==16378880 and j[\"vmcoreinfo\"][\"NOTE\"]==\"\\\"quoted\\\"\\\\\" "
				     "and len(j[\"segments\"])==3 and j[\"cpus\"]==2 and j[\"page_size\"]==4096' '%s'",
				     jpath) > 0);
		assert_int_equal(system(cmd), 0);
		free(cmd);
		free(jpath);
	}
	free(text);
	free(path);
	fx_free(&k.core);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ehdr_and_phdr_encoding),
		cmocka_unit_test(ehdr_refusals),
		cmocka_unit_test(notes_round_trip),
		cmocka_unit_test(phdr_checks),
		cmocka_unit_test(vmcoreinfo_lookups),
		cmocka_unit_test(open_fixture_core),
		cmocka_unit_test(refuses_bad_cores),
		cmocka_unit_test(reads_compressed_cores),
		cmocka_unit_test(translate_x86_64),
		cmocka_unit_test(translate_i386),
		cmocka_unit_test(translate_by_segments),
		cmocka_unit_test(info_output),
	};

	return cmocka_run_group_tests_name("kdump_core", tests, setup, teardown);
}
