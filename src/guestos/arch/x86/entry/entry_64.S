/* entry_64.S - every way into the kernel from 64-bit code, and every way back out:
 *   entry_SYSCALL_64   the SYSCALL instruction (MSR_LSTAR)
 *   idt_stubs          exceptions and interrupts (the IDT, arch/x86/kernel/idt.c)
 *   sysretq / iretq    the two exits to user mode
 * The 32-bit entries are in entry_64_compat.S. */
#include <asm/asm.h>
#include <asm/calling.h>
#include <asm/percpu.h>
#include <asm/processor-flags.h>
#include <asm/ptrace.h>
#include <asm/segment.h>
#include <asm/smap.h>
#include <asm/traps.h>
#include <uapi/errno.h>

	.section .entry.text, "ax"
	.code64

/*
 * entry_SYSCALL_64 - the 64-bit system call, MSR_LSTAR points here (syscall_init()).
 * Registers on entry:
 *   rax  system call number
 *   rcx  return address (the user RIP)
 *   r11  saved RFLAGS
 *   rdi  arg0, rsi arg1, rdx arg2, r10 arg3 (rcx is taken), r8 arg4, r9 arg5
 *   rsp  still the user stack: SYSCALL does not switch stacks
 * CS and SS come from MSR_STAR; RFLAGS has been masked with MSR_SYSCALL_MASK, so IF, TF, DF
 * and AC are clear. GS still holds the user's base.
 */
ENTRY(entry_SYSCALL_64)
	swapgs					/* GS base := &cpu_pcpu */
	movq %rsp, PER_CPU_VAR(PCPU_rsp_scratch)
	movq PER_CPU_VAR(PCPU_cpu_current_top_of_stack), %rsp

	/* Build struct pt_regs on the kernel stack, as the CPU would have for an interrupt. */
	pushq $__USER_DS			/* pt_regs->ss */
	pushq PER_CPU_VAR(PCPU_rsp_scratch)	/* pt_regs->sp */
	pushq %r11				/* pt_regs->flags */
	pushq $__USER_CS			/* pt_regs->cs */
	pushq %rcx				/* pt_regs->ip */
	pushq %rax				/* pt_regs->orig_ax */
	pushq %rdi				/* pt_regs->di */
	PUSH_REGS_FROM_SI rax=$-ENOSYS		/* pt_regs->ax: the result if nr is unknown */

	movq %rax, %rdi				/* do_syscall_64(nr, regs) */
	movq %rsp, %rsi
	call do_syscall_64			/* ends with prepare_exit_to_usermode */

	/*
	 * SYSRET restores RIP from RCX and RFLAGS from R11, and it can only return to __USER_CS
	 * and __USER_DS. Use it only when pt_regs says that is what IRET would do anyway (execve
	 * and the fault paths change pt_regs); otherwise take the slower IRET path.
	 */
	movq RCX(%rsp), %rcx
	movq RIP(%rsp), %r11
	cmpq %rcx, %r11				/* SYSRET needs RCX == RIP */
	jne swapgs_restore_regs_and_return_to_usermode
	/*
	 * On Intel, SYSRET to a non-canonical RIP raises #GP in ring 0 with the user's RSP: never
	 * let that happen. Sign-extend from bit 47 and compare.
	 */
	shlq $16, %rcx
	sarq $16, %rcx
	cmpq %rcx, %r11
	jne swapgs_restore_regs_and_return_to_usermode
	cmpq $__USER_CS, CS(%rsp)		/* SYSRET needs CS == __USER_CS */
	jne swapgs_restore_regs_and_return_to_usermode
	movq R11(%rsp), %r11
	cmpq %r11, EFLAGS(%rsp)			/* SYSRET needs R11 == RFLAGS */
	jne swapgs_restore_regs_and_return_to_usermode
	/* SYSRET cannot restore RF, and TF would trap on the kernel's last instruction. */
	testq $(X86_EFLAGS_RF | X86_EFLAGS_TF), %r11
	jnz swapgs_restore_regs_and_return_to_usermode
	cmpq $__USER_DS, SS(%rsp)		/* SYSRET needs SS == __USER_DS */
	jne swapgs_restore_regs_and_return_to_usermode

	.globl syscall_return_via_sysret
syscall_return_via_sysret:
	POP_REGS				/* rcx = rip and r11 = rflags, checked above */
	movq RSP - ORIG_RAX(%rsp), %rsp		/* the user stack */
	swapgs					/* GS base := the user's */
	sysretq
END(entry_SYSCALL_64)

/*
 * idt_stubs - 256 stubs, 16 bytes apart: the IDT gate for vector v points at idt_stubs + 16 * v
 * (int $0x80 has its own entry). Each pushes -1 where the CPU pushed no error code, so that
 * pt_regs->orig_ax is always the error code, then the vector for common_interrupt.
 */
	.balign 16
ENTRY(idt_stubs)
	vector = 0
	.rept 256
	.balign 16
	.if !(vector == 8 || (vector >= 10 && vector <= 14) || vector == 17 || vector == 21 || vector == 29 || vector == 30)
	pushq $-1				/* pt_regs->orig_ax: no error code */
	.endif
	pushq $vector
	jmp common_interrupt
	vector = vector + 1
	.endr
END(idt_stubs)

/*
 * common_interrupt - the rest of every IDT entry.
 * Stack on entry: the vector, the error code (or -1), then the CPU's frame (rip, cs, rflags,
 * rsp, ss); from ring 3 the CPU has switched to TSS.RSP0, or to an IST stack for #DF and NMI.
 * Calls do_exception(regs, vector) for vectors 0-31 and do_IRQ(regs, vector) for the rest.
 */
common_interrupt:
	ASM_CLAC				/* the user may have left RFLAGS.AC set */
	cld
	testb $3, 3 * 8(%rsp)			/* the saved CS: from user mode? */
	jz 1f
	swapgs
1:	xchgq %rdi, (%rsp)			/* rdi := vector; the slot becomes pt_regs->di */
	PUSH_REGS_FROM_SI
	movq %rdi, %rsi				/* handler(regs, vector) */
	movq %rsp, %rdi
	cmpq $FIRST_EXTERNAL_VECTOR, %rsi
	jae 2f
	call do_exception
	movq $-1, ORIG_RAX(%rsp)		/* not a system call: nothing to restart */
	jmp ret_from_intr
2:	call do_IRQ
ret_from_intr:
	testb $3, CS(%rsp)
	jz 3f
	movq %rsp, %rdi				/* reschedule, signals */
	call prepare_exit_to_usermode
	jmp swapgs_restore_regs_and_return_to_usermode
3:	POP_REGS				/* back to the kernel: GS stays */
	addq $8, %rsp				/* orig_ax */
	iretq

/*
 * swapgs_restore_regs_and_return_to_usermode - the general exit to ring 3, by IRETQ, which can
 * return anywhere pt_regs says (compatibility mode, any RIP, TF set).
 * Stack on entry: struct pt_regs; GS base is the kernel's.
 */
ENTRY(swapgs_restore_regs_and_return_to_usermode)
	POP_REGS
	addq $8, %rsp				/* orig_ax */
	swapgs
	iretq
END(swapgs_restore_regs_and_return_to_usermode)

/*
 * ret_to_user(regs) - enter user mode for the first time: regs is the pt_regs at the top of
 * current's kernel stack, filled by start_thread(). Never returns.
 */
ENTRY(ret_to_user)
	movq %rdi, %rsp
	jmp swapgs_restore_regs_and_return_to_usermode
END(ret_to_user)

/*
 * __switch_to_asm(prev, next, &prev->thread.sp, next->thread.sp) - the stack half of a task
 * switch (kernel/sched/core.c context_switch). Saves the callee-saved registers on prev's
 * stack, leaves prev's stack pointer in prev->thread.sp, takes next's, pops next's registers
 * and jumps to __switch_to(prev, next), which returns (prev in RAX) to where next left off:
 * its own call of __switch_to_asm, or ret_from_fork for a new task.
 */
ENTRY(__switch_to_asm)
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, (%rdx)			/* prev->thread.sp */
	movq %rcx, %rsp				/* next->thread.sp */
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	jmp __switch_to
END(__switch_to_asm)

/*
 * ret_from_fork - where a new task starts (copy_thread_tls, the idle task). RAX = prev. A user
 * task (RBX = 0) returns to user mode through its pt_regs, a copy of its parent's with RAX = 0;
 * a kernel thread calls RBX(R12) and never returns.
 */
ENTRY(ret_from_fork)
	movq %rax, %rdi
	call schedule_tail
	testq %rbx, %rbx
	jnz 1f
	movq %rsp, %rdi				/* the pt_regs */
	call prepare_exit_to_usermode
	jmp swapgs_restore_regs_and_return_to_usermode
1:	movq %r12, %rdi
	call *%rbx
	ud2
END(ret_from_fork)

/* call_on_stack(stack_top, fn) - switch to another kernel stack and call fn(); fn must not
 * return. */
ENTRY(call_on_stack)
	movq %rdi, %rsp
	andq $-16, %rsp				/* the ABI's alignment at a call */
	xorl %ebp, %ebp
	call *%rsi
	ud2
END(call_on_stack)
