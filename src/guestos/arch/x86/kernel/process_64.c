/* process_64.c - the user register state of a new program, and arch_prctl(2). */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include <asm/segment.h>

#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004

/* As after execve: every general register zero, RFLAGS = IF | the fixed bit, a fresh FPU, no
 * FS or GS base. A 32-bit program runs in compatibility mode (__USER32_CS). */
void start_thread(struct pt_regs *regs, unsigned long ip, unsigned long sp, bool ia32)
{
	memset(regs, 0, sizeof(*regs));
	regs->ip = ip;
	regs->sp = sp;
	regs->cs = ia32 ? __USER32_CS : __USER_CS;
	regs->ss = __USER_DS;
	regs->flags = X86_EFLAGS_IF | X86_EFLAGS_FIXED;
	regs->orig_ax = (unsigned long)-1;
	current->thread.fsbase = 0;
	current->thread.gsbase = 0;
	current->thread.ia32 = ia32;
	wrmsrl(MSR_FS_BASE, 0);
	wrmsrl(MSR_KERNEL_GS_BASE, 0); /* the user GS base, after SWAPGS */
	__asm__ volatile("fninit");
	u32 mxcsr = 0x1f80;
	__asm__ volatile("ldmxcsr %0" : : "m"(mxcsr));
}

SYSCALL_DEFINE2(arch_prctl, int, option, unsigned long, arg2)
{
	struct thread_struct *t = &current->thread;
	switch (option) {
	case ARCH_SET_FS:
		if (arg2 >= TASK_SIZE_MAX)
			return -EPERM;
		t->fsbase = arg2;
		wrmsrl(MSR_FS_BASE, arg2);
		return 0;
	case ARCH_SET_GS:
		if (arg2 >= TASK_SIZE_MAX)
			return -EPERM;
		t->gsbase = arg2;
		wrmsrl(MSR_KERNEL_GS_BASE, arg2); /* SWAPGS on the way out makes it GS_BASE */
		return 0;
	case ARCH_GET_FS:
		return put_user(t->fsbase, (unsigned long __user *)arg2);
	case ARCH_GET_GS:
		return put_user(t->gsbase, (unsigned long __user *)arg2);
	default:
		return -EINVAL;
	}
}
