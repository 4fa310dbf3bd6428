/* common.c - the C half of the system call entries: index the table with the bounded number and
 * store the result in pt_regs->ax, which the exit path puts back in RAX; and the work on every
 * way back to user mode (prepare_exit_to_usermode): a pending reschedule, pending signals. */
#include <linux/kernel.h>
#include <linux/nospec.h>
#include <linux/sched.h>
#include <linux/syscalls.h>
#include <asm/sigframe.h>
#include <asm/syscall.h>

bool in_ia32_syscall(void)
{
	return current->thread.in_ia32_syscall;
}

static bool exit_work_pending(struct task_struct *t, const struct pt_regs *regs)
{
	return t->need_resched || signal_pending(t) || t->restore_sigmask ||
	       syscall_restart_pending(regs);
}

/* Called with interrupts off on every return to user mode (after a system call, an exception
 * or an interrupt that came from user mode, and in a new task's first return). Loops until
 * nothing is left: schedule() may return with a signal pending, and a handler's frame may be
 * followed by another signal. */
void prepare_exit_to_usermode(struct pt_regs *regs)
{
	struct task_struct *t = current;
	while (exit_work_pending(t, regs)) {
		if (t->need_resched) {
			schedule();
			continue;
		}
		do_signal(regs);
	}
}

/* Called from entry_SYSCALL_64 with interrupts off; pt_regs->ax holds -ENOSYS already. */
void do_syscall_64(unsigned long nr, struct pt_regs *regs)
{
	current->thread.in_ia32_syscall = false;
	if (likely(nr < NR_syscalls)) {
		nr = array_index_nospec(nr, NR_syscalls);
		regs->ax = sys_call_table[nr](regs);
	}
	prepare_exit_to_usermode(regs);
}

/* Called from entry_INT80_compat: the i386 number is in eax, the arguments in ebx, ecx, edx,
 * esi, edi and ebp. */
void do_int80_syscall_32(struct pt_regs *regs)
{
	unsigned int nr = (unsigned int)regs->orig_ax;

	current->thread.in_ia32_syscall = true;
	if (likely(nr < IA32_NR_syscalls)) {
		nr = array_index_nospec(nr, IA32_NR_syscalls);
		regs->ax = ia32_sys_call_table[nr](regs);
	}
	prepare_exit_to_usermode(regs);
	current->thread.in_ia32_syscall = false;
}

/* SYSENTER has nowhere to return to without a vDSO (entry_64_compat.S). */
void do_SYSENTER_32(struct pt_regs *regs)
{
	pr_err("%s[%d]: sysenter is not supported (there is no vDSO), killing it\n",
	       current->comm, current->pid);
	(void)regs;
	do_group_exit(SIGILL);
}
