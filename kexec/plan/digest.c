// SPDX-License-Identifier: GPL-2.0-only
/*
 * A small pool of threads hashing a list of buffers (digest.h says
 * why).  Workers take the next job from a shared index under a mutex,
 * largest job first so that no thread is left with a big piece at the
 * end; each job writes only its own digest.
 */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "plan/digest.h"
#include "kjump/sha256.h"

struct digest_pool {
	struct digest_job **order;	/* jobs, largest first */
	size_t n;
	size_t next;			/* next index into order, under lock */
	pthread_mutex_t lock;
};

unsigned digest_threads(const struct digest_job *jobs, size_t n)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	uint64_t total = 0;
	unsigned threads;

	for (size_t i = 0; i < n; i++)
		total += jobs[i].len;
	if (total < DIGEST_PARALLEL_MIN || cpus <= 1)
		return 1;
	threads = cpus < DIGEST_MAX_THREADS ? (unsigned)cpus : DIGEST_MAX_THREADS;
	return n < threads ? (unsigned)n : threads;
}

static struct digest_job *take(struct digest_pool *pool)
{
	struct digest_job *job = NULL;

	pthread_mutex_lock(&pool->lock);
	if (pool->next < pool->n)
		job = pool->order[pool->next++];
	pthread_mutex_unlock(&pool->lock);
	return job;
}

static void *worker(void *arg)
{
	struct digest_pool *pool = arg;
	struct digest_job *job;

	while ((job = take(pool)))
		sha256_digest(job->buf, job->len, job->out);
	return NULL;
}

static int larger_first(const void *a, const void *b)
{
	const struct digest_job *x = *(struct digest_job *const *)a;
	const struct digest_job *y = *(struct digest_job *const *)b;

	return x->len < y->len ? 1 : x->len > y->len ? -1 : 0;
}

static void run_serial(struct digest_job *jobs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sha256_digest(jobs[i].buf, jobs[i].len, jobs[i].out);
}

void digest_run(struct digest_job *jobs, size_t n, unsigned threads)
{
	pthread_t tid[DIGEST_MAX_THREADS - 1];
	struct digest_pool pool = { .n = n };
	unsigned started = 0;

	if (threads > DIGEST_MAX_THREADS)
		threads = DIGEST_MAX_THREADS;
	if (threads > n)
		threads = (unsigned)n;
	if (threads <= 1 || !(pool.order = calloc(n, sizeof(*pool.order)))) {
		run_serial(jobs, n);
		return;
	}
	for (size_t i = 0; i < n; i++)
		pool.order[i] = &jobs[i];
	qsort(pool.order, n, sizeof(*pool.order), larger_first);
	if (pthread_mutex_init(&pool.lock, NULL) != 0) {
		free(pool.order);
		run_serial(jobs, n);
		return;
	}
	while (started < threads - 1 &&
	       pthread_create(&tid[started], NULL, worker, &pool) == 0)
		started++;
	worker(&pool);
	for (unsigned i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	pthread_mutex_destroy(&pool.lock);
	free(pool.order);
}
