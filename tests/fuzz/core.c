// SPDX-License-Identifier: GPL-2.0-only
/*
 * ELF cores as kdump reads them: core_open() (ELF header of either
 * class, PN_XNUM, program headers checked against the file, notes
 * scanned, VMCOREINFO parsed), then what kdump info and kdump dmesg do
 * with it (kernel memory through the page tables or the PT_LOADs, the
 * printk ringbuffer).  The input is also parsed as bare VMCOREINFO text.
 * Input: the core file.
 */
#include <stdlib.h>

#include "fuzz.h"
#include "kjump/decompress.h"
#include "../../kdump/core.h"
#include "../../kdump/dmesg.h"
#include "../../kdump/info.h"
#include "../../kdump/kmem.h"

static struct fuzz_file core_file;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_init();
	fuzz_file_open(&core_file, "core");
	return 0;
}

/* The look-ups kdump makes, on VMCOREINFO text alone. */
static void vmcoreinfo_text(const uint8_t *data, size_t size)
{
	struct vmcoreinfo v;
	struct kj_error err = { 0 };
	uint64_t x;
	int64_t n;

	if (vmcoreinfo_parse(&v, data, size, &err) < 0)
		return;
	(void)vmcoreinfo_get(&v, "OSRELEASE");
	(void)vmci_symbol(&v, "prb", &x);
	(void)vmci_size(&v, "prb_desc", &x);
	(void)vmci_offset(&v, "prb_desc.state_var", &x);
	(void)vmci_length(&v, "mem_section", &x);
	(void)vmci_number(&v, "phys_base", &n);
	(void)vmci_hex(&v, "KERNELOFFSET", &x);
	(void)vmci_dec(&v, "PAGESIZE", &x);
	(void)vmci_need(&v, "OFFSET", "page.flags", "fuzzing", &x, &err);
	vmcoreinfo_free(&v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct core c;
	struct kmem m;
	struct kj_error err = { 0 };
	unsigned long records;

	vmcoreinfo_text(data, size);
	/* A compressed core is expanded into a temporary file first; the
	 * decompress target covers the formats, so stay off the disk. */
	if (kj_detect_compression(data, size) != KJ_COMPRESSION_NONE)
		return 0;
	fuzz_file_set(&core_file, data, size);
	if (core_open(&c, core_file.path, NULL, &err) < 0) {
		fuzz_report("core_open", &err);
		return 0;
	}
	(void)kdump_info(&c, false, fuzz_null(), &err);
	(void)kdump_info(&c, true, fuzz_null(), &err);
	(void)kdump_info_vmcoreinfo(&c, fuzz_null(), &err);
	if (kmem_init(&m, &c, &err) == 0 &&
	    kdump_dmesg(&m, fuzz_null(), &records, &err) == 0 && getenv("KJUMP_FUZZ_VERBOSE"))
		fprintf(stderr, "fuzz: %lu log records\n", records);
	fuzz_report(err.set ? "info or dmesg" : "read", &err);
	core_close(&c);
	return 0;
}
