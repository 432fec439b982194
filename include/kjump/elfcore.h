/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ELF core files (ET_CORE) as the kernel's /proc/vmcore, QEMU's
 * dump-guest-memory and kdump save produce them: headers of either
 * class (ELF32 or ELF64, little-endian) decoded into one class-neutral
 * form, and encoded back from it; notes iterated and built.
 *
 * Nothing here does I/O: callers read the bytes (a vmcore can be the
 * size of RAM, so never the whole file) and write what is encoded.
 * The kexec side uses the encoders for the elfcorehdr it passes to a
 * capture kernel, kdump for the files it saves.
 */
#ifndef KJUMP_ELFCORE_H
#define KJUMP_ELFCORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kjump/error.h"

/* Largest encoded sizes (the ELF64 ones), for buffers on the stack. */
#define ELFCORE_EHDR_MAX 64
#define ELFCORE_PHDR_MAX 56
#define ELFCORE_SHDR_MAX 64

/* Notes are padded to 4 bytes in both classes on Linux (fs/proc/vmcore.c). */
#define ELFCORE_NOTE_ALIGN 4

struct elfcore_ehdr {
	unsigned int cls;	/* ELFCLASS32 or ELFCLASS64 */
	uint16_t machine;	/* EM_386, EM_X86_64, ... */
	uint8_t osabi;
	uint32_t flags;
	uint64_t phoff;
	uint32_t phnum;		/* the real count, PN_XNUM resolved */
	uint64_t shoff;		/* section header 0 (PN_XNUM) */
	bool xnum;		/* e_phnum was PN_XNUM: phnum is in sh_info */
};

struct elfcore_phdr {
	uint32_t type;
	uint32_t flags;
	uint64_t offset;
	uint64_t vaddr;
	uint64_t paddr;
	uint64_t filesz;
	uint64_t memsz;
	uint64_t align;
};

struct elfcore_note {
	const char *name;	/* namesz bytes, normally NUL-terminated */
	uint32_t namesz;
	uint32_t type;
	const uint8_t *desc;
	uint32_t descsz;
};

size_t elfcore_ehdr_size(unsigned int cls);
size_t elfcore_phdr_size(unsigned int cls);
size_t elfcore_shdr_size(unsigned int cls);

/*
 * Decode the ELF header at the start of BUF (LEN bytes).  Refuses
 * anything but a little-endian ET_CORE of either class.  With
 * eh->xnum set, the caller reads section header 0 at eh->shoff and
 * hands it to elfcore_parse_xnum().
 */
int elfcore_parse_ehdr(const void *buf, size_t len, struct elfcore_ehdr *eh,
		       struct kj_error *err);
int elfcore_parse_xnum(struct elfcore_ehdr *eh, const void *shdr, size_t len,
		       struct kj_error *err);

/* Decode program header I of a table of eh->phnum entries at TABLE. */
void elfcore_parse_phdr(const struct elfcore_ehdr *eh, const void *table, size_t i,
			struct elfcore_phdr *ph);

/*
 * Check a core's program headers against a file of FILE_SIZE bytes:
 * PT_LOAD and PT_NOTE data inside the file and not overlapping each
 * other, PT_LOAD filesz <= memsz, no wrap-around, and no two PT_LOADs
 * describing the same physical memory unless one is a second virtual
 * mapping of it (the kernel-text PT_LOAD of x86_64 vmcores,
 * kernel/kexec_file.c: crash_prepare_elf64_headers()).
 */
int elfcore_check_phdrs(const struct elfcore_phdr *ph, size_t n, uint64_t file_size,
			struct kj_error *err);

/*
 * Encoding.  elfcore_put_ehdr() writes an ET_CORE header for EH (a
 * phnum of PN_XNUM or more is written the extended way, with e_shnum 1:
 * put section header 0 with elfcore_put_xnum_shdr() at eh->shoff).
 * elfcore_put_phdr() fails when an ELF32 field cannot hold a value.
 * Each returns the number of bytes written (or -1).
 */
size_t elfcore_put_ehdr(void *buf, const struct elfcore_ehdr *eh);
int elfcore_put_phdr(void *buf, unsigned int cls, const struct elfcore_phdr *ph,
		     struct kj_error *err);
size_t elfcore_put_xnum_shdr(void *buf, unsigned int cls, uint32_t phnum);

/*
 * The x86_64 kernel-image mapping (__START_KERNEL_map, "kernel text
 * mapping" in Documentation/arch/x86/x86_64/mm.rst): in an x86_64 core,
 * a PT_LOAD there is a second view of pages that the direct mapping's
 * PT_LOADs hold as well.
 */
#define ELFCORE_X86_64_KERNEL_MAP 0xffffffff80000000ULL
bool elfcore_maps_x86_64_kernel_image(const struct elfcore_ehdr *eh,
				      const struct elfcore_phdr *ph);

/* True when PHNUM program headers need the PN_XNUM extension. */
bool elfcore_needs_xnum(uint32_t phnum);

/*
 * Notes.  elfcore_note_next() decodes the note at *POS in BUF and
 * advances *POS: 1 when a note was decoded, 0 at the end (the end of
 * BUF, or an all-zero header as the kernel's final_note() writes), -1
 * with an error when sizes run past BUF.
 */
int elfcore_note_next(const void *buf, size_t len, size_t *pos,
		      struct elfcore_note *note, struct kj_error *err);
bool elfcore_note_is(const struct elfcore_note *note, const char *name, uint32_t type);
size_t elfcore_note_size(const char *name, size_t descsz);
size_t elfcore_put_note(void *buf, const char *name, uint32_t type, const void *desc,
			size_t descsz);

#endif
