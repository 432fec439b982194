// SPDX-License-Identifier: GPL-2.0-only
/* kexec -p: crash information, the ELF core header, the capture map. */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arch/x86/x86.h"
#include "load/crash.h"
#include "helpers.h"

static void make_sources(char *dir, struct crash_sources *src, char paths[3][512])
{
	char p[600];

	write_text_file(dir, "vmcoreinfo", "1f3a4000 1000\n");
	snprintf(p, sizeof(p), "%s/cpu", dir);
	mkdir(p, 0755);
	for (int i = 0; i < 3; i++) {
		char name[64], addr[32];

		snprintf(p, sizeof(p), "%s/cpu/cpu%d", dir, i);
		mkdir(p, 0755);
		snprintf(name, sizeof(name), "cpu/cpu%d/crash_notes", i);
		snprintf(addr, sizeof(addr), "%x\n", 0x1f400000 + i * 0x1000);
		write_text_file(dir, name, addr);
		snprintf(name, sizeof(name), "cpu/cpu%d/crash_notes_size", i);
		write_text_file(dir, name, "436\n");
	}
	write_text_file(dir, "cpu/online", "0-2\n");
	snprintf(paths[0], 512, "%s/vmcoreinfo", dir);
	snprintf(paths[1], 512, "%s/cpu", dir);
	snprintf(paths[2], 512, "%s/kcore", dir);
	*src = (struct crash_sources){ paths[0], paths[1], paths[2] };
}

/* A /proc/kcore look-alike: direct map and kernel text program headers. */
static void make_kcore(const char *path, uint64_t page_offset)
{
	Elf64_Ehdr eh = { .e_type = ET_CORE, .e_machine = EM_X86_64, .e_phoff = sizeof(eh),
			  .e_phentsize = sizeof(Elf64_Phdr), .e_phnum = 3 };
	Elf64_Phdr ph[3] = {
		{ .p_type = PT_NOTE, .p_paddr = (Elf64_Addr)-1 },
		{ .p_type = PT_LOAD, .p_vaddr = 0xffffffff81000000ull, .p_paddr = 0x1000000,
		  .p_memsz = 0x2000000 },
		{ .p_type = PT_LOAD, .p_vaddr = page_offset + 0x100000, .p_paddr = 0x100000,
		  .p_memsz = 0x1fee0000 },
	};
	FILE *f = fopen(path, "w");

	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS64;
	fwrite(&eh, sizeof(eh), 1, f);
	fwrite(ph, sizeof(ph), 1, f);
	fclose(f);
}

static void info_from_sysfs_and_kcore(void **state)
{
	char *dir = make_temp_dir();
	char paths[3][512];
	struct crash_sources src;
	struct crash_info info;
	struct kj_error err = { 0 };

	make_sources(dir, &src, paths);
	assert_int_equal(crash_info_read(&src, &x86_64_arch, &info, &err), 0);
	assert_int_equal(info.vmcoreinfo_addr, 0x1f3a4000);
	assert_int_equal(info.vmcoreinfo_size, 0x1000);
	assert_int_equal(info.nr_notes, 3);
	assert_int_equal(info.note_size, 436);
	/* No kcore: the documented non-KASLR direct map, no text mapping. */
	assert_int_equal(info.page_offset, 0xffff888000000000ull);
	assert_int_equal(info.text_size, 0);

	make_kcore(paths[2], 0xffff9b4440000000ull);
	assert_int_equal(crash_info_read(&src, &x86_64_arch, &info, &err), 0);
	assert_int_equal(info.page_offset, 0xffff9b4440000000ull);
	assert_int_equal(info.text_vaddr, 0xffffffff81000000ull);
	assert_int_equal(info.text_paddr, 0x1000000);
	assert_int_equal(info.text_size, 0x2000000);
	remove_tree(dir);
}

/* A crash note for cpuN/crash_notes at ADDR. */
static void add_cpu(const char *dir, unsigned int n, unsigned int addr)
{
	char p[600], name[64], text[32];

	snprintf(p, sizeof(p), "%s/cpu/cpu%u", dir, n);
	mkdir(p, 0755);
	snprintf(name, sizeof(name), "cpu/cpu%u/crash_notes", n);
	snprintf(text, sizeof(text), "%x\n", addr);
	write_text_file(dir, name, text);
}

/* CPUs numbered 1024 and above have notes like any other (they were
 * once skipped, and their notes missing from the header); more CPUs
 * than kjump describes are refused, never described in part. */
static void every_cpu_counts(void **state)
{
	char *dir = make_temp_dir();
	char paths[3][512], p[600];
	struct crash_sources src;
	struct crash_info *info = malloc(sizeof(*info));
	struct kj_error err = { 0 };

	assert_non_null(info);
	make_sources(dir, &src, paths);
	add_cpu(dir, 1024, 0x1f500000);
	add_cpu(dir, 4095, 0x1f501000);
	snprintf(p, sizeof(p), "%s/cpu/cpufreq", dir);	/* not a CPU */
	mkdir(p, 0755);
	assert_int_equal(crash_info_read(&src, &x86_64_arch, info, &err), 0);
	assert_int_equal(info->nr_notes, 5);
	for (unsigned int n = 3; n < CRASH_MAX_CPUS; n++)
		if (n != 1024 && n != 4095)
			add_cpu(dir, n, 0x20000000 + n * 0x1000);
	add_cpu(dir, CRASH_MAX_CPUS + 7, 0x1f502000);
	assert_int_equal(crash_info_read(&src, &x86_64_arch, info, &err), -1);
	assert_error_contains(&err, "more than 8192 CPUs have crash notes, kjump describes at most 8192");
	free(info);
	remove_tree(dir);
}

static void missing_crash_notes(void **state)
{
	char *dir = make_temp_dir();
	char p[600];
	struct crash_sources src;
	struct crash_info info;
	struct kj_error err = { 0 };

	write_text_file(dir, "vmcoreinfo", "1f3a4000 1000\n");
	snprintf(p, sizeof(p), "%s/cpu", dir);
	mkdir(p, 0755);
	char vmci[600], cpu[600];

	snprintf(vmci, sizeof(vmci), "%s/vmcoreinfo", dir);
	snprintf(cpu, sizeof(cpu), "%s/cpu", dir);
	src = (struct crash_sources){ vmci, cpu, "/nonexistent" };
	assert_int_equal(crash_info_read(&src, &x86_64_arch, &info, &err), -1);
	assert_error_contains(&err, "no crash_notes: the running kernel lacks CONFIG_CRASH_DUMP");
	remove_tree(dir);
}

static struct crash_info sample_info(bool x86_64)
{
	struct crash_info info = { 0 };

	info.arch = x86_64 ? &x86_64_arch : &i386_arch;
	info.vmcoreinfo_addr = 0x1f3a4000;
	info.vmcoreinfo_size = 0x1000;
	info.nr_notes = 2;
	info.note_addr[0] = 0x1f400000;
	info.note_addr[1] = 0x1f401000;
	info.note_size = 436;
	info.page_offset = x86_64 ? 0xffff888000000000ull : 0xc0000000ull;
	if (x86_64) {
		info.text_vaddr = 0xffffffff81000000ull;
		info.text_paddr = 0x1000000;
		info.text_size = 0x1800000;
	}
	return info;
}

static void elf64_header_describes_memory(void **state)
{
	struct crash_info info = sample_info(true);
	struct memory_map map;
	struct kj_blob hdr;
	struct kj_error err = { 0 };
	Elf64_Ehdr eh;
	Elf64_Phdr ph[8];

	must_parse_iomem(&map, test_iomem_512m);
	assert_int_equal(crash_build_elfcorehdr(&info, &map, false, &hdr, &err), 0);
	memcpy(&eh, hdr.data, sizeof(eh));
	assert_memory_equal(eh.e_ident, ELFMAG, SELFMAG);
	assert_int_equal(eh.e_ident[EI_CLASS], ELFCLASS64);
	assert_int_equal(eh.e_type, ET_CORE);
	assert_int_equal(eh.e_machine, EM_X86_64);
	/* 2 notes + VMCOREINFO + kernel text + 3 RAM pieces. */
	assert_int_equal(eh.e_phnum, 7);
	assert_int_equal(hdr.size, sizeof(eh) + 7 * sizeof(Elf64_Phdr));
	memcpy(ph, hdr.data + eh.e_phoff, 7 * sizeof(Elf64_Phdr));
	assert_int_equal(ph[0].p_type, PT_NOTE);
	assert_int_equal(ph[0].p_paddr, 0x1f400000);
	assert_int_equal(ph[0].p_offset, 0x1f400000);
	assert_int_equal(ph[0].p_filesz, 436);
	assert_int_equal(ph[2].p_type, PT_NOTE);
	assert_int_equal(ph[2].p_paddr, 0x1f3a4000);
	assert_int_equal(ph[3].p_type, PT_LOAD);
	assert_int_equal(ph[3].p_vaddr, 0xffffffff81000000ull);
	assert_int_equal(ph[3].p_paddr, 0x1000000);
	/* RAM outside the reservation at 0x10000000-0x17ffffff, direct-mapped. */
	assert_int_equal(ph[4].p_paddr, 0x1000);
	assert_int_equal(ph[4].p_memsz, 0x9fc00 - 0x1000);
	assert_int_equal(ph[5].p_paddr, 0x100000);
	assert_int_equal(ph[5].p_memsz, 0x10000000 - 0x100000);
	assert_int_equal(ph[5].p_vaddr, 0xffff888000100000ull);
	assert_int_equal(ph[6].p_paddr, 0x18000000);
	assert_int_equal(ph[6].p_memsz, 0x1ffe0000 - 0x18000000);
	assert_int_equal(ph[6].p_filesz, ph[6].p_memsz);
	free(hdr.data);
	memmap_free(&map);
}

static void elf32_header_and_its_limit(void **state)
{
	struct crash_info info = sample_info(false);
	struct memory_map map;
	struct kj_blob hdr;
	struct kj_error err = { 0 };
	Elf32_Ehdr eh;
	Elf32_Phdr ph;

	must_parse_iomem(&map, test_iomem_512m);
	assert_int_equal(crash_build_elfcorehdr(&info, &map, true, &hdr, &err), 0);
	memcpy(&eh, hdr.data, sizeof(eh));
	assert_int_equal(eh.e_ident[EI_CLASS], ELFCLASS32);
	assert_int_equal(eh.e_machine, EM_386);
	assert_int_equal(eh.e_phnum, 6);	/* no kernel text mapping on i386 */
	memcpy(&ph, hdr.data + eh.e_phoff + 4 * sizeof(ph), sizeof(ph));
	assert_int_equal(ph.p_paddr, 0x100000);
	assert_int_equal(ph.p_vaddr, 0xc0100000u);
	free(hdr.data);
	memmap_free(&map);

	must_parse_iomem(&map, "00100000-1fffffff : System RAM\n"
			       "  10000000-17ffffff : Crash kernel\n"
			       "100000000-13fffffff : System RAM\n");
	assert_int_equal(crash_build_elfcorehdr(&info, &map, true, &hdr, &err), -1);
	assert_error_contains(&err, "above 4 GiB cannot be described by --elf32-core-headers");
	memmap_free(&map);
}

static void capture_map_is_confined(void **state)
{
	struct memory_map map, cap;
	struct kj_error err = { 0 };

	must_parse_iomem(&map, test_iomem_512m);
	assert_int_equal(crash_capture_map(&x86_64_arch, &map, 0x17fff000, 0x17ffffff, &cap, &err), 0);
	/* Usable RAM: below 640K and the reservation minus the header. */
	assert_true(memmap_contains(&cap, 0x1000, 0x9fbff, MEM_RAM));
	assert_true(memmap_contains(&cap, 0x10000000, 0x17ffefff, MEM_RAM));
	assert_false(memmap_contains(&cap, 0x17fff000, 0x17ffffff, MEM_RAM));
	assert_true(memmap_contains(&cap, 0x17fff000, 0x17ffffff, MEM_RESERVED));
	assert_false(memmap_contains(&cap, 0x100000, 0x100fff, MEM_RAM));
	assert_false(memmap_contains(&cap, 0x18000000, 0x18000fff, MEM_RAM));
	/* Firmware ranges stay as they were. */
	assert_true(memmap_contains(&cap, 0x1ffe0000, 0x1fffffff, MEM_RESERVED));
	assert_int_equal(memmap_total(&cap, MEM_RAM), (0x9fc00 - 0x1000) + 0x7fff000);
	assert_int_equal(cap.nr_crash, 0);
	memmap_free(&cap);
	memmap_free(&map);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(info_from_sysfs_and_kcore),
		cmocka_unit_test(missing_crash_notes),
		cmocka_unit_test(every_cpu_counts),
		cmocka_unit_test(elf64_header_describes_memory),
		cmocka_unit_test(elf32_header_and_its_limit),
		cmocka_unit_test(capture_map_is_confined),
	};
	return cmocka_run_group_tests_name("crash", tests, NULL, NULL);
}
