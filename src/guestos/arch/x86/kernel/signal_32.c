/* signal_32.c - signal frames for 32-bit programs in compatibility mode, laid out as Linux's
 * ia32 emulation does (arch/x86/ia32/ia32_signal.c): struct rt_sigframe_ia32 with a 32-bit
 * siginfo and ucontext, and the FPU state as struct _fpstate_32 (the i387 FSAVE header, then
 * the FXSAVE image). The handler is called as handler(sig, &info, &uc) with the arguments on
 * the stack and in EAX, EDX, ECX (regparm(3) handlers work too). There is no vDSO: the
 * handler must return through SA_RESTORER (musl and glibc always give one), else the process
 * gets SIGSEGV. */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>
#include <asm/processor.h>
#include <asm/segment.h>
#include <asm/sigframe.h>

struct sigcontext_32 {
	u16 gs, __gsh, fs, __fsh, es, __esh, ds, __dsh;
	u32 di, si, bp, sp, bx, dx, cx, ax;
	u32 trapno, err, ip;
	u16 cs, __csh;
	u32 flags, sp_at_signal;
	u16 ss, __ssh;
	u32 fpstate, oldmask, cr2;
};
_Static_assert(sizeof(struct sigcontext_32) == 88, "sigcontext_32");

struct ucontext_ia32 {
	u32 uc_flags, uc_link;
	u32 ss_sp;
	s32 ss_flags;
	u32 ss_size;
	struct sigcontext_32 uc_mcontext;
	u32 uc_sigmask[2];
};

struct rt_sigframe_ia32 {
	u32 pretcode;
	s32 sig;
	u32 pinfo, puc;
	struct compat_siginfo info;
	struct ucontext_ia32 uc;
	u8 retcode[8];
};

/* struct _fpstate_32: the FSAVE environment and registers (108 bytes), status, magic (0: the
 * FXSAVE image follows), then the 512-byte FXSAVE image. */
#define FSAVE_HEADER 112
#define FPSTATE_32_SIZE (FSAVE_HEADER + 512)
#define X86_FXSR_MAGIC 0x0000

#define FIX_EFLAGS (X86_EFLAGS_AC | X86_EFLAGS_OF | X86_EFLAGS_DF | X86_EFLAGS_TF | \
		    X86_EFLAGS_SF | X86_EFLAGS_ZF | X86_EFLAGS_AF | X86_EFLAGS_PF | \
		    X86_EFLAGS_CF | X86_EFLAGS_RF)

sigset_t signal_frame_mask(void);
int sas_ss_flags(unsigned long sp);

/* Which member of the union is meaningful decides what is converted. */
void copy_siginfo_to_compat(struct compat_siginfo *to, const siginfo_t *from)
{
	memset(to, 0, sizeof(*to));
	to->si_signo = from->si_signo;
	to->si_errno = from->si_errno;
	to->si_code = from->si_code;
	int sig = from->si_signo;
	bool fault = sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE ||
		     sig == SIGTRAP;
	if (from->si_code > 0 && from->si_code != SI_KERNEL && sig == SIGCHLD) {
		to->chld.pid = from->chld.pid;
		to->chld.uid = from->chld.uid;
		to->chld.status = from->chld.status;
		to->chld.utime = (s32)from->chld.utime;
		to->chld.stime = (s32)from->chld.stime;
	} else if (fault && from->si_code > 0) {
		to->fault.addr = (u32)from->fault.addr;
	} else {
		to->kill.pid = from->kill.pid;
		to->kill.uid = from->kill.uid;
	}
}

/* The FSAVE header from the FXSAVE image (enough for the control and status words and the
 * registers; the tag word is reported all-empty). */
static void fsave_header(u8 *hdr, const u8 *fx)
{
	u32 *env = (u32 *)hdr;
	memset(hdr, 0, FSAVE_HEADER);
	env[0] = 0xffff0000u | *(const u16 *)(fx + 0);       /* cw */
	env[1] = 0xffff0000u | *(const u16 *)(fx + 2);       /* sw */
	env[2] = 0xffffffffu;                                /* tag: empty */
	env[3] = *(const u32 *)(fx + 8);                     /* ipoff */
	env[4] = *(const u16 *)(fx + 12) | (u32)*(const u16 *)(fx + 6) << 16; /* cs, fop */
	env[5] = *(const u32 *)(fx + 16);                    /* dataoff */
	env[6] = 0xffff0000u | *(const u16 *)(fx + 20);      /* datasel */
	for (int i = 0; i < 8; i++)
		memcpy(hdr + 28 + 10 * i, fx + 32 + 16 * i, 10);
	*(u16 *)(hdr + 108) = *(const u16 *)(fx + 2);        /* status */
	*(u16 *)(hdr + 110) = X86_FXSR_MAGIC;
}

int setup_rt_frame_ia32(struct ksignal *ksig, struct pt_regs *regs)
{
	struct task_struct *t = current;
	unsigned long sp = regs->sp & 0xffffffffUL;
	if ((ksig->ka.sa_flags & SA_ONSTACK) && sas_ss_flags(sp) == 0)
		sp = t->sas_ss_sp + t->sas_ss_size;
	unsigned long math = ALIGN_DOWN(sp - FPSTATE_32_SIZE, 64);
	unsigned long fa = ((math - sizeof(struct rt_sigframe_ia32) + 4) & ~15UL) - 4;
	if (!(ksig->ka.sa_flags & SA_RESTORER))
		return -EFAULT; /* the stack is not executable and there is no vDSO */

	struct rt_sigframe_ia32 *frame = kzalloc(sizeof(*frame));
	u8 *fp = kmalloc(FPSTATE_32_SIZE);
	if (!frame || !fp) {
		kfree(frame);
		kfree(fp);
		return -ENOMEM;
	}
	sigset_t mask = signal_frame_mask();
	fpu_save_current(t);
	fsave_header(fp, t->thread.fxsave);
	memcpy(fp + FSAVE_HEADER, t->thread.fxsave, 512);

	frame->pretcode = (u32)ksig->ka.sa_restorer;
	frame->sig = ksig->sig;
	frame->pinfo = (u32)(fa + offsetof(struct rt_sigframe_ia32, info));
	frame->puc = (u32)(fa + offsetof(struct rt_sigframe_ia32, uc));
	copy_siginfo_to_compat(&frame->info, &ksig->info);
	frame->uc.uc_flags = 0;
	frame->uc.ss_sp = (u32)t->sas_ss_sp;
	frame->uc.ss_flags = sas_ss_flags(sp);
	frame->uc.ss_size = (u32)t->sas_ss_size;
	struct sigcontext_32 *sc = &frame->uc.uc_mcontext;
	*sc = (struct sigcontext_32){
		.gs = t->thread.gsindex, .fs = t->thread.fsindex, .es = __USER_DS, .ds = __USER_DS,
		.di = (u32)regs->di, .si = (u32)regs->si, .bp = (u32)regs->bp,
		.sp = (u32)regs->sp, .bx = (u32)regs->bx, .dx = (u32)regs->dx,
		.cx = (u32)regs->cx, .ax = (u32)regs->ax,
		.trapno = (u32)t->thread.trap_nr, .err = (u32)t->thread.error_code,
		.ip = (u32)regs->ip, .cs = (u16)regs->cs, .flags = (u32)regs->flags,
		.sp_at_signal = (u32)regs->sp, .ss = (u16)regs->ss,
		.fpstate = (u32)math, .oldmask = (u32)mask, .cr2 = (u32)t->thread.cr2,
	};
	frame->uc.uc_sigmask[0] = (u32)mask;
	frame->uc.uc_sigmask[1] = (u32)(mask >> 32);
	/* popl %eax; movl $__NR_rt_sigreturn, %eax; int $0x80 - for debuggers, never run */
	static const u8 retcode[8] = {0xb8, 173, 0, 0, 0, 0xcd, 0x80, 0};
	memcpy(frame->retcode, retcode, sizeof(retcode));

	int err = copy_to_user((void __user *)math, fp, FPSTATE_32_SIZE) ||
		  copy_to_user((void __user *)fa, frame, sizeof(*frame));
	kfree(frame);
	kfree(fp);
	if (err)
		return -EFAULT;

	regs->sp = fa;
	regs->ip = ksig->ka.sa_handler & 0xffffffffUL;
	regs->ax = (unsigned long)ksig->sig;
	regs->dx = fa + offsetof(struct rt_sigframe_ia32, info);
	regs->cx = fa + offsetof(struct rt_sigframe_ia32, uc);
	regs->cs = __USER32_CS;
	regs->ss = __USER_DS;
	regs->flags &= ~(unsigned long)(X86_EFLAGS_DF | X86_EFLAGS_RF | X86_EFLAGS_TF);
	fpu_reset_current();
	return 0;
}

/* i386 rt_sigreturn (173): the handler's `ret` popped pretcode, so the frame starts 4 bytes
 * below ESP. */
long __ia32_compat_sys_rt_sigreturn(const struct pt_regs *unused)
{
	struct task_struct *t = current;
	struct pt_regs *regs = task_pt_regs(t);
	unsigned long fa = (regs->sp & 0xffffffffUL) - 4;
	struct ucontext_ia32 uc;
	(void)unused;

	if (copy_from_user(&uc, (void __user *)(fa + offsetof(struct rt_sigframe_ia32, uc)),
			   sizeof(uc)))
		goto badframe;
	const struct sigcontext_32 *sc = &uc.uc_mcontext;
	if (sc->fpstate) {
		u16 magic;
		if (get_user(magic, (u16 __user *)(unsigned long)(sc->fpstate + 110)))
			goto badframe;
		if (magic == X86_FXSR_MAGIC) {
			if (copy_from_user(t->thread.fxsave,
					   (void __user *)(unsigned long)(sc->fpstate + FSAVE_HEADER),
					   512))
				goto badframe;
			fpu_restore_current(t);
		}
	}
	set_current_blocked((u64)uc.uc_sigmask[1] << 32 | uc.uc_sigmask[0]);
	regs->di = sc->di, regs->si = sc->si, regs->bp = sc->bp, regs->sp = sc->sp;
	regs->bx = sc->bx, regs->dx = sc->dx, regs->cx = sc->cx, regs->ax = sc->ax;
	regs->ip = sc->ip;
	regs->flags = (regs->flags & ~(unsigned long)FIX_EFLAGS) | (sc->flags & FIX_EFLAGS);
	regs->cs = __USER32_CS;
	regs->ss = __USER_DS;
	regs->orig_ax = (unsigned long)-1;
	if (!(uc.ss_flags & SS_ONSTACK)) {
		if (uc.ss_flags & SS_DISABLE) {
			t->sas_ss_sp = 0;
			t->sas_ss_size = 0;
		} else if (uc.ss_size >= MINSIGSTKSZ) {
			t->sas_ss_sp = uc.ss_sp;
			t->sas_ss_size = uc.ss_size;
		}
	}
	return (long)regs->ax;

badframe:
	force_sig(SIGSEGV);
	return 0;
}
