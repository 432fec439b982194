/* SPDX-License-Identifier: GPL-2.0-only */
/* Showing a plan: what --dry-run prints, as text or JSON. */
#ifndef KJUMP_PLAN_PRINT_H
#define KJUMP_PLAN_PRINT_H

#include <stdio.h>

#include "plan/plan.h"

/* TYPE names the image type, for the reader.  Digests not yet computed
 * are computed and kept in the plan. */
void plan_print_text(FILE *out, struct kexec_plan *plan, const char *type);
void plan_print_json(FILE *out, struct kexec_plan *plan, const char *type);

/* "preserve-context,on-crash,x86_64" style description of FLAGS. */
void plan_describe_flags(unsigned long flags, char *buf, size_t len);

#endif
