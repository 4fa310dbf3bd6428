/* asm/calling.h - saving and restoring struct pt_regs (asm/ptrace.h) in the entry code. */
#ifndef _ASM_X86_CALLING_H
#define _ASM_X86_CALLING_H

/* Pushes pt_regs from ->si down to ->r15; the caller has pushed everything above ->si. */
.macro PUSH_REGS_FROM_SI rax=%rax
	pushq %rsi		/* pt_regs->si */
	pushq %rdx		/* pt_regs->dx */
	pushq %rcx		/* pt_regs->cx */
	pushq \rax		/* pt_regs->ax */
	pushq %r8		/* pt_regs->r8 */
	pushq %r9		/* pt_regs->r9 */
	pushq %r10		/* pt_regs->r10 */
	pushq %r11		/* pt_regs->r11 */
	pushq %rbx		/* pt_regs->bx */
	pushq %rbp		/* pt_regs->bp */
	pushq %r12		/* pt_regs->r12 */
	pushq %r13		/* pt_regs->r13 */
	pushq %r14		/* pt_regs->r14 */
	pushq %r15		/* pt_regs->r15 */
.endm

/* Restores every general register from pt_regs; leaves %rsp at pt_regs->orig_ax. */
.macro POP_REGS
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbp
	popq %rbx
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rax
	popq %rcx
	popq %rdx
	popq %rsi
	popq %rdi
.endm

#endif
