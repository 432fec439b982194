/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * setup_data: the boot protocol's list of extra boot parameters
 * (Documentation/x86/boot.rst, "Details of Header Fields", setup_data;
 * protocol 2.09+).  Each entry is struct setup_data { u64 next; u32 type;
 * u32 len; u8 data[len]; }, and entries are linked by physical address,
 * the first from the setup header's setup_data field.
 *
 * kexec builds the entries before it knows where the setup segment goes
 * (its size depends on them), so a list is assembled here, in a buffer of
 * its own, and copied after the command line and linked once the
 * segment's address is known.  A list may also carry raw blocks that are
 * not setup_data but live in the same segment (the EFI memory map the
 * zero page's efi_info points at).
 */
#ifndef KJUMP_X86_SETUP_DATA_H
#define KJUMP_X86_SETUP_DATA_H

#include <stddef.h>
#include <stdint.h>

#include "kjump/error.h"

/* Types: arch/x86/include/uapi/asm/bootparam.h (6.1) and
 * asm/setup_data.h (6.12), the same numbers. */
#define SETUP_E820_EXT		1
#define SETUP_DTB		2
#define SETUP_EFI		4
#define SETUP_RNG_SEED		9
/* Not a setup_data type: a raw block of the list (never linked). */
#define SETUP_LIST_RAW		0xffffffffu

#define SETUP_DATA_HEADER	16	/* next, type, len */
#define SETUP_DATA_MIN_VERSION	0x0209
/* Entries start 16-byte aligned: the kernel does not need it, but
 * every u64 in them is then naturally aligned. */
#define SETUP_DATA_ALIGN	16
#define SETUP_LIST_MAX		8
/* The whole list, a device tree included: far more than any needs. */
#define SETUP_LIST_MAX_BYTES	(64u << 20)

struct setup_list_item {
	uint32_t type;		/* SETUP_*, or SETUP_LIST_RAW */
	uint32_t len;		/* data bytes, the header excluded */
	size_t offset;		/* of the header (of the data for a raw block) */
};

struct setup_list {
	uint8_t *bytes;
	size_t size;
	struct setup_list_item items[SETUP_LIST_MAX];
	size_t nr;
};

/*
 * Append an entry of TYPE with LEN zeroed data bytes; returns where its
 * data goes (valid until the next append), or NULL with ERR set when
 * the list is full or would pass SETUP_LIST_MAX_BYTES.
 */
uint8_t *setup_list_add(struct setup_list *list, uint32_t type, size_t len,
			struct kj_error *err);

/* Item I's data (after its header), valid until the next append. */
static inline uint8_t *setup_list_data(const struct setup_list *list, size_t i)
{
	return list->bytes + list->items[i].offset +
	       (list->items[i].type == SETUP_LIST_RAW ? 0 : SETUP_DATA_HEADER);
}

/* The bytes the list takes in the segment. */
static inline size_t setup_list_size(const struct setup_list *list)
{
	return list->size;
}

/*
 * Copy LIST to DST, which the kernel will find at physical address
 * DST_PHYS, link its setup_data entries in the order they were added
 * (the last one's next is 0) and return the first one's address for the
 * setup header (0 when there is none).
 */
uint64_t setup_list_place(const struct setup_list *list, uint8_t *dst, uint64_t dst_phys);

/* "SETUP_EFI" and so on; "raw" for SETUP_LIST_RAW. */
const char *setup_data_type_name(uint32_t type);

void setup_list_free(struct setup_list *list);

#endif
