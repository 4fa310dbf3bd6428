/* fault.c - page faults. A user page that is mapped but not yet touched is allocated here. Any
 * other fault in user mode sends SIGSEGV to the thread (SEGV_MAPERR outside any mapping,
 * SEGV_ACCERR for a forbidden access), with the one-line message when it has no handler; in
 * the kernel, a fault on a user
 * address at an instruction with an exception-table entry resumes at its fixup (the copy
 * returns -EFAULT), and anything else is an oops. */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <asm/asm.h>
#include <asm/processor.h>
#include <asm/traps.h>

/* One line, as Linux's show_signal_msg(): "prog[1]: segfault at 0 ip ... sp ... error 4". */
static void show_signal_msg(struct pt_regs *regs, unsigned long error_code, unsigned long address)
{
	pr_err("%s[%d]: segfault at %lx ip %016lx sp %016lx error %lx\n", current->comm,
	       current->pid, address, regs->ip, regs->sp, error_code);
}

static const char *fault_kind(unsigned long error_code)
{
	if (error_code & X86_PF_INSTR)
		return "instruction fetch";
	return error_code & X86_PF_WRITE ? "write access" : "read access";
}

static void __noreturn kernel_page_fault(struct pt_regs *regs, unsigned long error_code,
					 unsigned long address)
{
	if (address < PAGE_SIZE)
		pr_emerg("BUG: unable to handle kernel NULL pointer dereference at %016lx\n", address);
	else
		pr_emerg("BUG: unable to handle kernel paging request at %016lx\n", address);
	pr_emerg("#PF error: [%s %s in %s mode]\n",
		 error_code & X86_PF_PROT ? "protection violation," : "not-present page,",
		 fault_kind(error_code), error_code & X86_PF_USER ? "user" : "kernel");
	die("Oops", regs, error_code);
}

void do_page_fault(struct pt_regs *regs, unsigned long error_code)
{
	unsigned long address = read_cr2();
	struct task_struct *tsk = current;
	struct mm_struct *mm = tsk ? tsk->mm : NULL;

	if (!user_mode(regs)) {
		/* The kernel touches user memory only in copy_*_user & co. */
		if (address >= TASK_SIZE_MAX || !search_exception_tables(regs->ip))
			kernel_page_fault(regs, error_code, address);
		if (handle_mm_fault(mm, address, error_code & ~X86_PF_USER))
			return;
		fixup_exception(regs);
		return;
	}
	if (address < TASK_SIZE_MAX && handle_mm_fault(mm, address, error_code))
		return;
	struct vm_area_struct *vma = mm && address < TASK_SIZE_MAX ? find_vma(mm, address) : NULL;
	int code = vma && vma->vm_start <= address ? SEGV_ACCERR : SEGV_MAPERR;
	tsk->thread.trap_nr = X86_TRAP_PF;
	tsk->thread.error_code = error_code;
	tsk->thread.cr2 = address;
	if (sig_unhandled(tsk, SIGSEGV))
		show_signal_msg(regs, error_code, address);
	force_sig_fault(SIGSEGV, code, address);
}
