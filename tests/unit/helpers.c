// SPDX-License-Identifier: GPL-2.0-only
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arch/x86/bootparam.h"
#include "helpers.h"
#include "purgatory/contract.h"

const char test_iomem_512m[] =
	"00000000-00000fff : Reserved\n"
	"00001000-0009fbff : System RAM\n"
	"0009fc00-0009ffff : Reserved\n"
	"000a0000-000bffff : PCI Bus 0000:00\n"
	"000c0000-000c99ff : Video ROM\n"
	"000f0000-000fffff : Reserved\n"
	"  000f0000-000fffff : System ROM\n"
	"00100000-1ffdffff : System RAM\n"
	"  01000000-01ffffff : Kernel code\n"
	"  10000000-17ffffff : Crash kernel\n"
	"1ffe0000-1fffffff : Reserved\n"
	"b0000000-bfffffff : PCI MMCONFIG 0000 [bus 00-ff]\n"
	"feffc000-feffffff : Reserved\n"
	"fffc0000-ffffffff : Reserved\n";

void must_parse_iomem(struct memory_map *map, const char *text)
{
	struct kj_error err = { 0 };

	memset(map, 0, sizeof(*map));
	if (memmap_parse_iomem(map, text, "test", &err) < 0)
		fail_msg("parse failed: %s", err.msg);
}

struct plan_fixture pf;

int plan_fixture_setup(void **state)
{
	memset(&pf.err, 0, sizeof(pf.err));
	must_parse_iomem(&pf.map, test_iomem_512m);
	plan_init(&pf.plan);
	return 0;
}

int plan_fixture_teardown(void **state)
{
	plan_free(&pf.plan);
	memmap_free(&pf.map);
	return 0;
}

uint8_t *test_fake_bzimage(uint16_t version, size_t *size)
{
	size_t n = 5 * 512 + 8192;
	uint8_t *p = calloc(1, n);

	if (!p)
		fail_msg("out of memory");
	put8(p, HDR_SETUP_SECTS, 4);
	put32(p, HDR_SYSSIZE, 8192 / 16);
	put16(p, HDR_BOOT_FLAG, 0xaa55);
	put8(p, HDR_JUMP + 1, 0x6a);		/* header ends at 0x26c */
	put32(p, HDR_MAGIC, HDR_MAGIC_VALUE);
	put16(p, HDR_VERSION, version);
	put8(p, HDR_LOADFLAGS, LOADFLAG_LOADED_HIGH);
	put32(p, HDR_INITRD_ADDR_MAX, 0x7fffffff);
	put32(p, HDR_KERNEL_ALIGNMENT, 0x200000);
	put8(p, HDR_RELOCATABLE, 1);
	put16(p, HDR_XLOADFLAGS, XLF_KERNEL_64);
	put32(p, HDR_CMDLINE_SIZE, 2047);
	put64(p, HDR_PREF_ADDRESS, 0x1000000);
	put32(p, HDR_INIT_SIZE, 0x100000);
	*size = n;
	return p;
}

char *make_temp_dir(void)
{
	const char *tmp = getenv("TMPDIR");
	char *path;

	if (asprintf(&path, "%s/kjump-test.XXXXXX", tmp ? tmp : "/tmp") < 0 || !mkdtemp(path))
		fail_msg("cannot make a temporary directory");
	return path;
}

void write_text_file(const char *dir, const char *name, const char *text)
{
	char *path;
	FILE *f;

	if (asprintf(&path, "%s/%s", dir, name) < 0)
		fail_msg("out of memory");
	f = fopen(path, "w");
	if (!f)
		fail_msg("cannot create %s", path);
	fputs(text, f);
	fclose(f);
	free(path);
}

void remove_tree(char *dir)
{
	char *cmd;

	if (asprintf(&cmd, "rm -rf '%s'", dir) >= 0) {
		if (system(cmd) != 0)
			fprintf(stderr, "warning: could not remove %s\n", dir);
		free(cmd);
	}
	free(dir);
}

/* A synthetic bzImage: setup sectors, the header, a small payload. */
uint8_t *test_bzimage(size_t *size)
{
	return test_fake_bzimage(0x020f, size);
}

void purgatory_value_in_plan(const struct kexec_plan *plan, const struct memory_map *map,
			     const char *symbol, void *out, size_t size)
{
	enum purgatory_arch arch = sizeof(void *) == 8 ? PURGATORY_X86_64 : PURGATORY_I386;
	const struct plan_segment *s = NULL;
	struct kexec_plan scratch;
	struct load_context ctx;
	struct kj_error err = { 0 };
	struct purgatory *p;
	const void *obj;
	uint64_t addr;
	size_t obj_size, sym_size;

	for (size_t i = 0; i < plan->nr_segments; i++)
		if (strcmp(plan->segments[i].name, "purgatory") == 0)
			s = &plan->segments[i];
	if (!s)
		fail_msg("the plan has no purgatory segment");
	plan_init(&scratch);
	load_context_init(&ctx, NULL, map, &scratch, &err);
	if (purgatory_embedded(arch, &obj, &obj_size, &err) < 0 ||
	    purgatory_load_object(&ctx, arch, obj, obj_size, s->mem, &p) < 0 ||
	    purgatory_symbol(p, symbol, &addr, &sym_size, &err) < 0)
		fail_msg("%s", err.msg);
	if (sym_size != size || addr < s->mem || addr - s->mem + size > s->bufsz)
		fail_msg("%s: %zu bytes at %#llx, want %zu in the segment", symbol, sym_size,
			 (unsigned long long)addr, size);
	memcpy(out, (const uint8_t *)s->buf + (addr - s->mem), size);
	load_context_free(&ctx);
	plan_free(&scratch);
}
