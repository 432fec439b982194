/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The crashed kernel's log, read from its lockless printk ringbuffer
 * (Linux 5.10 and later: kernel/printk/printk_ringbuffer.h), with the
 * layout VMCOREINFO describes (kernel/printk/printk.c,
 * log_buf_vmcoreinfo_setup()).
 */
#ifndef KDUMP_DMESG_H
#define KDUMP_DMESG_H

#include <stdio.h>

#include "kjump/error.h"
#include "kmem.h"

/*
 * Print every readable record, oldest first, as "[seconds.micros] text",
 * each line of a multi-line record prefixed the same way.
 * *RECORDS gets the number of records printed.
 */
int kdump_dmesg(struct kmem *m, FILE *out, unsigned long *records, struct kj_error *err);

#endif
