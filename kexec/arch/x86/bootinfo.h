/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What a Linux kernel started by kexec is told beyond its memory map,
 * decided from the firmware facts of firmware.h: the EFI state, the
 * ACPI RSDP, the framebuffer, a random seed, and for a crash kernel the
 * memmap= parameters.  Each function decides or writes one thing;
 * zeropage.h puts them together in the setup segment.
 */
#ifndef KJUMP_X86_BOOTINFO_H
#define KJUMP_X86_BOOTINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/x86/firmware.h"
#include "kjump/error.h"
#include "system/memmap.h"

/*
 * struct efi_setup_data (arch/x86/include/asm/efi.h, 6.1 and 6.12):
 * u64 fw_vendor, __unused, tables, smbios, reserved[8].  The second word
 * was "runtime" before 5.8 and kexec still fills it so; the kernel reads
 * fw_vendor and tables instead of the system table's (which SetVirtual
 * AddressMap made virtual) and puts smbios back into the SMBIOS 2 entry
 * of the configuration table (arch/x86/platform/efi/quirks.c,
 * efi_reuse_config()).
 */
#define EFI_SETUP_DATA_SIZE	96
#define EFI_SETUP_FW_VENDOR	0
#define EFI_SETUP_RUNTIME	8
#define EFI_SETUP_TABLES	16
#define EFI_SETUP_SMBIOS	24
/* Descriptor sizes beyond this are not a firmware's. */
#define EFI_MEMDESC_SIZE_MAX	1024

/* The EFI handover the running system allows, or why none. */
struct efi_handover {
	bool ok;
	char why_not[FIRMWARE_WHY_MAX];
	char signature[5];		/* "EL64" or "EL32" */
	uint64_t systab;		/* the running kernel's efi_systab */
	uint32_t desc_size;		/* its efi_memdesc_size */
};

/*
 * Whether the next kernel can take over the running kernel's EFI runtime
 * mappings: an EFI boot with a runtime map, the running kernel's
 * efi_info (system table, descriptor size and version 1), fw_vendor and
 * config_table, and the boot protocol's setup_data (VERSION 2.09+).
 */
void efi_handover_check(const struct x86_firmware *fw, bool noefi, uint16_t version,
			struct efi_handover *out);

/* Bytes of the runtime map as the next kernel reads it. */
static inline size_t efi_memmap_bytes(const struct x86_firmware *fw,
				      const struct efi_handover *h)
{
	return fw->efi.nr_map * h->desc_size;
}

/*
 * Write the handover: the runtime map at MEMMAP (efi_memmap_bytes(),
 * zeroed) and struct efi_setup_data at SETUP_DATA (zeroed); then
 * efi_info and secure_boot in zero page BP, all but the memory map's
 * address, which efi_link_memmap() writes once it is known.
 */
void efi_write_runtime(uint8_t *memmap, uint8_t *setup_data, const struct x86_firmware *fw,
		       const struct efi_handover *h);
void efi_write_info(uint8_t *bp, const struct x86_firmware *fw, const struct efi_handover *h);
void efi_link_memmap(uint8_t *bp, uint64_t memmap_phys);

/* The ACPI RSDP's address and where it was found (0 and NULL: unknown). */
struct rsdp_source {
	uint64_t addr;
	const char *from;
};

/*
 * The running kernel's own acpi_rsdp_addr, else the EFI system table's
 * ACPI 2.0 entry, else its ACPI 1.0 one: the order of the kernel's
 * kexec_file_load (arch/x86/kernel/kexec-bzimage64.c).  Not EFI state:
 * given with --noefi too, when the next kernel cannot look it up in the
 * EFI configuration table.
 */
void rsdp_choose(const struct x86_firmware *fw, struct rsdp_source *out);

/* What the framebuffer decision was (framebuffer_choose()). */
enum fb_choice {
	FB_PASS_FIRMWARE,	/* fb0 still is the firmware's framebuffer */
	FB_PASS_REUSED,		/* --reuse-video-type */
	FB_PASS_TEXT,		/* a text mode: no framebuffer that could be gone */
	FB_SKIP_REPLACED,	/* fb0 is a driver's own framebuffer now */
	FB_SKIP_NO_FB0,		/* a framebuffer at boot, no fb0 now */
	FB_SKIP_NONE,		/* no video at boot, or the boot params are unknown */
};

/* A framebuffer driver that only drives what the firmware set up. */
bool fb_is_firmware(const char *fb0_name);

/*
 * Whether the next kernel gets the running kernel's screen_info
 * (BOOT_SCREEN_INFO, NULL when unknown), from fb0's driver name
 * (FB0_NAME, NULL when there is no fb0) and --reuse-video-type.
 * A linear framebuffer is passed while fb0 still is the firmware's:
 * once a driver (i915drmfb, amdgpudrmfb...) has taken the device over,
 * the mode and even the address the firmware reported may be gone, and
 * the next kernel's own driver sets it up again.
 */
enum fb_choice framebuffer_choose(const uint8_t *boot_screen_info, const char *fb0_name,
				  bool reuse_video_type);
static inline bool fb_choice_passes(enum fb_choice c)
{
	return c <= FB_PASS_TEXT;
}

/*
 * Copy the running kernel's screen_info into zero page BP, without the
 * pre-2.02 command line pointer (cl_magic, cl_offset), which would send
 * an old kernel to the wrong command line.
 */
void screen_info_copy(uint8_t *bp, const uint8_t *boot_screen_info);

/* The framebuffer's base and size in bytes, as the kernel reads them. */
uint64_t screen_info_lfb_base(const uint8_t *si);
uint64_t screen_info_lfb_bytes(const uint8_t *si);

/* The bytes of a random seed (RNG_SEED_LENGTH in the kernel's own
 * kexec_file_load, arch/x86/kernel/kexec-bzimage64.c). */
#define RNG_SEED_BYTES		32

/*
 * Fill SEED: a fixed pattern when FIXED (a dry run), else getrandom()
 * without blocking.  -1 when the kernel's pool is not ready yet.
 */
int rng_seed_fill(uint8_t seed[RNG_SEED_BYTES], bool fixed);

/*
 * "memmap=exactmap memmap=..." for the RAM (rounded in to whole KiB),
 * ACPI and NVS (rounded out) ranges of MAP, as
 * Documentation/admin-guide/kernel-parameters.txt reads memmap=:
 * nn@ss RAM, nn#ss ACPI data.  Reserved ranges are left out, as
 * kexec-tools does.  Returns a malloc'd string, *NR_RANGES the ranges
 * in it.
 */
char *memmap_params(const struct memory_map *map, size_t *nr_ranges, struct kj_error *err);

#endif
