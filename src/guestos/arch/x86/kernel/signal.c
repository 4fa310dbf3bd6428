/* signal.c - the x86-64 side of signal delivery: the frame a handler runs on (struct
 * rt_sigframe, as Linux lays it out, so that libc's SA_RESTORER trampoline and programs that
 * read the ucontext work), rt_sigreturn(2), and restarting an interrupted system call.
 *
 * The frame, below the interrupted stack pointer less the 128-byte red zone (or at the top of
 * the sigaltstack for SA_ONSTACK):
 *	the FPU/SSE state, FXSAVE format, 64-byte aligned   <- uc.uc_mcontext.fpstate
 *	struct rt_sigframe { pretcode = sa_restorer; struct ucontext uc; siginfo_t info; }
 * The handler starts with rdi = signal, rsi = &info, rdx = &uc, rsp = &pretcode (so that its
 * `ret` goes to the restorer, which calls rt_sigreturn). */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>
#include <asm/processor.h>
#include <asm/segment.h>
#include <asm/sigframe.h>

#define FIX_EFLAGS (X86_EFLAGS_AC | X86_EFLAGS_OF | X86_EFLAGS_DF | X86_EFLAGS_TF | \
		    X86_EFLAGS_SF | X86_EFLAGS_ZF | X86_EFLAGS_AF | X86_EFLAGS_PF | \
		    X86_EFLAGS_CF | X86_EFLAGS_RF)

sigset_t signal_frame_mask(void);
int sas_ss_flags(unsigned long sp);

static unsigned long get_sigframe_sp(struct ksignal *ksig, unsigned long sp)
{
	struct task_struct *t = current;
	sp -= 128; /* the red zone */
	if ((ksig->ka.sa_flags & SA_ONSTACK) && sas_ss_flags(sp + 128) == 0)
		sp = t->sas_ss_sp + t->sas_ss_size;
	return sp;
}

static void save_sigcontext(struct sigcontext_64 *sc, const struct pt_regs *regs,
			    unsigned long fpstate, sigset_t mask)
{
	struct thread_struct *th = &current->thread;
	*sc = (struct sigcontext_64){
		.r8 = regs->r8, .r9 = regs->r9, .r10 = regs->r10, .r11 = regs->r11,
		.r12 = regs->r12, .r13 = regs->r13, .r14 = regs->r14, .r15 = regs->r15,
		.di = regs->di, .si = regs->si, .bp = regs->bp, .bx = regs->bx,
		.dx = regs->dx, .ax = regs->ax, .cx = regs->cx, .sp = regs->sp,
		.ip = regs->ip, .flags = regs->flags,
		.cs = (u16)regs->cs, .ss = (u16)regs->ss,
		.err = th->error_code, .trapno = th->trap_nr, .oldmask = mask, .cr2 = th->cr2,
		.fpstate = fpstate,
	};
}

static int setup_rt_frame(struct ksignal *ksig, struct pt_regs *regs)
{
	struct task_struct *t = current;
	unsigned long sp = get_sigframe_sp(ksig, regs->sp);
	unsigned long fp = ALIGN_DOWN(sp - sizeof(t->thread.fxsave), 64);
	unsigned long fa = ALIGN_DOWN(fp - sizeof(struct rt_sigframe), 16) - 8;
	struct rt_sigframe *frame = kzalloc(sizeof(*frame));
	if (!frame)
		return -ENOMEM;
	sigset_t mask = signal_frame_mask();

	if (!(ksig->ka.sa_flags & SA_RESTORER)) {
		kfree(frame); /* x86-64 has no kernel trampoline: libc always gives one */
		return -EFAULT;
	}
	frame->pretcode = ksig->ka.sa_restorer;
	frame->uc.uc_flags = UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS;
	frame->uc.uc_stack = (stack_t){t->sas_ss_sp, sas_ss_flags(regs->sp), t->sas_ss_size};
	save_sigcontext(&frame->uc.uc_mcontext, regs, fp, mask);
	frame->uc.uc_sigmask = mask;
	frame->info = ksig->info;

	fpu_save_current(t);
	int err = copy_to_user((void __user *)fp, t->thread.fxsave, sizeof(t->thread.fxsave)) ||
		  copy_to_user((void __user *)fa, frame, sizeof(*frame));
	kfree(frame);
	if (err)
		return -EFAULT;

	regs->di = (unsigned long)ksig->sig;
	regs->si = fa + offsetof(struct rt_sigframe, info);
	regs->dx = fa + offsetof(struct rt_sigframe, uc);
	regs->ax = 0;
	regs->sp = fa;
	regs->ip = ksig->ka.sa_handler;
	regs->cs = __USER_CS;
	regs->ss = __USER_DS;
	regs->flags &= ~(unsigned long)(X86_EFLAGS_DF | X86_EFLAGS_RF | X86_EFLAGS_TF);
	fpu_reset_current(); /* a handler starts with a clean FPU, as in Linux */
	return 0;
}

static bool canonical(unsigned long a)
{
	return (unsigned long)((long)(a << 16) >> 16) == a;
}

SYSCALL_DEFINE0(rt_sigreturn)
{
	struct task_struct *t = current;
	struct pt_regs *regs = task_pt_regs(t);
	unsigned long fa = regs->sp - 8; /* the handler's ret popped pretcode */
	struct ucontext uc;

	if (copy_from_user(&uc, (void __user *)(fa + offsetof(struct rt_sigframe, uc)), sizeof(uc)))
		goto badframe;
	const struct sigcontext_64 *sc = &uc.uc_mcontext;
	if (!canonical(sc->ip))
		goto badframe;
	if (sc->fpstate) {
		if (copy_from_user(t->thread.fxsave, (void __user *)sc->fpstate,
				   sizeof(t->thread.fxsave)))
			goto badframe;
		fpu_restore_current(t);
	}
	set_current_blocked(uc.uc_sigmask);
	regs->r8 = sc->r8, regs->r9 = sc->r9, regs->r10 = sc->r10, regs->r11 = sc->r11;
	regs->r12 = sc->r12, regs->r13 = sc->r13, regs->r14 = sc->r14, regs->r15 = sc->r15;
	regs->di = sc->di, regs->si = sc->si, regs->bp = sc->bp, regs->bx = sc->bx;
	regs->dx = sc->dx, regs->ax = sc->ax, regs->cx = sc->cx, regs->sp = sc->sp;
	regs->ip = sc->ip;
	regs->flags = (regs->flags & ~(unsigned long)FIX_EFLAGS) | (sc->flags & FIX_EFLAGS);
	regs->cs = __USER_CS;
	regs->ss = __USER_DS;
	regs->orig_ax = (unsigned long)-1; /* no system call restart */
	/* sigaltstack as the frame recorded it (errors ignored, as in Linux). */
	if (!(uc.uc_stack.ss_flags & SS_ONSTACK)) {
		if (uc.uc_stack.ss_flags & SS_DISABLE) {
			t->sas_ss_sp = 0;
			t->sas_ss_size = 0;
		} else if (uc.uc_stack.ss_size >= MINSIGSTKSZ) {
			t->sas_ss_sp = uc.uc_stack.ss_sp;
			t->sas_ss_size = uc.uc_stack.ss_size;
		}
	}
	return (long)regs->ax;

badframe:
	force_sig(SIGSEGV);
	return 0;
}

static long syscall_get_nr(const struct pt_regs *regs)
{
	return (long)regs->orig_ax;
}

/* An interrupted system call with a handler to run: EINTR, or restart it after the handler
 * (SA_RESTART). */
static void handle_signal(struct ksignal *ksig, struct pt_regs *regs)
{
	if (syscall_get_nr(regs) >= 0) {
		switch ((long)regs->ax) {
		case -ERESTART_RESTARTBLOCK:
		case -ERESTARTNOHAND:
			regs->ax = (unsigned long)-EINTR;
			break;
		case -ERESTARTSYS:
			if (!(ksig->ka.sa_flags & SA_RESTART)) {
				regs->ax = (unsigned long)-EINTR;
				break;
			}
			/* fall through */
		case -ERESTARTNOINTR:
			regs->ax = regs->orig_ax;
			regs->ip -= 2; /* syscall and int $0x80 are both two bytes */
			break;
		}
	}
	int failed = current->thread.ia32 ? setup_rt_frame_ia32(ksig, regs) : setup_rt_frame(ksig, regs);
	signal_setup_done(failed, ksig, 0);
}

/* On the way to user mode with a signal pending. */
void do_signal(struct pt_regs *regs)
{
	struct ksignal ksig;
	if (get_signal(&ksig)) {
		handle_signal(&ksig, regs);
		return;
	}
	/* No handler ran: an interrupted system call starts again. */
	if (syscall_get_nr(regs) >= 0) {
		switch ((long)regs->ax) {
		case -ERESTARTNOHAND:
		case -ERESTARTSYS:
		case -ERESTARTNOINTR:
		case -ERESTART_RESTARTBLOCK:
			regs->ax = regs->orig_ax;
			regs->ip -= 2;
			break;
		}
	}
	restore_saved_sigmask();
}
