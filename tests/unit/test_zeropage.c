// SPDX-License-Identifier: GPL-2.0-only
/*
 * The x86 setup segment (kexec/arch/x86/zeropage.c, bootinfo.c,
 * setup_data.c): the setup_data list walked as the kernel walks it, by
 * physical address; the EFI handover, the RSDP, the framebuffer
 * decision, memmap=; and a bzImage planned against a UEFI system.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arch/x86/bootinfo.h"
#include "arch/x86/setup_data.h"
#include "arch/x86/x86.h"
#include "helpers.h"
#include "load/build.h"

/* The bytes of SEG at physical PHYS..PHYS+LEN-1, which must be in it. */
static const uint8_t *at_phys(const uint8_t *buf, uint64_t base, size_t size, uint64_t phys,
			      size_t len)
{
	if (phys < base || phys - base > size || len > size - (phys - base))
		fail_msg("%#llx+%zu lies outside the segment", (unsigned long long)phys, len);
	return buf + (phys - base);
}

/* Walk a setup_data list as parse_setup_data() does: TYPES and LENS of
 * each entry, in list order; returns how many. */
static size_t walk(const uint8_t *buf, uint64_t base, size_t size, uint64_t head,
		   uint32_t *types, uint32_t *lens, uint64_t *addrs, size_t max)
{
	size_t n = 0;

	for (uint64_t pa = head; pa; n++) {
		const uint8_t *sd = at_phys(buf, base, size, pa, SETUP_DATA_HEADER);

		assert_true(n < max);
		assert_int_equal(pa % SETUP_DATA_ALIGN, 0);
		types[n] = get32(sd, 8);
		lens[n] = get32(sd, 12);
		addrs[n] = pa;
		at_phys(buf, base, size, pa, SETUP_DATA_HEADER + lens[n]);
		pa = get64(sd, 0);
	}
	return n;
}

static void setup_list_linked_by_address(void **state)
{
	struct setup_list list = { 0 };
	struct kj_error err = { 0 };
	uint8_t *p, dst[4096] = { 0 };
	uint32_t types[8], lens[8];
	uint64_t addrs[8], head;
	const uint64_t base = 0x7654320;

	p = setup_list_add(&list, SETUP_E820_EXT, 3 * E820_ENTRY_SIZE, &err);
	memset(p, 0xe8, 3 * E820_ENTRY_SIZE);
	p = setup_list_add(&list, SETUP_LIST_RAW, 100, &err);
	memset(p, 0xaa, 100);
	p = setup_list_add(&list, SETUP_RNG_SEED, 32, &err);
	memset(p, 0x5e, 32);
	assert_int_equal(list.nr, 3);
	assert_true(setup_list_size(&list) < sizeof(dst));
	head = setup_list_place(&list, dst, base);
	assert_int_equal(head, base);
	/* The raw block is in the segment, between them, and not linked. */
	assert_int_equal(walk(dst, base, setup_list_size(&list), head, types, lens, addrs, 8), 2);
	assert_int_equal(types[0], SETUP_E820_EXT);
	assert_int_equal(lens[0], 60);
	assert_int_equal(types[1], SETUP_RNG_SEED);
	assert_int_equal(lens[1], 32);
	assert_int_equal(addrs[1], base + list.items[2].offset);
	assert_int_equal(dst[list.items[1].offset], 0xaa);
	assert_int_equal(dst[list.items[1].offset + 99], 0xaa);
	assert_int_equal(dst[addrs[0] - base + SETUP_DATA_HEADER + 59], 0xe8);
	assert_int_equal(dst[addrs[1] - base + SETUP_DATA_HEADER], 0x5e);
	assert_string_equal(setup_data_type_name(SETUP_EFI), "SETUP_EFI");

	/* An empty list links to nothing; a full one says so. */
	setup_list_free(&list);
	assert_int_equal(setup_list_place(&list, dst, base), 0);
	for (int i = 0; i < SETUP_LIST_MAX; i++)
		assert_non_null(setup_list_add(&list, SETUP_DTB, 1, &err));
	assert_null(setup_list_add(&list, SETUP_DTB, 1, &err));
	assert_error_contains(&err, "more than 8 setup_data entries");
	setup_list_free(&list);
	kj_error_clear(&err);
	assert_null(setup_list_add(&list, SETUP_DTB, SETUP_LIST_MAX_BYTES, &err));
	assert_error_contains(&err, "would pass 64 MiB");
	setup_list_free(&list);
}

/* The running kernel's boot_params after an EFI stub boot on OVMF. */
static void efi_boot_params(uint8_t *bp)
{
	memset(bp, 0, BOOT_PARAMS_SIZE);
	bp[SI_ORIG_VIDEO_ISVGA] = VIDEO_TYPE_EFI;
	put16(bp, SI_LFB_WIDTH, 1280);
	put16(bp, SI_LFB_HEIGHT, 800);
	put16(bp, SI_LFB_DEPTH, 32);
	put32(bp, SI_LFB_BASE, 0x80000000);
	put32(bp, SI_LFB_SIZE, 0x3e8000);
	put16(bp, SI_CL_MAGIC, 0xa33f);
	put16(bp, SI_CL_OFFSET, 0x1234);
	memcpy(bp + BP_EFI_INFO, "EL64", 4);
	put32(bp, BP_EFI_INFO + EFI_INFO_SYSTAB, 0x7ebee018);
	put32(bp, BP_EFI_INFO + EFI_INFO_SYSTAB_HI, 0x1);
	put32(bp, BP_EFI_INFO + EFI_INFO_MEMDESC_SIZE, 48);
	put32(bp, BP_EFI_INFO + EFI_INFO_MEMDESC_VERSION, 1);
	put32(bp, BP_EFI_INFO + EFI_INFO_MEMMAP, 0x7e6e8018);
	put32(bp, BP_EFI_INFO + EFI_INFO_MEMMAP_SIZE, 48 * 100);
	put8(bp, BP_SECURE_BOOT, 3);
	put16(bp, HDR_VERSION, 0x020f);
}

static struct efi_runtime_desc test_map[2] = {
	{ 5, 0x7eb6a000, 0xfffffffeff800000ull, 0x8c, 0x800000000000000full },
	{ 11, 0xffc00000, 0xfffffffeff000000ull, 0x400, 0x8000000000000001ull },
};

static void uefi_firmware(struct x86_firmware *fw)
{
	memset(fw, 0, sizeof(*fw));
	fw->has_boot_params = true;
	efi_boot_params(fw->boot_params);
	fw->efi = (struct efi_facts){
		.booted_efi = true, .platform_bits = 64, .has_systab = true,
		.systab = { .acpi20 = 0x7fb7e014, .acpi = 0x7fb7e000, .smbios3 = 0x7f8f0000,
			    .smbios = 0x7f8f1000, .has_acpi20 = true, .has_acpi = true,
			    .has_smbios3 = true, .has_smbios = true },
		.has_fw_vendor = true, .has_runtime = true, .has_config_table = true,
		.fw_vendor = 0x7f9e0098, .runtime = 0x7f9eeb98, .config_table = 0x7f9ed018,
		.map = test_map, .nr_map = 2,
	};
}

static void efi_handover_built(void **state)
{
	struct x86_firmware fw;
	struct efi_handover h;
	uint8_t bp[BOOT_PARAMS_SIZE] = { 0 }, memmap[96], data[EFI_SETUP_DATA_SIZE];

	uefi_firmware(&fw);
	efi_handover_check(&fw, false, 0x020f, &h);
	assert_true(h.ok);
	assert_int_equal(efi_memmap_bytes(&fw, &h), 96);
	memset(memmap, 0, sizeof(memmap));
	memset(data, 0, sizeof(data));
	efi_write_runtime(memmap, data, &fw, &h);
	efi_write_info(bp, &fw, &h);
	efi_link_memmap(bp, 0x123456789000ull);
	/* efi_info: the running kernel's system table and descriptor size. */
	assert_memory_equal(bp + BP_EFI_INFO, "EL64", 4);
	assert_int_equal(get32(bp, BP_EFI_INFO + EFI_INFO_SYSTAB), 0x7ebee018);
	assert_int_equal(get32(bp, BP_EFI_INFO + EFI_INFO_SYSTAB_HI), 1);
	assert_int_equal(get32(bp, BP_EFI_INFO + EFI_INFO_MEMDESC_SIZE), 48);
	assert_int_equal(get32(bp, BP_EFI_INFO + EFI_INFO_MEMDESC_VERSION), 1);
	assert_int_equal(get32(bp, BP_EFI_INFO + EFI_INFO_MEMMAP_SIZE), 96);
	assert_int_equal(get32(bp, BP_EFI_INFO + EFI_INFO_MEMMAP), 0x56789000);
	assert_int_equal(get32(bp, BP_EFI_INFO + EFI_INFO_MEMMAP_HI), 0x1234);
	assert_int_equal(bp[BP_SECURE_BOOT], 3);
	/* The runtime map at the firmware's 48-byte stride. */
	assert_int_equal(get32(memmap, 0), 5);
	assert_int_equal(get64(memmap, 8), 0x7eb6a000);
	assert_int_equal(get64(memmap, 16), 0xfffffffeff800000ull);
	assert_int_equal(get64(memmap, 24), 0x8c);
	assert_int_equal(get64(memmap, 32), 0x800000000000000full);
	assert_int_equal(get64(memmap, 40), 0);
	assert_int_equal(get32(memmap, 48), 11);
	assert_int_equal(get64(memmap, 48 + 8), 0xffc00000);
	/* struct efi_setup_data: the SMBIOS 2 entry, never SMBIOS3's. */
	assert_int_equal(get64(data, EFI_SETUP_FW_VENDOR), 0x7f9e0098);
	assert_int_equal(get64(data, EFI_SETUP_RUNTIME), 0x7f9eeb98);
	assert_int_equal(get64(data, EFI_SETUP_TABLES), 0x7f9ed018);
	assert_int_equal(get64(data, EFI_SETUP_SMBIOS), 0x7f8f1000);
	fw.efi.systab.has_smbios = false;
	efi_write_runtime(memmap, data, &fw, &h);
	assert_int_equal(get64(data, EFI_SETUP_SMBIOS), 0);

	/* A 32-bit firmware; no fw_platform_size: the running kernel's word. */
	fw.efi.platform_bits = 32;
	efi_handover_check(&fw, false, 0x020f, &h);
	assert_string_equal(h.signature, "EL32");
	fw.efi.platform_bits = 0;
	efi_handover_check(&fw, false, 0x020f, &h);
	assert_string_equal(h.signature, "EL64");
}

static void efi_handover_refused(void **state)
{
	struct x86_firmware fw;
	struct efi_handover h;

	uefi_firmware(&fw);
	efi_handover_check(&fw, true, 0x020f, &h);
	assert_false(h.ok);
	assert_string_equal(h.why_not, "--noefi");
	efi_handover_check(&fw, false, 0x0208, &h);
	assert_non_null(strstr(h.why_not, "before 2.09"));
	put32(fw.boot_params, BP_EFI_INFO + EFI_INFO_MEMDESC_VERSION, 2);
	efi_handover_check(&fw, false, 0x020f, &h);
	assert_non_null(strstr(h.why_not, "descriptor version 2"));
	uefi_firmware(&fw);
	put32(fw.boot_params, BP_EFI_INFO + EFI_INFO_MEMDESC_SIZE, 36);
	efi_handover_check(&fw, false, 0x020f, &h);
	assert_non_null(strstr(h.why_not, "efi_memdesc_size 36"));
	uefi_firmware(&fw);
	put32(fw.boot_params, BP_EFI_INFO + EFI_INFO_MEMMAP_SIZE, 0);
	efi_handover_check(&fw, false, 0x020f, &h);
	assert_non_null(strstr(h.why_not, "no EFI memory map"));
	uefi_firmware(&fw);
	fw.efi.has_config_table = false;
	efi_handover_check(&fw, false, 0x020f, &h);
	assert_non_null(strstr(h.why_not, "config_table"));
	uefi_firmware(&fw);
	fw.efi.nr_map = 0;
	snprintf(fw.efi.no_map, sizeof(fw.efi.no_map), "runtime-map: not there");
	efi_handover_check(&fw, false, 0x020f, &h);
	assert_string_equal(h.why_not, "runtime-map: not there");
	uefi_firmware(&fw);
	fw.has_boot_params = false;
	efi_handover_check(&fw, false, 0x020f, &h);
	assert_non_null(strstr(h.why_not, "efi_info is unknown"));
}

static void rsdp_sources_in_order(void **state)
{
	struct x86_firmware fw;
	struct rsdp_source r;

	uefi_firmware(&fw);
	rsdp_choose(&fw, &r);
	assert_int_equal(r.addr, 0x7fb7e014);
	assert_string_equal(r.from, "EFI systab ACPI20");
	put64(fw.boot_params, BP_ACPI_RSDP_ADDR, 0xf5a40);
	rsdp_choose(&fw, &r);
	assert_int_equal(r.addr, 0xf5a40);
	put64(fw.boot_params, BP_ACPI_RSDP_ADDR, 0);
	fw.efi.systab.has_acpi20 = false;
	rsdp_choose(&fw, &r);
	assert_int_equal(r.addr, 0x7fb7e000);
	fw.efi.systab.has_acpi = false;
	rsdp_choose(&fw, &r);
	assert_int_equal(r.addr, 0);
	assert_null(r.from);
}

static void framebuffer_decision(void **state)
{
	uint8_t si[BOOT_PARAMS_SIZE], bp[BOOT_PARAMS_SIZE] = { 0 };

	efi_boot_params(si);
	assert_int_equal(framebuffer_choose(si, "EFI VGA", false), FB_PASS_FIRMWARE);
	assert_int_equal(framebuffer_choose(si, "simpledrmdrmfb", false), FB_PASS_FIRMWARE);
	assert_int_equal(framebuffer_choose(si, "simple", false), FB_PASS_FIRMWARE);
	assert_int_equal(framebuffer_choose(si, "VESA VGA", false), FB_PASS_FIRMWARE);
	assert_int_equal(framebuffer_choose(si, "i915drmfb", false), FB_SKIP_REPLACED);
	assert_int_equal(framebuffer_choose(si, "i915drmfb", true), FB_PASS_REUSED);
	assert_int_equal(framebuffer_choose(si, NULL, false), FB_SKIP_NO_FB0);
	assert_int_equal(framebuffer_choose(si, NULL, true), FB_PASS_REUSED);
	assert_int_equal(framebuffer_choose(NULL, "EFI VGA", true), FB_SKIP_NONE);
	si[SI_ORIG_VIDEO_ISVGA] = 0x22;		/* VGA text mode, vgacon */
	assert_int_equal(framebuffer_choose(si, NULL, false), FB_PASS_TEXT);
	assert_int_equal(framebuffer_choose(si, "i915drmfb", false), FB_SKIP_REPLACED);
	si[SI_ORIG_VIDEO_ISVGA] = 0;
	assert_int_equal(framebuffer_choose(si, "EFI VGA", true), FB_SKIP_NONE);
	assert_true(fb_choice_passes(FB_PASS_TEXT));
	assert_false(fb_choice_passes(FB_SKIP_REPLACED));

	efi_boot_params(si);
	screen_info_copy(bp, si);
	assert_memory_equal(bp, si, SI_CL_MAGIC);
	assert_int_equal(get16(bp, SI_CL_MAGIC), 0);
	assert_int_equal(get16(bp, SI_CL_OFFSET), 0);
	assert_int_equal(screen_info_lfb_base(si), 0x80000000);
	assert_int_equal(screen_info_lfb_bytes(si), 0x3e8000);
	put32(si, SI_EXT_LFB_BASE, 0x40);
	assert_int_equal(screen_info_lfb_base(si), 0x80000000);
	put32(si, SI_CAPABILITIES, VIDEO_CAPABILITY_64BIT_BASE);
	assert_int_equal(screen_info_lfb_base(si), 0x4080000000ull);
	si[SI_ORIG_VIDEO_ISVGA] = VIDEO_TYPE_VLFB;
	put32(si, SI_LFB_SIZE, 0x40);
	assert_int_equal(screen_info_lfb_bytes(si), 0x400000);
}

static void memmap_parameters(void **state)
{
	struct memory_map map;
	struct kj_error err = { 0 };
	size_t nr;
	char *s;

	must_parse_iomem(&map, "00001000-0009fbff : System RAM\n"
			       "000f0000-000fffff : Reserved\n"
			       "00100200-1ffdfeff : System RAM\n"
			       "1ffe0000-1ffe0fff : ACPI Tables\n"
			       "1ffe1000-1ffe11ff : ACPI Non-volatile Storage\n"
			       "20000000-200003ff : System RAM\n");
	s = memmap_params(&map, &nr, &err);
	/* RAM rounded in to whole KiB, ACPI rounded out, reserved left out. */
	assert_string_equal(s, "memmap=exactmap memmap=635K@4K memmap=523134K@1025K "
			       "memmap=4K#524160K memmap=1K#524164K memmap=1K@524288K");
	assert_int_equal(nr, 5);
	free(s);
	memmap_free(&map);
}

/* A UEFI machine's sysfs under ROOT: efi/, boot_params, fb0. */
static void make_uefi_root(const char *root, struct boot_sources *src)
{
	char *efi, *map, *fb0, *bp_path;
	uint8_t bp[BOOT_PARAMS_SIZE];
	FILE *f;

	assert_true(asprintf(&efi, "%s/efi", root) > 0 && asprintf(&map, "%s/runtime-map", efi) > 0 &&
		    asprintf(&fb0, "%s/fb0", root) > 0 && asprintf(&bp_path, "%s/bp", root) > 0);
	assert_int_equal(mkdir(efi, 0755) | mkdir(map, 0755) | mkdir(fb0, 0755), 0);
	write_text_file(efi, "systab", "ACPI20=0x7fb7e014\nACPI=0x7fb7e000\nSMBIOS=0x7f8f1000\n");
	write_text_file(efi, "fw_platform_size", "64\n");
	write_text_file(efi, "fw_vendor", "0x7f9e0098\n");
	write_text_file(efi, "config_table", "0x7f9ed018\n");
	for (int i = 0; i < 3; i++) {
		char *d, text[32];

		assert_true(asprintf(&d, "%s/%d", map, i) > 0 && mkdir(d, 0755) == 0);
		write_text_file(d, "type", "0x6\n");
		snprintf(text, sizeof(text), "0x%x\n", 0x7e000000 + i * 0x10000);
		write_text_file(d, "phys_addr", text);
		write_text_file(d, "virt_addr", "0xfffffffeff800000\n");
		write_text_file(d, "num_pages", "0x10\n");
		write_text_file(d, "attribute", "0x800000000000000f\n");
		free(d);
	}
	write_text_file(fb0, "name", "EFI VGA\n");
	efi_boot_params(bp);
	f = fopen(bp_path, "w");
	assert_int_equal(fwrite(bp, 1, sizeof(bp), f), sizeof(bp));
	fclose(f);
	*src = (struct boot_sources){ efi, bp_path, strdup(root), true };
	free(map);
	free(fb0);
}

static void free_sources(struct boot_sources *src)
{
	free((char *)src->efi_dir);
	free((char *)src->boot_params);
	free((char *)src->graphics_dir);
}

/* test_iomem_512m and 200 more ranges above 4 GiB. */
static char *many_ranges_iomem(void)
{
	char *text = malloc(strlen(test_iomem_512m) + 200 * 48);
	size_t used = (size_t)sprintf(text, "%s", test_iomem_512m);

	for (int i = 0; i < 200; i++)
		used += (size_t)sprintf(text + used, "%llx-%llx : %s\n",
					0x100000000ull + i * 0x2000ull,
					0x100000000ull + i * 0x2000ull + 0xfff,
					i % 2 ? "Reserved" : "System RAM");
	return text;
}

/*
 * A bzImage planned on a UEFI machine with 208 memory ranges: the setup
 * segment's setup_data list, walked by physical address from the
 * header, holds SETUP_E820_EXT, SETUP_EFI and SETUP_RNG_SEED, and the
 * zero page points at the runtime map and the RSDP.
 */
static void bzimage_on_uefi(void **state)
{
	char *root = make_temp_dir(), *iomem = many_ranges_iomem();
	struct load_request req = { .image = "bzImage", .append = "console=ttyS0" };
	struct memory_map map;
	struct load_system sys = { .arch = sizeof(void *) == 8 ? &x86_64_arch : &i386_arch, .map = &map,
				   .sysfs_kernel = "/nonexistent", .hash_threads = 1 };
	struct load_plan lp;
	struct kj_error err = { 0 };
	struct kj_blob image;
	const struct plan_segment *seg = NULL;
	const uint8_t *bp, *sd;
	uint32_t types[8], lens[8];
	uint64_t addrs[8], memmap_at;

	must_parse_iomem(&map, iomem);
	assert_int_equal(map.nr, 208);
	make_uefi_root(root, &sys.boot);
	image.data = test_fake_bzimage(0x020f, &image.size);
	put64(image.data, HDR_SETUP_DATA, 0xdeadbeef000ull);	/* must never reach the kernel */
	if (plan_build_image(&req, &sys, &image, &lp, &err) < 0)
		fail_msg("%s", err.msg);
	for (size_t i = 0; i < lp.plan.nr_segments; i++)
		if (strcmp(lp.plan.segments[i].name, "setup") == 0)
			seg = &lp.plan.segments[i];
	assert_non_null(seg);
	bp = seg->buf;
	assert_int_equal(get32(bp, HDR_CMD_LINE_PTR), seg->mem + BOOT_PARAMS_SIZE);
	assert_string_equal((const char *)bp + BOOT_PARAMS_SIZE, "console=ttyS0");
	assert_int_equal(get8(bp, BP_E820_ENTRIES), 128);
	assert_int_equal(walk(bp, seg->mem, seg->bufsz, get64(bp, HDR_SETUP_DATA), types, lens,
			      addrs, 8), 3);
	assert_int_equal(types[0], SETUP_E820_EXT);
	assert_int_equal(lens[0], 80 * E820_ENTRY_SIZE);
	sd = at_phys(bp, seg->mem, seg->bufsz, addrs[0] + SETUP_DATA_HEADER, lens[0]);
	assert_int_equal(get64(sd, 0), map.ranges[128].start);
	assert_int_equal(get64(sd, 79 * E820_ENTRY_SIZE), map.ranges[207].start);
	assert_int_equal(types[1], SETUP_EFI);
	assert_int_equal(lens[1], EFI_SETUP_DATA_SIZE);
	sd = at_phys(bp, seg->mem, seg->bufsz, addrs[1] + SETUP_DATA_HEADER, lens[1]);
	assert_int_equal(get64(sd, EFI_SETUP_TABLES), 0x7f9ed018);
	assert_int_equal(get64(sd, EFI_SETUP_SMBIOS), 0x7f8f1000);
	assert_int_equal(types[2], SETUP_RNG_SEED);
	assert_int_equal(lens[2], RNG_SEED_BYTES);
	sd = at_phys(bp, seg->mem, seg->bufsz, addrs[2] + SETUP_DATA_HEADER, lens[2]);
	assert_memory_equal(sd, "kjump --dry-run", 15);
	/* efi_info points at the runtime map in the same segment. */
	memmap_at = get32(bp, BP_EFI_INFO + EFI_INFO_MEMMAP) |
		    (uint64_t)get32(bp, BP_EFI_INFO + EFI_INFO_MEMMAP_HI) << 32;
	assert_int_equal(get32(bp, BP_EFI_INFO + EFI_INFO_MEMMAP_SIZE), 3 * 48);
	sd = at_phys(bp, seg->mem, seg->bufsz, memmap_at, 3 * 48);
	assert_int_equal(get64(sd, 2 * 48 + 8), 0x7e020000);
	assert_int_equal(get64(bp, BP_ACPI_RSDP_ADDR), 0x7fb7e014);
	assert_int_equal(bp[SI_ORIG_VIDEO_ISVGA], VIDEO_TYPE_EFI);
	assert_int_equal(get16(bp, SI_CL_MAGIC), 0);
	/* Every item is in the plan's details. */
	assert_true(lp.plan.nr_details >= 8);
	assert_string_equal(lp.plan.details[0].topic, "e820");
	assert_non_null(strstr(lp.plan.details[1].text, "passed: EL64"));
	load_plan_free(&lp);

	/* --noefi: no efi_info, no SETUP_EFI; the RSDP stays. */
	req.noefi = true;
	assert_int_equal(plan_build_image(&req, &sys, &image, &lp, &err), 0);
	bp = lp.plan.segments[1].buf;
	assert_string_equal(lp.plan.segments[1].name, "setup");
	assert_int_equal(get32(bp, BP_EFI_INFO), 0);
	assert_int_equal(get64(bp, BP_ACPI_RSDP_ADDR), 0x7fb7e014);
	assert_int_equal(walk(bp, lp.plan.segments[1].mem, lp.plan.segments[1].bufsz,
			      get64(bp, HDR_SETUP_DATA), types, lens, addrs, 8), 2);
	assert_int_equal(types[1], SETUP_RNG_SEED);
	load_plan_free(&lp);

	/* Protocol 2.08 has no setup_data: 208 ranges cannot be passed. */
	free(image.data);
	image.data = test_fake_bzimage(0x0208, &image.size);
	assert_int_equal(plan_build_image(&req, &sys, &image, &lp, &err), -1);
	assert_error_contains(&err, "boot protocol 2.08 has no setup_data for more");
	load_plan_free(&lp);

	free(image.data);
	memmap_free(&map);
	free(iomem);
	free_sources(&sys.boot);
	remove_tree(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(setup_list_linked_by_address),
		cmocka_unit_test(efi_handover_built),
		cmocka_unit_test(efi_handover_refused),
		cmocka_unit_test(rsdp_sources_in_order),
		cmocka_unit_test(framebuffer_decision),
		cmocka_unit_test(memmap_parameters),
		cmocka_unit_test(bzimage_on_uefi),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
