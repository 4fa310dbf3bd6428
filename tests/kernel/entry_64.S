/* entry_64.S - every way into and out of the kernel: the IDT stubs, entry_SYSCALL_64 and its
 * SYSRET exits, the first IRETQ to ring 3, and the kernel-mode fault tests. */
#include "defs.h"

	.section .entry.text, "ax"
	.code64

/* struct pt_regs (kernel.h), built below the frame the CPU or the SYSCALL entry left. */
.macro PUSH_REGS
	pushq %rdi		/* pt_regs->rdi */
	pushq %rsi		/* pt_regs->rsi */
	pushq %rdx		/* pt_regs->rdx */
	pushq %rcx		/* pt_regs->rcx */
	pushq %rax		/* pt_regs->rax */
	pushq %r8		/* pt_regs->r8 */
	pushq %r9		/* pt_regs->r9 */
	pushq %r10		/* pt_regs->r10 */
	pushq %r11		/* pt_regs->r11 */
	pushq %rbx		/* pt_regs->rbx */
	pushq %rbp		/* pt_regs->rbp */
	pushq %r12		/* pt_regs->r12 */
	pushq %r13		/* pt_regs->r13 */
	pushq %r14		/* pt_regs->r14 */
	pushq %r15		/* pt_regs->r15 */
.endm

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

/* Offsets in pt_regs, counted from the vector slot. */
#define REGS_SIZE	(15 * 8)
#define FRAME_CS	(2 * 8 + 8)	/* vector, error code, rip, then cs */

/*
 * idt_stubs - 256 stubs, 16 bytes apart; the IDT entry for vector v is idt_stubs + 16 * v.
 * Registers on entry: the CPU's frame (ss, rsp, rflags, cs, rip) and, for the vectors that have
 * one, the error code. Each stub pushes 0 where the CPU pushed no error code, then the vector.
 */
	.balign 16
	.globl idt_stubs
idt_stubs:
	vector = 0
	.rept 256
	.balign 16
	.if !(vector == 8 || (vector >= 10 && vector <= 14) || vector == 17 || vector == 21 || vector == 29 || vector == 30)
	pushq $0		/* pt_regs->error_code */
	.endif
	pushq $vector		/* pt_regs->vector */
	jmp common_interrupt
	vector = vector + 1
	.endr

/* common_interrupt - save the registers, call do_trap(regs), and IRETQ. */
common_interrupt:
	cld
	testb $3, FRAME_CS(%rsp)	/* from user mode: take the kernel's GS base */
	jz 1f
	swapgs
1:	PUSH_REGS
	movq %rsp, %rdi
	call do_trap
	POP_REGS
	testb $3, FRAME_CS(%rsp)	/* the handler may have changed where we return to */
	jz 2f
	swapgs
2:	addq $16, %rsp			/* vector and error code */
	iretq

/*
 * entry_SYSCALL_64 - MSR_LSTAR points here.
 * Registers on entry:
 *   rax  system call number
 *   rcx  return address (the user RIP)
 *   r11  saved RFLAGS
 *   rdi, rsi, rdx, r10, r8, r9  arguments 0..5
 *   rsp  the user stack: not switched by the CPU
 * CS and SS come from MSR_STAR; RFLAGS has been masked by MSR_SYSCALL_MASK (IF is off).
 */
	.globl entry_SYSCALL_64
entry_SYSCALL_64:
	swapgs
	movq %rsp, %gs:PCPU_USER_RSP
	movq %gs:PCPU_TOP_OF_STACK, %rsp
	pushfq
	popq %gs:PCPU_ENTRY_FLAGS		/* RFLAGS as SYSCALL left them */
	pushq $__USER_DS			/* pt_regs->ss */
	pushq %gs:PCPU_USER_RSP			/* pt_regs->rsp */
	pushq %r11				/* pt_regs->rflags */
	pushq $__USER_CS			/* pt_regs->cs */
	pushq %rcx				/* pt_regs->rip */
	pushq %rax				/* pt_regs->error_code: orig_rax, the call number */
	pushq $-1				/* pt_regs->vector: none */
	PUSH_REGS
	movq %rsp, %rdi
	call do_syscall_64			/* returns SYSCALL_RETURN_* */
	cmpl $SYSCALL_RETURN_SYSRET_NONCANONICAL, %eax
	je sysret_noncanonical
	POP_REGS
	addq $16, %rsp				/* vector, orig_rax */
	popq %rcx				/* rip */
	addq $8, %rsp				/* cs */
	popq %r11				/* rflags */
	popq %rsp				/* the user stack */
	swapgs
	sysretq

/*
 * sysret_noncanonical - SYSRET with the non-canonical RCX that do_syscall_64() put in
 * regs->rip. Intel raises #GP(0) in ring 0 at the SYSRET (the stack is still the kernel's);
 * AMD returns to ring 3 and faults on the fetch. do_trap() handles both the same way.
 */
sysret_noncanonical:
	POP_REGS
	addq $16, %rsp
	popq %rcx				/* NONCANONICAL_ADDR */
	addq $8, %rsp
	popq %r11
	addq $16, %rsp				/* keep a kernel stack: skip the user rsp and ss */
	swapgs
	.globl sysret_noncanonical_insn
sysret_noncanonical_insn:
	sysretq

/*
 * sysret_fault_resume - do_trap() resumes here after the ring-0 #GP of sysret_noncanonical.
 * GS already holds the user base; return to the user program with IRETQ.
 */
	.globl sysret_fault_resume
sysret_fault_resume:
	pushq $__USER_DS			/* ss */
	pushq sysret_test_user_rsp(%rip)	/* rsp */
	pushq sysret_test_user_rflags(%rip)	/* rflags */
	pushq $__USER_CS			/* cs */
	pushq sysret_test_resume(%rip)		/* rip */
	iretq

/* SYSCALL from compatibility mode and SYSENTER are not part of the test: report and stop. */
	.globl entry_SYSCALL_compat, entry_SYSENTER_compat
entry_SYSCALL_compat:
	movq $entry_stack_top, %rsp
	movl $1, %edi
	call bad_entry
entry_SYSENTER_compat:
	movq $entry_stack_top, %rsp
	movl $2, %edi
	call bad_entry

/*
 * enter_user(rip, rsp) - the first entry to ring 3, by IRETQ, with all general registers zero,
 * DS/ES = __USER_DS (compatibility-mode code needs them) and the user GS base. Never returns.
 */
	.globl enter_user
enter_user:
	pushq $__USER_DS			/* ss */
	pushq %rsi				/* rsp */
	pushq $USER_ENTRY_RFLAGS		/* rflags */
	pushq $__USER_CS			/* cs */
	pushq %rdi				/* rip */
	movl $__USER_DS, %eax
	movl %eax, %ds
	movl %eax, %es
	swapgs					/* GS_BASE := 0, KERNEL_GS_BASE := &pcpu */
	xorl %eax, %eax
	xorl %ebx, %ebx
	xorl %ecx, %ecx
	xorl %edx, %edx
	xorl %esi, %esi
	xorl %edi, %edi
	xorl %ebp, %ebp
	xorl %r8d, %r8d
	xorl %r9d, %r9d
	xorl %r10d, %r10d
	xorl %r11d, %r11d
	xorl %r12d, %r12d
	xorl %r13d, %r13d
	xorl %r14d, %r14d
	xorl %r15d, %r15d
	iretq

/* wp_test - a supervisor write to a read-only user page faults under CR0.WP; returns the byte
 * read before the write. */
	.globl wp_test
wp_test:
	movq $USER_RODATA, %rdx
	movzbl (%rdx), %eax			/* a read: sets the PTE's accessed bit */
1:	movb $0xff, (%rdx)			/* #PF, error code P|W */
2:	ret
	_ASM_EXTABLE(1b, 2b, "movb $0xff, (%rdx)")

/*
 * df_test - a push to an unmapped stack faults (#PF); delivering that #PF pushes to the same
 * stack and faults again, which is a double fault. #DF runs on IST1; do_trap() resumes at
 * df_resume with df_saved_rsp.
 */
	.globl df_test, df_resume
df_test:
	movq %rsp, df_saved_rsp(%rip)
	movq $UNMAPPED_ADDR, %rsp
	pushq %rax
df_resume:
	movq df_saved_rsp(%rip), %rsp
	ret

/* wait_for_interrupt - STI; HLT: the interrupt shadow of STI makes the pair atomic. */
	.globl wait_for_interrupt, hlt_resume
wait_for_interrupt:
	sti
	hlt
hlt_resume:
	cli
	ret

	.section .head.data, "aw"
	.balign 8
	.globl df_saved_rsp, sysret_test_user_rsp, sysret_test_user_rflags, sysret_test_resume
df_saved_rsp:		.quad 0
sysret_test_user_rsp:	.quad 0
sysret_test_user_rflags: .quad 0
sysret_test_resume:	.quad 0
