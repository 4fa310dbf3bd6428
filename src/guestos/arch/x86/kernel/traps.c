/* traps.c - exceptions. From user mode each one ends the process as the matching uncaught signal
 * would (one line on the console, then exit status 128 + signal); in the kernel an exception
 * without an exception-table fixup is an oops. */
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
		pr_err("traps: %s[%d] trap %s ip:%lx sp:%lx error:%lx\n", current->comm,
		       current->pid, t->name ? t->name : "reserved", regs->ip, regs->sp, err);
		do_exit(t->signo ? t->signo : SIGSEGV);
	}
	if (fixup_exception(regs))
		return;
	die(t->name ? t->name : "unknown exception", regs, err);
}
