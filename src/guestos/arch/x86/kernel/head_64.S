/* head_64.S - the first instructions in the higher half. */
#include <asm/page.h>
#include <asm/segment.h>
#include <asm/asm.h>

#define BOOT_STACK_SIZE 16384

	.text
	.code64
/*
 * startup_64 - reached from startup_32 by an absolute jump.
 * Registers on entry: CS = __KERNEL_CS (64-bit), paging on with init_top_pgt (identity and
 * kernel map), interrupts off. The upper halves of the general registers are undefined.
 */
ENTRY(startup_64)
	movl $__KERNEL_DS, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	xorl %eax, %eax
	movl %eax, %fs
	movl %eax, %gs
	movq $boot_stack_top, %rsp
	xorl %ebp, %ebp				/* the end of the frame-pointer chain */
	call start_kernel			/* init/main.c; never returns */
1:	cli
	hlt
	jmp 1b
END(startup_64)

	.section .bss
	.balign 16
boot_stack:	.skip BOOT_STACK_SIZE
	.globl boot_stack_top
boot_stack_top:
