// SPDX-License-Identifier: GPL-2.0-only
#define _GNU_SOURCE	/* memfd_create */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <elf.h>
#include <sys/stat.h>

#include "arch/x86/x86.h"
#include "fuzz.h"
#include "load/build.h"
#include "plan/print.h"

const char fuzz_iomem[] =
	"00000000-00000fff : Reserved\n"
	"00001000-0009fbff : System RAM\n"
	"0009fc00-0009ffff : Reserved\n"
	"000a0000-000bffff : PCI Bus 0000:00\n"
	"000f0000-000fffff : Reserved\n"
	"  000f0000-000fffff : System ROM\n"
	"00100000-1ffdffff : System RAM\n"
	"  01000000-01e00f7f : Kernel code\n"
	"  01e00f80-0234ffff : Kernel data\n"
	"  10000000-17ffffff : Crash kernel\n"
	"1ffe0000-1fffffff : Reserved\n"
	"b0000000-bfffffff : PCI MMCONFIG 0000 [bus 00-ff]\n"
	"feffc000-feffffff : Reserved\n"
	"fffc0000-ffffffff : Reserved\n"
	"100000000-17fffffff : System RAM\n";

static FILE *null_out;

void fuzz_init(void)
{
	/* Belt and braces: nothing linked here can reach kexec_load. */
	setenv("KJUMP_FORBID_SYSCALLS", "1", 1);
	if (!null_out && !(null_out = fopen("/dev/null", "w"))) {
		perror("fuzz: /dev/null");
		abort();
	}
}

FILE *fuzz_null(void)
{
	return null_out;
}

void fuzz_report(const char *what, const struct kj_error *err)
{
	if (getenv("KJUMP_FUZZ_VERBOSE"))
		fprintf(stderr, "fuzz: %s%s%s\n", what, err && err->set ? ": " : "",
			err && err->set ? err->msg : "");
}

void fuzz_file_open(struct fuzz_file *f, const char *name)
{
	f->fd = memfd_create(name, MFD_CLOEXEC);
	if (f->fd < 0) {
		/* Kernels before 3.17: an unlinked temporary file does as well. */
		FILE *tmp = tmpfile();

		if (!tmp) {
			perror("fuzz: memfd_create");
			abort();
		}
		f->fd = fileno(tmp);
	}
	snprintf(f->path, sizeof(f->path), "/proc/self/fd/%d", f->fd);
}

void fuzz_file_set(struct fuzz_file *f, const void *data, size_t size)
{
	const uint8_t *p = data;
	size_t done = 0;

	if (ftruncate(f->fd, 0) < 0) {
		perror("fuzz: ftruncate");
		abort();
	}
	while (done < size) {
		ssize_t n = pwrite(f->fd, p + done, size - done, (off_t)done);

		if (n <= 0) {
			perror("fuzz: pwrite");
			abort();
		}
		done += (size_t)n;
	}
}

char *fuzz_strndup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

size_t fuzz_fields(const uint8_t *data, size_t size, char **fields, size_t max)
{
	size_t n = 0, at = 0;

	while (n < max && at < size) {
		const uint8_t *nul = memchr(data + at, '\0', size - at);
		size_t len = nul ? (size_t)(nul - (data + at)) : size - at;

		fields[n++] = fuzz_strndup(data + at, len);
		at += len + 1;
	}
	return n;
}

void fuzz_fields_free(char **fields, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(fields[i]);
}

/* ---- The x86 loaders ---------------------------------------------------- */

static struct memory_map load_map;
static struct fuzz_file proc_cmdline, initrd;
/* For the multiboot types, FUZZ_LOAD_INITRD loads the initrd as a module. */
static char module_arg[64];
static const char *module_list[1] = { module_arg };
/* A system root with what a crash kernel and a kernel B read. */
static char crash_root[64];
static char vmcoreinfo_path[96], cpu_dir_path[96], kcore_path[96];

static void write_fixture(const char *path, const void *data, size_t size)
{
	FILE *f = fopen(path, "w");

	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0) {
		perror(path);
		abort();
	}
}

/*
 * A /proc/kcore with one direct-map page per arch holding VMCOREINFO at
 * physical 0x1000 (what jump_prepare() copies): PAGE_OFFSET of x86_64
 * (4-level paging) and of i386 (the 3G/1G split).
 */
static void write_kcore(const char *path)
{
	static const uint64_t page_offsets[] = { 0xffff888000000000ull, 0xc0000000ull };
	uint8_t buf[3 * 4096] = { 0 };
	Elf64_Ehdr eh = { .e_type = ET_CORE, .e_machine = EM_X86_64, .e_version = EV_CURRENT,
			  .e_phoff = sizeof(Elf64_Ehdr), .e_ehsize = sizeof(Elf64_Ehdr),
			  .e_phentsize = sizeof(Elf64_Phdr), .e_phnum = 2 };

	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS64;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[EI_VERSION] = EV_CURRENT;
	memcpy(buf, &eh, sizeof(eh));
	for (int i = 0; i < 2; i++) {
		Elf64_Phdr ph = { .p_type = PT_LOAD, .p_vaddr = page_offsets[i] + 0x1000,
				  .p_paddr = 0x1000, .p_offset = 4096 * (i + 1),
				  .p_filesz = 4096, .p_memsz = 4096 };

		memcpy(buf + sizeof(eh) + i * sizeof(ph), &ph, sizeof(ph));
		memcpy(buf + 4096 * (i + 1), "OSRELEASE=6.1.0\n", 16);
	}
	write_fixture(path, buf, sizeof(buf));
}

static void remove_crash_root(void)
{
	char path[160];

	snprintf(path, sizeof(path), "rm -rf '%s'", crash_root);
	if (system(path) != 0)
		fprintf(stderr, "fuzz: could not remove %s\n", crash_root);
}

static void make_crash_root(void)
{
	char path[160];

	snprintf(crash_root, sizeof(crash_root), "%s/kjump-fuzz-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(crash_root)) {
		perror("fuzz: mkdtemp");
		abort();
	}
	atexit(remove_crash_root);
	snprintf(vmcoreinfo_path, sizeof(vmcoreinfo_path), "%s/vmcoreinfo", crash_root);
	write_fixture(vmcoreinfo_path, "1000 100\n", 9);
	snprintf(cpu_dir_path, sizeof(cpu_dir_path), "%s/cpu", crash_root);
	snprintf(path, sizeof(path), "%s/cpu/cpu0", crash_root);
	if (mkdir(cpu_dir_path, 0700) < 0 || mkdir(path, 0700) < 0) {
		perror("fuzz: mkdir");
		abort();
	}
	snprintf(path, sizeof(path), "%s/cpu/cpu0/crash_notes", crash_root);
	write_fixture(path, "1f000\n", 6);
	snprintf(path, sizeof(path), "%s/cpu/cpu0/crash_notes_size", crash_root);
	write_fixture(path, "368\n", 4);
	snprintf(kcore_path, sizeof(kcore_path), "%s/kcore", crash_root);
	write_kcore(kcore_path);
}

void fuzz_load_init(void)
{
	static const char cmdline[] = "BOOT_IMAGE=/vmlinuz-6.1 root=/dev/vda ro "
				      "crashkernel=128M console=ttyS0,115200 quiet\n";
	uint8_t ramdisk[4096];
	struct kj_error err = { 0 };

	fuzz_init();
	if (memmap_parse_iomem(&load_map, fuzz_iomem, "fuzz", &err) < 0) {
		fprintf(stderr, "fuzz: the fixed memory map: %s\n", err.msg);
		abort();
	}
	fuzz_file_open(&proc_cmdline, "cmdline");
	fuzz_file_set(&proc_cmdline, cmdline, strlen(cmdline));
	memset(ramdisk, 0x5a, sizeof(ramdisk));
	fuzz_file_open(&initrd, "initrd");
	fuzz_file_set(&initrd, ramdisk, sizeof(ramdisk));
	snprintf(module_arg, sizeof(module_arg), "%s arg=1", initrd.path);
	make_crash_root();
}

void fuzz_crash_sources(struct crash_sources *src)
{
	*src = (struct crash_sources){ vmcoreinfo_path, cpu_dir_path, kcore_path };
}

/* The request the flags byte asks for, as options_to_request() makes it. */
static void request_from_flags(struct load_request *req, const struct image_type *type,
			       uint8_t flags)
{
	static const enum args_style styles[] = { ARGS_DEFAULT, ARGS_LINUX, ARGS_ELF, ARGS_NONE };

	memset(req, 0, sizeof(*req));
	req->image = "fuzz";
	req->type = type->name;
	req->args = styles[(flags >> FUZZ_LOAD_ARGS_SHIFT) & 3];
	req->purpose = flags & FUZZ_LOAD_PANIC ? LOAD_CRASH :
		       flags & FUZZ_LOAD_PRESERVE ? LOAD_CALL : LOAD_REPLACE;
	/* --args-none refuses everything that passes something. */
	if (req->args != ARGS_NONE) {
		req->append = "console=ttyS1,115200 root=/dev/vda";
		req->reuse_cmdline = flags & FUZZ_LOAD_REUSE;
		req->initrd = flags & FUZZ_LOAD_INITRD ? initrd.path : NULL;
	}
	if (type->accepts.modules && req->initrd) {
		req->initrd = NULL;
		req->modules = module_list;
		req->nr_modules = 1;
	}
	if (flags & FUZZ_LOAD_WINDOW)
		req->window = (struct load_window){ 16u << 20, 0x7fffffff, true, true };
}

struct kj_blob fuzz_load_image(const uint8_t *data, size_t size)
{
	if (size == 0)
		return (struct kj_blob){ 0 };
	return (struct kj_blob){ .data = (uint8_t *)data + 1, .size = size - 1 };
}

/* kexec -l (or -p, or --load-preserve-context) as action_load() does it. */
int fuzz_load(const struct image_type *type, const uint8_t *data, size_t size)
{
	struct load_request req;
	struct load_system sys = {
		.map = &load_map,
		.proc_cmdline = proc_cmdline.path,
		.sysfs_kernel = crash_root,	/* no kexec_segment_max: a stock kernel */
		.crash = { vmcoreinfo_path, cpu_dir_path, kcore_path },
		.hash_threads = 1,
		/* No firmware to read; a fixed seed keeps runs repeatable. */
		.boot = { .fixed_seed = true },
	};
	struct load_plan lp;
	struct kj_error err = { 0 }, why = { 0 };
	struct kj_blob image = { 0 };

	if (size < 1)
		return 0;
	memset(&lp, 0, sizeof(lp));
	request_from_flags(&req, type, data[0]);
	sys.arch = data[0] & FUZZ_LOAD_I386 ? &i386_arch : &x86_64_arch;
	/* An exact copy: ASan sees every byte read past its end. */
	image.size = size - 1;
	image.data = malloc(image.size ? image.size : 1);
	if (!image.data)
		return 0;
	memcpy(image.data, data + 1, image.size);

	(void)image_type_select(&image, NULL, &why);
	/* Both calls' plans: kexec_load's (the loader itself, -c) and the
	 * default's (the choice, and a kexec_file_load plan where the
	 * kernel's own loader would take the image). */
	for (int pass = 0; pass < 2; pass++) {
		req.syscall = pass == 0 ? SYSCALL_KEXEC_LOAD : SYSCALL_AUTO;
		kj_error_clear(&err);
		memset(&lp, 0, sizeof(lp));
		plan_init(&lp.plan);	/* no initrd fd for load_plan_free() to close */
		if (load_request_check(&req, &err) == 0 &&
		    plan_build_image(&req, &sys, &image, &lp, &err) == 0 &&
		    plan_check(&lp.plan, &load_map, &err) == 0) {
			plan_print_text(fuzz_null(), &lp.plan, type->name);
			plan_print_json(fuzz_null(), &lp.plan, type->name);
		}
		fuzz_report(err.set ? type->name : "plan checked", &err);
		load_plan_free(&lp);
	}
	free(image.data);
	return 0;
}
