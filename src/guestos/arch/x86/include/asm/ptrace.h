/* asm/ptrace.h - struct pt_regs: the user's registers, saved at the top of the kernel stack by
 * every entry (entry_64.S). The order is Linux's, so that a reader can follow the pushes. */
#ifndef _ASM_X86_PTRACE_H
#define _ASM_X86_PTRACE_H

/* Offsets for the assembler. */
#define R15 0
#define R14 8
#define R13 16
#define R12 24
#define RBP 32
#define RBX 40
#define R11 48
#define R10 56
#define R9  64
#define R8  72
#define RAX 80
#define RCX 88
#define RDX 96
#define RSI 104
#define RDI 112
#define ORIG_RAX 120 /* the system call number, or the exception's error code (-1 if none) */
#define RIP 128
#define CS  136
#define EFLAGS 144
#define RSP 152
#define SS  160
#define SIZEOF_PTREGS 168

#ifndef __ASSEMBLER__
#include <linux/types.h>

struct pt_regs {
	/* Callee-saved registers: saved only where the entry needs them all. */
	unsigned long r15, r14, r13, r12, bp, bx;
	/* Caller-saved registers. */
	unsigned long r11, r10, r9, r8, ax, cx, dx, si, di;
	unsigned long orig_ax;
	/* The CPU's interrupt frame (SDM vol. 3, 6.14.2); SYSCALL's is built by hand. */
	unsigned long ip, cs, flags, sp, ss;
};

_Static_assert(sizeof(struct pt_regs) == SIZEOF_PTREGS, "pt_regs layout");

static inline bool user_mode(const struct pt_regs *regs) { return regs->cs & 3; }
#endif

#endif
