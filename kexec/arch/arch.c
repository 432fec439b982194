// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>

#include "arch/arch.h"
#include "arch/x86/x86.h"

/* The arch kexec is built for comes first: its image types are the ones
 * --help lists and -t names. */
const struct kexec_arch *const arch_table[] = {
	&x86_64_arch,
	&i386_arch,
	NULL,
};

const struct kexec_arch *arch_by_name(const char *name)
{
	for (size_t i = 0; arch_table[i]; i++)
		if (strcmp(arch_table[i]->name, name) == 0)
			return arch_table[i];
	return NULL;
}

const struct kexec_arch *arch_by_flag(unsigned long kexec_flag)
{
	for (size_t i = 0; arch_table[i]; i++)
		if (arch_table[i]->kexec_flag == kexec_flag)
			return arch_table[i];
	return NULL;
}

const struct kexec_arch *arch_from_machine(const char *machine, struct kj_error *err)
{
	const struct kexec_arch *arch = x86_arch_from_machine(machine);

	if (!arch)
		kj_fail(err, "unsupported machine \"%s\": kjump is for x86", machine);
	return arch;
}

const struct image_type *const *arch_image_types(void)
{
	return arch_table[0]->image_types;
}
