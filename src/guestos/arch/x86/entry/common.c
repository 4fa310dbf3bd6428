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
	return current_thread_info()->status & TS_COMPAT;
}

/* The slow way out: runs until no work bit is left, since schedule() may return with a signal
 * pending, and a handler's frame may be followed by another signal. An interrupted system call
 * is restarted (or fails with EINTR) inside do_signal, which only a pending signal reaches: a
 * call returns -ERESTART* only when signal_pending() saw TIF_SIGPENDING, and nothing clears
 * the bit before we get here. */
static noinline void exit_to_usermode_loop(struct pt_regs *regs, unsigned long cached_flags)
{
	for (;;) {
		if (cached_flags & _TIF_NEED_RESCHED)
			schedule();
		if (cached_flags & _TIF_SIGPENDING)
			do_signal(regs);
		if (cached_flags & _TIF_NOTIFY_RESUME)
			clear_thread_flag(TIF_NOTIFY_RESUME); /* nothing registers a callback yet */
		cached_flags = READ_ONCE(current_thread_info()->flags);
		if (!(cached_flags & EXIT_TO_USERMODE_LOOP_FLAGS))
			break;
	}
	/* After do_signal, whose restart fixup asks in_ia32_syscall() (as Linux does). */
	current_thread_info()->status &= ~TS_COMPAT;
}

/* Called with interrupts off on every return to user mode (after a system call, an exception
 * or an interrupt that came from user mode, and in a new task's first return). The common case
 * is one load and one test: whoever wants work done on the way out sets a TIF_ bit. Inlined
 * into the system call paths (Linux's `__visible inline`); the loop stays out of line. */
static inline __attribute__((always_inline)) void __prepare_exit_to_usermode(struct pt_regs *regs)
{
	struct thread_info *ti = current_thread_info();
	unsigned long cached_flags = READ_ONCE(ti->flags);

	if (unlikely(cached_flags & EXIT_TO_USERMODE_LOOP_FLAGS)) {
		exit_to_usermode_loop(regs, cached_flags); /* clears TS_COMPAT at its end */
		return;
	}
	ti->status &= ~TS_COMPAT;
}

/* For the asm exits: ret_from_intr, ret_from_fork. */
void prepare_exit_to_usermode(struct pt_regs *regs)
{
	__prepare_exit_to_usermode(regs);
}

/* Called from entry_SYSCALL_64 with interrupts off; pt_regs->ax holds -ENOSYS already. */
void do_syscall_64(unsigned long nr, struct pt_regs *regs)
{
	if (likely(nr < NR_syscalls)) {
		nr = array_index_nospec(nr, NR_syscalls);
		regs->ax = sys_call_table[nr](regs);
	}
	__prepare_exit_to_usermode(regs);
}

/* Called from entry_INT80_compat: the i386 number is in eax, the arguments in ebx, ecx, edx,
 * esi, edi and ebp. TS_COMPAT lasts until prepare_exit_to_usermode. */
void do_int80_syscall_32(struct pt_regs *regs)
{
	unsigned int nr = (unsigned int)regs->orig_ax;

	current_thread_info()->status |= TS_COMPAT;
	if (likely(nr < IA32_NR_syscalls)) {
		nr = array_index_nospec(nr, IA32_NR_syscalls);
		regs->ax = ia32_sys_call_table[nr](regs);
	}
	__prepare_exit_to_usermode(regs);
}

/* SYSENTER has nowhere to return to without a vDSO (entry_64_compat.S). */
void do_SYSENTER_32(struct pt_regs *regs)
{
	pr_err("%s[%d]: sysenter is not supported (there is no vDSO), killing it\n",
	       current->comm, current->pid);
	(void)regs;
	do_group_exit(SIGILL);
}
