/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the running x86 system says about its firmware and about its own
 * boot, read through the paths of struct boot_sources (load/image.h;
 * --system-root and the tests move them).  This module only reads and
 * checks; zeropage.h decides what the next kernel is given.
 *
 * The formats are those of Linux 6.1 and 6.12:
 *  - /sys/kernel/boot_params/data: the running kernel's struct
 *    boot_params, 4096 bytes (arch/x86/kernel/ksysfs.c);
 *  - /sys/firmware/efi/systab: "NAME=0xADDR" lines, ACPI20, ACPI,
 *    SMBIOS3, SMBIOS and others (drivers/firmware/efi/efi.c,
 *    systab_show()); fw_platform_size: "64" or "32"; fw_vendor, runtime,
 *    config_table: "0xADDR", each present only when valid
 *    (arch/x86/platform/efi/efi.c, efi_attr_is_visible());
 *  - /sys/firmware/efi/runtime-map/N/{type,phys_addr,virt_addr,
 *    num_pages,attribute}: "0x..." values, N counting from 0 in the
 *    order of the kernel's EFI memory map (drivers/firmware/efi/
 *    runtime-map.c; only with CONFIG_EFI_RUNTIME_MAP);
 *  - /sys/class/graphics/fb0/name: the framebuffer driver's fix.id.
 *
 * A file the system lacks (or that only root may read) is a fact,
 * recorded with the reason; a file that is there but malformed is an
 * error, since a wrong address handed to the next kernel would crash it.
 */
#ifndef KJUMP_X86_FIRMWARE_H
#define KJUMP_X86_FIRMWARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/x86/bootparam.h"
#include "kjump/error.h"
#include "load/image.h"

/* EFI_MEMORY_DESCRIPTOR (UEFI 2.10, section 7.2.3; efi_memory_desc_t in
 * include/linux/efi.h): u32 type, u32 pad, then four u64. */
#define EFI_MEMORY_DESC_SIZE	40
#define EFI_PAGE_SHIFT		12
/* Far more runtime regions than any firmware has. */
#define EFI_RUNTIME_MAP_MAX	1024
/* The runtime-map files of one descriptor, in efi_memory_desc_t order. */
#define EFI_DESC_FIELDS		5
extern const char *const efi_desc_field_names[EFI_DESC_FIELDS];

#define FIRMWARE_WHY_MAX	200

struct efi_runtime_desc {
	uint32_t type;
	uint64_t phys_addr, virt_addr, num_pages, attribute;
};

/* The addresses /sys/firmware/efi/systab lists, each with a flag. */
struct efi_systab {
	uint64_t acpi20, acpi, smbios3, smbios;
	bool has_acpi20, has_acpi, has_smbios3, has_smbios;
};

/* /sys/firmware/efi as found. */
struct efi_facts {
	bool booted_efi;		/* the directory exists */
	unsigned int platform_bits;	/* fw_platform_size: 64, 32 or 0 (unknown) */
	bool has_systab;
	struct efi_systab systab;
	bool has_fw_vendor, has_runtime, has_config_table;
	uint64_t fw_vendor, runtime, config_table;
	/* runtime-map: descriptors in map order, or why there are none. */
	struct efi_runtime_desc *map;
	size_t nr_map;
	char no_map[FIRMWARE_WHY_MAX];
};

struct x86_firmware {
	bool has_boot_params;
	uint8_t boot_params[BOOT_PARAMS_SIZE];
	char no_boot_params[FIRMWARE_WHY_MAX];
	struct efi_facts efi;
	bool has_fb0;
	char fb0_name[64];
};

/*
 * Everything above from SRC; the runtime map only when READ_EFI_MAP (it
 * is skipped with --noefi, so that a map kexec does not use cannot stop
 * a load).  Free with x86_firmware_free() whatever this returns.
 */
int x86_firmware_read(const struct boot_sources *src, bool read_efi_map,
		      struct x86_firmware *fw, struct kj_error *err);
void x86_firmware_free(struct x86_firmware *fw);

/*
 * A number as sysfs prints it ("0x1234\n", or decimal): the whole of
 * TEXT but trailing blanks; WHERE names it in the error.
 */
int sysfs_number(const char *where, const char *text, uint64_t *value, struct kj_error *err);

/*
 * Parse systab text; names other than the four above are skipped, a
 * known name with a value that is not a number is an error naming
 * WHERE.  The first line of a name counts.
 */
int efi_systab_parse(const char *text, const char *where, struct efi_systab *out,
		     struct kj_error *err);

/*
 * One runtime-map descriptor from its files' contents (FIELDS in
 * efi_desc_field_names order), checked as UEFI requires: at least one
 * page, both addresses 4 KiB aligned, no wrap past 2^64.
 */
int efi_runtime_desc_parse(const char *where, const char *const fields[EFI_DESC_FIELDS],
			   struct efi_runtime_desc *out, struct kj_error *err);

/*
 * DIR/0, DIR/1 ... in order.  Returns 1 with *MAP and *NR set, 0 when
 * DIR cannot be read (WHY says why), -1 for entries that are missing,
 * too many or malformed.
 */
int efi_runtime_map_read(const char *dir, struct efi_runtime_desc **map, size_t *nr,
			 char *why, size_t why_len, struct kj_error *err);

#endif
