/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Entry code of the x86_64 purgatory.
 *
 * The x86_64 kernel's relocate_kernel jumps to purgatory_start in
 * 64-bit mode, interrupts off, on an identity map of RAM (virtual ==
 * physical), with CR0.PG|PE set and CR4 = PAE (plus LA57 when 5-level
 * paging is on).  Its GDTR and IDTR still describe the old kernel's
 * tables at kernel virtual addresses, which the identity map need not
 * cover, so nothing here touches a segment register before loading our
 * own GDT.
 *
 * The code up to the image jump is position independent (RIP-relative);
 * the 32-bit path uses absolute 32-bit addresses, which is why kexec
 * keeps the purgatory below 4 GiB.
 *
 * purgatory/selftest/run executes this code in QEMU and checks what the
 * image receives.
 */
#include "entry.h"

	.code64
	.text

	.globl	purgatory_start
	.type	purgatory_start, @function
purgatory_start:
	cli
	cld
	/*
	 * With KEXEC_PRESERVE_CONTEXT the kernel *calls* the purgatory:
	 * 0(%rsp) is the caller's jump-back entry
	 * (doc/jump-back-protocol.md).  Keep it for jumpback.c before the
	 * stack switch below loses it.  For a plain kexec the word is
	 * recorded too but never used (purgatory_cmdline is 0).
	 */
	movq	(%rsp), %rax
	movq	%rax, purgatory_jump_back_entry(%rip)
	leaq	purgatory_stack_end(%rip), %rsp
	pushq	$EFLAGS_FIXED
	popfq

	lgdt	purgatory_gdt64_ptr(%rip)
	/* A zero-limit IDT: an NMI or exception now shuts the machine down
	 * rather than jumping through the old kernel's handlers. */
	lidt	purgatory_idt_null(%rip)

	/* Reload CS from our GDT: far return to the next instruction. */
	leaq	1f(%rip), %rax
	pushq	$BOOT_CS
	pushq	%rax
	lretq
1:	movl	$BOOT_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	%eax, %fs
	movl	%eax, %gs

	/* The verify step; returns only if the image may start. */
	call	purgatory_main
	jmp	purgatory_enter_image
	.size	purgatory_start, . - purgatory_start

/*
 * The enter step.  purgatory_main() has checked the mode already; an
 * unknown one still halts here rather than jump anywhere.
 */
	.globl	purgatory_enter_image
	.type	purgatory_enter_image, @function
purgatory_enter_image:
	movl	purgatory_entry_mode(%rip), %eax
	cmpl	$ENTRY_MODE_64, %eax
	je	enter_64
	cmpl	$ENTRY_MODE_32, %eax
	je	enter_32
	call	purgatory_halt

/*
 * Long mode, our GDT (CS = 0x10 64-bit, data = 0x18), interrupts off:
 * what the 64-bit boot protocol asks for.  Load every register from
 * purgatory_regs64; rsp and rax last, then jump through memory.
 */
enter_64:
	movq	purgatory_regs64 + REGS64_RBX(%rip), %rbx
	movq	purgatory_regs64 + REGS64_RCX(%rip), %rcx
	movq	purgatory_regs64 + REGS64_RDX(%rip), %rdx
	movq	purgatory_regs64 + REGS64_RSI(%rip), %rsi
	movq	purgatory_regs64 + REGS64_RDI(%rip), %rdi
	movq	purgatory_regs64 + REGS64_RBP(%rip), %rbp
	movq	purgatory_regs64 + REGS64_R8(%rip), %r8
	movq	purgatory_regs64 + REGS64_R9(%rip), %r9
	movq	purgatory_regs64 + REGS64_R10(%rip), %r10
	movq	purgatory_regs64 + REGS64_R11(%rip), %r11
	movq	purgatory_regs64 + REGS64_R12(%rip), %r12
	movq	purgatory_regs64 + REGS64_R13(%rip), %r13
	movq	purgatory_regs64 + REGS64_R14(%rip), %r14
	movq	purgatory_regs64 + REGS64_R15(%rip), %r15
	movq	purgatory_regs64 + REGS64_RSP(%rip), %rsp
	movq	purgatory_regs64 + REGS64_RAX(%rip), %rax
	jmp	*purgatory_regs64 + REGS64_RIP(%rip)

/*
 * Leave long mode for 32-bit protected mode without paging, following
 * SDM vol. 3A 9.8.5.4 "Switching Out of IA-32e Mode Operation":
 *   1. switch to compatibility mode (a far transfer to a 32-bit code
 *      segment), running from an identity-mapped page below 4 GiB;
 *   2. clear CR0.PG, which deactivates IA-32e mode (EFER.LMA = 0);
 *   3. (load CR3 for legacy paging: not wanted, paging stays off);
 *   4. clear EFER.LME.
 * The 32-bit GDT puts a 32-bit code segment at 0x10 so that the image
 * gets __BOOT_CS/__BOOT_DS as the 32-bit boot protocol asks.  Loading
 * GDTR does not disturb the segments already loaded from the 64-bit one.
 */
enter_32:
	lgdt	purgatory_gdt32_ptr(%rip)
	leaq	compat_32(%rip), %rax
	pushq	$BOOT_CS
	pushq	%rax
	lretq

	.code32
compat_32:
	movl	$BOOT_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	%eax, %fs
	movl	%eax, %gs

	movl	%cr0, %eax
	btrl	$CR0_PG_BIT, %eax
	movl	%eax, %cr0
	jmp	1f			/* fetch past the mode change afresh */
1:	movl	$MSR_EFER, %ecx
	rdmsr
	btrl	$EFER_LME_BIT, %eax
	wrmsr
	/*
	 * Hand over a clean CR4: PAE (and LA57) mean nothing with paging
	 * off, but a 32-bit image that enables non-PAE paging without
	 * writing CR4 first would misread its page tables.
	 */
	xorl	%eax, %eax
	movl	%eax, %cr4

	ENTER_IMAGE_32
	.size	purgatory_enter_image, . - purgatory_enter_image

	.data
	.balign	16
	.globl	purgatory_gdt64
	.type	purgatory_gdt64, @object
purgatory_gdt64:
	.quad	0			/* null */
	.quad	0			/* 0x08 unused */
	.quad	GDT_CODE64		/* 0x10 BOOT_CS */
	.quad	GDT_DATA		/* 0x18 BOOT_DS */
	.size	purgatory_gdt64, . - purgatory_gdt64

	.balign	16
	.globl	purgatory_gdt32
	.type	purgatory_gdt32, @object
purgatory_gdt32:
	.quad	0
	.quad	0
	.quad	GDT_CODE32		/* 0x10 BOOT_CS */
	.quad	GDT_DATA		/* 0x18 BOOT_DS */
	.size	purgatory_gdt32, . - purgatory_gdt32

/*
 * GDTR images (limit, 64-bit base; SDM 3A 3.5.1).  The bases are
 * absolute addresses that kexec relocates: the unit tests check them.
 */
	.balign	16
	.globl	purgatory_gdt64_ptr
	.type	purgatory_gdt64_ptr, @object
purgatory_gdt64_ptr:
	.word	4 * 8 - 1
	.quad	purgatory_gdt64
	.size	purgatory_gdt64_ptr, . - purgatory_gdt64_ptr

	.balign	16
	.globl	purgatory_gdt32_ptr
	.type	purgatory_gdt32_ptr, @object
purgatory_gdt32_ptr:
	.word	4 * 8 - 1
	.quad	purgatory_gdt32
	.size	purgatory_gdt32_ptr, . - purgatory_gdt32_ptr

	.balign	16
purgatory_idt_null:
	.word	0
	.quad	0

	.bss
	.balign	16
purgatory_stack:
	.skip	PURGATORY_STACK_SIZE
purgatory_stack_end:

	.section .note.GNU-stack, "", @progbits
