/* common.c - the C half of the system call entries: index the table with the bounded number and
 * store the result in pt_regs->ax, which the exit path puts back in RAX. */
#include <linux/kernel.h>
#include <linux/nospec.h>
#include <linux/sched.h>
#include <linux/syscalls.h>
#include <asm/syscall.h>

static bool ia32_syscall_active;

bool in_ia32_syscall(void)
{
	return ia32_syscall_active;
}

/* Called from entry_SYSCALL_64 with interrupts off; pt_regs->ax holds -ENOSYS already. */
void do_syscall_64(unsigned long nr, struct pt_regs *regs)
{
	ia32_syscall_active = false;
	if (likely(nr < NR_syscalls)) {
		nr = array_index_nospec(nr, NR_syscalls);
		regs->ax = sys_call_table[nr](regs);
	}
}

/* Called from entry_INT80_compat: the i386 number is in eax, the arguments in ebx, ecx, edx,
 * esi, edi and ebp. */
void do_int80_syscall_32(struct pt_regs *regs)
{
	unsigned int nr = (unsigned int)regs->orig_ax;

	ia32_syscall_active = true;
	if (likely(nr < IA32_NR_syscalls)) {
		nr = array_index_nospec(nr, IA32_NR_syscalls);
		regs->ax = ia32_sys_call_table[nr](regs);
	}
	ia32_syscall_active = false;
}

/* SYSENTER has nowhere to return to without a vDSO (entry_64_compat.S). */
void do_SYSENTER_32(struct pt_regs *regs)
{
	pr_err("%s[%d]: sysenter is not supported (there is no vDSO), killing it\n",
	       current->comm, current->pid);
	(void)regs;
	do_exit(SIGILL);
}
