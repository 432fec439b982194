/* SPDX-License-Identifier: GPL-2.0-only */
/* Just enough JSON output for plans and reports. */
#ifndef KJUMP_JSON_H
#define KJUMP_JSON_H

#include <stdio.h>

/* Write S as a JSON string literal, quotes included. */
void json_write_string(FILE *out, const char *s);

#endif
