/* process_64.c - the x86-64 register state of tasks: a new program's (start_thread), a new
 * task's (copy_thread_tls), the switch between tasks (__switch_to), and arch_prctl(2).
 *
 * The kernel is built with -mgeneral-regs-only and never touches the FPU or SSE registers, so
 * they always hold the user state of the current task: __switch_to saves them (FXSAVE) into
 * the outgoing task and loads (FXRSTOR) the incoming one's. */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include <asm/segment.h>
#include <asm/sigframe.h>

#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004

#define FXSAVE_MXCSR      24
#define FXSAVE_MXCSR_MASK 28

static u32 mxcsr_feature_mask = 0xffbf; /* without DAZ, until the CPU says otherwise */

void fpu_save_current(struct task_struct *t)
{
	__asm__ volatile("fxsave64 %0" : "=m"(t->thread.fxsave));
}

/* FXRSTOR faults on MXCSR bits the CPU does not have: a user-supplied image (rt_sigreturn) is
 * cleaned first. */
void fpu_restore_current(struct task_struct *t)
{
	u32 *mxcsr = (u32 *)(t->thread.fxsave + FXSAVE_MXCSR);
	*mxcsr &= mxcsr_feature_mask;
	__asm__ volatile("fxrstor64 %0" : : "m"(t->thread.fxsave));
}

void fpu_reset_current(void)
{
	u32 mxcsr = 0x1f80;
	__asm__ volatile("fninit");
	__asm__ volatile("ldmxcsr %0" : : "m"(mxcsr));
}

/* MXCSR_MASK from FXSAVE (0 means the default, 0xffbf), as Linux's fpu__init_prepare_fx_sw. */
static void fpu_init_mxcsr_mask(void)
{
	static u8 buf[512] __aligned(16);
	__asm__ volatile("fxsave64 %0" : "=m"(buf));
	u32 mask = *(u32 *)(buf + FXSAVE_MXCSR_MASK);
	if (mask)
		mxcsr_feature_mask = mask;
}

/* As after execve: every general register zero, RFLAGS = IF | the fixed bit, a fresh FPU, no
 * FS or GS base. A 32-bit program runs in compatibility mode (__USER32_CS). */
void start_thread(struct pt_regs *regs, unsigned long ip, unsigned long sp, bool ia32)
{
	static bool mask_known;
	if (!mask_known) {
		fpu_init_mxcsr_mask();
		mask_known = true;
	}
	memset(regs, 0, sizeof(*regs));
	regs->ip = ip;
	regs->sp = sp;
	regs->cs = ia32 ? __USER32_CS : __USER_CS;
	regs->ss = __USER_DS;
	regs->flags = X86_EFLAGS_IF | X86_EFLAGS_FIXED;
	regs->orig_ax = (unsigned long)-1;
	current->thread.fsbase = 0;
	current->thread.gsbase = 0;
	current->thread.fsindex = 0;
	current->thread.gsindex = 0;
	current->thread.ia32 = ia32;
	__asm__ volatile("movl %0, %%fs" : : "r"(0));
	__asm__ volatile("swapgs; movl %0, %%gs; swapgs" : : "r"(0)); /* the user's %gs */
	wrmsrl(MSR_FS_BASE, 0);
	wrmsrl(MSR_KERNEL_GS_BASE, 0); /* the user GS base, after SWAPGS */
	fpu_reset_current();
}

static u16 read_fs(void) { u16 v; __asm__ volatile("movw %%fs, %0" : "=r"(v)); return v; }
static u16 read_gs(void) { u16 v; __asm__ volatile("movw %%gs, %0" : "=r"(v)); return v; }

/* The new task's kernel stack: its pt_regs (a copy of ours, returning 0 in RAX), and below
 * them the frame __switch_to_asm pops, which "returns" to ret_from_fork. */
int copy_thread_tls(unsigned long clone_flags, unsigned long sp, struct task_struct *p,
		    unsigned long tls)
{
	struct task_struct *cur = current;
	struct pt_regs *childregs = task_pt_regs(p);
	*childregs = *task_pt_regs(cur);
	childregs->ax = 0;
	if (sp)
		childregs->sp = sp;

	unsigned long *frame = (unsigned long *)childregs;
	*--frame = (unsigned long)ret_from_fork;
	for (int i = 0; i < 6; i++)
		*--frame = 0; /* rbp, rbx (0: a user task), r12-r15 */
	p->thread.sp = (unsigned long)frame;

	p->thread.fsbase = cur->thread.fsbase;
	p->thread.gsbase = rdmsrl(MSR_KERNEL_GS_BASE);
	p->thread.fsindex = read_fs();
	p->thread.gsindex = read_gs();
	p->thread.ia32 = cur->thread.ia32;
	fpu_save_current(p); /* the FPU holds our user state: the child starts with a copy */
	if (clone_flags & CLONE_SETTLS) {
		if (cur->thread.ia32)
			return -EINVAL; /* set_thread_area descriptors are not supported */
		if (tls >= TASK_SIZE_MAX)
			return -EPERM;
		p->thread.fsbase = tls;
		p->thread.fsindex = 0;
	}
	return 0;
}

/* The part of a task switch that is not the stack: the FPU, the user's segment bases, the
 * kernel stack for the next entry (TSS.RSP0 and cpu_current_top_of_stack), the page tables,
 * and `current`. Called by __switch_to_asm on next's stack; returns prev. */
struct task_struct *__switch_to(struct task_struct *prev, struct task_struct *next)
{
	struct thread_struct *pt = &prev->thread, *nt = &next->thread;

	if (!(prev->flags & PF_KTHREAD)) {
		fpu_save_current(prev);
		pt->fsindex = read_fs();
		pt->gsindex = read_gs();
		pt->gsbase = rdmsrl(MSR_KERNEL_GS_BASE);
		if (pt->fsindex)
			pt->fsbase = rdmsrl(MSR_FS_BASE);
	}
	if (!(next->flags & PF_KTHREAD)) {
		fpu_restore_current(next);
		if (read_fs() != nt->fsindex || nt->fsindex)
			__asm__ volatile("movl %0, %%fs" : : "r"((u32)nt->fsindex));
		if (!nt->fsindex)
			wrmsrl(MSR_FS_BASE, nt->fsbase);
		if (read_gs() != nt->gsindex || nt->gsindex) /* load the user's %gs, not ours */
			__asm__ volatile("swapgs; movl %0, %%gs; swapgs" : : "r"((u32)nt->gsindex));
		if (!nt->gsindex)
			wrmsrl(MSR_KERNEL_GS_BASE, nt->gsbase);
	}
	load_sp0(nt->sp0);
	if (next->mm && read_cr3() != __pa(next->mm->pgd))
		switch_mm(next->mm);
	cpu_pcpu.current_task = next;
	return prev;
}

SYSCALL_DEFINE2(arch_prctl, int, option, unsigned long, arg2)
{
	struct thread_struct *t = &current->thread;
	switch (option) {
	case ARCH_SET_FS:
		if (arg2 >= TASK_SIZE_MAX)
			return -EPERM;
		t->fsbase = arg2;
		t->fsindex = 0;
		__asm__ volatile("movl %0, %%fs" : : "r"(0));
		wrmsrl(MSR_FS_BASE, arg2);
		return 0;
	case ARCH_SET_GS:
		if (arg2 >= TASK_SIZE_MAX)
			return -EPERM;
		t->gsbase = arg2;
		t->gsindex = 0;
		__asm__ volatile("swapgs; movl %0, %%gs; swapgs" : : "r"(0));
		wrmsrl(MSR_KERNEL_GS_BASE, arg2); /* SWAPGS on the way out makes it GS_BASE */
		return 0;
	case ARCH_GET_FS:
		return put_user(t->fsbase, (unsigned long __user *)arg2);
	case ARCH_GET_GS:
		return put_user(rdmsrl(MSR_KERNEL_GS_BASE), (unsigned long __user *)arg2);
	default:
		return -EINVAL;
	}
}
