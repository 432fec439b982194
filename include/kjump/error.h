/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One error message per operation.
 *
 * Functions that can fail take a struct kj_error and return -1 after
 * recording why.  The first (innermost) message wins, so the line the
 * user finally sees names the real cause, not the caller that noticed
 * it.  Only main() prints it.
 */
#ifndef KJUMP_ERROR_H
#define KJUMP_ERROR_H

#include <stdbool.h>

struct kj_error {
	bool set;
	int status;		/* exit status to report: 1, or 2 for "not implemented" */
	char msg[512];
};

/* Record the message (unless one is already recorded) and return -1. */
int kj_fail(struct kj_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Like kj_fail(), appending ": strerror(errno_value)". */
int kj_fail_errno(struct kj_error *err, int errno_value, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* An option that parses but whose machinery is not there yet: exit 2. */
int kj_not_implemented(struct kj_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

void kj_error_clear(struct kj_error *err);

#endif
