// SPDX-License-Identifier: GPL-2.0-only
/*
 * The purgatory: its segment verifier (purgatory/verify.c, compiled
 * natively and run on host buffers), the relocator on the real embedded
 * objects and on small hand-made broken ones, and purgatory_finish():
 * with a large segment, the regions it is split into, hashed on one
 * thread or several (kexec/plan/digest.c).  No purgatory code other than the
 * verifier ever runs here.
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "plan/digest.h"
#include "helpers.h"
#include "load/image.h"
#include "kjump/compiler.h"
#include "kjump/sha256.h"
#include "purgatory/contract.h"
#include "verify.h"

struct fixture {
	struct memory_map map;
	struct kexec_plan plan;
	struct kj_error err;
	struct load_context ctx;
};

static struct fixture f;

static int setup(void **state)
{
	memset(&f, 0, sizeof(f));
	must_parse_iomem(&f.map, test_iomem_512m);
	plan_init(&f.plan);
	load_context_init(&f.ctx, NULL, &f.map, &f.plan, &f.err);
	return 0;
}

static int teardown(void **state)
{
	load_context_free(&f.ctx);
	plan_free(&f.plan);
	memmap_free(&f.map);
	return 0;
}

/* The purgatories this kexec carries. */
static const enum purgatory_arch archs[] = {
#ifdef __x86_64__
	PURGATORY_X86_64,
#endif
	PURGATORY_I386,
};
#define NR_ARCHS (ARRAY_SIZE(archs))

static struct purgatory *must_load(enum purgatory_arch arch, uint64_t base)
{
	struct purgatory *p = NULL;
	const void *obj;
	size_t size;

	if (purgatory_embedded(arch, &obj, &size, &f.err) < 0 ||
	    purgatory_load_object(&f.ctx, arch, obj, size, base, &p) < 0)
		fail_msg("loading the purgatory at %#llx: %s", (unsigned long long)base,
			 f.err.msg);
	return p;
}

static uint64_t must_symbol(const struct purgatory *p, const char *name)
{
	uint64_t addr;
	size_t size;

	if (purgatory_symbol(p, name, &addr, &size, &f.err) < 0)
		fail_msg("%s", f.err.msg);
	return addr;
}

static uint64_t le(const uint8_t *p, int width)
{
	uint64_t v = 0;

	for (int i = width - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* ---- purgatory_verify on host buffers ---------------------------------- */

#define NR_BUFS 3
static const size_t buf_sizes[NR_BUFS] = { 1, 4096, 100003 };

static void fill_regions(uint8_t *bufs[NR_BUFS], struct purgatory_region *r)
{
	for (int i = 0; i < NR_BUFS; i++) {
		bufs[i] = malloc(buf_sizes[i]);
		assert_non_null(bufs[i]);
		for (size_t j = 0; j < buf_sizes[i]; j++)
			bufs[i][j] = (uint8_t)(j * 7 + i);
		r[i].start = (uintptr_t)bufs[i];
		r[i].len = buf_sizes[i];
		sha256_digest(bufs[i], buf_sizes[i], r[i].sha256);
	}
}

static void verify_accepts_intact_regions(void **state)
{
	struct purgatory_region r[NR_BUFS];
	uint8_t *bufs[NR_BUFS];
	uint32_t bad = 99;

	fill_regions(bufs, r);
	assert_int_equal(purgatory_verify(r, NR_BUFS, &bad), 0);
	assert_int_equal(bad, 99);
	assert_int_equal(purgatory_verify(r, 0, &bad), 0);
	for (int i = 0; i < NR_BUFS; i++)
		free(bufs[i]);
}

static void verify_names_the_corrupted_region(void **state)
{
	struct purgatory_region r[NR_BUFS];
	uint8_t *bufs[NR_BUFS];
	uint32_t bad;

	fill_regions(bufs, r);
	for (uint32_t k = 0; k < NR_BUFS; k++) {
		size_t at = buf_sizes[k] / 2;

		bufs[k][at] ^= 0x01;
		bad = 99;
		assert_int_equal(purgatory_verify(r, NR_BUFS, &bad), -1);
		assert_int_equal(bad, k);
		bufs[k][at] ^= 0x01;
	}
	/* A wrong digest is as bad as wrong data. */
	r[2].sha256[31] ^= 0x80;
	assert_int_equal(purgatory_verify(r, NR_BUFS, &bad), -1);
	assert_int_equal(bad, 2);
	for (int i = 0; i < NR_BUFS; i++)
		free(bufs[i]);
}

static void verify_refuses_wrapping_region(void **state)
{
	/* Refused before a single byte is read. */
	struct purgatory_region r = { .start = UINTPTR_MAX - 15, .len = 64 };
	uint32_t bad = 99;

	assert_int_equal(purgatory_verify(&r, 1, &bad), -1);
	assert_int_equal(bad, 0);
}

/* ---- The embedded objects ---------------------------------------------- */

static void entry_moves_with_base(void **state)
{
	for (size_t i = 0; i < NR_ARCHS; i++) {
		struct purgatory *lo = must_load(archs[i], 0x100000);
		struct purgatory *hi = must_load(archs[i], 0x7f000000);

		assert_int_equal(purgatory_arch(lo), archs[i]);
		assert_int_equal(purgatory_base(lo), 0x100000);
		assert_int_equal(purgatory_base(hi), 0x7f000000);
		assert_int_equal(purgatory_size(lo), purgatory_size(hi));
		assert_int_equal(purgatory_entry(hi) - purgatory_entry(lo), 0x7f000000 - 0x100000);
		assert_int_equal(purgatory_entry(lo), must_symbol(lo, "purgatory_start"));
		assert_true(purgatory_entry(lo) >= 0x100000 &&
			    purgatory_entry(lo) < 0x100000 + purgatory_size(lo));
	}
}

/* The GDTR images hold the GDTs' absolute addresses: R_X86_64_64 / R_386_32. */
static void absolute_pointers_are_relocated(void **state)
{
	static const uint64_t bases[] = { 0x100000, 0x7f000000 };

	for (size_t b = 0; b < 2; b++) {
#ifdef __x86_64__
		struct purgatory *p64 = must_load(PURGATORY_X86_64, bases[b]);
		uint8_t ptr64[10];

		assert_int_equal(purgatory_get(p64, "purgatory_gdt64_ptr", ptr64,
					       sizeof(ptr64), &f.err), 0);
		assert_int_equal(le(ptr64, 2), 4 * 8 - 1);
		assert_int_equal(le(ptr64 + 2, 8), must_symbol(p64, "purgatory_gdt64"));
		assert_int_equal(purgatory_get(p64, "purgatory_gdt32_ptr", ptr64,
					       sizeof(ptr64), &f.err), 0);
		assert_int_equal(le(ptr64 + 2, 8), must_symbol(p64, "purgatory_gdt32"));
#endif
		struct purgatory *p32 = must_load(PURGATORY_I386, bases[b]);
		uint8_t ptr32[6];

		assert_int_equal(purgatory_get(p32, "purgatory_gdt32_ptr", ptr32,
					       sizeof(ptr32), &f.err), 0);
		assert_int_equal(le(ptr32, 2), 4 * 8 - 1);
		assert_int_equal(le(ptr32 + 2, 4), must_symbol(p32, "purgatory_gdt32"));
		assert_true(must_symbol(p32, "purgatory_gdt32") >= bases[b]);
	}
}

static void set_get_round_trip(void **state)
{
	for (size_t i = 0; i < NR_ARCHS; i++) {
		struct purgatory *p = must_load(archs[i], 0x200000);
		struct purgatory_regs32 r32 = { .eax = 1, .esi = 0x90000, .eip = 0x100000 }, r32b;
		uint16_t port = 0x3f8, portb = 0;
		uint32_t mode = PURGATORY_ENTER_32, modeb = 0;

		assert_int_equal(purgatory_set(p, "purgatory_regs32", &r32, sizeof(r32), &f.err), 0);
		assert_int_equal(purgatory_get(p, "purgatory_regs32", &r32b, sizeof(r32b), &f.err), 0);
		assert_memory_equal(&r32, &r32b, sizeof(r32));
		assert_int_equal(purgatory_set(p, "purgatory_serial_port", &port, sizeof(port), &f.err), 0);
		assert_int_equal(purgatory_get(p, "purgatory_serial_port", &portb, sizeof(portb), &f.err), 0);
		assert_int_equal(portb, 0x3f8);
		assert_int_equal(purgatory_set(p, "purgatory_entry_mode", &mode, sizeof(mode), &f.err), 0);
		assert_int_equal(purgatory_get(p, "purgatory_entry_mode", &modeb, sizeof(modeb), &f.err), 0);
		assert_int_equal(modeb, mode);
		if (archs[i] == PURGATORY_X86_64) {
			struct purgatory_regs64 r64 = { .rsi = 0x90000, .rip = 0x1000200 }, r64b;

			assert_int_equal(purgatory_set(p, "purgatory_regs64", &r64, sizeof(r64), &f.err), 0);
			assert_int_equal(purgatory_get(p, "purgatory_regs64", &r64b, sizeof(r64b), &f.err), 0);
			assert_memory_equal(&r64, &r64b, sizeof(r64));
		}
	}
}

static void contract_symbols_have_contract_sizes(void **state)
{
	for (size_t i = 0; i < NR_ARCHS; i++) {
		struct purgatory *p = must_load(archs[i], 0x200000);
		struct purgatory_region regions[PURGATORY_MAX_REGIONS];
		uint32_t nr;

		assert_int_equal(purgatory_get(p, "purgatory_regions", regions,
					       sizeof(regions), &f.err), 0);
		assert_int_equal(purgatory_get(p, "purgatory_nr_regions", &nr,
					       sizeof(nr), &f.err), 0);
		assert_int_equal(nr, 0);
	}
}

static void size_mismatch_refused(void **state)
{
	struct purgatory *p = must_load(PURGATORY_I386, 0x200000);
	uint16_t mode16 = PURGATORY_ENTER_32;

	assert_int_equal(purgatory_set(p, "purgatory_entry_mode", &mode16, sizeof(mode16),
				       &f.err), -1);
	assert_error_contains(&f.err, "purgatory_entry_mode has 4 bytes, not 2");
}

static void unknown_symbol_refused(void **state)
{
	struct purgatory *p = must_load(PURGATORY_I386, 0x200000);
	uint32_t v = 0;

	assert_int_equal(purgatory_set(p, "purgatory_nonsense", &v, sizeof(v), &f.err), -1);
	assert_error_contains(&f.err, "no symbol purgatory_nonsense");
	kj_error_clear(&f.err);
	/* Local symbols are not part of the contract. */
	assert_int_equal(purgatory_get(p, "purgatory_stack_end", &v, sizeof(v), &f.err), -1);
	assert_error_contains(&f.err, "no symbol purgatory_stack_end");
#ifdef __x86_64__
	kj_error_clear(&f.err);
	p = must_load(PURGATORY_X86_64, 0x200000);
	assert_int_equal(purgatory_symbol(p, "purgatory_regs64", &(uint64_t){ 0 },
					  &(size_t){ 0 }, &f.err), 0);
	p = must_load(PURGATORY_I386, 0x200000);
	assert_int_equal(purgatory_symbol(p, "purgatory_regs64", &(uint64_t){ 0 },
					  &(size_t){ 0 }, &f.err), -1);
#endif
}

static void bad_bases_refused(void **state)
{
	struct purgatory *p;
	const void *obj;
	size_t size;

	assert_int_equal(purgatory_embedded(PURGATORY_I386, &obj, &size, &f.err), 0);
	assert_int_equal(purgatory_load_object(&f.ctx, PURGATORY_I386, obj, size,
					       0x100800, &p), -1);
	assert_error_contains(&f.err, "not page-aligned");
	kj_error_clear(&f.err);
	assert_int_equal(purgatory_load_object(&f.ctx, PURGATORY_I386, obj, size,
					       0xfffff000, &p), -1);
	assert_error_contains(&f.err, "does not fit below 4 GiB");
	kj_error_clear(&f.err);
	assert_int_equal(purgatory_load_object(&f.ctx, PURGATORY_I386, obj, size,
					       0x100000000ull, &p), -1);
	assert_error_contains(&f.err, "does not fit below 4 GiB");
}

static void wrong_arch_refused(void **state)
{
	struct purgatory *p;
	const void *obj;
	size_t size;

	assert_int_equal(purgatory_embedded(PURGATORY_I386, &obj, &size, &f.err), 0);
	assert_int_equal(purgatory_load_object(&f.ctx, PURGATORY_X86_64, obj, size,
					       0x100000, &p), -1);
	assert_error_contains(&f.err, "not a little-endian x86_64 ELF file");
#ifndef __x86_64__
	kj_error_clear(&f.err);
	assert_int_equal(purgatory_embedded(PURGATORY_X86_64, &obj, &size, &f.err), -1);
	assert_error_contains(&f.err, "no x86_64 purgatory");
#endif
}

static void prepare_finds_a_hole(void **state)
{
	static uint8_t page[4096];

	/* Take the top of RAM; the purgatory must go below it. */
	assert_int_equal(plan_add_segment(&f.plan, "kernel", page, sizeof(page),
					  0x1f000000, 0xfe0000, &f.err), 0);
	for (size_t i = 0; i < NR_ARCHS; i++) {
		struct purgatory *p = NULL;
		uint64_t base;

		assert_int_equal(purgatory_prepare(&f.ctx, archs[i], 0x100000, UINT64_MAX, &p), 0);
		base = purgatory_base(p);
		assert_int_equal(base & 0xfff, 0);
		assert_true(base >= 0x100000);
		assert_true(base + purgatory_size(p) <= 0x1f000000);
		assert_int_equal(purgatory_entry(p), must_symbol(p, "purgatory_start"));
	}
	assert_int_equal(purgatory_prepare(&f.ctx, PURGATORY_I386, 0x100000000ull,
					   UINT64_MAX, &(struct purgatory *){ NULL }), -1);
	assert_error_contains(&f.err, "below 4 GiB");
}

static void prepare_uses_crash_reservation(void **state)
{
	struct purgatory *p = NULL;

	f.plan.flags |= KEXEC_ON_CRASH;
	assert_int_equal(purgatory_prepare(&f.ctx, PURGATORY_I386, 0, UINT64_MAX, &p), 0);
	assert_true(purgatory_base(p) >= 0x10000000);
	assert_true(purgatory_base(p) + purgatory_size(p) <= 0x18000000);
}

/* ---- Hand-made objects ------------------------------------------------- */

/*
 * A minimal x86_64 relocatable object, laid out as one C structure so
 * that tests can break any field: .text (16 bytes) with one RELA
 * relocation at offset 8, .data (16 bytes), a symbol table and the
 * string tables.  Every member is a multiple of 8 bytes: no padding.
 */
enum { SEC_NULL, SEC_TEXT, SEC_DATA, SEC_RELA, SEC_SYMTAB, SEC_STRTAB, SEC_SHSTRTAB, NR_SEC };
enum { SYM_NULL, SYM_DATA_SECTION, SYM_START, SYM_TARGET, SYM_EXTRA, NR_SYM };

struct tiny_elf {
	Elf64_Ehdr eh;
	uint8_t text[16];
	uint8_t data[16];
	Elf64_Rela rela[1];
	Elf64_Sym sym[NR_SYM];
	char strtab[32];
	char shstrtab[64];
	Elf64_Shdr sh[NR_SEC];
};

static const char tiny_strtab[32] = "\0purgatory_start\0target\0extra";
#define STR_START	1
#define STR_TARGET	17
#define STR_EXTRA	24
static const char tiny_shstrtab[64] = "\0.text\0.data\0.rela.text\0.symtab\0.strtab\0.shstrtab";
#define SHSTR_TEXT	1
#define SHSTR_DATA	7
#define SHSTR_RELA	13
#define SHSTR_SYMTAB	24
#define SHSTR_STRTAB	32
#define SHSTR_SHSTRTAB	40

static void tiny_section(struct tiny_elf *t, int i, uint32_t name, uint32_t type,
			 uint64_t flags, size_t offset, size_t size, uint64_t align)
{
	t->sh[i].sh_name = name;
	t->sh[i].sh_type = type;
	t->sh[i].sh_flags = flags;
	t->sh[i].sh_offset = offset;
	t->sh[i].sh_size = size;
	t->sh[i].sh_addralign = align;
}

/* One R_X86_64_64 relocation: .text+8 = &target + 4. */
static void tiny_build(struct tiny_elf *t)
{
	memset(t, 0, sizeof(*t));
	memcpy(t->eh.e_ident, ELFMAG, SELFMAG);
	t->eh.e_ident[EI_CLASS] = ELFCLASS64;
	t->eh.e_ident[EI_DATA] = ELFDATA2LSB;
	t->eh.e_ident[EI_VERSION] = EV_CURRENT;
	t->eh.e_type = ET_REL;
	t->eh.e_machine = EM_X86_64;
	t->eh.e_version = EV_CURRENT;
	t->eh.e_ehsize = sizeof(Elf64_Ehdr);
	t->eh.e_shoff = offsetof(struct tiny_elf, sh);
	t->eh.e_shentsize = sizeof(Elf64_Shdr);
	t->eh.e_shnum = NR_SEC;
	t->eh.e_shstrndx = SEC_SHSTRTAB;

	memset(t->text, 0x90, sizeof(t->text));
	memset(t->data, 0xaa, sizeof(t->data));
	t->rela[0].r_offset = 8;
	t->rela[0].r_info = ELF64_R_INFO(SYM_TARGET, R_X86_64_64);
	t->rela[0].r_addend = 4;

	t->sym[SYM_DATA_SECTION].st_info = ELF64_ST_INFO(STB_LOCAL, STT_SECTION);
	t->sym[SYM_DATA_SECTION].st_shndx = SEC_DATA;
	t->sym[SYM_START].st_name = STR_START;
	t->sym[SYM_START].st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC);
	t->sym[SYM_START].st_shndx = SEC_TEXT;
	t->sym[SYM_START].st_size = sizeof(t->text);
	t->sym[SYM_TARGET].st_name = STR_TARGET;
	t->sym[SYM_TARGET].st_info = ELF64_ST_INFO(STB_GLOBAL, STT_OBJECT);
	t->sym[SYM_TARGET].st_shndx = SEC_DATA;
	t->sym[SYM_TARGET].st_size = 8;
	/* SYM_EXTRA: an absolute symbol, unused unless a test points at it. */
	t->sym[SYM_EXTRA].st_name = STR_EXTRA;
	t->sym[SYM_EXTRA].st_info = ELF64_ST_INFO(STB_GLOBAL, STT_NOTYPE);
	t->sym[SYM_EXTRA].st_shndx = SHN_ABS;
	t->sym[SYM_EXTRA].st_value = 0x1000;

	memcpy(t->strtab, tiny_strtab, sizeof(tiny_strtab));
	memcpy(t->shstrtab, tiny_shstrtab, sizeof(tiny_shstrtab));

	tiny_section(t, SEC_TEXT, SHSTR_TEXT, SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR,
		     offsetof(struct tiny_elf, text), sizeof(t->text), 16);
	tiny_section(t, SEC_DATA, SHSTR_DATA, SHT_PROGBITS, SHF_ALLOC | SHF_WRITE,
		     offsetof(struct tiny_elf, data), sizeof(t->data), 8);
	tiny_section(t, SEC_RELA, SHSTR_RELA, SHT_RELA, SHF_INFO_LINK,
		     offsetof(struct tiny_elf, rela), sizeof(t->rela), 8);
	t->sh[SEC_RELA].sh_link = SEC_SYMTAB;
	t->sh[SEC_RELA].sh_info = SEC_TEXT;
	t->sh[SEC_RELA].sh_entsize = sizeof(Elf64_Rela);
	tiny_section(t, SEC_SYMTAB, SHSTR_SYMTAB, SHT_SYMTAB, 0,
		     offsetof(struct tiny_elf, sym), sizeof(t->sym), 8);
	t->sh[SEC_SYMTAB].sh_link = SEC_STRTAB;
	t->sh[SEC_SYMTAB].sh_info = SYM_START;	/* first global */
	t->sh[SEC_SYMTAB].sh_entsize = sizeof(Elf64_Sym);
	tiny_section(t, SEC_STRTAB, SHSTR_STRTAB, SHT_STRTAB, 0,
		     offsetof(struct tiny_elf, strtab), sizeof(t->strtab), 1);
	tiny_section(t, SEC_SHSTRTAB, SHSTR_SHSTRTAB, SHT_STRTAB, 0,
		     offsetof(struct tiny_elf, shstrtab), sizeof(t->shstrtab), 1);
}

static int tiny_load_size(const struct tiny_elf *t, size_t size, uint64_t base,
			  struct purgatory **p)
{
	kj_error_clear(&f.err);
	return purgatory_load_object(&f.ctx, PURGATORY_X86_64, t, size, base, p);
}

static int tiny_load(const struct tiny_elf *t, uint64_t base, struct purgatory **p)
{
	return tiny_load_size(t, sizeof(*t), base, p);
}

/* The relocated .text+8, read through purgatory_start (all of .text). */
static uint64_t tiny_field(const struct purgatory *p, int width)
{
	uint8_t text[16];

	assert_int_equal(purgatory_get(p, "purgatory_start", text, sizeof(text), &f.err), 0);
	return le(text + 8, width);
}

static void tiny_object_relocates(void **state)
{
	struct purgatory *p;
	struct tiny_elf t;

	tiny_build(&t);
	assert_int_equal(tiny_load(&t, 0x300000, &p), 0);
	/* .text at 0, .data after it at 16. */
	assert_int_equal(must_symbol(p, "target"), 0x300010);
	assert_int_equal(tiny_field(p, 8), 0x300014);
	assert_int_equal(purgatory_entry(p), 0x300000);
	assert_int_equal(purgatory_size(p), 32);

	/* PC32: S + A - P = 0x300010 + (-4) - 0x300008. */
	t.rela[0].r_info = ELF64_R_INFO(SYM_TARGET, R_X86_64_PC32);
	t.rela[0].r_addend = -4;
	assert_int_equal(tiny_load(&t, 0x300000, &p), 0);
	assert_int_equal(tiny_field(p, 4), 4);
	t.rela[0].r_info = ELF64_R_INFO(SYM_TARGET, R_X86_64_PLT32);
	assert_int_equal(tiny_load(&t, 0x300000, &p), 0);
	assert_int_equal(tiny_field(p, 4), 4);

	/* 32 and 32S against a section symbol, and against an absolute one. */
	t.rela[0].r_info = ELF64_R_INFO(SYM_DATA_SECTION, R_X86_64_32);
	t.rela[0].r_addend = 8;
	assert_int_equal(tiny_load(&t, 0x300000, &p), 0);
	assert_int_equal(tiny_field(p, 4), 0x300018);
	t.rela[0].r_info = ELF64_R_INFO(SYM_EXTRA, R_X86_64_32S);
	t.rela[0].r_addend = 0;
	assert_int_equal(tiny_load(&t, 0x300000, &p), 0);
	assert_int_equal(tiny_field(p, 4), 0x1000);
}

static void tiny_overflows_refused(void **state)
{
	struct purgatory *p;
	struct tiny_elf t;

	tiny_build(&t);
	t.sym[SYM_EXTRA].st_value = 0x100000000ull;
	t.rela[0].r_info = ELF64_R_INFO(SYM_EXTRA, R_X86_64_32);
	assert_int_equal(tiny_load(&t, 0x300000, &p), -1);
	assert_error_contains(&f.err, "R_X86_64_32 relocation at 0x300008 overflows");

	/* 32S: fine at 1 GiB, not at 2 GiB where sign extension breaks it. */
	t.rela[0].r_info = ELF64_R_INFO(SYM_TARGET, R_X86_64_32S);
	assert_int_equal(tiny_load(&t, 0x40000000, &p), 0);
	assert_int_equal(tiny_load(&t, 0x80000000, &p), -1);
	assert_error_contains(&f.err, "R_X86_64_32S relocation");

	t.rela[0].r_info = ELF64_R_INFO(SYM_EXTRA, R_X86_64_PC32);
	t.sym[SYM_EXTRA].st_value = 0xf0000000;
	assert_int_equal(tiny_load(&t, 0x300000, &p), -1);
	assert_error_contains(&f.err, "R_X86_64_PC32 relocation");
}

static void tiny_unknown_relocation_refused(void **state)
{
	struct purgatory *p;
	struct tiny_elf t;

	tiny_build(&t);
	t.rela[0].r_info = ELF64_R_INFO(SYM_TARGET, R_X86_64_GOTPCREL);
	assert_int_equal(tiny_load(&t, 0x300000, &p), -1);
	assert_error_contains(&f.err, "unsupported x86_64 relocation type 9 in section .text");
	t.rela[0].r_info = ELF64_R_INFO(SYM_TARGET, 0xffffffffu);
	assert_int_equal(tiny_load(&t, 0x300000, &p), -1);
	assert_error_contains(&f.err, "relocation type 4294967295");
}

static void tiny_truncated_refused(void **state)
{
	struct purgatory *p;
	struct tiny_elf t;

	tiny_build(&t);
	/* The section headers come last: every cut loses some of them. */
	for (size_t size = 1; size < sizeof(t); size++) {
		if (tiny_load_size(&t, size, 0x300000, &p) != -1)
			fail_msg("a %zu-byte prefix was accepted", size);
		assert_true(f.err.set);
	}
	assert_int_equal(tiny_load_size(&t, 0, 0x300000, &p), -1);
	assert_error_contains(&f.err, "bad size");
}

static void tiny_bad_indexes_refused(void **state)
{
	struct purgatory *p;
	struct tiny_elf t;

	tiny_build(&t);
	t.sym[SYM_TARGET].st_shndx = 42;
	assert_int_equal(tiny_load(&t, 0x300000, &p), -1);
	assert_error_contains(&f.err, "symbol target has bad section index 42");

	tiny_build(&t);
	t.sym[SYM_TARGET].st_shndx = SEC_SYMTAB;	/* not loaded */
	assert_int_equal(tiny_load(&t, 0x300000, &p), -1);
	assert_error_contains(&f.err, "section .symtab, which is not loaded");

	tiny_build(&t);
	t.sh[SEC_RELA].sh_info = 42;
	assert_int_equal(tiny_load(&t, 0x300000, &p), -1);
	assert_error_contains(&f.err, "applies to bad section 42");

	tiny_build(&t);
	t.sh[SEC_RELA].sh_link = SEC_STRTAB;
	assert_int_equal(tiny_load(&t, 0x300000, &p), -1);
	assert_error_contains(&f.err, "uses symbol table 5");

	tiny_build(&t);
	t.sh[SEC_SYMTAB].sh_link = 42;
	assert_int_equal(tiny_load(&t, 0x300000, &p), -1);
	assert_error_contains(&f.err, "bad string table 42");

	tiny_build(&t);
	t.rela[0].r_info = ELF64_R_INFO(1000, R_X86_64_64);
	assert_int_equal(tiny_load(&t, 0x300000, &p), -1);
	assert_error_contains(&f.err, "no symbol 1000");

	tiny_build(&t);
	t.rela[0].r_offset = 12;	/* 8 bytes from 12 overrun .text */
	assert_int_equal(tiny_load(&t, 0x300000, &p), -1);
	assert_error_contains(&f.err, "relocation at .text+0xc lies outside the section");

	tiny_build(&t);
	t.sh[SEC_DATA].sh_offset = 1u << 30;
	assert_int_equal(tiny_load(&t, 0x300000, &p), -1);
	assert_error_contains(&f.err, "section 2 (.data) lies outside the file");

	tiny_build(&t);
	t.sym[SYM_TARGET].st_value = 17;
	assert_int_equal(tiny_load(&t, 0x300000, &p), -1);
	assert_error_contains(&f.err, "symbol target lies outside section .data");

	tiny_build(&t);
	t.sym[SYM_TARGET].st_size = 9;
	t.sym[SYM_TARGET].st_value = 8;
	assert_int_equal(tiny_load(&t, 0x300000, &p), -1);
	assert_error_contains(&f.err, "symbol target overruns section .data");
}

static void tiny_other_defects_refused(void **state)
{
	struct purgatory *p;
	struct tiny_elf t;

	tiny_build(&t);
	t.sym[SYM_EXTRA].st_shndx = SHN_UNDEF;
	assert_int_equal(tiny_load(&t, 0x300000, &p), -1);
	assert_error_contains(&f.err, "undefined symbol extra");

	tiny_build(&t);
	t.sh[SEC_TEXT].sh_addralign = 24;
	assert_int_equal(tiny_load(&t, 0x300000, &p), -1);
	assert_error_contains(&f.err, "not a power of two");

	tiny_build(&t);
	t.sh[SEC_TEXT].sh_addralign = 0x10000;
	assert_int_equal(tiny_load(&t, 0x300000, &p), -1);
	assert_error_contains(&f.err, "more than a page");

	tiny_build(&t);
	t.eh.e_type = ET_EXEC;
	assert_int_equal(tiny_load(&t, 0x300000, &p), -1);
	assert_error_contains(&f.err, "not relocatable");

	tiny_build(&t);
	t.sym[SYM_START].st_name = STR_EXTRA;	/* now two "extra"s, no entry */
	t.sym[SYM_START].st_shndx = SEC_TEXT;
	assert_int_equal(tiny_load(&t, 0x300000, &p), -1);
	assert_error_contains(&f.err, "no purgatory_start");

	tiny_build(&t);
	t.sh[SEC_RELA].sh_info = SEC_DATA;
	t.sh[SEC_DATA].sh_type = SHT_NOBITS;
	assert_int_equal(tiny_load(&t, 0x300000, &p), -1);
	assert_error_contains(&f.err, "relocations for .data, which has no contents");

	tiny_build(&t);
	t.sh[SEC_TEXT].sh_size = 2u << 20;
	t.sh[SEC_TEXT].sh_type = SHT_NOBITS;
	assert_int_equal(tiny_load(&t, 0x300000, &p), -1);
	assert_error_contains(&f.err, "image exceeds");
}

/* Cheap deterministic fuzzing: damaged objects fail cleanly or load. */
static uint32_t rng_state = 12345;

static uint32_t rng(void)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return rng_state >> 8;
}

static void mutate_and_load(const void *obj, size_t size, enum purgatory_arch arch,
			    int rounds)
{
	uint8_t *copy = malloc(size);

	assert_non_null(copy);
	for (int i = 0; i < rounds; i++) {
		struct purgatory *p;
		int flips = 1 + rng() % 4;

		memcpy(copy, obj, size);
		for (int j = 0; j < flips; j++)
			copy[rng() % size] ^= (uint8_t)(1u << (rng() % 8));
		kj_error_clear(&f.err);
		if (purgatory_load_object(&f.ctx, arch, copy, size, 0x300000, &p) < 0)
			assert_true(f.err.set);
		/* Keep memory bounded: the context owns every success. */
		load_context_free(&f.ctx);
	}
	free(copy);
}

static void damaged_objects_do_not_crash(void **state)
{
	struct tiny_elf t;

	tiny_build(&t);
	mutate_and_load(&t, sizeof(t), PURGATORY_X86_64, 3000);
	for (size_t i = 0; i < NR_ARCHS; i++) {
		const void *obj;
		size_t size;

		assert_int_equal(purgatory_embedded(archs[i], &obj, &size, &f.err), 0);
		mutate_and_load(obj, size, archs[i], 1000);
	}
}

/* ---- purgatory_finish --------------------------------------------------- */

static uint8_t seg_a[5000], seg_b[4096];

static void add_two_segments(void)
{
	for (size_t i = 0; i < sizeof(seg_a); i++)
		seg_a[i] = (uint8_t)(i * 13);
	memset(seg_b, 0x5a, sizeof(seg_b));
	assert_int_equal(plan_add_segment(&f.plan, "kernel", seg_a, sizeof(seg_a),
					  0x1000000, 0x3000, &f.err), 0);
	assert_int_equal(plan_add_segment(&f.plan, "initrd", seg_b, sizeof(seg_b),
					  0x2000000, 0x1000, &f.err), 0);
}

static void set_mode(struct purgatory *p, uint32_t mode)
{
	assert_int_equal(purgatory_set(p, "purgatory_entry_mode", &mode, sizeof(mode), &f.err), 0);
}

static void finish_records_digests_and_adds_segment(void **state)
{
	for (size_t i = 0; i < NR_ARCHS; i++) {
		struct purgatory_region regions[PURGATORY_MAX_REGIONS];
		const struct plan_segment *s;
		struct purgatory *p = NULL;
		uint8_t digest[32];
		uint32_t nr;

		plan_free(&f.plan);
		plan_init(&f.plan);
		add_two_segments();
		assert_int_equal(purgatory_prepare(&f.ctx, archs[i], 0x100000, UINT64_MAX, &p), 0);
		set_mode(p, archs[i] == PURGATORY_X86_64 ? PURGATORY_ENTER_64 : PURGATORY_ENTER_32);
		assert_int_equal(purgatory_finish(p, &f.plan, &f.err), 0);

		assert_int_equal(f.plan.nr_segments, 3);
		s = &f.plan.segments[2];
		assert_string_equal(s->name, "purgatory");
		assert_int_equal(s->mem, purgatory_base(p));
		assert_int_equal(s->bufsz, purgatory_size(p));
		assert_int_equal(f.plan.entry, purgatory_entry(p));

		assert_int_equal(purgatory_get(p, "purgatory_nr_regions", &nr, sizeof(nr), &f.err), 0);
		assert_int_equal(nr, 2);
		assert_int_equal(purgatory_get(p, "purgatory_regions", regions,
					       sizeof(regions), &f.err), 0);
		assert_int_equal(regions[0].start, 0x1000000);
		assert_int_equal(regions[0].len, sizeof(seg_a));
		sha256_digest(seg_a, sizeof(seg_a), digest);
		assert_memory_equal(regions[0].sha256, digest, 32);
		assert_int_equal(regions[1].start, 0x2000000);
		assert_int_equal(regions[1].len, sizeof(seg_b));
		sha256_digest(seg_b, sizeof(seg_b), digest);
		assert_memory_equal(regions[1].sha256, digest, 32);
		assert_int_equal(regions[2].len, 0);
		/* The segment carries what purgatory_get sees. */
		assert_memory_equal((const uint8_t *)s->buf + must_symbol(p, "purgatory_regions") -
				    purgatory_base(p), regions, sizeof(regions));
	}
}

/*
 * What purgatory_finish() writes is what purgatory_verify() reads:
 * segments whose "physical" addresses are host pointers, digests
 * recorded by finish, checked by the verifier on the regions read back.
 */
static void finish_output_satisfies_verifier(void **state)
{
	struct purgatory_region regions[PURGATORY_MAX_REGIONS];
	struct purgatory *p = must_load(PURGATORY_I386, 0x1000);
	uint8_t *a = aligned_alloc(4096, 8192), *b = aligned_alloc(4096, 4096);
	uint32_t nr, bad = 99;

	assert_non_null(a);
	assert_non_null(b);
	memset(a, 1, 8192);
	memset(b, 2, 4096);
	assert_int_equal(plan_add_segment(&f.plan, "a", a, 8000, (uintptr_t)a, 8192, &f.err), 0);
	assert_int_equal(plan_add_segment(&f.plan, "b", b, 4096, (uintptr_t)b, 4096, &f.err), 0);
	set_mode(p, PURGATORY_ENTER_32);
	assert_int_equal(purgatory_finish(p, &f.plan, &f.err), 0);
	assert_int_equal(purgatory_get(p, "purgatory_regions", regions, sizeof(regions), &f.err), 0);
	assert_int_equal(purgatory_get(p, "purgatory_nr_regions", &nr, sizeof(nr), &f.err), 0);
	assert_int_equal(purgatory_verify(regions, nr, &bad), 0);
	a[7999] ^= 0xff;
	assert_int_equal(purgatory_verify(regions, nr, &bad), -1);
	assert_int_equal(bad, 0);
	a[7999] ^= 0xff;
	a[8000] ^= 0xff;	/* beyond bufsz: not covered */
	assert_int_equal(purgatory_verify(regions, nr, &bad), 0);
	b[0] = 0;
	assert_int_equal(purgatory_verify(regions, nr, &bad), -1);
	assert_int_equal(bad, 1);
	free(a);
	free(b);
}

static void finish_checks_entry_mode(void **state)
{
	struct purgatory *p = must_load(PURGATORY_I386, 0x300000);

	add_two_segments();
	assert_int_equal(purgatory_finish(p, &f.plan, &f.err), -1);
	assert_error_contains(&f.err, "entry mode 0 is not valid for the i386 purgatory");
	kj_error_clear(&f.err);
	set_mode(p, PURGATORY_ENTER_64);
	assert_int_equal(purgatory_finish(p, &f.plan, &f.err), -1);
	assert_error_contains(&f.err, "entry mode 1 is not valid");
	assert_int_equal(f.plan.nr_segments, 2);
#ifdef __x86_64__
	kj_error_clear(&f.err);
	p = must_load(PURGATORY_X86_64, 0x300000);
	set_mode(p, 3);
	assert_int_equal(purgatory_finish(p, &f.plan, &f.err), -1);
	assert_error_contains(&f.err, "entry mode 3 is not valid for the x86_64 purgatory");
#endif
}

static void finish_refuses_bad_plans(void **state)
{
	struct purgatory *p = must_load(PURGATORY_I386, 0x1000000);
	static uint8_t page[4096];

	set_mode(p, PURGATORY_ENTER_32);
	add_two_segments();	/* kernel at 0x1000000: where p is */
	assert_int_equal(purgatory_finish(p, &f.plan, &f.err), -1);
	assert_error_contains(&f.err, "overlaps segment kernel at 0x1000000");

	kj_error_clear(&f.err);
	plan_free(&f.plan);
	plan_init(&f.plan);
	p = must_load(PURGATORY_I386, 0x300000);
	set_mode(p, PURGATORY_ENTER_32);
	for (int i = 0; i < PURGATORY_MAX_REGIONS + 1; i++)
		assert_int_equal(plan_add_segment(&f.plan, "s", page, sizeof(page),
						  0x1000000 + i * 0x1000, 0x1000, &f.err), 0);
	assert_int_equal(purgatory_finish(p, &f.plan, &f.err), -1);
	assert_error_contains(&f.err, "at most 64 regions, the plan has 65 (65 segments)");

	kj_error_clear(&f.err);
	f.plan.nr_segments = 1;
	assert_int_equal(purgatory_finish(p, &f.plan, &f.err), 0);
	assert_int_equal(purgatory_finish(p, &f.plan, &f.err), -1);
	assert_error_contains(&f.err, "already has a purgatory segment");
}

/* ---- Large segments: regions, digests on several threads ------------- */

#define MIB (1024 * 1024)
/* 40 MiB and a bit: split into 16 + 16 + 8 MiB + 100 bytes. */
#define BIG_SIZE (40 * MIB + 100)

/* A page-aligned buffer of LEN pseudo-random bytes (fixed seed). */
static uint8_t *big_buffer(size_t len, uint32_t seed)
{
	uint8_t *b = aligned_alloc(4096, (len + 4095) & ~(size_t)4095);

	assert_non_null(b);
	for (size_t i = 0; i < len; i++) {
		seed = seed * 1103515245u + 12345u;
		b[i] = (uint8_t)(seed >> 16);
	}
	return b;
}

static void finish_splits_large_segment(void **state)
{
	static const uint64_t lens[] = { 16 * MIB, 16 * MIB, 8 * MIB + 100 };
	struct purgatory_region regions[PURGATORY_MAX_REGIONS];
	struct purgatory *p = must_load(PURGATORY_I386, 0x1000);
	uint8_t *big = big_buffer(BIG_SIZE, 1), *small = big_buffer(8192, 2);
	const struct plan_segment *s;
	uint8_t digest[32];
	uint32_t nr, bad = 99;

	assert_int_equal(plan_add_segment(&f.plan, "initrd", big, BIG_SIZE, (uintptr_t)big,
					  BIG_SIZE, &f.err), 0);
	assert_int_equal(plan_add_segment(&f.plan, "kernel", small, 8000, (uintptr_t)small,
					  8192, &f.err), 0);
	assert_int_equal(plan_region_size(&f.plan), PLAN_REGION_MIN);
	assert_int_equal(plan_nr_regions(&f.plan), 4);
	set_mode(p, PURGATORY_ENTER_32);
	assert_int_equal(purgatory_finish(p, &f.plan, &f.err), 0);

	s = &f.plan.segments[0];
	assert_int_equal(s->nr_regions, 3);
	assert_int_equal(s->region_len, 16 * MIB);
	assert_int_equal(f.plan.segments[1].nr_regions, 1);
	assert_int_equal(purgatory_get(p, "purgatory_nr_regions", &nr, sizeof(nr), &f.err), 0);
	assert_int_equal(nr, 4);
	assert_int_equal(purgatory_get(p, "purgatory_regions", regions, sizeof(regions), &f.err), 0);
	for (uint32_t i = 0, off = 0; i < 3; off += (uint32_t)lens[i], i++) {
		assert_int_equal(regions[i].start, (uintptr_t)big + off);
		assert_int_equal(regions[i].len, lens[i]);
		sha256_digest(big + off, lens[i], digest);
		assert_memory_equal(regions[i].sha256, digest, 32);
		assert_memory_equal(plan_region_digest(s, i), digest, 32);
	}
	assert_int_equal(regions[3].start, (uintptr_t)small);
	assert_int_equal(regions[3].len, 8000);
	sha256_digest(small, 8000, digest);
	assert_memory_equal(regions[3].sha256, digest, 32);
	assert_int_equal(regions[4].len, 0);

	/* The purgatory checks the same regions, one after another. */
	assert_int_equal(purgatory_verify(regions, nr, &bad), 0);
	big[16 * MIB + 5] ^= 0x01;
	assert_int_equal(purgatory_verify(regions, nr, &bad), -1);
	assert_int_equal(bad, 1);
	big[16 * MIB + 5] ^= 0x01;
	big[BIG_SIZE - 1] ^= 0x80;
	assert_int_equal(purgatory_verify(regions, nr, &bad), -1);
	assert_int_equal(bad, 2);
	big[BIG_SIZE - 1] ^= 0x80;
	assert_int_equal(purgatory_verify(regions, nr, &bad), 0);
	plan_free(&f.plan);
	plan_init(&f.plan);
	free(big);
	free(small);
}

/* Hash the same segments with THREADS threads into a fresh plan. */
static void digest_plan(struct kexec_plan *plan, const uint8_t *big, unsigned threads)
{
	plan_init(plan);
	assert_int_equal(plan_add_segment(plan, "big", big, BIG_SIZE, 0x10000000, BIG_SIZE,
					  &f.err), 0);
	assert_int_equal(plan_add_segment(plan, "mid", big + 100, 33 * MIB, 0x20000000,
					  33 * MIB, &f.err), 0);
	assert_int_equal(plan_add_segment(plan, "small", big + 7, 5000, 0x1000000, 5000,
					  &f.err), 0);
	assert_int_equal(plan_add_segment(plan, "empty", big, 0, 0x2000000, 4096, &f.err), 0);
	assert_int_equal(plan_digest(plan, threads, &f.err), 0);
}

static void thread_count_does_not_change_digests(void **state)
{
	static const unsigned threads[] = { 2, 3, 8, 100 };
	uint8_t *big = big_buffer(BIG_SIZE, 3);
	struct kexec_plan one, many;
	uint8_t digest[32];

	digest_plan(&one, big, 1);
	assert_int_equal(one.segments[0].nr_regions, 3);
	assert_int_equal(one.segments[1].nr_regions, 3);
	assert_int_equal(one.segments[2].nr_regions, 1);
	assert_int_equal(one.segments[3].nr_regions, 1);
	sha256_digest(big + 100 + 32 * MIB, 1 * MIB, digest);
	assert_memory_equal(plan_region_digest(&one.segments[1], 2), digest, 32);
	sha256_digest(big, 0, digest);
	assert_memory_equal(plan_region_digest(&one.segments[3], 0), digest, 32);
	for (size_t t = 0; t < ARRAY_SIZE(threads); t++) {
		digest_plan(&many, big, threads[t]);
		for (size_t i = 0; i < one.nr_segments; i++) {
			assert_int_equal(many.segments[i].nr_regions, one.segments[i].nr_regions);
			for (size_t j = 0; j < one.segments[i].nr_regions; j++)
				assert_memory_equal(plan_region_digest(&many.segments[i], j),
						    plan_region_digest(&one.segments[i], j), 32);
		}
		plan_free(&many);
	}
	/* Hashed once: another call hashes nothing and changes nothing. */
	big[0] ^= 1;
	assert_int_equal(plan_digest(&one, 2, &f.err), 0);
	sha256_digest(big, 16 * MIB, digest);
	assert_memory_not_equal(plan_region_digest(&one.segments[0], 0), digest, 32);
	plan_free(&one);
	free(big);
}

/* digest_run() itself: any thread count, jobs of any size, in order. */
static void digest_run_matches_serial_hashing(void **state)
{
	enum { N = 37 };
	uint8_t *buf = big_buffer(300000, 4);
	uint8_t got[N][32], want[N][32];
	struct digest_job jobs[N];

	for (unsigned threads = 0; threads <= DIGEST_MAX_THREADS + 2; threads++) {
		memset(got, 0, sizeof(got));
		for (size_t i = 0; i < N; i++) {
			size_t len = (i * 7919) % 300000 / (i % 3 + 1);

			jobs[i] = (struct digest_job){ buf + i, len - (len ? i % len : 0), got[i] };
			sha256_digest(jobs[i].buf, jobs[i].len, want[i]);
		}
		digest_run(jobs, N, threads);
		assert_memory_equal(got, want, sizeof(got));
	}
	assert_true(digest_threads(jobs, 1) == 1);	/* one job: no thread */
	assert_true(digest_threads(jobs, N) >= 1 && digest_threads(jobs, N) <= DIGEST_MAX_THREADS);
	digest_run(jobs, 0, 4);				/* nothing to do */
	free(buf);
}

/* The region size depends on the plan alone and grows to fit. */
static void region_size_grows_to_fit(void **state)
{
	static uint8_t dummy;	/* never read: only the layout is computed */

	/* Just below the split size: one region; at it: two. */
	assert_int_equal(plan_add_segment(&f.plan, "a", &dummy, PLAN_SPLIT_MIN - 1, 0x1000000,
					  0, &f.err), 0);
	assert_int_equal(plan_nr_regions(&f.plan), 1);
	assert_int_equal(plan_add_segment(&f.plan, "b", &dummy, PLAN_SPLIT_MIN, 0x10000000,
					  0, &f.err), 0);
	assert_int_equal(plan_nr_regions(&f.plan), 3);
	assert_int_equal(plan_region_size(&f.plan), 16 * MIB);
	plan_free(&f.plan);
	plan_init(&f.plan);
	/* 5 x 256 MiB is 80 regions of 16 MiB, more than 64: 40 of 32 MiB. */
	for (int i = 0; i < 5; i++)
		assert_int_equal(plan_add_segment(&f.plan, "s", &dummy, 256 * MIB,
						  0x10000000ull * (i + 1), 0, &f.err), 0);
	assert_int_equal(plan_region_size(&f.plan), 32 * MIB);
	assert_int_equal(plan_nr_regions(&f.plan), 40);
	assert_int_equal(plan_segment_regions(&f.plan.segments[0], 32 * MIB), 8);
	plan_free(&f.plan);
	plan_init(&f.plan);
	/* Many small segments: nothing to split, the size stays. */
	for (int i = 0; i < 70; i++)
		assert_int_equal(plan_add_segment(&f.plan, "s", &dummy, 4096,
						  0x1000000 + i * 0x1000, 0, &f.err), 0);
	assert_int_equal(plan_region_size(&f.plan), PLAN_REGION_MIN);
	assert_int_equal(plan_nr_regions(&f.plan), 70);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(verify_accepts_intact_regions),
		T(verify_names_the_corrupted_region),
		T(verify_refuses_wrapping_region),
		T(entry_moves_with_base),
		T(absolute_pointers_are_relocated),
		T(set_get_round_trip),
		T(contract_symbols_have_contract_sizes),
		T(size_mismatch_refused),
		T(unknown_symbol_refused),
		T(bad_bases_refused),
		T(wrong_arch_refused),
		T(prepare_finds_a_hole),
		T(prepare_uses_crash_reservation),
		T(tiny_object_relocates),
		T(tiny_overflows_refused),
		T(tiny_unknown_relocation_refused),
		T(tiny_truncated_refused),
		T(tiny_bad_indexes_refused),
		T(tiny_other_defects_refused),
		T(damaged_objects_do_not_crash),
		T(finish_records_digests_and_adds_segment),
		T(finish_output_satisfies_verifier),
		T(finish_checks_entry_mode),
		T(finish_refuses_bad_plans),
		T(finish_splits_large_segment),
		T(thread_count_does_not_change_digests),
		T(digest_run_matches_serial_hashing),
		T(region_size_grows_to_fit),
	};
	return cmocka_run_group_tests_name("purgatory", tests, NULL, NULL);
}
