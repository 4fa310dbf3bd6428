/* vga_head.S - Multiboot 1 header and entry of the VGA test kernel (vga_kernel.c).
 *
 * Registers on entry (Multiboot 1 §3.2): EAX = 0x2BADB002, EBX = the information structure,
 * 32-bit protected mode with flat segments, paging and interrupts off, ESP undefined. */
	.section .text
	.align 4
multiboot_header:
	.long 0x1BADB002		/* magic */
	.long 0				/* flags: an ELF image, no other requests */
	.long -0x1BADB002		/* checksum */

	.globl _start
_start:
	movl $stack_top, %esp
	pushl %ebx			/* kmain(mbi) */
	call kmain
	cli				/* lstar and QEMU end the run on HLT with IF clear */
1:	hlt
	jmp 1b

	.section .bss
	.align 16
	.space 8192
stack_top:
