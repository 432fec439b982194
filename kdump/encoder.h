/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Sequential output to a file descriptor, optionally compressed as one
 * gzip, xz or zstd stream.  A core written this way is compressed as a
 * whole: `zcat out.gz` gives back the ELF core.
 */
#ifndef KDUMP_ENCODER_H
#define KDUMP_ENCODER_H

#include <stddef.h>
#include <stdint.h>

#include "kjump/codec.h"
#include "kjump/error.h"

struct encoder {
	int fd;
	const char *name;	/* for messages */
	struct kj_codec codec;	/* "none" copies */
	uint8_t *buf;		/* compressed (or plain) bytes waiting for write() */
	size_t fill;
	uint64_t bytes_in;	/* bytes given to encoder_write() */
	uint64_t bytes_out;	/* bytes written to FD */
};

int encoder_open(struct encoder *e, enum kj_compression c, int fd, const char *name,
		 struct kj_error *err);
int encoder_write(struct encoder *e, const void *data, size_t len, struct kj_error *err);
/* End the stream and flush everything to FD. */
int encoder_finish(struct encoder *e, struct kj_error *err);
void encoder_free(struct encoder *e);

#endif
