/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What a capture kernel (kexec -p) needs to know about the kernel that
 * crashed, and what it is given:
 *  - an ELF core header ("elfcorehdr") describing the crashed kernel's
 *    memory: one PT_NOTE per CPU (the crash notes the kernel fills at
 *    panic), one for VMCOREINFO, a PT_LOAD for the kernel image's own
 *    mapping (x86_64) and one PT_LOAD per System RAM range outside the
 *    crash reservation; /proc/vmcore in the capture kernel is built
 *    from it (fs/proc/vmcore.c);
 *  - a memory map that confines it to the reservation: on x86 the low
 *    1 MiB (arch->low_ram_to_capture: always reserved by the first
 *    kernel on 6.x, so the capture kernel may use it for its real-mode
 *    trampoline), the crash regions minus
 *    the header, and the ACPI, NVS and reserved ranges unchanged
 *    (the same choice as the kernel's own kexec_file_load,
 *    arch/x86/kernel/crash.c).
 */
#ifndef KJUMP_CRASH_H
#define KJUMP_CRASH_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/arch.h"
#include "kjump/error.h"
#include "kjump/file.h"
#include "system/memmap.h"

/* CONFIG_NR_CPUS can be at most 8192 on x86_64 (MAXSMP, arch/x86/Kconfig):
 * every possible CPU's note is described; a machine with more is refused,
 * never described in part. */
#define CRASH_MAX_CPUS 8192

struct crash_sources {
	const char *vmcoreinfo;		/* /sys/kernel/vmcoreinfo */
	const char *cpu_dir;		/* /sys/devices/system/cpu */
	const char *kcore;		/* /proc/kcore */
};

struct crash_info {
	const struct kexec_arch *arch;	/* the crashed kernel's */
	uint64_t vmcoreinfo_addr, vmcoreinfo_size;
	uint64_t note_addr[CRASH_MAX_CPUS];
	unsigned int nr_notes;
	uint64_t note_size;
	uint64_t page_offset;		/* virtual address of physical 0 */
	/* The kernel image's own mapping (arch->kernel_text_map), size 0 if
	 * unknown or none. */
	uint64_t text_vaddr, text_paddr, text_size;
};

/*
 * Copy the running kernel's VMCOREINFO note (INFO's address and size,
 * at most SIZE bytes) into BUF, reading it through /proc/kcore's direct
 * map.  For kexec jump: the note may lie in memory kernel B runs in.
 */
int crash_copy_vmcoreinfo(const struct crash_sources *src, const struct crash_info *info,
			  uint8_t *buf, size_t size, struct kj_error *err);

/* Gather crash notes, VMCOREINFO and the kernel's mappings. */
int crash_info_read(const struct crash_sources *src, const struct kexec_arch *arch,
		    struct crash_info *info, struct kj_error *err);

/*
 * Build the ELF core header (ELF64, or ELF32 when ELF32 is set) for
 * INFO and the System RAM of MAP outside its crash regions.
 */
int crash_build_elfcorehdr(const struct crash_info *info, const struct memory_map *map,
			   bool elf32, struct kj_blob *out, struct kj_error *err);

/*
 * The memory map the capture kernel boots with: see above.  HDR_START
 * and HDR_END (inclusive) are where the header lies, inside a crash
 * region; they become reserved.
 */
int crash_capture_map(const struct kexec_arch *arch, const struct memory_map *map,
		      uint64_t hdr_start, uint64_t hdr_end, struct memory_map *out,
		      struct kj_error *err);

/* "elfcorehdr=0x" and 16 hex digits, with room to spare. */
#define ELFCOREHDR_PARAM_MAX	48

struct load_context;

/* 0 if MAP has a crash kernel reservation; else a one-line error. */
int crash_check_reserved(const struct memory_map *map, struct kj_error *err);

/*
 * kexec -p: the ELF core header goes first (top of the reservation),
 * then the capture kernel is told about it (elfcorehdr=) and given a
 * memory map confined to the reservation, CAPTURE_MAP, which must live
 * as long as LOAD.
 */
int crash_prepare(struct load_context *load, const struct crash_sources *src,
		  struct memory_map *capture_map);

#endif
