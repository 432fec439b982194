// SPDX-License-Identifier: GPL-2.0-only
/*
 * kexec-tools' purgatory options as kjump's purgatory receives them: a
 * bzImage planned for kexec_load with -i, --entry-32bit, --console-vga
 * and --console-serial/--serial-baud, and the purgatory's variables
 * read back from the plan (include/kjump/purgatory.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/x86/x86.h"
#include "helpers.h"
#include "kjump/purgatory.h"
#include "load/build.h"

struct built {
	struct memory_map map;
	struct load_plan lp;
};

/* tests/data/sysroot-qemu: a QEMU guest's crash sources (two CPUs). */
static char crash_paths[3][512];

static void build(struct built *b, struct load_request req)
{
	const char *src = getenv("KJUMP_SRCDIR");
	struct load_system sys = { .arch = sizeof(void *) == 8 ? &x86_64_arch : &i386_arch,
				   .map = &b->map,
				   .sysfs_kernel = "/nonexistent", .hash_threads = 1 };
	struct kj_error err = { 0 };
	struct kj_blob image;

	if (!src)
		fail_msg("KJUMP_SRCDIR is not set (run through make check)");
	snprintf(crash_paths[0], sizeof(crash_paths[0]),
		 "%s/tests/data/sysroot-qemu/sys/kernel/vmcoreinfo", src);
	snprintf(crash_paths[1], sizeof(crash_paths[1]),
		 "%s/tests/data/sysroot-qemu/sys/devices/system/cpu", src);
	snprintf(crash_paths[2], sizeof(crash_paths[2]), "%s/nonexistent/kcore", src);
	sys.crash = (struct crash_sources){ crash_paths[0], crash_paths[1], crash_paths[2] };
	req.image = "bzImage";
	req.syscall = SYSCALL_KEXEC_LOAD;
	must_parse_iomem(&b->map, test_iomem_512m);
	image.data = test_bzimage(&image.size);
	if (plan_build_image(&req, &sys, &image, &b->lp, &err) < 0)
		fail_msg("%s", err.msg);
	/* The plan borrows IMAGE; keep it for the test's lifetime. */
	load_context_own(&b->lp.load, image.data);
}

static void done(struct built *b)
{
	load_plan_free(&b->lp);
	memmap_free(&b->map);
}

#define VALUE(b, symbol, var) \
	purgatory_value_in_plan(&(b)->lp.plan, &(b)->map, symbol, &(var), sizeof(var))

/* -i: no region to verify; without it, one per segment but the purgatory. */
static void no_checks(void **state)
{
	struct built b = { 0 };
	uint32_t nr;

	build(&b, (struct load_request){ 0 });
	VALUE(&b, "purgatory_nr_regions", nr);
	assert_int_equal(nr, b.lp.plan.nr_segments - 1);
	done(&b);
	build(&b, (struct load_request){ .skip_checks = true });
	VALUE(&b, "purgatory_nr_regions", nr);
	assert_int_equal(nr, 0);
	done(&b);
}

/* --hotplug (-p): the core header the kernel rewrites gets no region. */
static void hotplug_core_header_unverified(void **state)
{
	struct built b = { 0 };
	uint32_t nr;

	build(&b, (struct load_request){ .purpose = LOAD_CRASH });
	VALUE(&b, "purgatory_nr_regions", nr);
	assert_int_equal(nr, b.lp.plan.nr_segments - 1);
	assert_true(b.lp.plan.flags & KEXEC_ON_CRASH);
	done(&b);
	build(&b, (struct load_request){ .purpose = LOAD_CRASH, .hotplug = true,
					 .hotplug_elfcorehdr_size = 1 << 20 });
	VALUE(&b, "purgatory_nr_regions", nr);
	assert_int_equal(nr, b.lp.plan.nr_segments - 2);
	assert_true(b.lp.plan.flags & KEXEC_UPDATE_ELFCOREHDR);
	for (size_t i = 0; i < b.lp.plan.nr_segments; i++)
		if (strcmp(b.lp.plan.segments[i].name, "elfcorehdr") == 0)
			assert_int_equal(b.lp.plan.segments[i].memsz, 1 << 20);
	done(&b);
}

/* --entry-32bit: the 32-bit entry at code32_start, even from x86_64. */
static void entry_32bit(void **state)
{
	struct built b = { 0 };
	struct purgatory_regs32 r32;
	uint32_t mode;

	/* An i386 kexec (an i386 kernel) enters every kernel in 32-bit mode. */
	build(&b, (struct load_request){ 0 });
	VALUE(&b, "purgatory_entry_mode", mode);
	assert_int_equal(mode, sizeof(void *) == 8 ? PURGATORY_ENTER_64 : PURGATORY_ENTER_32);
	done(&b);
	build(&b, (struct load_request){ .entry_32bit = true });
	VALUE(&b, "purgatory_entry_mode", mode);
	assert_int_equal(mode, PURGATORY_ENTER_32);
	VALUE(&b, "purgatory_regs32", r32);
	for (size_t i = 0; i < b.lp.plan.nr_segments; i++)
		if (strcmp(b.lp.plan.segments[i].name, "kernel") == 0)
			assert_int_equal(r32.eip, b.lp.plan.segments[i].mem);
	assert_int_not_equal(r32.esi, 0);	/* the zero page */
	done(&b);
}

/* The consoles: off by default, the port and divisor as asked. */
static void consoles(void **state)
{
	struct built b = { 0 };
	uint16_t port, divisor;
	uint8_t vga;

	build(&b, (struct load_request){ 0 });
	VALUE(&b, "purgatory_serial_port", port);
	VALUE(&b, "purgatory_serial_divisor", divisor);
	VALUE(&b, "purgatory_console_vga", vga);
	assert_int_equal(port, 0);
	assert_int_equal(divisor, 0);
	assert_int_equal(vga, 0);
	done(&b);
	build(&b, (struct load_request){ .console_serial_port = 0x2f8, .console_serial_baud = 38400,
					 .console_vga = true });
	VALUE(&b, "purgatory_serial_port", port);
	VALUE(&b, "purgatory_serial_divisor", divisor);
	VALUE(&b, "purgatory_console_vga", vga);
	assert_int_equal(port, 0x2f8);
	assert_int_equal(divisor, 3);	/* 115200 / 38400 */
	assert_int_equal(vga, 1);
	done(&b);
	/* console=ttyS1 on the command line, no --serial-baud: the rate
	 * the kernel left the port at is kept. */
	build(&b, (struct load_request){ .append = "console=ttyS1,115200" });
	VALUE(&b, "purgatory_serial_port", port);
	VALUE(&b, "purgatory_serial_divisor", divisor);
	assert_int_equal(port, 0x2f8);
	assert_int_equal(divisor, 0);
	done(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(no_checks),
		cmocka_unit_test(hotplug_core_header_unverified),
		cmocka_unit_test(entry_32bit),
		cmocka_unit_test(consoles),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
