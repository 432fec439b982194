// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>

#include "arch/x86/bootparam.h"
#include "config.h"
#include "arch/x86/elfnotes.h"

#define BHDR_SIZE	12	/* u32 signature, u32 size, u16 checksum, u16 records */
#define NHDR_SIZE	12	/* u32 namesz, u32 descsz, u32 type */
#define NOTE_ALIGN(x)	(((x) + 3) & ~(size_t)3)

struct note {
	uint32_t type;
	const char *text;
};

static size_t notes(const char *cmdline, struct note out[4])
{
	out[0] = (struct note){ EBN_FIRMWARE_TYPE, "PCBIOS" };
	out[1] = (struct note){ EBN_BOOTLOADER_NAME, PACKAGE_NAME };
	out[2] = (struct note){ EBN_BOOTLOADER_VERSION, PACKAGE_VERSION };
	out[3] = (struct note){ EBN_COMMAND_LINE, cmdline };
	return 4;
}

size_t elf_boot_notes_size(const char *cmdline)
{
	struct note n[4];
	size_t size = BHDR_SIZE, count = notes(cmdline, n);

	for (size_t i = 0; i < count; i++)
		size += NHDR_SIZE + NOTE_ALIGN(strlen(n[i].text) + 1);
	return size;
}

uint16_t ip_checksum(const uint8_t *data, size_t len)
{
	uint32_t sum = 0;

	/* 16-bit little-endian words as the CPU reads them; a ones'
	 * complement sum is byte-order independent (RFC 1071 2(B)). */
	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)data[i] | (uint32_t)data[i + 1] << 8;
	if (len & 1)
		sum += data[len - 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

void elf_boot_notes_build(uint8_t *buf, const char *cmdline)
{
	struct note n[4];
	size_t count = notes(cmdline, n), off = BHDR_SIZE;
	size_t size = elf_boot_notes_size(cmdline);

	put32(buf, 0, ELF_BOOT_MAGIC);
	put32(buf, 4, (uint32_t)size);
	put16(buf, 8, 0);
	put16(buf, 10, (uint16_t)count);
	for (size_t i = 0; i < count; i++) {
		size_t len = strlen(n[i].text) + 1;

		put32(buf, off, 0);		/* standard notes have no name */
		put32(buf, off + 4, (uint32_t)len);
		put32(buf, off + 8, n[i].type);
		memcpy(buf + off + NHDR_SIZE, n[i].text, len);
		off += NHDR_SIZE + NOTE_ALIGN(len);
	}
	put16(buf, 8, ip_checksum(buf, size));
}
