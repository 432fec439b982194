/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A one-line progress bar on stderr, drawn only when stderr is a
 * terminal and at most a few times a second.
 */
#ifndef KDUMP_PROGRESS_H
#define KDUMP_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct progress {
	FILE *out;		/* NULL: draw nothing */
	const char *label;
	uint64_t total, done;
	double last_draw;
	bool drawn;
};

/* Monotonic seconds. */
double progress_now(void);

/* Start a bar for TOTAL units; OUT NULL (or not a terminal) disables it. */
void progress_start(struct progress *p, FILE *out, const char *label, uint64_t total);
void progress_add(struct progress *p, uint64_t units);
/* Erase the bar. */
void progress_end(struct progress *p);

#endif
