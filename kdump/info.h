/* SPDX-License-Identifier: GPL-2.0-only */
/* kdump info: what a core holds, as text or JSON. */
#ifndef KDUMP_INFO_H
#define KDUMP_INFO_H

#include <stdbool.h>
#include <stdio.h>

#include "core.h"
#include "kjump/error.h"

int kdump_info(struct core *c, bool json, FILE *out, struct kj_error *err);

/* The raw VMCOREINFO text. */
int kdump_info_vmcoreinfo(struct core *c, FILE *out, struct kj_error *err);

#endif
