/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest half of the purgatory self-test, booted by QEMU as a multiboot
 * kernel.  It plays the kernel's relocate_kernel: for the i386
 * purgatory it jumps in with paging off; for the x86_64 one it first
 * enters long mode on a 4 GiB identity map with CR4 = PAE, as
 * relocate_kernel_64 leaves it.  Either way it points GDTR at garbage
 * first, so the purgatory must load its own GDT before any segment
 * register, and it sets CR0.EM and CR0.TS and clears CR0.MP, so that
 * SHA-NI faults unless the purgatory enables SSE itself.  The stubs at 0x300000 (32-bit) and 0x380000 (64-bit) play
 * the image: they check every register gen.c asked for, the segments
 * (boot.rst __BOOT_CS/__BOOT_DS), the interrupt flag and, for 32-bit
 * entry, that paging and long mode are really off, and that CR0 and CR4
 * are back as the purgatory found them; then they report on
 * COM1 and exit QEMU through isa-debug-exit (status 0x10 = pass).
 */
#define COM1 0x3f8
	.section .multiboot, "a"
	.align 4
	.long 0x1BADB002, 0, -0x1BADB002

	.text
	.code32
	.globl _start
_start:
	cli
	movl	$stack_top, %esp
	movl	$msg_start, %esi
	call	puts32
	/* CR0.EM and CR0.TS set, CR0.MP clear (CR4.OSFXSR is clear too):
	 * SSE faults until the purgatory enables it.  What CR0 is when the
	 * purgatory starts goes to cr0_entry for the image stubs. */
	movl	%cr0, %eax
	orl	$0xc, %eax
	andl	$~0x2, %eax
	movl	%eax, %cr0
#ifdef LONG
	/* Identity-map 4 GiB with 2 MiB pages, like the kernel's kexec map. */
	movl	$pd, %edi
	xorl	%eax, %eax
1:	movl	%eax, %edx
	shll	$21, %edx
	orl	$0x83, %edx		/* present, writable, 2M */
	movl	%edx, (%edi,%eax,8)
	movl	%eax, %edx
	shrl	$11, %edx		/* high dword of the address */
	movl	%edx, 4(%edi,%eax,8)
	incl	%eax
	cmpl	$2048, %eax
	jne	1b
	movl	$pdpt, %edi
	xorl	%ecx, %ecx
2:	movl	%ecx, %eax
	shll	$12, %eax
	addl	$pd + 3, %eax
	movl	%eax, (%edi,%ecx,8)
	incl	%ecx
	cmpl	$4, %ecx
	jne	2b
	movl	$pdpt + 3, pml4
	movl	$pml4, %eax
	movl	%eax, %cr3
	movl	$0x20, %eax		/* CR4 = PAE only, as relocate_kernel leaves it */
	movl	%eax, %cr4
	movl	$0xc0000080, %ecx
	rdmsr
	orl	$0x100, %eax
	wrmsr
	lgdt	gdtr
	movl	%cr0, %eax
	orl	$0x80000001, %eax
	movl	%eax, %cr0
	ljmp	$0x08, $long64
	.code64
long64:
	/* Forget our GDT: the purgatory must not use what it finds. */
	lgdt	bogus_gdtr64
	movq	%cr0, %rax
	movl	%eax, cr0_entry
	movl	$PURG_ENTRY, %eax
	jmp	*%rax
#else
	/* CS/DS stay cached from multiboot; only GDTR goes bad, as when
	 * relocate_kernel_32 turns paging off under a virtual GDTR. */
	lgdt	bogus_gdtr32
	movl	%cr0, %eax
	movl	%eax, cr0_entry
	movl	$PURG_ENTRY, %eax
	jmp	*%eax
#endif

	.code32
puts32:
	movw	$COM1, %dx
1:	lodsb
	testb	%al, %al
	jz	2f
	outb	%al, %dx
	jmp	1b
2:	ret

	.data
	.align 8
gdt:	.quad 0, 0x00af9a000000ffff, 0x00cf92000000ffff
gdtr:	.word 23
	.long gdt
bogus_gdtr32: .word 0xffff
	.long 0xc0000000
bogus_gdtr64: .word 0xffff
	.quad 0xffffffff81000000
msg_start: .asciz "harness: entering purgatory\n"
	.align 4
	.globl cr0_entry
cr0_entry: .long 0

	.bss
	.align 4096
pml4:	.skip 4096
pdpt:	.skip 4096
pd:	.skip 4 * 4096
	.skip 8192
stack_top:

/* ---- what the image sees ---- */
	.section .stub32, "ax"
	.code32
stub32:
	movl	%eax, saved32 + 0
	movl	%ebx, saved32 + 4
	movl	%ecx, saved32 + 8
	movl	%edx, saved32 + 12
	movl	%esi, saved32 + 16
	movl	%edi, saved32 + 20
	movl	%esp, saved32 + 24
	movl	%ebp, saved32 + 28
	movl	$0, %ebx		/* failure number */
	xorl	%ecx, %ecx
1:	movl	saved32(,%ecx,4), %eax
	incl	%ebx
	cmpl	want32(,%ecx,4), %eax
	jne	fail32
	incl	%ecx
	cmpl	$8, %ecx
	jne	1b
	incl	%ebx
	movl	%cs, %eax
	cmpl	$0x10, %eax
	jne	fail32
	incl	%ebx
	movl	%ds, %eax
	cmpl	$0x18, %eax
	jne	fail32
	incl	%ebx
	movl	%ss, %eax
	cmpl	$0x18, %eax
	jne	fail32
	incl	%ebx
	movl	%cr0, %eax
	testl	$0x80000000, %eax	/* paging off */
	jnz	fail32
	incl	%ebx
	movl	%cr4, %eax
	testl	%eax, %eax
	jnz	fail32
	incl	%ebx			/* CR0 as at entry, but for PG (64->32) */
	movl	%cr0, %eax
	movl	cr0_entry, %edx
	andl	$0x7fffffff, %edx
	cmpl	%edx, %eax
	jne	fail32
	incl	%ebx
	movl	$0xc0000080, %ecx
	rdmsr
	testl	$0x500, %eax		/* LME, LMA clear */
	jnz	fail32
	incl	%ebx
	pushfl				/* the stack works and IF = 0 */
	popl	%eax
	testl	$0x200, %eax
	jnz	fail32
	movl	$pass32, %esi
	call	puts32s
	movw	$0xf4, %dx
	movb	$0x10, %al
	outb	%al, %dx
	hlt
fail32:
	movl	%ebx, %eax
	addl	$'A', %eax
	movb	%al, failnum32
	movl	$fail32msg, %esi
	call	puts32s
	movw	$0xf4, %dx
	movb	$0x11, %al
	outb	%al, %dx
	hlt
puts32s:
	movw	$COM1, %dx
1:	lodsb
	testb	%al, %al
	jz	2f
	outb	%al, %dx
	jmp	1b
2:	ret
	.align 4
want32:	.long 0x11111111, 0x22222222, 0x33333333, 0x44444444, 0x55555555, 0x66666666, 0x2ff000, 0x77777777
saved32: .skip 32
pass32:	.asciz "image: PASS32\n"
fail32msg: .ascii "image: FAIL32 check "
failnum32: .asciz "?\n"

	.section .stub64, "ax"
	.code64
stub64:
	movq	%rax, saved64 + 0
	movq	%rbx, saved64 + 8
	movq	%rcx, saved64 + 16
	movq	%rdx, saved64 + 24
	movq	%rsi, saved64 + 32
	movq	%rdi, saved64 + 40
	movq	%rsp, saved64 + 48
	movq	%rbp, saved64 + 56
	movq	%r8, saved64 + 64
	movq	%r9, saved64 + 72
	movq	%r10, saved64 + 80
	movq	%r11, saved64 + 88
	movq	%r12, saved64 + 96
	movq	%r13, saved64 + 104
	movq	%r14, saved64 + 112
	movq	%r15, saved64 + 120
	xorl	%ebx, %ebx
	xorl	%ecx, %ecx
1:	movq	saved64(,%rcx,8), %rax
	incl	%ebx
	cmpq	want64(,%rcx,8), %rax
	jne	fail64
	incl	%ecx
	cmpl	$16, %ecx
	jne	1b
	incl	%ebx
	movl	%cs, %eax
	cmpl	$0x10, %eax
	jne	fail64
	incl	%ebx
	movl	%ds, %eax
	cmpl	$0x18, %eax
	jne	fail64
	incl	%ebx
	pushfq
	popq	%rax
	testl	$0x600, %eax		/* IF and DF clear */
	jnz	fail64
	incl	%ebx			/* CR4 = PAE as at entry */
	movq	%cr4, %rax
	cmpq	$0x20, %rax
	jne	fail64
	incl	%ebx			/* CR0 as at entry */
	movq	%cr0, %rax
	movl	cr0_entry, %edx
	cmpq	%rdx, %rax
	jne	fail64
	movl	$pass64, %esi
	call	puts64
	movw	$0xf4, %dx
	movb	$0x10, %al
	outb	%al, %dx
	hlt
fail64:
	movl	%ebx, %eax
	addl	$'A', %eax
	movb	%al, failnum64
	movl	$fail64msg, %esi
	call	puts64
	movw	$0xf4, %dx
	movb	$0x11, %al
	outb	%al, %dx
	hlt
puts64:
	movw	$COM1, %dx
1:	lodsb
	testb	%al, %al
	jz	2f
	outb	%al, %dx
	jmp	1b
2:	ret
	.align 8
want64:	.quad 0x1111111111111111, 0x2222222222222222, 0x3333333333333333, 0x4444444444444444
	.quad 0x5555555555555555, 0x6666666666666666, 0x37f000, 0x7777777777777777
	.quad 0x8888888888888888, 0x9999999999999999, 0xaaaaaaaaaaaaaaaa, 0xbbbbbbbbbbbbbbbb
	.quad 0xcccccccccccccccc, 0xdddddddddddddddd, 0xeeeeeeeeeeeeeeee, 0x0f0f0f0f0f0f0f0f
saved64: .skip 128
pass64:	.asciz "image: PASS64\n"
fail64msg: .ascii "image: FAIL64 check "
failnum64: .asciz "?\n"

	.section .purgatory, "ax"
	.incbin "purgatory.bin"
	.section .payload, "a"
	.incbin "payload.bin"
