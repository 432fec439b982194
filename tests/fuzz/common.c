// SPDX-License-Identifier: GPL-2.0-only
#define _GNU_SOURCE	/* memfd_create */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "load/crash.h"
#include "fuzz.h"
#include "plan/hole.h"
#include "load/jump.h"
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
}

/*
 * What action_load() does before the loader of a crash kernel, with a
 * stand-in for the ELF core header: its segment at the top of the crash
 * region, the capture kernel's map and elfcorehdr=.
 */
static int prepare_crash(struct load_context *load, struct memory_map *capture,
			 char *extra, size_t extra_len)
{
	static const uint8_t hdr[1024];
	struct hole_request req = { .size = sizeof(hdr), .align = PLAN_PAGE_SIZE,
				    .max = UINT64_MAX, .top_down = true, .in_crash = true };
	uint64_t at;

	if (hole_find(load->map, load->plan, &req, &at, load->err) < 0 ||
	    plan_add_segment(load->plan, "elfcorehdr", hdr, sizeof(hdr), at, sizeof(hdr),
			     load->err) < 0 ||
	    crash_capture_map(load->map, at, at + PLAN_PAGE_SIZE - 1, capture, load->err) < 0)
		return -1;
	snprintf(extra, extra_len, "elfcorehdr=0x%" PRIx64, at);
	load->boot_map = capture;
	load->cmdline_extra = extra;
	return 0;
}

static void options_from_flags(struct kexec_options *opt, uint8_t flags)
{
	static const enum args_style styles[] = { ARGS_DEFAULT, ARGS_LINUX, ARGS_ELF, ARGS_NONE };

	memset(opt, 0, sizeof(*opt));
	opt->action = ACTION_LOAD;
	opt->dry_run = true;
	opt->args = styles[(flags >> FUZZ_LOAD_ARGS_SHIFT) & 3];
	opt->panic = flags & FUZZ_LOAD_PANIC;
	/* options_validate() refuses -p with --load-preserve-context. */
	opt->preserve_context = (flags & FUZZ_LOAD_PRESERVE) && !opt->panic;
	/* --args-none refuses everything that passes something. */
	if (opt->args != ARGS_NONE) {
		opt->append = "console=ttyS1,115200 root=/dev/vda";
		opt->reuse_cmdline = flags & FUZZ_LOAD_REUSE;
		opt->initrd = flags & FUZZ_LOAD_INITRD ? initrd.path : NULL;
	}
	if (flags & FUZZ_LOAD_WINDOW) {
		opt->mem_min = 16u << 20;
		opt->mem_max = 0x7fffffff;
		opt->mem_min_set = opt->mem_max_set = true;
	}
}

int fuzz_load(const struct image_type *type, const uint8_t *data, size_t size)
{
	struct memory_map capture = { 0 };
	struct kexec_options opt;
	struct kexec_plan plan;
	struct load_context load;
	struct kj_error err = { 0 }, why = { 0 };
	struct kj_blob image = { 0 };
	char extra[48];
	bool linux_args, kernel32;

	/* action_load() refuses an empty image before any loader sees it. */
	if (size < 2)
		return 0;
	options_from_flags(&opt, data[0]);
	kernel32 = data[0] & FUZZ_LOAD_I386;
	/* An exact copy: ASan sees every byte read past its end. */
	image.size = size - 1;
	image.data = malloc(image.size);
	if (!image.data)
		return 0;
	memcpy(image.data, data + 1, image.size);

	plan_init(&plan);
	plan.syscall = PLAN_KEXEC_LOAD;
	plan.flags = (kernel32 ? KEXEC_ARCH_386 : KEXEC_ARCH_X86_64) |
		     (opt.panic ? KEXEC_ON_CRASH : 0) |
		     (opt.preserve_context ? KEXEC_PRESERVE_CONTEXT : 0);
	/* plan_set_kernel_limits() (syscall.c, not linked here) for i386. */
	if (kernel32)
		plan.dest_limit = 0xc0000000ull;
	load_context_init(&load, &opt, &load_map, &plan, &err);
	load.proc_cmdline = proc_cmdline.path;

	(void)image_type_select(&image, NULL, &why);
	linux_args = type->linux_kernel && (opt.args == ARGS_DEFAULT || opt.args == ARGS_LINUX);
	if (opt.panic && linux_args &&
	    prepare_crash(&load, &capture, extra, sizeof(extra)) < 0)
		goto out;
	if (opt.preserve_context && linux_args) {
		/* jump_prepare()'s effect on the loader: B's range, cmdline room. */
		load.cmdline_reserve = JUMP_CMDLINE_RESERVE;
		load.window_min = 0x2000000;
		load.window_max = 0x9ffffff;
	}
	if (type->load(&load, &image) == 0 && plan_check(&plan, &load_map, &err) == 0) {
		plan_print_text(fuzz_null(), &plan, type->name);
		plan_print_json(fuzz_null(), &plan, type->name);
	}
out:
	fuzz_report(err.set ? type->name : "plan checked", &err);
	load_context_free(&load);
	plan_free(&plan);
	memmap_free(&capture);
	free(image.data);
	return 0;
}
