// SPDX-License-Identifier: GPL-2.0-only
/*
 * The purgatory: a few KiB of code that runs between the old kernel
 * and the new image.  kexec relocates it to its physical address and
 * fills in the variables below; the kernel's relocate_kernel jumps to
 * purgatory_start (entry64.S / entry32.S), which calls purgatory_main()
 * to check that no segment was corrupted since it was loaded, and then
 * enters the image with the registers kexec chose.
 */
#include <stddef.h>
#include <stdint.h>

#include "kjump/purgatory.h"
#include "kjump/sha256.h"
#include "console.h"
#include "entry.h"
#include "jumpback.h"
#include "simd.h"
#include "verify.h"
#include "vga_text.h"

/* The contract variables: names and types are fixed by kjump/purgatory.h. */
struct purgatory_region purgatory_regions[PURGATORY_MAX_REGIONS];
uint32_t purgatory_nr_regions;
#ifdef __x86_64__
struct purgatory_regs64 purgatory_regs64;
#endif
struct purgatory_regs32 purgatory_regs32;
uint32_t purgatory_entry_mode;
uint16_t purgatory_serial_port;
/* The baud-rate divisor of the UART (115200 / baud); 0: leave the rate. */
uint16_t purgatory_serial_divisor;
/* Non-zero: also write to the VGA text screen (kexec --console-vga). */
uint8_t purgatory_console_vga;

/* The entry code uses these layouts through entry.h's numbers. */
_Static_assert(PURGATORY_ENTER_64 == ENTRY_MODE_64, "entry mode 64");
_Static_assert(PURGATORY_ENTER_32 == ENTRY_MODE_32, "entry mode 32");
_Static_assert(offsetof(struct purgatory_regs64, rsp) == REGS64_RSP, "regs64 rsp");
_Static_assert(offsetof(struct purgatory_regs64, r8) == REGS64_R8, "regs64 r8");
_Static_assert(offsetof(struct purgatory_regs64, r15) == REGS64_R15, "regs64 r15");
_Static_assert(offsetof(struct purgatory_regs64, rip) == REGS64_RIP, "regs64 rip");
_Static_assert(offsetof(struct purgatory_regs32, esp) == REGS32_ESP, "regs32 esp");
_Static_assert(offsetof(struct purgatory_regs32, ebp) == REGS32_EBP, "regs32 ebp");
_Static_assert(offsetof(struct purgatory_regs32, eip) == REGS32_EIP, "regs32 eip");

void purgatory_halt(void)
{
	/* hlt wakes up on NMI and SMI; go straight back to sleep. */
	for (;;)
		asm volatile("cli; hlt" : : : "memory");
}

static int entry_mode_supported(uint32_t mode)
{
#ifdef __x86_64__
	return mode == PURGATORY_ENTER_64 || mode == PURGATORY_ENTER_32;
#else
	/* relocate_kernel_32 leaves us in 32-bit mode with paging off:
	 * there is no long mode to enter from here. */
	return mode == PURGATORY_ENTER_32;
#endif
}

/* Refuse a configuration kexec cannot have written: never guess. */
static void check_configuration(void)
{
	if (!entry_mode_supported(purgatory_entry_mode)) {
		console_puts("purgatory: entry mode ");
		console_put_dec(purgatory_entry_mode);
		console_puts(" not supported, not starting the image\n");
		purgatory_halt();
	}
	if (purgatory_nr_regions > PURGATORY_MAX_REGIONS) {
		console_puts("purgatory: ");
		console_put_dec(purgatory_nr_regions);
		console_puts(" segments recorded, at most ");
		console_put_dec(PURGATORY_MAX_REGIONS);
		console_puts(" fit, not starting the image\n");
		purgatory_halt();
	}
}

/*
 * The verify step: every recorded segment must hash as it did at load.
 * sha256_init() (in purgatory_verify) takes SHA-NI when CPUID offers
 * it, which implies the FXSR and SSE that simd_enable() looks for; the
 * control registers go back as they were before anything else runs.
 */
static void verify_segments(void)
{
	struct simd_saved cpu;
	uint32_t bad;
	int rc;

	console_puts("purgatory: verifying ");
	console_put_dec(purgatory_nr_regions);
	console_puts(sha256_shani_supported() ? " regions (sha-ni)\n" :
		     " regions (generic sha256)\n");
	simd_enable(&cpu);
	rc = purgatory_verify(purgatory_regions, purgatory_nr_regions, &bad);
	simd_restore(&cpu);
	if (rc == 0)
		return;
	console_puts("purgatory: region ");
	console_put_dec(bad);
	console_puts(" at ");
	console_put_hex(purgatory_regions[bad].start);
	console_puts(" corrupted, not starting the image\n");
	purgatory_halt();
}

/*
 * Called once by the entry code on the purgatory's own stack.  Returns
 * only if the image may be started; the entry code then enters it
 * (purgatory_enter_image).
 */
void purgatory_main(void)
{
	console_init(purgatory_serial_port, purgatory_serial_divisor);
	vga_text_init(purgatory_console_vga != 0);
	check_configuration();
	verify_segments();
	/* After the check: the command line is in a verified segment,
	 * and the new kernel is the first to read what is appended. */
	if (purgatory_pass_jump_back_entry() < 0) {
		console_puts("purgatory: no room for kexec_jump_back_entry=, "
			     "not starting the image\n");
		purgatory_halt();
	}
	if (purgatory_cmdline && purgatory_jump_back_entry) {
		console_puts("purgatory: caller's jump-back entry ");
		console_put_hex(purgatory_jump_back_entry);
		console_puts("\n");
	}
}
