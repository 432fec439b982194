// SPDX-License-Identifier: GPL-2.0-only
/* util_lib/parse.c: whole numbers and sizes, nothing else. */
#include <stdint.h>
#include <stdlib.h>

#include "helpers.h"
#include "kjump/compiler.h"
#include "kjump/parse.h"

typedef int (*parse_fn)(const char *text, uint64_t *value);

struct parse_case {
	const char *text;
	uint64_t value;
};

/* PARSE takes each of GOOD as its value and refuses each of BAD untouched. */
static void check_parser(parse_fn parse, const struct parse_case *good, size_t ngood,
			 const char *const *bad, size_t nbad)
{
	for (size_t i = 0; i < ngood; i++) {
		uint64_t v = 7;

		if (parse(good[i].text, &v) != 0 || v != good[i].value)
			fail_msg("\"%s\" gave %llu", good[i].text, (unsigned long long)v);
	}
	for (size_t i = 0; i < nbad; i++) {
		uint64_t v = 7;

		if (parse(bad[i], &v) != -1 || v != 7)
			fail_msg("\"%s\" was taken", bad[i] ? bad[i] : "(null)");
	}
}

static void parse_u64_takes_whole_numbers(void **state)
{
	static const struct parse_case good[] = {
		{ "0", 0 }, { "0x1000", 0x1000 }, { "010", 8 },
		{ "18446744073709551615", UINT64_MAX },
		{ "0xffffffff81000000", 0xffffffff81000000ULL },
	};
	static const char *const bad[] = { NULL, "", "-1", "+1", " 1", "1 ", "12abc", "0x",
					   "08", "4K", "18446744073709551616",
					   "99999999999999999999999" };

	(void)state;
	check_parser(kj_parse_u64, good, ARRAY_SIZE(good), bad, ARRAY_SIZE(bad));
}

static void parse_size_takes_suffixes(void **state)
{
	static const struct parse_case good[] = {
		{ "0x1000", 0x1000 }, { "4096", 4096 }, { "16M", 16ULL << 20 },
		{ "3g", 3ULL << 30 }, { "64k", 64ULL << 10 },
		/* The largest that fits: 2^34 - 1 gigabytes. */
		{ "0x3ffffffffG", 0x3ffffffffULL << 30 },
	};
	static const char *const bad[] = { NULL, "", "-1", " -1", "+4K", "12abc", "1MB", "K",
					   "4KK", "0xffffffffffffffffG", "0x400000000G",
					   "99999999999999999999999" };

	(void)state;
	check_parser(kj_parse_size, good, ARRAY_SIZE(good), bad, ARRAY_SIZE(bad));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_u64_takes_whole_numbers),
		cmocka_unit_test(parse_size_takes_suffixes),
	};
	return cmocka_run_group_tests_name("parse", tests, NULL, NULL);
}
