/* asm/sigframe.h - the signal frame of x86-64 (uapi/asm/sigcontext.h, asm/sigframe.h in Linux):
 * what a handler finds on its stack and rt_sigreturn reads back. */
#ifndef _ASM_X86_SIGFRAME_H
#define _ASM_X86_SIGFRAME_H

#include <linux/signal.h>
#include <asm/ptrace.h>

struct sigcontext_64 {
	u64 r8, r9, r10, r11, r12, r13, r14, r15;
	u64 di, si, bp, bx, dx, ax, cx, sp, ip, flags;
	u16 cs, gs, fs, ss;
	u64 err, trapno, oldmask, cr2;
	u64 fpstate;          /* user address of the FXSAVE image, or 0 */
	u64 reserved1[8];
};
_Static_assert(sizeof(struct sigcontext_64) == 256, "sigcontext");

#define UC_FP_XSTATE         0x1
#define UC_SIGCONTEXT_SS     0x2
#define UC_STRICT_RESTORE_SS 0x4

struct ucontext {
	unsigned long uc_flags;
	unsigned long uc_link;
	stack_t uc_stack;
	struct sigcontext_64 uc_mcontext;
	sigset_t uc_sigmask;
};

struct rt_sigframe {
	unsigned long pretcode; /* sa_restorer: where the handler returns */
	struct ucontext uc;
	siginfo_t info;
};

/* The i386 siginfo_t: the union starts at offset 12 and its pointers and longs are 32 bits. */
struct compat_siginfo {
	s32 si_signo, si_errno, si_code;
	union {
		struct { s32 pid; u32 uid; } kill;
		struct { s32 pid; u32 uid; s32 status, utime, stime; } chld;
		struct { u32 addr; } fault;
		struct { s32 tid, overrun; u32 sigval; } timer;
		s32 _pad[29];
	};
};
_Static_assert(sizeof(struct compat_siginfo) == 128, "compat_siginfo");

/* arch/x86/kernel/signal.c */
void do_signal(struct pt_regs *regs);
/* arch/x86/kernel/signal_32.c: the i386 frame, for programs in compatibility mode */
int setup_rt_frame_ia32(struct ksignal *ksig, struct pt_regs *regs);
void copy_siginfo_to_compat(struct compat_siginfo *to, const siginfo_t *from);

/* arch/x86/kernel/process_64.c: the FPU registers of the current task <-> thread.fxsave */
struct task_struct;
void fpu_save_current(struct task_struct *t);
void fpu_restore_current(struct task_struct *t);
void fpu_reset_current(void);

#endif
