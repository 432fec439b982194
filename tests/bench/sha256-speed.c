// SPDX-License-Identifier: GPL-2.0-only
/*
 * The purgatory's SHA-256, run natively: tests/bench/sha256 links this
 * with the purgatory object itself (purgatory-x86_64.ro or
 * purgatory-i386.ro: the very code kexec embeds), so the figures are
 * those of the instructions the purgatory executes, minus the CR0/CR4
 * set-up, which a user program cannot (and need not) do.
 *
 *   sha256-speed [MIB [RUNS]]      default 64 MiB, 5 runs
 *
 * Prints one line per block function: "NAME MB/s DIGEST", the median
 * of RUNS; "NAME unsupported" when this CPU cannot run it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "kjump/sha256.h"

static double seconds_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Seconds to hash LEN bytes at BUF with a context INIT starts, and the digest. */
static double time_once(int (*init)(struct sha256_ctx *), const uint8_t *buf,
			size_t len, uint8_t digest[32])
{
	struct sha256_ctx ctx;
	double t;

	init(&ctx);
	t = seconds_now();
	sha256_update(&ctx, buf, len);
	sha256_final(&ctx, digest);
	return seconds_now() - t;
}

static int init_generic(struct sha256_ctx *ctx)
{
	sha256_init_generic(ctx);
	return 0;
}

static void bench(const char *name, int (*init)(struct sha256_ctx *),
		  const uint8_t *buf, size_t len, int runs)
{
	struct sha256_ctx probe;
	double t[64];
	uint8_t d[32];

	if (init(&probe) < 0) {
		printf("%s unsupported\n", name);
		return;
	}
	for (int i = 0; i < runs; i++)
		t[i] = time_once(init, buf, len, d);
	qsort(t, (size_t)runs, sizeof(t[0]), compare_doubles);
	printf("%s %.0f ", name, (double)len / t[runs / 2] / 1e6);
	for (int i = 0; i < 32; i++)
		printf("%02x", d[i]);
	printf("\n");
}

int main(int argc, char **argv)
{
	size_t mib = argc > 1 ? strtoul(argv[1], NULL, 0) : 64;
	int runs = argc > 2 ? atoi(argv[2]) : 5;
	size_t len = mib << 20;
	uint8_t *buf = malloc(len);
	uint32_t x = 1;

	if (!buf || runs < 1 || runs > 64) {
		fprintf(stderr, "usage: sha256-speed [MIB [RUNS (1-64)]]\n");
		return 2;
	}
	/* Content that is not all alike; every page touched before timing. */
	for (size_t i = 0; i < len; i++) {
		x = x * 1103515245 + 12345;
		buf[i] = (uint8_t)(x >> 16);
	}
	bench("sha-ni", sha256_init_shani, buf, len, runs);
	bench("generic", init_generic, buf, len, runs);
	free(buf);
	return 0;
}
