// SPDX-License-Identifier: GPL-2.0-only
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kjump/error.h"

static int record(struct kj_error *err, int errno_value, const char *fmt, va_list ap)
{
	size_t used;

	if (!err || err->set)
		return -1;
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	if (errno_value) {
		used = strlen(err->msg);
		snprintf(err->msg + used, sizeof(err->msg) - used, ": %s",
			 strerror(errno_value));
	}
	/* The message must stay on one line whatever was interpolated. */
	for (char *p = err->msg; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	err->set = true;
	err->status = 1;
	return -1;
}

int kj_fail(struct kj_error *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	record(err, 0, fmt, ap);
	va_end(ap);
	return -1;
}

int kj_fail_errno(struct kj_error *err, int errno_value, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	record(err, errno_value, fmt, ap);
	va_end(ap);
	return -1;
}

int kj_not_implemented(struct kj_error *err, const char *fmt, ...)
{
	va_list ap;
	bool was_set = err->set;

	va_start(ap, fmt);
	record(err, 0, fmt, ap);
	va_end(ap);
	if (!was_set)
		err->status = 2;
	return -1;
}

void kj_error_clear(struct kj_error *err)
{
	err->status = 0;
	err->set = false;
	err->msg[0] = '\0';
}
