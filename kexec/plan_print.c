// SPDX-License-Identifier: GPL-2.0-only
#include <inttypes.h>
#include <string.h>

#include "kjump/json.h"
#include "kjump/sha256.h"
#include "plan_print.h"

static const char *syscall_name(enum plan_syscall s)
{
	return s == PLAN_KEXEC_LOAD ? "kexec_load" : "kexec_file_load";
}

void plan_describe_flags(unsigned long flags, char *buf, size_t len)
{
	size_t used = 0;
	unsigned long arch = flags & KEXEC_ARCH_MASK;

	buf[0] = '\0';
	if (flags & KEXEC_ON_CRASH)
		used += snprintf(buf + used, len - used, "on-crash,");
	if ((flags & KEXEC_PRESERVE_CONTEXT) && used < len)
		used += snprintf(buf + used, len - used, "preserve-context,");
	if (used < len)
		snprintf(buf + used, len - used, "%s",
			 arch == KEXEC_ARCH_X86_64 ? "x86_64" :
			 arch == KEXEC_ARCH_386 ? "i386" : "default-arch");
}

static void segment_digest_hex(struct plan_segment *s, char hex[65])
{
	const uint8_t *d = plan_segment_digest(s);

	for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
}

void plan_print_text(FILE *out, struct kexec_plan *plan, const char *type)
{
	char flags[80];

	plan_describe_flags(plan->flags, flags, sizeof(flags));
	fprintf(out, "image type: %s\n", type);
	fprintf(out, "syscall:    %s\n", syscall_name(plan->syscall));
	if (plan->cmdline)
		fprintf(out, "cmdline:    %s\n", plan->cmdline);
	if (plan->syscall == PLAN_KEXEC_FILE_LOAD)
		return;
	fprintf(out, "flags:      %#lx (%s)\n", plan->flags, flags);
	fprintf(out, "entry:      %#" PRIx64 "\n", plan->entry);
	if (plan->has_b_range)
		fprintf(out, "b range:    %#" PRIx64 "-%#" PRIx64 " (%" PRIu64 " MiB; kernel B's "
			"RAM, set with --mem-min/--mem-max)\n", plan->b_range_start,
			plan->b_range_end, (plan->b_range_end - plan->b_range_start + 1) >> 20);
	fprintf(out, "segments:   %zu\n", plan->nr_segments);
	for (size_t i = 0; i < plan->nr_segments; i++) {
		struct plan_segment *s = &plan->segments[i];
		char hex[65];

		segment_digest_hex(s, hex);
		fprintf(out, "  %-10s mem %#014" PRIx64 "-%#014" PRIx64
			" memsz %#10" PRIx64 " bufsz %#10zx sha256 %s\n",
			s->name, s->mem, s->memsz ? segment_last(s) : s->mem,
			s->memsz, s->bufsz, hex);
	}
}

void plan_print_json(FILE *out, struct kexec_plan *plan, const char *type)
{
	char flags[80];

	plan_describe_flags(plan->flags, flags, sizeof(flags));
	fputs("{\"type\":", out);
	json_write_string(out, type);
	fputs(",\"syscall\":", out);
	json_write_string(out, syscall_name(plan->syscall));
	fprintf(out, ",\"flags\":%lu,\"flag_names\":", plan->flags);
	json_write_string(out, flags);
	fprintf(out, ",\"entry\":%" PRIu64, plan->entry);
	if (plan->has_b_range)
		fprintf(out, ",\"b_range\":[%" PRIu64 ",%" PRIu64 "]", plan->b_range_start,
			plan->b_range_end);
	if (plan->cmdline) {
		fputs(",\"cmdline\":", out);
		json_write_string(out, plan->cmdline);
	}
	fputs(",\"segments\":[", out);
	for (size_t i = 0; i < plan->nr_segments; i++) {
		struct plan_segment *s = &plan->segments[i];
		char hex[65];

		segment_digest_hex(s, hex);
		fprintf(out, "%s{\"name\":", i ? "," : "");
		json_write_string(out, s->name);
		fprintf(out, ",\"mem\":%" PRIu64 ",\"memsz\":%" PRIu64
			",\"bufsz\":%zu,\"sha256\":\"%s\"}",
			s->mem, s->memsz, s->bufsz, hex);
	}
	fputs("]}\n", out);
}
