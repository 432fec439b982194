// SPDX-License-Identifier: GPL-2.0-only
#include <stdlib.h>
#include <string.h>

#include "arch/x86/bootparam.h"
#include "arch/x86/setup_data.h"

static size_t align_up(size_t x, size_t a)
{
	return (x + a - 1) & ~(a - 1);
}

uint8_t *setup_list_add(struct setup_list *list, uint32_t type, size_t len,
			struct kj_error *err)
{
	size_t header = type == SETUP_LIST_RAW ? 0 : SETUP_DATA_HEADER;
	size_t at = align_up(list->size, SETUP_DATA_ALIGN);
	uint8_t *bytes;

	if (list->nr == SETUP_LIST_MAX) {
		kj_fail(err, "more than %d setup_data entries", SETUP_LIST_MAX);
		return NULL;
	}
	if (len > SETUP_LIST_MAX_BYTES || at + header + len > SETUP_LIST_MAX_BYTES) {
		kj_fail(err, "%s of %zu bytes: the boot parameters would pass %u MiB",
			setup_data_type_name(type), len, SETUP_LIST_MAX_BYTES >> 20);
		return NULL;
	}
	bytes = realloc(list->bytes, at + header + len);
	if (!bytes) {
		kj_fail(err, "out of memory");
		return NULL;
	}
	memset(bytes + list->size, 0, at + header + len - list->size);
	list->bytes = bytes;
	list->items[list->nr++] = (struct setup_list_item){
		.type = type, .len = (uint32_t)len, .offset = at,
	};
	if (header) {
		put32(bytes, at + 8, type);
		put32(bytes, at + 12, (uint32_t)len);
	}
	list->size = at + header + len;
	return bytes + at + header;
}

uint64_t setup_list_place(const struct setup_list *list, uint8_t *dst, uint64_t dst_phys)
{
	uint64_t first = 0;
	size_t prev = 0;
	bool have_prev = false;

	if (list->size)
		memcpy(dst, list->bytes, list->size);
	for (size_t i = 0; i < list->nr; i++) {
		const struct setup_list_item *it = &list->items[i];

		if (it->type == SETUP_LIST_RAW)
			continue;
		put64(dst, it->offset, 0);
		if (have_prev)
			put64(dst, prev, dst_phys + it->offset);
		else
			first = dst_phys + it->offset;
		prev = it->offset;
		have_prev = true;
	}
	return first;
}

const char *setup_data_type_name(uint32_t type)
{
	switch (type) {
	case SETUP_E820_EXT: return "SETUP_E820_EXT";
	case SETUP_DTB: return "SETUP_DTB";
	case SETUP_EFI: return "SETUP_EFI";
	case SETUP_RNG_SEED: return "SETUP_RNG_SEED";
	case SETUP_LIST_RAW: return "raw";
	default: return "SETUP_?";
	}
}

void setup_list_free(struct setup_list *list)
{
	free(list->bytes);
	memset(list, 0, sizeof(*list));
}
