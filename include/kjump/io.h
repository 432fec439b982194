/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Whole reads and writes on file descriptors.  read(2), pread(2) and
 * write(2) may move fewer bytes than asked (pipes, terminals, a signal
 * arriving mid-way) and fail with EINTR when a signal comes first
 * (signal(7), "Interruption of system calls"); these retry until the
 * job is done.  NAME is the file as the one-line error message calls it.
 */
#ifndef KJUMP_IO_H
#define KJUMP_IO_H

#include <stddef.h>
#include <stdint.h>

#include "kjump/error.h"

/* All LEN bytes of BUF to FD, or "cannot write NAME: ...". */
int kj_write_all(int fd, const void *buf, size_t len, const char *name,
		 struct kj_error *err);

/*
 * Read from FD until LEN bytes are in BUF or the file ends; *GOT says
 * how many arrived (fewer than LEN only at the end of the file).
 */
int kj_read_upto(int fd, void *buf, size_t len, size_t *got, const char *name,
		 struct kj_error *err);

/* The same at file offset OFF, leaving FD's own offset alone. */
int kj_pread_upto(int fd, void *buf, size_t len, uint64_t off, size_t *got,
		  const char *name, struct kj_error *err);

/* Exactly LEN bytes at OFF, or "NAME is truncated (LEN bytes at offset OFF)". */
int kj_pread_full(int fd, void *buf, size_t len, uint64_t off, const char *name,
		  struct kj_error *err);

#endif
