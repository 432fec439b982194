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

int bootparam_set_e820(uint8_t *bp, const struct memory_map *map, struct kj_error *err)
{
	if (map->nr > BP_E820_MAX)
		return kj_fail(err, "the memory map has %zu ranges, the zero page holds %d",
			       map->nr, BP_E820_MAX);
	for (size_t i = 0; i < map->nr; i++) {
		size_t off = BP_E820_TABLE + 20 * i;
		const struct mem_range *r = &map->ranges[i];

		put64(bp, off, r->start);
		put64(bp, off + 8, r->end - r->start + 1);
		put32(bp, off + 16, e820_type(r->type));
	}
	put8(bp, BP_E820_ENTRIES, (uint8_t)map->nr);
	return 0;
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
