// SPDX-License-Identifier: GPL-2.0-only
/*
 * SSE in the purgatory.  The kernel enters the purgatory with CR4 = PAE
 * (x86_64, relocate_kernel_64.S) or CR4 = 0 (i386): CR4.OSFXSR is clear,
 * and then every SSE instruction, SHA-NI's included, raises #UD.  With
 * our zero-limit IDT a #UD or #NM is a triple fault, so everything SSE
 * needs is set before the SHA-NI block function can run:
 *   CR4.OSFXSR (bit 9):     SSE instructions execute (SDM vol. 3A 2.5);
 *   CR4.OSXMMEXCPT (bit 10): SIMD floating-point exceptions go to #XM,
 *                           not #UD (none can happen: SHA-NI and the
 *                           moves and shuffles around it are integer
 *                           instructions);
 *   CR0.EM (bit 2) clear:   else SSE raises #UD;
 *   CR0.MP (bit 1) set, CR0.TS (bit 3) clear: else the first SSE
 *                           instruction raises #NM.
 * That is the initialisation of SDM vol. 3A 13.1.3 ("Initialization of
 * the SSE Extensions"), except for MXCSR, which integer instructions do
 * not consult.  The XMM registers themselves need no saving: on a kexec
 * jump the kernel has saved its FPU state (save_processor_state() in
 * machine_kexec) before it calls the purgatory.
 */
#include <cpuid.h>

#include "simd.h"

/* CPUID.01H:EDX (SDM vol. 2A, CPUID, table 3-11). */
#define CPUID1_EDX_FXSR	(1u << 24)
#define CPUID1_EDX_SSE	(1u << 25)

#define CR0_MP		(1ul << 1)
#define CR0_EM		(1ul << 2)
#define CR0_TS		(1ul << 3)
#define CR4_OSFXSR	(1ul << 9)
#define CR4_OSXMMEXCPT	(1ul << 10)

static unsigned long read_cr0(void)
{
	unsigned long v;

	asm volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

static unsigned long read_cr4(void)
{
	unsigned long v;

	asm volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

/* "memory": no load or store may move across a control register write. */
static void write_cr0(unsigned long v)
{
	asm volatile("mov %0, %%cr0" : : "r"(v) : "memory");
}

static void write_cr4(unsigned long v)
{
	asm volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}

static bool cpu_has_sse(void)
{
	unsigned int eax, ebx, ecx, edx;

	/* __get_cpuid also checks, on i386, that CPUID exists. */
	if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx))
		return false;
	return (edx & (CPUID1_EDX_FXSR | CPUID1_EDX_SSE)) ==
	       (CPUID1_EDX_FXSR | CPUID1_EDX_SSE);
}

void simd_enable(struct simd_saved *saved)
{
	saved->enabled = cpu_has_sse();
	if (!saved->enabled)
		return;
	saved->cr0 = read_cr0();
	saved->cr4 = read_cr4();
	write_cr0((saved->cr0 & ~(CR0_EM | CR0_TS)) | CR0_MP);
	write_cr4(saved->cr4 | CR4_OSFXSR | CR4_OSXMMEXCPT);
}

void simd_restore(const struct simd_saved *saved)
{
	if (!saved->enabled)
		return;
	write_cr4(saved->cr4);
	write_cr0(saved->cr0);
}
