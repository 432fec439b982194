/*
 * Headers and entry point of the multiboot test kernels (mbtest.c).
 *
 *   -DMB2      a Multiboot2 header (specification 2.0), else a Multiboot
 *              one (0.6.96);
 *   -DADDRESS  the header also says where the file goes (Multiboot flag
 *              bit 16, Multiboot2 address and entry address tags), for a
 *              flat binary made with objcopy -O binary.
 *
 * The entry records the machine state the loader left before touching
 * it (mbtest.c checks it against section 3.2 / 3.3 of the
 * specifications), sets up a stack and calls mbtest_main(magic, info).
 */
#define MB1_MAGIC	0x1BADB002
#define MB1_FLAGS	(0x3 | ADDRESS_FLAG)	/* page-aligned modules, memory info */
#define MB2_MAGIC	0xE85250D6

#ifdef ADDRESS
#define ADDRESS_FLAG	0x10000
#else
#define ADDRESS_FLAG	0
#endif

	.section .multiboot, "a"
#ifdef MB2
	.balign	8
mb_header:
	.long	MB2_MAGIC
	.long	0				/* i386 */
	.long	mb_header_end - mb_header
	.long	-(MB2_MAGIC + (mb_header_end - mb_header))
	/* Information request, not optional: what kjump must give. */
	.balign	8
	.short	1, 0
	.long	8 + 5 * 4
	.long	1, 2, 3, 4, 6
	.balign	8
	/* Modules page-aligned. */
	.short	6, 0
	.long	8
	/* An optional framebuffer request kjump may ignore. */
	.balign	8
	.short	5, 1
	.long	20
	.long	1024, 768, 32
#ifdef ADDRESS
	.balign	8
	.short	2, 0
	.long	24
	.long	mb_header, mbtest_image_start, mbtest_data_end, mbtest_bss_end
	.balign	8
	.short	3, 0
	.long	12
	.long	_start
#endif
	.balign	8
	.short	0, 0
	.long	8
mb_header_end:
#else
	.balign	4
mb_header:
	.long	MB1_MAGIC
	.long	MB1_FLAGS
	.long	-(MB1_MAGIC + MB1_FLAGS)
#ifdef ADDRESS
	.long	mb_header, mbtest_image_start, mbtest_data_end, mbtest_bss_end, _start
#endif
#endif

	.text
	.code32
	.globl	_start
	.type	_start, @function
_start:
	/* Everything as the loader left it, before anything changes it;
	 * %esp is undefined (section 3.2), so our stack comes first. */
	movl	%eax, mbtest_entry_eax
	movl	$mbtest_stack_top, %esp
	pushfl
	popl	mbtest_entry_eflags
	movl	%cr0, %eax
	movl	%eax, mbtest_entry_cr0
	movl	%cs, %eax
	movl	%eax, mbtest_entry_cs
	movl	%ds, %eax
	movl	%eax, mbtest_entry_ds
	movl	%ss, %eax
	movl	%eax, mbtest_entry_ss
	movl	mbtest_entry_eax, %eax

	cli
	pushl	%ebx
	pushl	%eax
	call	mbtest_main
1:	cli
	hlt
	jmp	1b
	.size	_start, . - _start

	.bss
	.balign	16
	.skip	16384
mbtest_stack_top:

	.section .note.GNU-stack, "", @progbits
