/* linux/sched.h - processes. One process runs at a time; the structure follows Linux so that
 * fork, wait and a scheduler can be added without changing the callers. */
#ifndef _LINUX_SCHED_H
#define _LINUX_SCHED_H

#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/signal.h>
#include <asm/percpu.h>
#include <asm/ptrace.h>

#define TASK_COMM_LEN 16
#define THREAD_SIZE   (16 * 1024) /* kernel stack; a guard page below it */

struct files_struct;
struct fs_struct;

struct thread_struct {
	unsigned long sp0;    /* top of the kernel stack: TSS.RSP0 and the SYSCALL stack */
	unsigned long fsbase; /* MSR_FS_BASE while the task runs */
	unsigned long gsbase; /* the user's MSR_GS_BASE (MSR_KERNEL_GS_BASE while in the kernel) */
	bool ia32;            /* a 32-bit program in compatibility mode */
};

struct task_struct {
	pid_t pid, tgid;
	struct task_struct *real_parent;
	char comm[TASK_COMM_LEN];   /* the program's base name, for messages */
	struct mm_struct *mm;
	struct files_struct *files;
	struct fs_struct *fs;        /* root, cwd, umask (linux/dcache.h) */
	void *stack;                /* lowest address of the kernel stack */
	struct thread_struct thread;
	int __user *clear_child_tid; /* set_tid_address(2) */
	struct k_sigaction sighand[_NSIG];
	sigset_t blocked;
	int exit_code;              /* wait status: (code << 8) or the signal number */
};

static inline struct pt_regs *task_pt_regs(struct task_struct *t)
{
	return (struct pt_regs *)t->thread.sp0 - 1;
}

/* kernel/fork.c */
struct task_struct *create_init_task(void);
void set_task_comm(struct task_struct *t, const char *path);

/* kernel/exit.c: `code` is a wait status (exit code << 8, or a signal number). */
void do_exit(long code) __noreturn;
void force_sig_fault_exit(int sig) __noreturn;

/* arch/x86/kernel/process_64.c */
void start_thread(struct pt_regs *regs, unsigned long ip, unsigned long sp, bool ia32);

#endif
