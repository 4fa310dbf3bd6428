/*
 * The differential tester's way into a test case on the host CPU (native.cpp).
 *
 * difftest_enter loads the x87/SSE state from difftest_fpu, then every general-purpose
 * register, RFLAGS and RIP from difftest_regs, and jumps to the case. It never returns: the case
 * ends with an exception (the INT3 after the instruction, or a fault), and the signal handler
 * siglongjmps back into the harness.
 *
 * Registers on entry: none are used (the call is only a way to get here).
 * Registers on exit:  x87, MMX, XMM0..15 and MXCSR = difftest_fpu (FXRSTOR64),
 *                     RAX..R15 = difftest_regs.gpr[0..15], RFLAGS = difftest_regs.rflags,
 *                     RIP = difftest_regs.rip. The harness's stack is abandoned.
 *
 * The layout of difftest_regs is struct Regs in case.hpp: 16 GPRs in ModRM order, RIP, RFLAGS;
 * difftest_fpu is a 512-byte FXSAVE64 image (struct FpImage in fpimage.hpp). Nothing between
 * the FXRSTOR64 and the case is an x87 or SSE instruction, so a pending x87 exception in the
 * image reaches the case's own instruction.
 */
#define REGS_RIP    (16 * 8)
#define REGS_RFLAGS (17 * 8)

	.bss
	.balign 16
	.globl difftest_regs
	.hidden difftest_regs
	.type difftest_regs, @object
	.size difftest_regs, 18 * 8
difftest_regs:
	.zero 18 * 8

	.balign 64
	.globl difftest_fpu
	.hidden difftest_fpu
	.type difftest_fpu, @object
	.size difftest_fpu, 512
difftest_fpu:
	.zero 512

	.text
	.globl difftest_enter
	.hidden difftest_enter
	.type difftest_enter, @function
difftest_enter:
	fxrstor64 difftest_fpu(%rip)		/* the case's x87, MMX, XMM and MXCSR */
	/* RFLAGS first, while the harness stack is still ours; MOV and JMP leave flags alone. */
	pushq difftest_regs + REGS_RFLAGS(%rip)	/* the case's RFLAGS */
	popfq
	movq difftest_regs + 0 * 8(%rip), %rax
	movq difftest_regs + 1 * 8(%rip), %rcx
	movq difftest_regs + 2 * 8(%rip), %rdx
	movq difftest_regs + 3 * 8(%rip), %rbx
	movq difftest_regs + 4 * 8(%rip), %rsp
	movq difftest_regs + 5 * 8(%rip), %rbp
	movq difftest_regs + 6 * 8(%rip), %rsi
	movq difftest_regs + 7 * 8(%rip), %rdi
	movq difftest_regs + 8 * 8(%rip), %r8
	movq difftest_regs + 9 * 8(%rip), %r9
	movq difftest_regs + 10 * 8(%rip), %r10
	movq difftest_regs + 11 * 8(%rip), %r11
	movq difftest_regs + 12 * 8(%rip), %r12
	movq difftest_regs + 13 * 8(%rip), %r13
	movq difftest_regs + 14 * 8(%rip), %r14
	movq difftest_regs + 15 * 8(%rip), %r15
	jmp *difftest_regs + REGS_RIP(%rip)
	.size difftest_enter, . - difftest_enter

	.section .note.GNU-stack, "", @progbits
