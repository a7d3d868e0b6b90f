/* SPDX-License-Identifier: MIT */
/*
 * Calibration guest: tells the harness whether an accelerator really runs
 * guest code natively.
 *
 * /dev/kvm can exist on hosts whose KVM only emulates instructions, where
 * a loop costs thousands of cycles per iteration instead of one or two.
 * This guest times a dec/jnz loop with rdtsc at three sizes and prints, for
 * each finished size,
 *
 *   @@CALIB {"iters":N,"tsc":T}
 *
 * on COM1, then writes 0 to QEMU's isa-debug-exit port (0xf4), which makes
 * QEMU exit with status 1.  The harness judges from the largest N it saw,
 * so a slow host still yields a number before the harness's timeout.
 *
 * Boot: multiboot v1 with the a.out kludge (header flag bit 16), so QEMU's
 * -kernel loads this flat binary at 1 MiB and enters it in 32-bit protected
 * mode with paging off.  It executes no `int`, which an emulating KVM
 * cannot run.
 */

#define MB_MAGIC	0x1badb002
#define MB_FLAGS	0x00010000	/* bit 16: addresses below are valid */
#define COM1		0x3f8
#define COM1_LSR	(COM1 + 5)
#define LSR_THRE	0x20		/* transmit holding register empty */
#define DEBUG_EXIT	0xf4

	.code32
	.section .multiboot, "a"
	.p2align 2
mb_header:
	.long	MB_MAGIC
	.long	MB_FLAGS
	.long	-(MB_MAGIC + MB_FLAGS)
	.long	mb_header		/* header_addr */
	.long	_load_start		/* load_addr */
	.long	_load_end		/* load_end_addr */
	.long	_bss_end		/* bss_end_addr */
	.long	calib_start		/* entry_addr */

	.text
	.globl	calib_start
calib_start:
	cli
	mov	$stack_top, %esp
	cld
	mov	$msg_newline, %esi	/* the BIOS leaves its last line open */
	call	serial_puts
	mov	$sizes, %esi
1:	mov	(%esi), %ecx
	test	%ecx, %ecx
	jz	2f
	push	%esi
	call	calib_measure
	pop	%esi
	add	$4, %esi
	jmp	1b
2:	xor	%eax, %eax		/* exit value 0: QEMU status (0<<1)|1 */
	mov	$DEBUG_EXIT, %dx
	outl	%eax, %dx
3:	hlt
	jmp	3b

/* Time %ecx iterations of dec/jnz and print one @@CALIB line. */
calib_measure:
	push	%ecx
	lfence				/* keep rdtsc from running early */
	rdtsc
	mov	%eax, t0_lo
	mov	%edx, t0_hi
	.p2align 4
4:	dec	%ecx
	jnz	4b
	lfence
	rdtsc
	sub	t0_lo, %eax
	sbb	t0_hi, %edx
	push	%edx
	push	%eax
	mov	$msg_head, %esi
	call	serial_puts
	mov	8(%esp), %eax		/* iterations */
	xor	%edx, %edx
	call	serial_putu64
	mov	$msg_mid, %esi
	call	serial_puts
	pop	%eax			/* tsc delta, low then high */
	pop	%edx
	call	serial_putu64
	mov	$msg_tail, %esi
	call	serial_puts
	pop	%ecx
	ret

/* Print the NUL-terminated string at %esi. */
serial_puts:
5:	lodsb
	test	%al, %al
	jz	6f
	call	serial_putc
	jmp	5b
6:	ret

/* Print %al once the UART's transmit holding register is empty. */
serial_putc:
	push	%edx
	push	%eax
	mov	$COM1_LSR, %dx
7:	inb	%dx, %al
	test	$LSR_THRE, %al
	jz	7b
	pop	%eax
	mov	$COM1, %dx
	outb	%al, %dx
	pop	%edx
	ret

/*
 * Print %edx:%eax in decimal.  32-bit div only divides a 64-bit dividend
 * whose quotient fits in 32 bits, so divide the high word first and carry
 * its remainder into the low word's division.
 */
serial_putu64:
	push	%ebx
	push	%edi
	mov	$digits_end, %edi
	mov	%edx, %ebx		/* %ebx:%eax = value */
8:	push	%eax
	mov	%ebx, %eax
	xor	%edx, %edx
	mov	$10, %ecx
	div	%ecx			/* high word / 10 */
	mov	%eax, %ebx
	pop	%eax
	div	%ecx			/* (rem:low) / 10 */
	add	$'0', %dl
	dec	%edi
	mov	%dl, (%edi)
	mov	%eax, %ecx
	or	%ebx, %ecx
	jnz	8b
9:	mov	(%edi), %al
	call	serial_putc
	inc	%edi
	cmp	$digits_end, %edi
	jne	9b
	pop	%edi
	pop	%ebx
	ret

	.section .rodata
	.p2align 2
sizes:	.long	1000, 100000, 10000000, 0
msg_newline:	.asciz	"\r\n"
msg_head:	.asciz	"@@CALIB {\"iters\":"
msg_mid:	.asciz	",\"tsc\":"
msg_tail:	.asciz	"}\r\n"

	.bss
	.p2align 4
t0_lo:	.space	4
t0_hi:	.space	4
digits:	.space	24
digits_end:
	.p2align 4
stack:	.space	4096
stack_top:
