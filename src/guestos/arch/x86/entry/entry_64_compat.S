/* entry_64_compat.S - the 32-bit system call entries: int $0x80 (what 32-bit programs use, and
 * what works from 64-bit code too), SYSCALL from compatibility mode (MSR_CSTAR) and SYSENTER. */
#include <asm/asm.h>
#include <asm/calling.h>
#include <asm/percpu.h>
#include <asm/processor-flags.h>
#include <asm/ptrace.h>
#include <asm/segment.h>
#include <asm/smap.h>
#include <uapi/errno.h>

	.section .entry.text, "ax"

/*
 * entry_INT80_compat - int $0x80, through a DPL-3 interrupt gate (arch/x86/kernel/idt.c).
 * Registers on entry (the i386 convention):
 *   eax  system call number (i386 numbers: ia32_sys_call_table)
 *   ebx  arg0, ecx arg1, edx arg2, esi arg3, edi arg4, ebp arg5
 * The CPU has switched to TSS.RSP0 and pushed ss, rsp, rflags, cs, rip; IF is clear.
 * As in Linux, r8-r11 come back as zero, and a 64-bit program that uses int $0x80 gets the
 * 32-bit table.
 */
ENTRY(entry_INT80_compat)
	ASM_CLAC
	swapgs
	movl %eax, %eax				/* the number is 32 bits */
	pushq %rax				/* pt_regs->orig_ax */
	pushq %rdi				/* pt_regs->di */
	pushq %rsi				/* pt_regs->si */
	pushq %rdx				/* pt_regs->dx */
	pushq %rcx				/* pt_regs->cx */
	pushq $-ENOSYS				/* pt_regs->ax */
	pushq $0				/* pt_regs->r8 */
	pushq $0				/* pt_regs->r9 */
	pushq $0				/* pt_regs->r10 */
	pushq $0				/* pt_regs->r11 */
	pushq %rbx				/* pt_regs->bx */
	pushq %rbp				/* pt_regs->bp */
	pushq %r12				/* pt_regs->r12 */
	pushq %r13				/* pt_regs->r13 */
	pushq %r14				/* pt_regs->r14 */
	pushq %r15				/* pt_regs->r15 */
	cld
	movq %rsp, %rdi
	call do_int80_syscall_32		/* ends with prepare_exit_to_usermode */
	jmp swapgs_restore_regs_and_return_to_usermode
END(entry_INT80_compat)

/*
 * entry_SYSCALL_compat - SYSCALL from compatibility mode (MSR_CSTAR). Intel CPUs, and lstar,
 * raise #UD instead of coming here; on AMD the call fails with ENOSYS: 32-bit programs use
 * int $0x80.
 * Registers on entry: ecx = return EIP, r11 = RFLAGS; the stack and GS are the user's.
 */
ENTRY(entry_SYSCALL_compat)
	movl $-ENOSYS, %eax
	sysretl
END(entry_SYSCALL_compat)

/*
 * entry_SYSENTER_compat - SYSENTER (MSR_IA32_SYSENTER_EIP). Linux returns from it through the
 * vDSO, which this kernel does not have, so the program is stopped with SIGILL.
 * Registers on entry: rsp = MSR_IA32_SYSENTER_ESP, IF clear; nothing says where to return.
 */
ENTRY(entry_SYSENTER_compat)
	swapgs
	movq PER_CPU_VAR(PCPU_cpu_current_top_of_stack), %rsp
	pushq $__USER_DS			/* pt_regs->ss */
	pushq %rbp				/* pt_regs->sp: the user stack, by convention */
	pushq $(X86_EFLAGS_IF | X86_EFLAGS_FIXED) /* pt_regs->flags */
	pushq $__USER32_CS			/* pt_regs->cs */
	pushq $0				/* pt_regs->ip: unknown */
	pushq %rax				/* pt_regs->orig_ax */
	pushq %rdi				/* pt_regs->di */
	PUSH_REGS_FROM_SI rax=$-ENOSYS
	cld
	movq %rsp, %rdi
	call do_SYSENTER_32			/* does not return */
	ud2
END(entry_SYSENTER_compat)
