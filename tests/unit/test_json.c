// SPDX-License-Identifier: GPL-2.0-only
/* JSON output: util_lib/json.c's strings and kexec/plan/print.c's plan. */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/x86/x86.h"
#include "helpers.h"
#include "kjump/compiler.h"
#include "kjump/json.h"
#include "plan/print.h"

static void json_plan_output(void **state)
{
	struct kexec_plan plan;
	struct kj_error err = { 0 };
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	plan_init(&plan);
	plan.flags = KEXEC_ARCH_X86_64 | KEXEC_PRESERVE_CONTEXT;
	plan.entry = 0x2000000;
	assert_int_equal(plan_add_segment(&plan, "image", "abc", 3, 0x2000000, 3, &err), 0);
	plan_print_json(out, &plan, "raw");
	fclose(out);
	assert_string_equal(text,
		"{\"type\":\"raw\",\"syscall\":\"kexec_load\",\"flags\":4063234,"
		"\"flag_names\":\"preserve-context,x86_64\",\"entry\":33554432,"
		"\"segments\":[{\"name\":\"image\",\"mem\":33554432,\"memsz\":4096,\"bufsz\":3,"
		"\"sha256\":\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"}]}\n");
	free(text);
	plan_free(&plan);
}

/* PLAN printed as JSON or text, in a malloc'd string. */
static char *printed(struct kexec_plan *plan, bool json)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	if (json)
		plan_print_json(out, plan, "raw");
	else
		plan_print_text(out, plan, "raw");
	fclose(out);
	return text;
}

/* Details a loader attached: after the segments, as text and as JSON;
 * the plan owns them. */
static void plan_details_printed(void **state)
{
	struct kexec_plan plan;
	struct kj_error err = { 0 };
	char *text;

	plan_init(&plan);
	plan.flags = KEXEC_ARCH_X86_64;
	assert_int_equal(plan_add_segment(&plan, "image", "abc", 3, 0x2000000, 3, &err), 0);
	assert_int_equal(plan_add_detail(&plan, &err, "efi", "skipped: %s", "--noefi"), 0);
	assert_int_equal(plan_add_detail(&plan, &err, "setup_data", "SETUP_RNG_SEED len %d at %#x",
					 32, 0x9000), 0);
	assert_int_equal(plan_add_detail(&plan, &err, "framebuffer", "fb0 is \"\x1b[2J\""), 0);
	text = printed(&plan, true);
	assert_non_null(strstr(text, "}],\"details\":[{\"topic\":\"efi\",\"text\":\"skipped: --noefi\"},"
				 "{\"topic\":\"setup_data\",\"text\":\"SETUP_RNG_SEED len 32 at 0x9000\"},"
				 "{\"topic\":\"framebuffer\",\"text\":\"fb0 is \\\"\\u001b[2J\\\"\"}]}\n"));
	free(text);
	text = printed(&plan, false);
	assert_non_null(strstr(text, "\ndetails:    3\n  efi          skipped: --noefi\n"
				 "  setup_data   SETUP_RNG_SEED len 32 at 0x9000\n"
				 "  framebuffer  fb0 is \"\\x1b[2J\"\n"));
	free(text);
	plan_free(&plan);
	assert_null(plan.details);
}

static void json_escapes(void **state)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	json_write_string(out, "a\"b\\c\nd\x01");
	fclose(out);
	assert_string_equal(text, "\"a\\\"b\\\\c\\nd\\u0001\"");
	free(text);
}

static char *json_of(const char *s)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	json_write_string(out, s);
	fclose(out);
	return text;
}

/* Output that claims to be JSON is UTF-8 (RFC 8259 section 8.1): valid
 * sequences pass, anything else (from VMCOREINFO, a file name) becomes
 * U+FFFD, never raw bytes a JSON parser refuses. */
static void json_keeps_utf8_valid(void **state)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\xa7", "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\xa7\"" },
		{ "a\xff" "b", "\"a\\ufffdb\"" },			/* never UTF-8 */
		{ "\xc0\xaf", "\"\\ufffd\\ufffd\"" },			/* overlong '/' */
		{ "\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"" },	/* a surrogate */
		{ "\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"" },	/* past U+10FFFF */
		{ "\xe2\x82", "\"\\ufffd\\ufffd\"" },			/* cut short by the end */
		{ "\xc3", "\"\\ufffd\"" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *text = json_of(cases[i].in);

		assert_string_equal(text, cases[i].out);
		free(text);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(json_plan_output),
		cmocka_unit_test(plan_details_printed),
		cmocka_unit_test(json_escapes),
		cmocka_unit_test(json_keeps_utf8_valid),
	};
	return cmocka_run_group_tests_name("json", tests, NULL, NULL);
}
