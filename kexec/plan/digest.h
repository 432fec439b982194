/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hashing many buffers at once, on a few worker threads.
 *
 * Why: SHA-256 is one serial dependency chain per digest (each 64-byte
 * block needs the state the previous block left), so a single digest
 * of a 64 MiB initrd cannot go faster than one core's SHA256RNDS2
 * latency allows, and it was most of a load's time.  The only way
 * down is several digests on several cores.  So kexec records one
 * digest per region (a large segment is cut into fixed, page-aligned
 * pieces: plan_digest() in plan.c), hashes all regions of a plan here
 * in parallel, and the purgatory checks the same regions one after
 * another (it runs on one CPU and needs no threads: verifying N
 * regions costs what verifying one segment of the same bytes did).
 *
 * The result never depends on the number of threads: every job writes
 * only its own digest, and which regions exist depends only on the
 * plan.  The thread count only changes how fast it goes.
 */
#ifndef KJUMP_DIGEST_H
#define KJUMP_DIGEST_H

#include <stddef.h>
#include <stdint.h>

/* At most this many threads (the caller's included) hash at once. */
#define DIGEST_MAX_THREADS	8
/* Below this many bytes in all, threads cost more than they save. */
#define DIGEST_PARALLEL_MIN	(4u << 20)

struct digest_job {
	const void *buf;
	size_t len;
	uint8_t *out;		/* SHA256_DIGEST_SIZE bytes */
};

/*
 * How many threads digest_run() should use for these N jobs on this
 * machine: min(online CPUs, N, DIGEST_MAX_THREADS), and 1 when the
 * jobs are too small together to be worth a thread.
 */
unsigned digest_threads(const struct digest_job *jobs, size_t n);

/*
 * Hash each job's LEN bytes at BUF into OUT, on up to THREADS threads
 * (the calling thread is one of them; 0 or 1: all in the caller).  If
 * a thread cannot be created, the threads that exist (at least the
 * caller) do the rest; it cannot fail.
 */
void digest_run(struct digest_job *jobs, size_t n, unsigned threads);

#endif
