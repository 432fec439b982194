// SPDX-License-Identifier: GPL-2.0-only
/*
 * What kexec reads about the firmware for a Linux kernel's boot
 * parameters (kexec/arch/x86/firmware.c) and what it builds from it
 * (bootinfo.c, setup_data.c): /sys/firmware/efi/systab text, runtime-map
 * descriptors, the running kernel's boot_params, fb0's name; then the
 * EFI handover, the RSDP and framebuffer choices, and the setup_data
 * list, linked and walked back as the kernel walks it.
 *
 * Input: a flags byte (bit 0: --noefi, bit 1: --reuse-video-type, bit
 * 2: boot protocol 2.08 instead of 2.15), a little-endian u16 N and N
 * bytes of boot_params (cut or zero-padded to 4096; 0: none), then
 * NUL-separated fields: systab, fb0's name ("" for no fb0),
 * fw_platform_size, fw_vendor, config_table, and five fields per
 * runtime descriptor (type, phys_addr, virt_addr, num_pages, attribute).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/x86/bootinfo.h"
#include "arch/x86/setup_data.h"
#include "fuzz.h"

#define FIXED_FIELDS	5
#define MAX_FIELDS	(FIXED_FIELDS + EFI_DESC_FIELDS * 64)

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_init();
	return 0;
}

/* A single-value sysfs file: absent when "", 0 when malformed. */
static bool number_field(const char *text, uint64_t *value)
{
	struct kj_error err = { 0 };

	if (!*text)
		return false;
	if (sysfs_number("fuzz", text, value, &err) < 0)
		*value = 0;
	return true;
}

static int parse(struct x86_firmware *fw, char **f, size_t n, struct kj_error *err)
{
	uint64_t bits = 0;

	fw->efi.booted_efi = true;
	if (efi_systab_parse(f[0], "fuzz/systab", &fw->efi.systab, err) < 0)
		return -1;
	fw->efi.has_systab = true;
	fw->has_fb0 = f[1][0] != '\0';
	snprintf(fw->fb0_name, sizeof(fw->fb0_name), "%s", f[1]);
	number_field(f[2], &bits);
	fw->efi.platform_bits = bits == 32 || bits == 64 ? (unsigned int)bits : 0;
	fw->efi.has_fw_vendor = number_field(f[3], &fw->efi.fw_vendor);
	fw->efi.has_config_table = number_field(f[4], &fw->efi.config_table);
	fw->efi.nr_map = (n - FIXED_FIELDS) / EFI_DESC_FIELDS;
	fw->efi.map = calloc(fw->efi.nr_map ? fw->efi.nr_map : 1, sizeof(*fw->efi.map));
	if (!fw->efi.map)
		abort();
	for (size_t i = 0; i < fw->efi.nr_map; i++)
		if (efi_runtime_desc_parse("fuzz/runtime-map", (const char *const *)
					   &f[FIXED_FIELDS + EFI_DESC_FIELDS * i],
					   &fw->efi.map[i], err) < 0)
			return -1;
	return 0;
}

/* Build the list a kernel would get and walk it back by address. */
static void build(const struct x86_firmware *fw, uint8_t flags)
{
	uint16_t version = flags & 4 ? 0x0208 : 0x020f;
	static uint8_t bp[BOOT_PARAMS_SIZE];
	struct setup_list list = { 0 };
	struct efi_handover h;
	struct rsdp_source rsdp;
	struct kj_error err = { 0 };
	uint8_t *data, *seg;
	uint64_t pa, base = 0x7fff0000;
	size_t items = 0;

	memset(bp, 0, sizeof(bp));
	rsdp_choose(fw, &rsdp);
	if (fb_choice_passes(framebuffer_choose(fw->has_boot_params ? fw->boot_params : NULL,
						fw->has_fb0 ? fw->fb0_name : NULL, flags & 2))) {
		screen_info_copy(bp, fw->boot_params);
		(void)screen_info_lfb_base(bp);
		(void)screen_info_lfb_bytes(bp);
	}
	efi_handover_check(fw, flags & 1, version, &h);
	if (!h.ok || !(data = setup_list_add(&list, SETUP_EFI, EFI_SETUP_DATA_SIZE, &err)) ||
	    !setup_list_add(&list, SETUP_LIST_RAW, efi_memmap_bytes(fw, &h), &err)) {
		setup_list_free(&list);
		return;
	}
	efi_write_runtime(setup_list_data(&list, 1), setup_list_data(&list, 0), fw, &h);
	efi_write_info(bp, fw, &h);
	seg = malloc(setup_list_size(&list));
	if (!seg)
		abort();
	pa = setup_list_place(&list, seg, base);
	efi_link_memmap(bp, base + list.items[1].offset);
	/* One setup_data entry, inside the block, ending the list. */
	for (; pa; items++) {
		if (pa < base || pa - base + SETUP_DATA_HEADER > setup_list_size(&list) || items > 1)
			abort();
		pa = get64(seg, pa - base);
	}
	free(seg);
	setup_list_free(&list);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct x86_firmware fw = { 0 };
	struct kj_error err = { 0 };
	char *fields[MAX_FIELDS];
	size_t bp_len, n;
	int rc = -1;

	if (size < 3)
		return 0;
	bp_len = data[1] | (size_t)data[2] << 8;
	if (bp_len > size - 3)
		bp_len = size - 3;
	if (bp_len) {
		fw.has_boot_params = true;
		memcpy(fw.boot_params, data + 3, bp_len < BOOT_PARAMS_SIZE ? bp_len : BOOT_PARAMS_SIZE);
	}
	n = fuzz_fields(data + 3 + bp_len, size - 3 - bp_len, fields, MAX_FIELDS);
	if (n >= FIXED_FIELDS && (rc = parse(&fw, fields, n, &err)) == 0)
		build(&fw, data[0]);
	fuzz_report(rc < 0 ? "parse" : "built", &err);
	fuzz_fields_free(fields, n);
	x86_firmware_free(&fw);
	return 0;
}
