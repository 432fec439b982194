// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host half of the purgatory self-test: relocate the purgatory for
 * PURGATORY_BASE exactly as kexec would, configure it to verify
 * PAYLOAD and enter the harness's stub, and write the image out.
 *
 *   gen 64|32 (purgatory) 64|32 (entry mode) PAYLOAD OUT corrupt(0|1)
 *
 * Prints the entry address.  With corrupt=1 the payload file is changed
 * after the digest was recorded, as if something overwrote the segment.
 * A payload of PLAN_SPLIT_MIN bytes or more is recorded as several
 * regions (kexec/plan/plan.h), as kexec records a large initrd.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load/image.h"
#include "purgatory/contract.h"

#define PURGATORY_BASE	0x400000
#define PAYLOAD_ADDR	0x500000
#define PAYLOAD_MAX	(64u << 20)	/* below the harness's 256 MiB */

/* harness.S checks for exactly these. */
static const struct purgatory_regs32 regs32 = {
	.eax = 0x11111111, .ebx = 0x22222222, .ecx = 0x33333333, .edx = 0x44444444,
	.esi = 0x55555555, .edi = 0x66666666, .esp = 0x2ff000, .ebp = 0x77777777,
	.eip = 0x300000,
};

static const struct purgatory_regs64 regs64 = {
	.rax = 0x1111111111111111, .rbx = 0x2222222222222222, .rcx = 0x3333333333333333,
	.rdx = 0x4444444444444444, .rsi = 0x5555555555555555, .rdi = 0x6666666666666666,
	.rsp = 0x37f000, .rbp = 0x7777777777777777, .r8 = 0x8888888888888888,
	.r9 = 0x9999999999999999, .r10 = 0xaaaaaaaaaaaaaaaa, .r11 = 0xbbbbbbbbbbbbbbbb,
	.r12 = 0xcccccccccccccccc, .r13 = 0xdddddddddddddddd, .r14 = 0xeeeeeeeeeeeeeeee,
	.r15 = 0x0f0f0f0f0f0f0f0f, .rip = 0x380000,
};

static int configure(struct purgatory *p, int arch64, int mode64, struct kj_error *err)
{
	uint32_t mode = mode64 ? PURGATORY_ENTER_64 : PURGATORY_ENTER_32;
	uint16_t port = 0x3f8;

	if (purgatory_set(p, "purgatory_entry_mode", &mode, sizeof(mode), err) < 0 ||
	    purgatory_set(p, "purgatory_serial_port", &port, sizeof(port), err) < 0 ||
	    purgatory_set(p, "purgatory_regs32", &regs32, sizeof(regs32), err) < 0)
		return -1;
	if (arch64)
		return purgatory_set(p, "purgatory_regs64", &regs64, sizeof(regs64), err);
	return 0;
}

static int write_file(const char *path, const void *buf, size_t size)
{
	FILE *f = fopen(path, "wb");
	int ok = f && fwrite(buf, 1, size, f) == size;

	if (f && fclose(f) != 0)
		ok = 0;
	return ok ? 0 : -1;
}

int main(int argc, char **argv)
{
	unsigned char *payload = malloc(PAYLOAD_MAX);
	struct kj_error err = { 0 };
	struct memory_map map = { 0 };
	struct load_context ctx;
	struct kexec_plan plan;
	struct purgatory *p;
	int arch64, mode64;
	const void *obj;
	size_t size, len;
	FILE *f;

	if (argc != 6) {
		fprintf(stderr, "usage: gen 64|32 64|32 PAYLOAD OUT 0|1\n");
		return 2;
	}
	arch64 = atoi(argv[1]) == 64;
	mode64 = atoi(argv[2]) == 64;
	f = fopen(argv[3], "rb");
	if (!f || !payload)
		return 1;
	len = fread(payload, 1, PAYLOAD_MAX, f);
	fclose(f);

	plan_init(&plan);
	load_context_init(&ctx, NULL, &map, &plan, &err);
	if (plan_add_segment(&plan, "payload", payload, len, PAYLOAD_ADDR, len, &err) < 0 ||
	    purgatory_embedded(arch64 ? PURGATORY_X86_64 : PURGATORY_I386, &obj, &size, &err) < 0 ||
	    purgatory_load_object(&ctx, arch64 ? PURGATORY_X86_64 : PURGATORY_I386, obj, size,
				  PURGATORY_BASE, &p) < 0 ||
	    configure(p, arch64, mode64, &err) < 0 ||
	    purgatory_finish(p, &plan, &err) < 0) {
		fprintf(stderr, "gen: %s\n", err.msg);
		return 1;
	}
	if (atoi(argv[5])) {
		payload[len / 2] ^= 1;
		if (write_file(argv[3], payload, len) < 0)
			return 1;
	}
	if (write_file(argv[4], plan.segments[1].buf, plan.segments[1].bufsz) < 0)
		return 1;
	printf("%#llx\n", (unsigned long long)plan.entry);
	return 0;
}
