/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ELF boot notes (--args-elf): the boot-parameter block of the "ELF
 * boot" convention used by Etherboot and LinuxBIOS-era loaders.  A
 * header (magic 0x0E1FB007, size, IP checksum, record count) followed
 * by ELF notes with an empty name: firmware type, boot loader name and
 * version, command line.
 */
#ifndef KJUMP_X86_ELFNOTES_H
#define KJUMP_X86_ELFNOTES_H

#include <stddef.h>
#include <stdint.h>

#define ELF_BOOT_MAGIC		0x0E1FB007u
#define EBN_FIRMWARE_TYPE	1
#define EBN_BOOTLOADER_NAME	2
#define EBN_BOOTLOADER_VERSION	3
#define EBN_COMMAND_LINE	4

/* Bytes the block for CMDLINE takes. */
size_t elf_boot_notes_size(const char *cmdline);

/* Write the block into BUF (elf_boot_notes_size() bytes, zeroed). */
void elf_boot_notes_build(uint8_t *buf, const char *cmdline);

/* RFC 1071 Internet checksum of LEN bytes (what b_checksum holds). */
uint16_t ip_checksum(const uint8_t *data, size_t len);

#endif
