// SPDX-License-Identifier: GPL-2.0-only
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "arch/x86/bootinfo.h"
#include "arch/x86/setup_data.h"

/* The loader signature efi_info starts with (arch/x86/kernel/setup.c
 * compares it with EFI32_LOADER_SIGNATURE and EFI64_LOADER_SIGNATURE). */
static bool choose_signature(const struct x86_firmware *fw, char sig[5])
{
	const uint8_t *running = fw->boot_params + BP_EFI_INFO + EFI_INFO_LOADER_SIGNATURE;

	if (fw->efi.platform_bits) {
		memcpy(sig, fw->efi.platform_bits == 64 ? "EL64" : "EL32", 5);
		return true;
	}
	/* No fw_platform_size: the running kernel's own word, if it is one. */
	if (memcmp(running, "EL64", 4) == 0 || memcmp(running, "EL32", 4) == 0) {
		memcpy(sig, running, 4);
		sig[4] = '\0';
		return true;
	}
	return false;
}

/* What stands in the way of a handover (BUF may hold it), or NULL. */
static const char *handover_problem(const struct x86_firmware *fw, bool noefi,
				    uint16_t version, struct efi_handover *h, char *buf,
				    size_t len)
{
	const uint8_t *ei = fw->boot_params + BP_EFI_INFO;
	uint32_t desc_version;

	if (noefi)
		return "--noefi";
	if (!fw->efi.booted_efi)
		return fw->efi.no_map;
	if (!fw->has_boot_params) {
		snprintf(buf, len, "the running kernel's efi_info is unknown: %.150s",
			 fw->no_boot_params);
		return buf;
	}
	if (get32(ei, EFI_INFO_MEMMAP_SIZE) == 0)
		return "the running kernel was given no EFI memory map";
	desc_version = get32(ei, EFI_INFO_MEMDESC_VERSION);
	h->desc_size = get32(ei, EFI_INFO_MEMDESC_SIZE);
	h->systab = get32(ei, EFI_INFO_SYSTAB) | (uint64_t)get32(ei, EFI_INFO_SYSTAB_HI) << 32;
	/* The kernel warns about any other version (efi.c,
	 * efi_memblock_x86_reserve_range()); kexec-tools refuses it. */
	if (desc_version != 1) {
		snprintf(buf, len, "EFI memory descriptor version %" PRIu32 ", only 1 is known",
			 desc_version);
		return buf;
	}
	if (h->desc_size < EFI_MEMORY_DESC_SIZE || h->desc_size > EFI_MEMDESC_SIZE_MAX ||
	    h->desc_size % 8) {
		snprintf(buf, len, "efi_memdesc_size %" PRIu32 " is not a descriptor's size",
			 h->desc_size);
		return buf;
	}
	if (h->systab == 0)
		return "the running kernel's efi_info has no system table";
	if (!choose_signature(fw, h->signature))
		return "the firmware's word size is unknown (fw_platform_size)";
	if (!fw->efi.has_fw_vendor || !fw->efi.has_config_table)
		return "no fw_vendor or config_table in /sys/firmware/efi";
	if (fw->efi.nr_map == 0)
		return fw->efi.no_map;
	if (version < SETUP_DATA_MIN_VERSION)
		return "boot protocol before 2.09 has no setup_data for SETUP_EFI";
	return NULL;
}

void efi_handover_check(const struct x86_firmware *fw, bool noefi, uint16_t version,
			struct efi_handover *h)
{
	char buf[FIRMWARE_WHY_MAX];
	const char *problem;

	memset(h, 0, sizeof(*h));
	problem = handover_problem(fw, noefi, version, h, buf, sizeof(buf));
	h->ok = !problem;
	if (problem)
		snprintf(h->why_not, sizeof(h->why_not), "%s", problem);
}

void efi_write_runtime(uint8_t *memmap, uint8_t *setup_data, const struct x86_firmware *fw,
		       const struct efi_handover *h)
{
	/* efi_memory_desc_t at the firmware's stride; the rest stays 0. */
	for (size_t i = 0; i < fw->efi.nr_map; i++) {
		const struct efi_runtime_desc *d = &fw->efi.map[i];
		size_t off = i * h->desc_size;

		put32(memmap, off, d->type);
		put64(memmap, off + 8, d->phys_addr);
		put64(memmap, off + 16, d->virt_addr);
		put64(memmap, off + 24, d->num_pages);
		put64(memmap, off + 32, d->attribute);
	}
	put64(setup_data, EFI_SETUP_FW_VENDOR, fw->efi.fw_vendor);
	put64(setup_data, EFI_SETUP_RUNTIME, fw->efi.has_runtime ? fw->efi.runtime : 0);
	put64(setup_data, EFI_SETUP_TABLES, fw->efi.config_table);
	/* Only the SMBIOS 2 entry is put back (efi_reuse_config()); an
	 * SMBIOS 3 address there would be read as a 2.x entry point. */
	put64(setup_data, EFI_SETUP_SMBIOS, fw->efi.systab.has_smbios ? fw->efi.systab.smbios : 0);
}

void efi_write_info(uint8_t *bp, const struct x86_firmware *fw, const struct efi_handover *h)
{
	uint8_t *ei = bp + BP_EFI_INFO;

	memcpy(ei + EFI_INFO_LOADER_SIGNATURE, h->signature, 4);
	put32(ei, EFI_INFO_SYSTAB, (uint32_t)h->systab);
	put32(ei, EFI_INFO_SYSTAB_HI, (uint32_t)(h->systab >> 32));
	put32(ei, EFI_INFO_MEMDESC_SIZE, h->desc_size);
	put32(ei, EFI_INFO_MEMDESC_VERSION, 1);
	put32(ei, EFI_INFO_MEMMAP_SIZE, (uint32_t)efi_memmap_bytes(fw, h));
	put8(bp, BP_SECURE_BOOT, get8(fw->boot_params, BP_SECURE_BOOT));
}

void efi_link_memmap(uint8_t *bp, uint64_t memmap_phys)
{
	put32(bp + BP_EFI_INFO, EFI_INFO_MEMMAP, (uint32_t)memmap_phys);
	put32(bp + BP_EFI_INFO, EFI_INFO_MEMMAP_HI, (uint32_t)(memmap_phys >> 32));
}

void rsdp_choose(const struct x86_firmware *fw, struct rsdp_source *out)
{
	const struct efi_systab *st = &fw->efi.systab;
	uint64_t running = fw->has_boot_params ? get64(fw->boot_params, BP_ACPI_RSDP_ADDR) : 0;

	*out = (struct rsdp_source){ 0 };
	if (running)
		*out = (struct rsdp_source){ running, "the running kernel's acpi_rsdp_addr" };
	else if (fw->efi.has_systab && st->has_acpi20 && st->acpi20)
		*out = (struct rsdp_source){ st->acpi20, "EFI systab ACPI20" };
	else if (fw->efi.has_systab && st->has_acpi && st->acpi)
		*out = (struct rsdp_source){ st->acpi, "EFI systab ACPI" };
}

bool fb_is_firmware(const char *name)
{
	/* fix.id of efifb, vesafb and simplefb (drivers/video/fbdev/), and
	 * of simpledrm's fbdev emulation ("%sdrmfb", drm_fb_helper.c). */
	static const char *const firmware[] = { "EFI VGA", "VESA VGA", "simple", "simpledrmdrmfb" };

	for (size_t i = 0; i < sizeof(firmware) / sizeof(firmware[0]); i++)
		if (strcmp(name, firmware[i]) == 0)
			return true;
	return false;
}

static bool is_linear_framebuffer(uint8_t video_type)
{
	return video_type == VIDEO_TYPE_VLFB || video_type == VIDEO_TYPE_EFI;
}

enum fb_choice framebuffer_choose(const uint8_t *si, const char *fb0_name,
				  bool reuse_video_type)
{
	if (!si || si[SI_ORIG_VIDEO_ISVGA] == 0)
		return FB_SKIP_NONE;
	if (fb0_name && fb_is_firmware(fb0_name))
		return FB_PASS_FIRMWARE;
	if (reuse_video_type)
		return FB_PASS_REUSED;
	if (fb0_name)
		return FB_SKIP_REPLACED;
	return is_linear_framebuffer(si[SI_ORIG_VIDEO_ISVGA]) ? FB_SKIP_NO_FB0 : FB_PASS_TEXT;
}

void screen_info_copy(uint8_t *bp, const uint8_t *si)
{
	memcpy(bp + BP_SCREEN_INFO, si, BP_SCREEN_INFO_SIZE);
	put16(bp, BP_SCREEN_INFO + SI_CL_MAGIC, 0);
	put16(bp, BP_SCREEN_INFO + SI_CL_OFFSET, 0);
}

uint64_t screen_info_lfb_base(const uint8_t *si)
{
	uint64_t base = get32(si, SI_LFB_BASE);

	if (get32(si, SI_CAPABILITIES) & VIDEO_CAPABILITY_64BIT_BASE)
		base |= (uint64_t)get32(si, SI_EXT_LFB_BASE) << 32;
	return base;
}

uint64_t screen_info_lfb_bytes(const uint8_t *si)
{
	uint64_t size = get32(si, SI_LFB_SIZE);

	/* vesafb counts 64 KiB units; efifb and sysfb bytes. */
	return si[SI_ORIG_VIDEO_ISVGA] == VIDEO_TYPE_VLFB ? size << 16 : size;
}

int rng_seed_fill(uint8_t seed[RNG_SEED_BYTES], bool fixed)
{
	static const char pattern[RNG_SEED_BYTES] = "kjump --dry-run: a fixed seed..";

	if (fixed) {
		memcpy(seed, pattern, RNG_SEED_BYTES);
		return 0;
	}
	/* Not ready yet: pass none rather than wait at boot (kexec-tools
	 * and the kernel's kexec_file_load do the same). */
	return getrandom(seed, RNG_SEED_BYTES, GRND_NONBLOCK) == RNG_SEED_BYTES ? 0 : -1;
}

/* Append " memmap=SIZEK<c>STARTK" for [START_K, END_K) KiB. */
static size_t add_memmap(char *out, size_t used, uint64_t start_k, uint64_t end_k, char c)
{
	return used + (size_t)sprintf(out + used, " memmap=%" PRIu64 "K%c%" PRIu64 "K",
				      end_k - start_k, c, start_k);
}

char *memmap_params(const struct memory_map *map, size_t *nr_ranges, struct kj_error *err)
{
	/* " memmap=" + two 20-digit numbers, "K", "K", the type: < 64. */
	char *out = malloc(16 + 64 * map->nr + 1);
	size_t used;

	*nr_ranges = 0;
	if (!out) {
		kj_fail(err, "out of memory");
		return NULL;
	}
	used = (size_t)sprintf(out, "memmap=exactmap");
	for (size_t i = 0; i < map->nr; i++) {
		const struct mem_range *r = &map->ranges[i];
		/* end + 1 in KiB without overflowing at 2^64. */
		uint64_t end_down = (r->end >> 10) + ((r->end & 0x3ff) == 0x3ff);
		uint64_t end_up = (r->end >> 10) + 1;

		if (r->type == MEM_RAM) {
			uint64_t start_up = (r->start >> 10) + ((r->start & 0x3ff) != 0);

			if (end_down <= start_up)
				continue;
			used = add_memmap(out, used, start_up, end_down, '@');
		} else if (r->type == MEM_ACPI || r->type == MEM_NVS) {
			used = add_memmap(out, used, r->start >> 10, end_up, '#');
		} else {
			continue;
		}
		(*nr_ranges)++;
	}
	return out;
}
