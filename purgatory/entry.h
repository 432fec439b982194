/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Constants shared by the purgatory's entry code (entry64.S, entry32.S)
 * and its C code.  Included by assembly, so only #defines and, behind
 * __ASSEMBLER__, the assembler macro that enters a 32-bit image.
 * purgatory.c checks the layout numbers against the C structures.
 */
#ifndef PURGATORY_ENTRY_H
#define PURGATORY_ENTRY_H

/* enum purgatory_entry_mode (include/kjump/purgatory.h) */
#define ENTRY_MODE_64		1
#define ENTRY_MODE_32		2

#define PURGATORY_STACK_SIZE	16384

/*
 * Selectors of the purgatory's own GDTs.  The Linux boot protocol
 * (Documentation/arch/x86/boot.rst, "32-bit Boot Protocol" and "64-bit
 * Boot Protocol") wants __BOOT_CS = 0x10 and __BOOT_DS = 0x18, 4 GiB
 * flat; using the same numbers lets the image inherit our segments.
 */
#define BOOT_CS			0x10
#define BOOT_DS			0x18

/*
 * Segment descriptors (SDM vol. 3A 3.4.5): base 0, limit 0xfffff in 4 KiB
 * units (G=1), present, DPL 0, accessed bit preset so that loading them
 * never writes to the GDT.
 *   code64: type 0xb (execute/read), L=1, D=0     (SDM 3A 5.2.1)
 *   code32: type 0xb, L=0, D=1
 *   data:   type 0x3 (read/write), B=1
 */
#define GDT_CODE64		0x00af9b000000ffff
#define GDT_CODE32		0x00cf9b000000ffff
#define GDT_DATA		0x00cf93000000ffff

/* EFLAGS with only the always-one bit 1 set: IF=0, DF=0 (SDM 1 3.4.3). */
#define EFLAGS_FIXED		0x2

#define CR0_PG_BIT		31	/* SDM 3A 2.5 */
#define MSR_EFER		0xc0000080
#define EFER_LME_BIT		8	/* SDM 3A 2.2.1 */

/* struct purgatory_regs64 */
#define REGS64_RAX		0
#define REGS64_RBX		8
#define REGS64_RCX		16
#define REGS64_RDX		24
#define REGS64_RSI		32
#define REGS64_RDI		40
#define REGS64_RSP		48
#define REGS64_RBP		56
#define REGS64_R8		64
#define REGS64_R9		72
#define REGS64_R10		80
#define REGS64_R11		88
#define REGS64_R12		96
#define REGS64_R13		104
#define REGS64_R14		112
#define REGS64_R15		120
#define REGS64_RIP		128

/* struct purgatory_regs32 */
#define REGS32_EAX		0
#define REGS32_EBX		4
#define REGS32_ECX		8
#define REGS32_EDX		12
#define REGS32_ESI		16
#define REGS32_EDI		20
#define REGS32_ESP		24
#define REGS32_EBP		28
#define REGS32_EIP		32

#ifdef __ASSEMBLER__
/*
 * Load purgatory_regs32 and jump to its eip.  Runs in 32-bit flat
 * protected mode with paging off, so absolute addresses work (the
 * purgatory always lies below 4 GiB: kexec/purgatory/contract.c
 * enforces it).  Every register is loaded straight from memory, so
 * none is needed as a base and the image gets exactly what kexec
 * recorded; esp and eax come last because the instruction fetch must
 * not need them.
 */
.macro ENTER_IMAGE_32
	movl	purgatory_regs32 + REGS32_EBX, %ebx
	movl	purgatory_regs32 + REGS32_ECX, %ecx
	movl	purgatory_regs32 + REGS32_EDX, %edx
	movl	purgatory_regs32 + REGS32_ESI, %esi
	movl	purgatory_regs32 + REGS32_EDI, %edi
	movl	purgatory_regs32 + REGS32_EBP, %ebp
	movl	purgatory_regs32 + REGS32_ESP, %esp
	movl	purgatory_regs32 + REGS32_EAX, %eax
	jmp	*purgatory_regs32 + REGS32_EIP
.endm
#else
/* C side of the entry code. */
void purgatory_main(void);
void purgatory_halt(void) __attribute__((noreturn));
#endif

#endif
