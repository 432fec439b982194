/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the fuzz targets share (tests/fuzz/README.md).
 *
 * Each target is one file defining LLVMFuzzerInitialize() and
 * LLVMFuzzerTestOneInput().  Built with clang -fsanitize=fuzzer
 * (configure --enable-fuzzing) libFuzzer drives them; built with any
 * compiler, replay.c feeds them the checked-in regression inputs.
 *
 * The targets call parsers and planners only: nothing here reaches the
 * syscall layer (kexec/system/syscall.c is not even linked; make check's
 * tests/fuzz/linked-out.sh makes sure), and fuzz_init() sets
 * KJUMP_FORBID_SYSCALLS=1 all the same.  Every iteration frees what it
 * allocated: libFuzzer runs with leak detection on.
 */
#ifndef KJUMP_FUZZ_H
#define KJUMP_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "load/image.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Forbid the syscalls, open /dev/null: call first in LLVMFuzzerInitialize(). */
void fuzz_init(void);

/* /dev/null, for what a target prints. */
FILE *fuzz_null(void);

/*
 * With KJUMP_FUZZ_VERBOSE set in the environment, say on stderr how an
 * input ended (WHAT: "ok" or what failed, and ERR's message), so that
 * "replay-TARGET FILE" shows which path an input takes.
 */
void fuzz_report(const char *what, const struct kj_error *err);

/*
 * An in-memory file whose path ("/proc/self/fd/N") the path-based
 * readers can open; fuzz_file_set() replaces its contents.  Both abort
 * on failure: the harness, not the input, is broken then.
 */
struct fuzz_file {
	int fd;
	char path[32];
};

void fuzz_file_open(struct fuzz_file *f, const char *name);
void fuzz_file_set(struct fuzz_file *f, const void *data, size_t size);

/* A malloc'd copy of SIZE bytes plus a NUL (aborts when out of memory). */
char *fuzz_strndup(const uint8_t *data, size_t size);

/*
 * Split DATA at NUL bytes into at most MAX fields, each a malloc'd
 * string in FIELDS; returns the count.  fuzz_fields_free() frees them.
 */
size_t fuzz_fields(const uint8_t *data, size_t size, char **fields, size_t max);
void fuzz_fields_free(char **fields, size_t n);

/*
 * The x86 loaders' harness: DATA[0] is a set of FUZZ_LOAD_* flags that
 * pick the load options, the rest is the image, which TYPE loads
 * against a fixed memory map (as -t TYPE would, probe or not).  The
 * plan that results is checked and printed, as --dry-run does.
 */
#define FUZZ_LOAD_PANIC		0x01	/* -p: crash kernel, capture map, elfcorehdr= */
#define FUZZ_LOAD_I386		0x02	/* for an i386 running kernel */
#define FUZZ_LOAD_PRESERVE	0x04	/* --load-preserve-context (room for jump-back cmdline) */
#define FUZZ_LOAD_REUSE		0x08	/* --reuse-cmdline */
#define FUZZ_LOAD_INITRD	0x10	/* --initrd (4 KiB); a --module for multiboot */
#define FUZZ_LOAD_ARGS_SHIFT	5	/* 2 bits: default, --args-linux, --args-elf, --args-none */
#define FUZZ_LOAD_WINDOW	0x80	/* --mem-min 16M --mem-max 2G */

int fuzz_load(const struct image_type *type, const uint8_t *data, size_t size);
/* The image of a loader target's input: DATA after the flags byte. */
struct kj_blob fuzz_load_image(const uint8_t *data, size_t size);
/* fuzz_init() and the loaders' fixed inputs. */
void fuzz_load_init(void);

/* The system root fuzz_load_init() wrote: VMCOREINFO, crash notes, kcore. */
struct crash_sources;
void fuzz_crash_sources(struct crash_sources *src);

/* The memory map the loaders plan against: 512 MiB low, 2 GiB above 4 GiB, a crash region. */
extern const char fuzz_iomem[];

#endif
