/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A kexec_file_load plan: the running kernel's own loader places the
 * image, builds the boot parameters (EFI, ACPI, framebuffer, memory
 * map) and, for a crash kernel, the ELF core header; kexec only hands
 * it the kernel, the initrd and the command line.  With lockdown, that
 * loader is the only one the kernel allows, and it checks the kernel's
 * signature (kernel/kexec_file.c, kimage_validate_signature()).
 */
#ifndef KJUMP_LOAD_FILE_PLAN_H
#define KJUMP_LOAD_FILE_PLAN_H

#include "kjump/file.h"
#include "load/image.h"

/* Fill CTX->plan (syscall already PLAN_KEXEC_FILE_LOAD) for IMAGE, of
 * TYPE, which must outlive the plan. */
int file_plan_build(struct load_context *ctx, const struct image_type *type,
		    const struct kj_blob *image);

#endif
