/* user.S - the ring-3 program. It runs at USER_TEXT (1 GiB) in 64-bit mode and, for a while, in
 * compatibility mode. Every instruction meant to fault has an exception-table entry that tells
 * the kernel where to resume; any other fault ends the run as a failure. */
#include "defs.h"

/* FAULT insn: run one instruction that must fault; the kernel resumes after it. */
.macro FAULT insn:vararg
771:	\insn
772:
	_ASM_EXTABLE(771b, 772b, "\insn")
.endm

/* REPORT a, b, c: print three values through the report system call (clobbers rax, rcx, r11). */
.macro REPORT a, b, c
	movq \a, %rdi
	movq \b, %rsi
	movq \c, %rdx
	movl $__NR_report, %eax
	syscall
.endm

	.section .user.text, "ax"
	.code64
	.globl user_start
user_start:
	/* SYSCALL: write(1, msg, len) with the unused argument registers set, so all six show. */
	movl $__NR_write, %eax
	movl $1, %edi
	leaq msg_syscall(%rip), %rsi
	movl $(msg_syscall_end - msg_syscall), %edx
	movabsq $0xa3a3a3a3a3a3, %r10
	movabsq $0x404040404040, %r8
	movabsq $0x959595959595, %r9
	addq $0, %rbx				/* ZF=1, PF=1: RFLAGS as SYSCALL saves them */
	syscall
after_write:
	/* SYSRET gave back rcx = after_write, r11 = the RFLAGS before SYSCALL, rax = length. */
	REPORT %rcx, %r11, %rax

	/* FS_BASE was set by the kernel: read the user's TLS block through %fs. */
	movq %fs:0, %rbx
	REPORT %rbx, %fs:8, $0

	/* An unknown system call returns -ENOSYS. */
	movl $__NR_unknown, %eax
	syscall
	REPORT %rax, $0, $0
	movl $__NR_getpid, %eax
	syscall
	REPORT %rax, $0, $0

	/* INT 0x80 from 64-bit mode: i386 numbers and argument registers, return by IRETQ. */
	movl $__NR_ia32_write, %eax
	movl $1, %ebx
	leaq msg_int80(%rip), %rcx
	movl $(msg_int80_end - msg_int80), %edx
	int $0x80
	REPORT %rax, $0, $0

	/* A breakpoint: #BP is a trap through a DPL-3 gate; execution continues after it. */
	int3

	/* A page that is not mapped: the #PF handler maps it and the load is retried. */
	movq $USER_DEMAND, %rbx
	movq (%rbx), %rax
	movq $0x600d, 8(%rbx)
	REPORT %rax, 8(%rbx), $0

	/* A write to a read-only page: #PF with P|W|U. */
	movq $USER_RODATA, %rbx
	movb (%rbx), %al
	FAULT movb $1, (%rbx)

	/* A present page that is supervisor-only: #PF with P|U. */
	movq $USER_KERNEL_ONLY, %rbx
	FAULT movq (%rbx), %rax

	/* A jump into a no-execute page: #PF with P|U|I, at the target. */
	leaq nx_target(%rip), %rax
	jmp *%rax
after_nx:
	_ASM_EXTABLE(nx_target, after_nx, "jmp *%rax to a no-execute page")

	/* A non-canonical address: #GP(0), not #PF. */
	movabsq $NONCANONICAL_ADDR, %rbx
	FAULT movq (%rbx), %rax

	/* Privileged instructions at CPL 3: #GP(0). */
	FAULT hlt
	movl $MSR_EFER, %ecx
	FAULT rdmsr
	FAULT cli
	FAULT inb $0x80, %al
	FAULT swapgs

	/* Segment loads: a DPL-0 data segment gives #GP(selector), a not-present one #NP. */
	movl $__KERNEL_DS, %eax
	FAULT movl %eax, %ds
	movl $__NOTPRESENT_DS, %eax
	FAULT movl %eax, %es

	/* INT n through a DPL-0 gate: #GP with the IDT bit in the error code. Vector 0 keeps the
	 * error code 2 whether the index is scaled by 8 (SDM) or by 16 (QEMU 7.2). */
	FAULT int $0x00

	/* Invalid opcodes: UD2, and INTO, which is invalid in 64-bit mode. */
	FAULT ud2
1:	.byte 0xce
2:	_ASM_EXTABLE(1b, 2b, "into")

	/* Divide by zero: #DE. */
	movl $1, %eax
	xorl %edx, %edx
	xorl %ecx, %ecx
	FAULT divl %ecx

	/* TF: the single-step trap comes after the instruction that follows POPF. */
	pushfq
	orq $X86_EFLAGS_TF, (%rsp)
	popfq
	nop
	.globl single_step_rip
single_step_rip:

	/* CR0.TS is set: the first SSE instruction raises #NM, the kernel clears TS and retries. */
	pxor %xmm0, %xmm0

	/* Count in the data page, so that its PTE is dirty. */
	incq counter(%rip)

	/* SYSRET to a non-canonical RIP: the kernel turns the #GP into a return here. */
	leaq sysret_recovered(%rip), %rdi
	movl $__NR_sysret_noncanonical, %eax
	syscall
	ud2
sysret_recovered:
	REPORT $1, $0, $0

	/* Compatibility mode: a far return to __USER32_CS, INT 0x80 there, and a far jump back. */
	pushq $__USER32_CS
	leaq compat_start(%rip), %rax
	pushq %rax
	lretq
	.code32
compat_start:
	movl $__NR_ia32_write, %eax
	movl $1, %ebx
	movl $msg_compat, %ecx
	movl $(msg_compat_end - msg_compat), %edx
	int $0x80
	movl $__NR_ia32_getpid, %eax
	int $0x80
	ljmp $__USER_CS, $compat_done
	.code64
compat_done:
	movl %eax, %eax				/* upper halves are undefined after 32-bit code */
	REPORT %rax, $0, $0

	/* The accessed and dirty bits the CPU has set in the user PTEs. */
	movl $__NR_pte_flags, %eax
	syscall

	movl $__NR_exit, %eax
	xorl %edi, %edi
	syscall
	ud2

	.section .user.data, "aw"
	.balign 8
counter:	.quad 0
	.org USER_TLS - USER_DATA
tls_block:	.quad 0x0123456789abcdef, 0x7eadbeef0badf00d

	.section .user.rodata, "a"
msg_syscall:	.ascii "hello from ring 3 through syscall\n"
msg_syscall_end:
msg_int80:	.ascii "hello from ring 3 through int $0x80\n"
msg_int80_end:
msg_compat:	.ascii "hello from compatibility mode through int $0x80\n"
msg_compat_end:
nx_target:	ret				/* never runs: the page is NX */
