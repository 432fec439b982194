// SPDX-License-Identifier: GPL-2.0-only
#include <time.h>
#include <unistd.h>

#include "progress.h"

#define BAR_WIDTH 30
#define DRAW_INTERVAL 0.2	/* seconds */

double progress_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void draw(struct progress *p)
{
	unsigned int pct = p->total ? (unsigned int)(p->done * 100 / p->total) : 100;
	unsigned int fill = pct * BAR_WIDTH / 100;
	char bar[BAR_WIDTH + 1];

	for (unsigned int i = 0; i < BAR_WIDTH; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[BAR_WIDTH] = '\0';
	fprintf(p->out, "\rkdump: %-12s [%s] %3u%%", p->label, bar, pct);
	fflush(p->out);
	p->drawn = true;
}

void progress_start(struct progress *p, FILE *out, const char *label, uint64_t total)
{
	p->out = out && isatty(fileno(out)) ? out : NULL;
	p->label = label;
	p->total = total;
	p->done = 0;
	p->drawn = false;
	p->last_draw = 0;
	if (p->out) {
		p->last_draw = progress_now();
		draw(p);
	}
}

void progress_add(struct progress *p, uint64_t units)
{
	double now;

	p->done += units;
	if (p->done > p->total)
		p->done = p->total;
	if (!p->out)
		return;
	now = progress_now();
	if (now - p->last_draw < DRAW_INTERVAL)
		return;
	p->last_draw = now;
	draw(p);
}

void progress_end(struct progress *p)
{
	if (p->out && p->drawn) {
		/* Erase the line: the summary (or an error) follows. */
		fprintf(p->out, "\r%*s\r", BAR_WIDTH + 28, "");
		fflush(p->out);
	}
	p->out = NULL;
}
