/* head_64.S - the first 64-bit instructions: load the data segments and a stack, call C. */
#include "defs.h"

	.section .head.text, "ax"
	.code64
/*
 * startup_64 - reached by the far jump at the end of startup_32.
 * Registers on entry: CS = __KERNEL_CS (64-bit), paging on with init_top_pgt, interrupts off.
 * The upper halves of the general registers are undefined after the mode switch.
 */
	.globl startup_64
startup_64:
	movl $__KERNEL_DS, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	xorl %eax, %eax
	movl %eax, %fs
	movl %eax, %gs
	movq $boot_stack_top, %rsp
	movl boot_magic(%rip), %edi		/* start_kernel(magic, mbi) */
	movl boot_mbi(%rip), %esi
	call start_kernel
1:	cli
	hlt
	jmp 1b
