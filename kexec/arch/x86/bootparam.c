// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>

#include "arch/x86/bootparam.h"

static uint32_t e820_type(enum mem_type t)
{
	switch (t) {
	case MEM_RAM: return E820_RAM;
	case MEM_ACPI: return E820_ACPI;
	case MEM_NVS: return E820_NVS;
	case MEM_UNUSABLE: return E820_UNUSABLE;
	case MEM_PMEM: return E820_PMEM;
	default: return E820_RESERVED;
	}
}

void bootparam_e820_entries(uint8_t *out, const struct memory_map *map, size_t first, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct mem_range *r = &map->ranges[first + i];

		put64(out, E820_ENTRY_SIZE * i, r->start);
		put64(out, E820_ENTRY_SIZE * i + 8, r->end - r->start + 1);
		put32(out, E820_ENTRY_SIZE * i + 16, e820_type(r->type));
	}
}

/*
 * The sizes a boot loader reports besides e820 (zero-page.rst ext_mem_k
 * and alt_mem_k): KiB of RAM above 1 MiB in the range that crosses it,
 * capped at 64 MiB and 4 TiB as the fields allow.
 */
static void set_memory_sizes(uint8_t *bp, const struct memory_map *map)
{
	put16(bp, BP_SCREEN_INFO + SI_EXT_MEM_K, 0);
	put32(bp, BP_ALT_MEM_K, 0);
	for (size_t i = 0; i < map->nr; i++) {
		const struct mem_range *r = &map->ranges[i];
		uint64_t mem_k;

		if (r->type != MEM_RAM || r->start > X86_KERNEL_MIN || r->end <= X86_KERNEL_MIN)
			continue;
		mem_k = (r->end >> 10) - (X86_KERNEL_MIN >> 10);
		put16(bp, BP_SCREEN_INFO + SI_EXT_MEM_K, (uint16_t)(mem_k > 0xfc00 ? 0xfc00 : mem_k));
		put32(bp, BP_ALT_MEM_K, (uint32_t)(mem_k > UINT32_MAX ? UINT32_MAX : mem_k));
	}
}

size_t bootparam_set_e820(uint8_t *bp, const struct memory_map *map)
{
	size_t n = map->nr < BP_E820_MAX ? map->nr : BP_E820_MAX;

	bootparam_e820_entries(bp + BP_E820_TABLE, map, 0, n);
	put8(bp, BP_E820_ENTRIES, (uint8_t)n);
	set_memory_sizes(bp, map);
	return map->nr - n;
}

void bootparam_set_initrd(uint8_t *bp, uint64_t at, uint64_t size)
{
	put32(bp, HDR_RAMDISK_IMAGE, (uint32_t)at);
	put32(bp, HDR_RAMDISK_SIZE, (uint32_t)size);
	put32(bp, BP_EXT_RAMDISK_IMAGE, (uint32_t)(at >> 32));
	put32(bp, BP_EXT_RAMDISK_SIZE, (uint32_t)(size >> 32));
}

uint16_t x86_serial_port_from_cmdline(const char *cmdline)
{
	static const uint16_t com_ports[] = { 0x3f8, 0x2f8, 0x3e8, 0x2e8 };
	const char *p = cmdline;
	uint16_t port = 0;

	/* The last console= wins, as it becomes /dev/console. */
	while ((p = strstr(p, "console=ttyS"))) {
		unsigned int n = (unsigned int)(p[12] - '0');

		if ((p == cmdline || p[-1] == ' ') && n < 4)
			port = com_ports[n];
		p += 12;
	}
	return port;
}
