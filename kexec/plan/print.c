// SPDX-License-Identifier: GPL-2.0-only
#include <inttypes.h>
#include <stdbool.h>
#include <string.h>

#include "kjump/json.h"
#include "kjump/sha256.h"
#include "kjump/text.h"
#include "arch/arch.h"
#include "plan/print.h"

static const char *syscall_name(enum plan_syscall s)
{
	return s == PLAN_KEXEC_LOAD ? "kexec_load" : "kexec_file_load";
}

void plan_describe_flags(unsigned long flags, char *buf, size_t len)
{
	size_t used = 0;
	const struct kexec_arch *arch = arch_by_flag(flags & KEXEC_ARCH_MASK);

	buf[0] = '\0';
	if (flags & KEXEC_ON_CRASH)
		used += snprintf(buf + used, len - used, "on-crash,");
	if ((flags & KEXEC_PRESERVE_CONTEXT) && used < len)
		used += snprintf(buf + used, len - used, "preserve-context,");
	if ((flags & KEXEC_UPDATE_ELFCOREHDR) && used < len)
		used += snprintf(buf + used, len - used, "update-elfcorehdr,");
	if (used < len)
		snprintf(buf + used, len - used, "%s", arch ? arch->name : "default-arch");
}

static void digest_hex(const uint8_t *d, char hex[65])
{
	for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
}

static void describe_file_flags(unsigned long flags, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s", flags & KEXEC_FILE_ON_CRASH ? "on-crash," : "",
		 flags & KEXEC_FILE_NO_INITRAMFS ? "no-initramfs" : "initramfs");
}

/* A kexec_file_load plan's inputs as both printers show them. */
struct file_inputs {
	char flags[64];		/* KEXEC_FILE_* by name */
	char kernel_sha256[65];
	bool has_initrd;
};

static void describe_file_inputs(const struct kexec_plan *plan, struct file_inputs *in)
{
	uint8_t digest[SHA256_DIGEST_SIZE];

	describe_file_flags(plan->file_flags, in->flags, sizeof(in->flags));
	sha256_digest(plan->file_kernel, plan->file_kernel_size, digest);
	digest_hex(digest, in->kernel_sha256);
	in->has_initrd = plan->initrd_fd >= 0 || plan->file_initrd;
}

/* A kexec_file_load plan: the kernel's own loader gets these inputs. */
static void print_file_inputs_text(FILE *out, const struct kexec_plan *plan)
{
	struct file_inputs in;

	describe_file_inputs(plan, &in);
	fprintf(out, "file flags: %#lx (%s)\n", plan->file_flags, in.flags);
	fprintf(out, "kernel:     %zu bytes sha256 %s (placed by the running kernel)\n",
		plan->file_kernel_size, in.kernel_sha256);
	if (in.has_initrd)
		fprintf(out, "initrd:     %" PRIu64 " bytes%s\n", plan->initrd_size,
			plan->file_initrd ? " (from inside the image)" : "");
}

static void print_file_inputs_json(FILE *out, const struct kexec_plan *plan)
{
	struct file_inputs in;

	describe_file_inputs(plan, &in);
	fprintf(out, ",\"file_flags\":%lu,\"file_flag_names\":", plan->file_flags);
	json_write_string(out, in.flags);
	fprintf(out, ",\"kernel_bytes\":%zu,\"kernel_sha256\":\"%s\"",
		plan->file_kernel_size, in.kernel_sha256);
	if (in.has_initrd)
		fprintf(out, ",\"initrd_bytes\":%" PRIu64, plan->initrd_size);
}

/*
 * Every segment's digests, all hashed at once (plan_digest() uses the
 * cores).  Out of memory: say so in place of the digests.
 */
static bool hash_plan(FILE *out, struct kexec_plan *plan)
{
	struct kj_error err = { 0 };

	if (plan_digest(plan, 0, &err) == 0)
		return true;
	fprintf(out, "(no digests: %s)\n", err.msg);
	kj_error_clear(&err);
	return false;
}

/* What the loader attached (struct plan_detail), escaped: it may quote input. */
static void print_details_text(FILE *out, const struct kexec_plan *plan)
{
	if (!plan->nr_details)
		return;
	fprintf(out, "details:    %zu\n", plan->nr_details);
	for (size_t i = 0; i < plan->nr_details; i++) {
		fprintf(out, "  %-12s ", plan->details[i].topic);
		kj_fputs_escaped(plan->details[i].text, out);
		fputc('\n', out);
	}
}

static void print_details_json(FILE *out, const struct kexec_plan *plan)
{
	if (!plan->nr_details)
		return;
	fputs(",\"details\":[", out);
	for (size_t i = 0; i < plan->nr_details; i++) {
		fprintf(out, "%s{\"topic\":", i ? "," : "");
		json_write_string(out, plan->details[i].topic);
		fputs(",\"text\":", out);
		json_write_string(out, plan->details[i].text);
		fputc('}', out);
	}
	fputc(']', out);
}

void plan_print_text(FILE *out, struct kexec_plan *plan, const char *type)
{
	char flags[80];
	bool hashed;

	plan_describe_flags(plan->flags, flags, sizeof(flags));
	fprintf(out, "image type: %s\n", type);
	fprintf(out, "syscall:    %s\n", syscall_name(plan->syscall));
	if (plan->syscall_why)
		fprintf(out, "because:    %s\n", plan->syscall_why);
	if (plan->cmdline) {
		/* Partly the running kernel's (--reuse-cmdline): shown escaped. */
		fputs("cmdline:    ", out);
		kj_fputs_escaped(plan->cmdline, out);
		fputc('\n', out);
	}
	if (plan->syscall == PLAN_KEXEC_FILE_LOAD) {
		print_file_inputs_text(out, plan);
		print_details_text(out, plan);
		return;
	}
	fprintf(out, "flags:      %#lx (%s)\n", plan->flags, flags);
	fprintf(out, "entry:      %#" PRIx64 "\n", plan->entry);
	if (plan->has_b_range)
		fprintf(out, "b range:    %#" PRIx64 "-%#" PRIx64 " (%" PRIu64 " MiB; kernel B's "
			"RAM, set with --mem-min/--mem-max)\n", plan->b_range_start,
			plan->b_range_end, (plan->b_range_end - plan->b_range_start + 1) >> 20);
	hashed = hash_plan(out, plan);
	fprintf(out, "segments:   %zu\n", plan->nr_segments);
	for (size_t i = 0; i < plan->nr_segments; i++) {
		struct plan_segment *s = &plan->segments[i];
		char hex[65] = "-";

		fprintf(out, "  %-10s mem %#014" PRIx64 "-%#014" PRIx64
			" memsz %#10" PRIx64 " bufsz %#10zx", s->name, s->mem,
			s->memsz ? segment_last(s) : s->mem, s->memsz, s->bufsz);
		if (hashed && s->nr_regions > 1) {
			/* A split segment: one digest per region, none of the whole. */
			fprintf(out, " regions %zu\n", s->nr_regions);
			for (size_t j = 0; j < s->nr_regions; j++) {
				uint64_t off, len;

				plan_region_span(s, j, &off, &len);
				digest_hex(plan_region_digest(s, j), hex);
				fprintf(out, "    region +0x%08" PRIx64 " len %#10" PRIx64
					" sha256 %s\n", off, len, hex);
			}
			continue;
		}
		if (hashed)
			digest_hex(s->sha256, hex);
		fprintf(out, " sha256 %s%s\n", hex,
			s->kernel_rewrites ? " (rewritten by the kernel: not verified)" : "");
	}
	print_details_text(out, plan);
}

void plan_print_json(FILE *out, struct kexec_plan *plan, const char *type)
{
	struct kj_error err = { 0 };
	char flags[80];
	bool hashed;

	plan_describe_flags(plan->flags, flags, sizeof(flags));
	fputs("{\"type\":", out);
	json_write_string(out, type);
	fputs(",\"syscall\":", out);
	json_write_string(out, syscall_name(plan->syscall));
	if (plan->syscall_why) {
		fputs(",\"syscall_why\":", out);
		json_write_string(out, plan->syscall_why);
	}
	if (plan->syscall == PLAN_KEXEC_FILE_LOAD) {
		if (plan->cmdline) {
			fputs(",\"cmdline\":", out);
			json_write_string(out, plan->cmdline);
		}
		print_file_inputs_json(out, plan);
		fputs(",\"segments\":[]}\n", out);
		return;
	}
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
	hashed = plan_digest(plan, 0, &err) == 0;
	if (!hashed) {
		fputs(",\"error\":", out);
		json_write_string(out, err.msg);
		kj_error_clear(&err);
	}
	fputs(",\"segments\":[", out);
	for (size_t i = 0; i < plan->nr_segments; i++) {
		struct plan_segment *s = &plan->segments[i];
		char hex[65];

		fprintf(out, "%s{\"name\":", i ? "," : "");
		json_write_string(out, s->name);
		fprintf(out, ",\"mem\":%" PRIu64 ",\"memsz\":%" PRIu64 ",\"bufsz\":%zu",
			s->mem, s->memsz, s->bufsz);
		if (hashed && s->nr_regions > 1) {
			/* A split segment: one digest per region, none of the whole. */
			fputs(",\"regions\":[", out);
			for (size_t j = 0; j < s->nr_regions; j++) {
				uint64_t off, len;

				plan_region_span(s, j, &off, &len);
				digest_hex(plan_region_digest(s, j), hex);
				fprintf(out, "%s{\"offset\":%" PRIu64 ",\"len\":%" PRIu64
					",\"sha256\":\"%s\"}", j ? "," : "", off, len, hex);
			}
			fputc(']', out);
		} else if (hashed) {
			digest_hex(s->sha256, hex);
			fprintf(out, ",\"sha256\":\"%s\"", hex);
		}
		if (s->kernel_rewrites)
			fputs(",\"verified\":false", out);
		fputc('}', out);
	}
	fputc(']', out);
	print_details_json(out, plan);
	fputs("}\n", out);
}
