// SPDX-License-Identifier: GPL-2.0-only
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "arch/x86/bootparam.h"
#include "load/image.h"

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

/* Parameters that describe the old boot, not the new one. */
static bool dropped_on_reuse(const char *param, size_t len, bool crash)
{
	static const char *const always[] = {
		"BOOT_IMAGE=", "initrd=", "kexec_jump_back_entry=",
	};

	for (size_t i = 0; i < sizeof(always) / sizeof(always[0]); i++)
		if (len >= strlen(always[i]) && strncmp(param, always[i], strlen(always[i])) == 0)
			return true;
	/* A capture kernel must not reserve crash memory of its own. */
	return crash && len >= 12 && strncmp(param, "crashkernel=", 12) == 0;
}

static void append_word(char *out, size_t *used, const char *text)
{
	if (!text || !*text)
		return;
	if (*used)
		out[(*used)++] = ' ';
	memcpy(out + *used, text, strlen(text));
	*used += strlen(text);
}

char *x86_build_cmdline(const char *proc_cmdline_text, bool reuse, const char *append,
			const char *extra, bool crash, struct kj_error *err)
{
	size_t cap = (reuse && proc_cmdline_text ? strlen(proc_cmdline_text) : 0) +
		     (append ? strlen(append) : 0) + (extra ? strlen(extra) : 0) + 3;
	char *out = malloc(cap);
	size_t used = 0;

	if (!out) {
		kj_fail(err, "out of memory");
		return NULL;
	}
	out[0] = '\0';
	if (reuse && proc_cmdline_text) {
		const char *p = proc_cmdline_text;

		/* Split on blanks; quoted values with spaces are rare on x86
		 * command lines and are kept whole only if unquoted. */
		while (*p) {
			size_t len;

			while (*p == ' ' || *p == '\n' || *p == '\t')
				p++;
			len = strcspn(p, " \n\t");
			if (len && !dropped_on_reuse(p, len, crash)) {
				if (used)
					out[used++] = ' ';
				memcpy(out + used, p, len);
				used += len;
			}
			p += len;
		}
	}
	append_word(out, &used, append);
	append_word(out, &used, extra);
	out[used] = '\0';
	return out;
}

char *x86_load_cmdline(struct load_context *ctx)
{
	const struct kexec_options *opt = ctx->opt;
	struct kj_blob proc = { 0 };
	char *cmdline;

	if (opt->reuse_cmdline &&
	    kj_read_file(ctx->proc_cmdline, 64 * 1024, &proc, ctx->err) < 0)
		return NULL;
	cmdline = x86_build_cmdline((const char *)proc.data, opt->reuse_cmdline, opt->append,
				    ctx->cmdline_extra, opt->panic, ctx->err);
	kj_blob_free(&proc);
	if (!cmdline || !load_context_own(ctx, cmdline))
		return NULL;
	ctx->plan->cmdline = cmdline;
	return cmdline;
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
