/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Entry code of the i386 purgatory.
 *
 * The i386 kernel's relocate_kernel_32 jumps to purgatory_start in
 * 32-bit protected mode with paging off, CR4 = 0 and interrupts off.
 * Its GDTR still points at the old kernel's GDT through a virtual
 * address, meaningless with paging off, so our own GDT is loaded
 * before any segment register.  All addresses are absolute: kexec
 * relocates them for where the purgatory lands (below 4 GiB).
 *
 * purgatory/selftest/run executes this code in QEMU and checks what the
 * image receives.
 */
#include "entry.h"

	.code32
	.text

	.globl	purgatory_start
	.type	purgatory_start, @function
purgatory_start:
	cli
	cld
	/*
	 * With KEXEC_PRESERVE_CONTEXT the kernel *calls* the purgatory:
	 * 0(%esp) is the caller's jump-back entry
	 * (doc/jump-back-protocol.md).  Keep it for jumpback.c (the low
	 * half of a 64-bit variable that starts as 0) while the kernel's
	 * flat SS and DS are still loaded.
	 */
	movl	(%esp), %eax
	movl	%eax, purgatory_jump_back_entry
	lgdt	purgatory_gdt32_ptr
	/* A zero-limit IDT: an NMI or exception now shuts the machine down
	 * rather than jumping through the old kernel's handlers. */
	lidt	purgatory_idt_null
	ljmp	$BOOT_CS, $1f
1:	movl	$BOOT_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	%eax, %fs
	movl	%eax, %gs
	movl	$purgatory_stack_end, %esp
	pushl	$EFLAGS_FIXED
	popfl

	/* The verify step; returns only if the image may start. */
	call	purgatory_main
	jmp	purgatory_enter_image
	.size	purgatory_start, . - purgatory_start

/*
 * The enter step: 32-bit flat protected mode, paging off, CS = 0x10 and
 * data = 0x18 of our GDT, as the 32-bit boot protocol asks.
 */
	.globl	purgatory_enter_image
	.type	purgatory_enter_image, @function
purgatory_enter_image:
	cmpl	$ENTRY_MODE_32, purgatory_entry_mode
	je	1f
	call	purgatory_halt
1:	ENTER_IMAGE_32
	.size	purgatory_enter_image, . - purgatory_enter_image

	.data
	.balign	16
	.globl	purgatory_gdt32
	.type	purgatory_gdt32, @object
purgatory_gdt32:
	.quad	0			/* null */
	.quad	0			/* 0x08 unused */
	.quad	GDT_CODE32		/* 0x10 BOOT_CS */
	.quad	GDT_DATA		/* 0x18 BOOT_DS */
	.size	purgatory_gdt32, . - purgatory_gdt32

/* GDTR image (limit, 32-bit base; SDM 3A 3.5.1), relocated by kexec. */
	.balign	16
	.globl	purgatory_gdt32_ptr
	.type	purgatory_gdt32_ptr, @object
purgatory_gdt32_ptr:
	.word	4 * 8 - 1
	.long	purgatory_gdt32
	.size	purgatory_gdt32_ptr, . - purgatory_gdt32_ptr

	.balign	16
purgatory_idt_null:
	.word	0
	.long	0

	.bss
	.balign	16
purgatory_stack:
	.skip	PURGATORY_STACK_SIZE
purgatory_stack_end:

	.section .note.GNU-stack, "", @progbits
