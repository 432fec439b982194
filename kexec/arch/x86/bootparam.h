/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The x86 Linux boot protocol: the bzImage setup header and the "zero
 * page" (struct boot_params) a loader hands the kernel.  Offsets are
 * from Documentation/x86/boot.rst ("The real-mode kernel header") and
 * Documentation/x86/zero-page.rst in linux-source-6.1.  Fields are
 * accessed by offset with explicit little-endian helpers so that a
 * hostile image can never make us read outside the buffer.
 */
#ifndef KJUMP_X86_BOOTPARAM_H
#define KJUMP_X86_BOOTPARAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kjump/error.h"
#include "system/memmap.h"

#define BOOT_PARAMS_SIZE	4096

/* Placement bounds shared by the x86 loaders. */
#define X86_LOW_4G		0xffffffffull	/* 32-bit pointers: zero page, command line */
#define X86_SETUP_MIN		0x10000ull	/* above the real-mode IVT and BIOS data */
#define X86_KERNEL_MIN		(1ull << 20)	/* kernels and initrds above 1 MiB */
#define X86_INITRD_MAX_OLD	0x37ffffffull	/* initrd limit before initrd_addr_max */
#define X86_PURGATORY_MAX	0x7fffffffull
/* The same bounds named in messages (hole_request's min_from/max_from). */
#define X86_LOW_4G_FROM		"32-bit boot pointers"
#define X86_SETUP_MIN_FROM	"the real-mode area"
#define X86_KERNEL_MIN_FROM	"the first MiB"
#define X86_INITRD_MAX_OLD_FROM	"the old initrd limit"
/* COMMAND_LINE_SIZE - 1 (arch/x86/include/asm/setup.h): what a kernel
 * without a setup header of its own (vmlinux) takes. */
#define X86_COMMAND_LINE_SIZE	2047

/* struct setup_header, offsets in the bzImage file and in boot_params. */
#define HDR_SETUP_SECTS		0x1f1	/* u8: 512-byte setup sectors (0 means 4) */
#define HDR_SYSSIZE		0x1f4	/* u32: protected-mode code in 16-byte units */
#define HDR_BOOT_FLAG		0x1fe	/* u16: 0xaa55 */
#define HDR_JUMP		0x200	/* u16: jump; byte 0x201 + 0x202 = header end */
#define HDR_MAGIC		0x202	/* u32: "HdrS" */
#define HDR_VERSION		0x206	/* u16: protocol version */
#define HDR_TYPE_OF_LOADER	0x210	/* u8 */
#define HDR_LOADFLAGS		0x211	/* u8 */
#define HDR_CODE32_START	0x214	/* u32 */
#define HDR_RAMDISK_IMAGE	0x218	/* u32 */
#define HDR_RAMDISK_SIZE	0x21c	/* u32 */
#define HDR_CMD_LINE_PTR	0x228	/* u32 */
#define HDR_INITRD_ADDR_MAX	0x22c	/* u32, 2.03+ */
#define HDR_KERNEL_ALIGNMENT	0x230	/* u32, 2.05+ */
#define HDR_RELOCATABLE		0x234	/* u8, 2.05+ */
#define HDR_MIN_ALIGNMENT	0x235	/* u8, 2.10+: log2 */
#define HDR_XLOADFLAGS		0x236	/* u16, 2.12+ */
#define HDR_CMDLINE_SIZE	0x238	/* u32, 2.06+ */
#define HDR_SETUP_DATA		0x250	/* u64, 2.09+ */
#define HDR_PREF_ADDRESS	0x258	/* u64, 2.10+ */
#define HDR_INIT_SIZE		0x260	/* u32, 2.10+ */

#define HDR_MAGIC_VALUE		0x53726448u	/* "HdrS" little-endian */
#define LOADFLAG_LOADED_HIGH	0x01
#define XLF_KERNEL_64		0x01	/* has the 64-bit entry at +0x200 */
#define XLF_CAN_BE_LOADED_ABOVE_4G 0x02

/* Offsets of zero-page fields outside the setup header
 * (Documentation/x86/zero-page.rst; all protocols). */
#define BP_SCREEN_INFO		0x000	/* struct screen_info, below */
#define BP_SCREEN_INFO_SIZE	0x040
#define BP_ACPI_RSDP_ADDR	0x070	/* u64 */
#define BP_EXT_RAMDISK_IMAGE	0x0c0	/* u32: high half of ramdisk_image */
#define BP_EXT_RAMDISK_SIZE	0x0c4
#define BP_EXT_CMD_LINE_PTR	0x0c8
#define BP_EFI_INFO		0x1c0	/* struct efi_info, below */
#define BP_EFI_INFO_SIZE	0x020
#define BP_ALT_MEM_K		0x1e0	/* u32 */
#define BP_E820_ENTRIES		0x1e8	/* u8 */
#define BP_SECURE_BOOT		0x1ec	/* u8 */
#define BP_E820_TABLE		0x2d0	/* 20-byte entries: u64 addr, u64 size, u32 type */
#define BP_E820_MAX		128
#define E820_ENTRY_SIZE		20	/* struct boot_e820_entry */

/* struct efi_info, offsets from BP_EFI_INFO (arch/x86/include/uapi/asm/bootparam.h). */
#define EFI_INFO_LOADER_SIGNATURE 0x00	/* u32: "EL64" or "EL32" */
#define EFI_INFO_SYSTAB		0x04	/* u32: low half of the system table's address */
#define EFI_INFO_MEMDESC_SIZE	0x08	/* u32 */
#define EFI_INFO_MEMDESC_VERSION 0x0c	/* u32 */
#define EFI_INFO_MEMMAP		0x10	/* u32: low half of the memory map's address */
#define EFI_INFO_MEMMAP_SIZE	0x14	/* u32: bytes */
#define EFI_INFO_SYSTAB_HI	0x18	/* u32 */
#define EFI_INFO_MEMMAP_HI	0x1c	/* u32 */

/* struct screen_info, offsets from BP_SCREEN_INFO (include/uapi/linux/screen_info.h). */
#define SI_EXT_MEM_K		0x02	/* u16: KiB above 1 MiB, at most 0xfc00 */
#define SI_ORIG_VIDEO_ISVGA	0x0f	/* u8: the video type, VIDEO_TYPE_* */
#define SI_LFB_WIDTH		0x12	/* u16 */
#define SI_LFB_HEIGHT		0x14	/* u16 */
#define SI_LFB_DEPTH		0x16	/* u16 */
#define SI_LFB_BASE		0x18	/* u32 */
#define SI_LFB_SIZE		0x1c	/* u32: bytes (EFI), 64 KiB units (VESA) */
#define SI_CL_MAGIC		0x20	/* u16: the pre-2.02 command line protocol */
#define SI_CL_OFFSET		0x22	/* u16 */
#define SI_CAPABILITIES		0x36	/* u32 */
#define SI_EXT_LFB_BASE		0x3a	/* u32: high half of lfb_base */
#define VIDEO_TYPE_VLFB		0x23	/* VESA linear framebuffer */
#define VIDEO_TYPE_EFI		0x70	/* EFI graphics output */
#define VIDEO_CAPABILITY_64BIT_BASE 0x02

/* E820 types (ACPI 6.4, 15.1 Table 15.312; legacy PMEM is 12 in Linux). */
#define E820_RAM		1
#define E820_RESERVED		2
#define E820_ACPI		3
#define E820_NVS		4
#define E820_UNUSABLE		5
#define E820_PMEM		7

/* 0xff: "undefined" boot loader (boot.rst, type_of_loader). */
#define LOADER_TYPE_UNDEFINED	0xff

static inline uint8_t get8(const uint8_t *p, size_t off) { return p[off]; }
static inline uint16_t get16(const uint8_t *p, size_t off)
{
	return (uint16_t)(p[off] | p[off + 1] << 8);
}
static inline uint32_t get32(const uint8_t *p, size_t off)
{
	return (uint32_t)get16(p, off) | (uint32_t)get16(p, off + 2) << 16;
}
static inline uint64_t get64(const uint8_t *p, size_t off)
{
	return (uint64_t)get32(p, off) | (uint64_t)get32(p, off + 4) << 32;
}
static inline void put8(uint8_t *p, size_t off, uint8_t v) { p[off] = v; }
static inline void put16(uint8_t *p, size_t off, uint16_t v)
{
	p[off] = (uint8_t)v;
	p[off + 1] = (uint8_t)(v >> 8);
}
static inline void put32(uint8_t *p, size_t off, uint32_t v)
{
	put16(p, off, (uint16_t)v);
	put16(p, off + 2, (uint16_t)(v >> 16));
}
static inline void put64(uint8_t *p, size_t off, uint64_t v)
{
	put32(p, off, (uint32_t)v);
	put32(p, off + 4, (uint32_t)(v >> 32));
}

/*
 * Fill the zero page's e820 table from MAP's first BP_E820_MAX ranges
 * (all types; the kernel needs the reserved ranges too) and its memory
 * sizes (ext_mem_k, alt_mem_k) from the RAM range that crosses 1 MiB.
 * Returns how many ranges did not fit: they go in SETUP_E820_EXT
 * (bootparam_e820_entries()).
 */
size_t bootparam_set_e820(uint8_t *bp, const struct memory_map *map);

/* The initrd's place in the zero page (ramdisk_image/size, and the
 * high halves, 2.12+; 0 and 0 for none). */
void bootparam_set_initrd(uint8_t *bp, uint64_t at, uint64_t size);

/* MAP's ranges FIRST to FIRST + N - 1 as e820 records at OUT. */
void bootparam_e820_entries(uint8_t *out, const struct memory_map *map, size_t first, size_t n);


/*
 * The I/O port of the serial console CMDLINE asks for (console=ttyS0
 * is 0x3f8, ttyS1 0x2f8; the PC's standard COM1/COM2), or 0.
 */
uint16_t x86_serial_port_from_cmdline(const char *cmdline);

#endif
