/*
 * Entry points of the kexec-jump test program (see phys.c and
 * doc/jump-back-protocol.md).
 *
 * The kernel calls the program's current re-entry point with the
 * caller's jump-back entry at 0(sp) and the re-entry slot just above it.
 * Both entries only note which of them was taken and pass the slot and
 * the stack pointer to phys_call() by a tail jump, so that phys_call()'s
 * plain return goes straight back to the kernel.
 */
	.section .text.entry, "ax"

#ifdef __x86_64__
	.code64
	.globl	phys_start
	.type	phys_start, @function
phys_start:
	xorl	%edi, %edi		/* entry = 0 (phys_start) */
	jmp	1f
	.size	phys_start, . - phys_start

	.globl	phys_resume
	.type	phys_resume, @function
phys_resume:
	movl	$1, %edi		/* entry = 1 (phys_resume) */
1:	leaq	8(%rsp), %rsi		/* slot = the re-entry slot */
	movq	%rsp, %rdx		/* sp = stack pointer at entry */
	jmp	phys_call
	.size	phys_resume, . - phys_resume

#else /* i386: phys_call() takes its arguments in %eax, %edx, %ecx */
	.code32
	.globl	phys_start
	.type	phys_start, @function
phys_start:
	xorl	%eax, %eax
	jmp	1f
	.size	phys_start, . - phys_start

	.globl	phys_resume
	.type	phys_resume, @function
phys_resume:
	movl	$1, %eax
1:	leal	4(%esp), %edx
	movl	%esp, %ecx
	jmp	phys_call
	.size	phys_resume, . - phys_resume
#endif

	.section .note.GNU-stack, "", @progbits
