/* traps.c - exceptions. From user mode each one sends the matching signal to the thread
 * (SIGFPE for #DE and SIMD/x87 errors, SIGTRAP for #DB and int3, SIGILL for #UD, SIGSEGV for
 * #GP and the rest), which its handler may catch; without a handler the console gets Linux's
 * one-line message and the signal ends the process (exit status 128 + signal). In the kernel
 * an exception without an exception-table fixup is an oops. */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <asm/processor.h>
#include <asm/traps.h>

struct trap_info {
	const char *name;
	int signo;
};

/* Names as Linux's do_trap() prints them; signals as Linux sends them. */
static const struct trap_info traps[32] = {
	[X86_TRAP_DE] = {"divide error", SIGFPE},
	[X86_TRAP_DB] = {"debug", SIGTRAP},
	[X86_TRAP_NMI] = {"nmi", 0},
	[X86_TRAP_BP] = {"int3", SIGTRAP},
	[X86_TRAP_OF] = {"overflow", SIGSEGV},
	[X86_TRAP_BR] = {"bounds", SIGSEGV},
	[X86_TRAP_UD] = {"invalid opcode", SIGILL},
	[X86_TRAP_NM] = {"device not available", SIGSEGV},
	[X86_TRAP_DF] = {"double fault", SIGSEGV},
	[X86_TRAP_OLD_MF] = {"coprocessor segment overrun", SIGFPE},
	[X86_TRAP_TS] = {"invalid TSS", SIGSEGV},
	[X86_TRAP_NP] = {"segment not present", SIGBUS},
	[X86_TRAP_SS] = {"stack segment", SIGBUS},
	[X86_TRAP_GP] = {"general protection fault", SIGSEGV},
	[X86_TRAP_PF] = {"page fault", SIGSEGV},
	[X86_TRAP_MF] = {"coprocessor error", SIGFPE},
	[X86_TRAP_AC] = {"alignment check", SIGBUS},
	[X86_TRAP_MC] = {"machine check", SIGBUS},
	[X86_TRAP_XF] = {"simd exception", SIGFPE},
};

void show_regs(const struct pt_regs *regs)
{
	pr_emerg("RIP: %04lx:%016lx\n", regs->cs, regs->ip);
	pr_emerg("RSP: %04lx:%016lx EFLAGS: %08lx\n", regs->ss, regs->sp, regs->flags);
	pr_emerg("RAX: %016lx RBX: %016lx RCX: %016lx\n", regs->ax, regs->bx, regs->cx);
	pr_emerg("RDX: %016lx RSI: %016lx RDI: %016lx\n", regs->dx, regs->si, regs->di);
	pr_emerg("RBP: %016lx R08: %016lx R09: %016lx\n", regs->bp, regs->r8, regs->r9);
	pr_emerg("R10: %016lx R11: %016lx R12: %016lx\n", regs->r10, regs->r11, regs->r12);
	pr_emerg("R13: %016lx R14: %016lx R15: %016lx\n", regs->r13, regs->r14, regs->r15);
	pr_emerg("CR0: %016lx CR2: %016lx CR3: %016lx CR4: %016lx\n", read_cr0(), read_cr2(),
		 read_cr3(), read_cr4());
}

/* The oops: what happened, where, and the registers; then the machine stops. */
void die(const char *str, struct pt_regs *regs, unsigned long err)
{
	struct task_struct *tsk = current;
	pr_emerg("%s: %04lx [#1]\n", str, err & 0xffff);
	if (tsk)
		pr_emerg("CPU: 0 PID: %d Comm: %s\n", tsk->pid, tsk->comm);
	show_regs(regs);
	panic("Fatal exception");
}

/* The FPU exception's cause, from the status bits the CPU left (x87 FSW or SSE MXCSR) that
 * are not masked, as Linux's fpu__exception_code(). */
static int fpu_si_code(unsigned long vector)
{
	u32 status;
	if (vector == X86_TRAP_XF) {
		u32 mxcsr;
		__asm__ volatile("stmxcsr %0" : "=m"(mxcsr));
		status = mxcsr & ~(mxcsr >> 7);
	} else {
		u16 sw, cw;
		__asm__ volatile("fnstsw %0; fnstcw %1" : "=m"(sw), "=m"(cw));
		status = sw & ~cw;
	}
	if (status & 0x01)
		return FPE_FLTINV;
	if (status & 0x04)
		return FPE_FLTDIV;
	if (status & 0x08)
		return FPE_FLTOVF;
	if (status & 0x12)
		return FPE_FLTUND;
	if (status & 0x20)
		return FPE_FLTRES;
	return 0;
}

static int trap_si_code(unsigned long vector)
{
	switch (vector) {
	case X86_TRAP_DE: return FPE_INTDIV;
	case X86_TRAP_UD: return ILL_ILLOPN;
	case X86_TRAP_BP: return SI_KERNEL;
	case X86_TRAP_DB: return TRAP_TRACE;
	case X86_TRAP_MF:
	case X86_TRAP_XF: return fpu_si_code(vector);
	default: return SI_KERNEL;
	}
}

/* si_addr: the faulting instruction for #DE, #UD and the FPU errors, as Linux gives. */
static unsigned long trap_si_addr(unsigned long vector, const struct pt_regs *regs)
{
	switch (vector) {
	case X86_TRAP_DE:
	case X86_TRAP_UD:
	case X86_TRAP_MF:
	case X86_TRAP_XF:
	case X86_TRAP_DB:
		return regs->ip;
	default:
		return 0;
	}
}

void do_exception(struct pt_regs *regs, unsigned long vector)
{
	const struct trap_info *t = &traps[vector];
	unsigned long err = regs->orig_ax == (unsigned long)-1 ? 0 : regs->orig_ax;

	if (vector == X86_TRAP_PF) {
		do_page_fault(regs, err);
		return;
	}
	if (vector == X86_TRAP_NMI) {
		pr_err("NMI received, ignored\n");
		return;
	}
	if (user_mode(regs) && vector != X86_TRAP_DF && vector != X86_TRAP_MC) {
		int sig = t->signo ? t->signo : SIGSEGV;
		struct thread_struct *th = &current->thread;
		th->trap_nr = vector;
		th->error_code = err;
		th->cr2 = 0;
		if (sig_unhandled(current, sig))
			pr_err("traps: %s[%d] trap %s ip:%lx sp:%lx error:%lx\n", current->comm,
			       current->pid, t->name ? t->name : "reserved", regs->ip, regs->sp, err);
		force_sig_fault(sig, trap_si_code(vector), trap_si_addr(vector, regs));
		return;
	}
	if (fixup_exception(regs))
		return;
	die(t->name ? t->name : "unknown exception", regs, err);
}
