// SPDX-License-Identifier: GPL-2.0-only
/*
 * The pieces of a Unified Kernel Image (kjump/uki.h), by section name:
 * ".linux", ".initrd" and ".cmdline" (UKI specification, "UKI File
 * Format").
 */
#include <string.h>

#include "kjump/pe.h"
#include "kjump/uki.h"

/* A section's bytes as a blob pointing into the image; 1 if present. */
static int section_blob(const struct kj_blob *image, const struct pe_headers *h,
			const char *name, struct kj_blob *out, struct kj_error *err)
{
	struct pe_section s;
	int found = pe_find_section(image, h, name, &s, err);

	*out = (struct kj_blob){ 0 };
	if (found > 0)
		*out = (struct kj_blob){ .data = (uint8_t *)s.data, .size = s.size };
	return found;
}

/* The command line is text: what comes before a NUL, less trailing blanks. */
static void trim_cmdline(struct kj_blob *cmdline)
{
	const uint8_t *nul = cmdline->size ? memchr(cmdline->data, '\0', cmdline->size) : NULL;
	size_t len = nul ? (size_t)(nul - cmdline->data) : cmdline->size;

	while (len && (cmdline->data[len - 1] == '\n' || cmdline->data[len - 1] == ' ' ||
		       cmdline->data[len - 1] == '\t' || cmdline->data[len - 1] == '\r'))
		len--;
	cmdline->size = len;
}

int uki_extract(const struct kj_blob *image, struct uki_parts *out, struct kj_error *err)
{
	struct pe_headers h;
	int found;

	memset(out, 0, sizeof(*out));
	if (pe_read_headers(image, &h, err) < 0)
		return -1;
	found = section_blob(image, &h, ".linux", &out->kernel, err);
	if (found < 0)
		return -1;
	if (found == 0)
		return kj_fail(err, "a PE file without a .linux section, not a UKI");
	if (out->kernel.size == 0)
		return kj_fail(err, "UKI: the .linux section is empty");
	found = section_blob(image, &h, ".initrd", &out->initrd, err);
	if (found < 0)
		return -1;
	out->has_initrd = found;
	found = section_blob(image, &h, ".cmdline", &out->cmdline, err);
	if (found < 0)
		return -1;
	out->has_cmdline = found;
	trim_cmdline(&out->cmdline);
	return 0;
}
