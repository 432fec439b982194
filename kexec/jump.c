// SPDX-License-Identifier: GPL-2.0-only
#include <inttypes.h>
#include <string.h>

#include "jump.h"
#include "options.h"

static const char *find_last_param(const char *cmdline)
{
	const char *p = cmdline, *found = NULL;

	/* A parameter starts the line or follows a space; the last one
	 * wins, as in the kernel's own parameter parsing. */
	while ((p = strstr(p, JUMP_BACK_ENTRY_PARAM))) {
		if (p == cmdline || p[-1] == ' ')
			found = p;
		p += strlen(JUMP_BACK_ENTRY_PARAM);
	}
	return found;
}

int jump_back_entry_from_cmdline(const char *cmdline, uint64_t *entry,
				 struct kj_error *err)
{
	const char *param = find_last_param(cmdline);
	char value[32];
	size_t n;

	if (!param)
		return kj_fail(err, "no --entry given and no " JUMP_BACK_ENTRY_PARAM
			       " on the kernel command line");
	param += strlen(JUMP_BACK_ENTRY_PARAM);
	n = strcspn(param, " \n");
	if (n == 0 || n >= sizeof(value))
		return kj_fail(err, JUMP_BACK_ENTRY_PARAM " has a bad value");
	memcpy(value, param, n);
	value[n] = '\0';
	if (options_parse_size(value, entry) < 0)
		return kj_fail(err, JUMP_BACK_ENTRY_PARAM " has a bad value: \"%s\"", value);
	if (*entry == 0)
		return kj_fail(err, JUMP_BACK_ENTRY_PARAM "0: the caller cannot be "
			       "jumped back to");
	return 0;
}

int plan_jump_back_helper(struct kexec_plan *plan, uint64_t entry,
			  struct kj_error *err)
{
	plan->syscall = PLAN_KEXEC_LOAD;
	plan->flags |= KEXEC_PRESERVE_CONTEXT;
	plan->entry = entry;
	/* The entry is in A's memory, which B's plan knows nothing of. */
	plan->entry_outside_segments = true;
	/* The kernel takes zero segments as "unload", so the helper is one
	 * empty segment at 0 (nothing is copied, nothing is swapped). */
	return plan_add_segment(plan, "jump-back", NULL, 0, 0, 0, err);
}
