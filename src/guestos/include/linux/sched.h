/* linux/sched.h - tasks. A task_struct is one thread; threads that share a pid (tgid) form a
 * thread group, a process, with one signal_struct (shared pending signals, the exit status of
 * the group, process group and session, interval timer, limits) and one sighand_struct (the
 * handlers). kernel/fork.c makes tasks, kernel/exit.c ends and reaps them, kernel/sched/core.c
 * runs them, kernel/signal.c signals them.
 *
 * The tracer reads the current pid through cpu_pcpu.current_task: `pid` stays the first
 * field, so thread_info (first in Linux's task_struct) comes right after pid and tgid. */
#ifndef _LINUX_SCHED_H
#define _LINUX_SCHED_H

#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/signal.h>
#include <linux/thread_info.h>
#include <linux/timer.h>
#include <linux/wait.h>
#include <asm/percpu.h>
#include <asm/ptrace.h>

#define TASK_COMM_LEN 16
#define THREAD_SIZE   (16 * 1024) /* kernel stack; a guard page below it */

/* task_struct::state (TASK_RUNNING, TASK_INTERRUPTIBLE, TASK_UNINTERRUPTIBLE: linux/wait.h) */
#define __TASK_STOPPED 4
#define TASK_DEAD      64
/* task_struct::exit_state */
#define EXIT_DEAD   16
#define EXIT_ZOMBIE 32

/* task_struct::flags */
#define PF_EXITING 0x00000004
#define PF_KTHREAD 0x00200000

struct files_struct;
struct fs_struct;

/* A one-shot event a task can wait for (vfork). */
struct completion {
	bool done;
	wait_queue_head_t wait;
};

/* The register state that is not in pt_regs: where the kernel stack was left by switch_to,
 * the FS/GS bases and selectors, and the FPU/SSE registers in FXSAVE format. */
struct thread_struct {
	unsigned long sp0;    /* top of the kernel stack: TSS.RSP0 and the SYSCALL stack */
	unsigned long sp;     /* kernel RSP saved by __switch_to_asm */
	unsigned long fsbase; /* MSR_FS_BASE while the task runs */
	unsigned long gsbase; /* the user's MSR_GS_BASE (MSR_KERNEL_GS_BASE while in the kernel) */
	u16 fsindex, gsindex; /* the user's %fs and %gs selectors */
	bool ia32;            /* a 32-bit program in compatibility mode */
	unsigned long trap_nr, error_code, cr2; /* of the last fault, for the signal frame */
	u8 fxsave[512] __aligned(16);
};

struct rlimit64 {
	u64 rlim_cur, rlim_max;
};
#define RLIMIT_CPU     0
#define RLIMIT_STACK   3
#define RLIMIT_CORE    4
#define RLIMIT_NOFILE  7
#define RLIM_NLIMITS  16
#define RLIM_INFINITY (~0ULL)

/* signal_struct::flags */
#define SIGNAL_STOP_STOPPED   0x01 /* the group is stopped */
#define SIGNAL_STOP_CONTINUED 0x02 /* SIGCONT since the last wait report */
#define SIGNAL_GROUP_EXIT     0x04 /* exit_group or a fatal signal: every thread dies */

/* Shared by the threads of a process. */
struct signal_struct {
	int count;                      /* tasks pointing here */
	int live;                       /* threads not yet exited */
	struct list_head thread_head;   /* task_struct::thread_node */
	wait_queue_head_t wait_chldexit; /* wait4/waitid sleep here */
	struct sigpending shared_pending;
	unsigned int flags;             /* SIGNAL_* */
	int group_exit_code;            /* the status of a group exit, or the stop signal */
	int group_stop_count;           /* threads still to stop */
	pid_t pgrp, session;
	bool did_exec;                  /* setpgid on a child that has exec'd: EACCES */
	struct timer_list real_timer;   /* ITIMER_REAL */
	unsigned long it_real_incr;     /* its interval, in jiffies */
	u64 utime, stime;               /* exited threads' times, in ticks */
	u64 cutime, cstime;             /* reaped children's times, in ticks */
	struct rlimit64 rlim[RLIM_NLIMITS];
};

/* The handlers, shared with CLONE_SIGHAND. */
struct sighand_struct {
	int count;
	struct k_sigaction action[_NSIG];
};

struct task_struct {
	pid_t pid, tgid;
	struct thread_info thread_info; /* TIF_SIGPENDING, TIF_NEED_RESCHED, TS_COMPAT */
	volatile long state;        /* TASK_RUNNING, TASK_INTERRUPTIBLE, ... */
	unsigned int flags;         /* PF_* */
	int exit_state;             /* EXIT_ZOMBIE, EXIT_DEAD */
	int exit_code;              /* wait status: (code << 8) or the signal number */
	int exit_signal;            /* sent to the parent at exit; -1 for a thread */
	bool on_rq;                 /* on the run queue */
	bool restore_sigmask;       /* rt_sigsuspend: blocked goes back to saved_sigmask (with
				     * TIF_SIGPENDING set, so that do_signal runs) */
	struct list_head run_list;  /* the run queue */
	struct list_head tasks;     /* every task */
	struct task_struct *real_parent; /* the group leader of the process that forked us */
	struct task_struct *group_leader;
	struct list_head children;  /* on the group leader: our child processes' leaders */
	struct list_head sibling;   /* in the parent's children */
	struct list_head thread_node; /* in signal->thread_head */
	char comm[TASK_COMM_LEN];   /* the program's base name, for messages */
	struct mm_struct *mm;
	struct files_struct *files;
	struct signal_struct *signal;
	struct sighand_struct *sighand;
	struct fs_struct *fs;        /* root, cwd, umask (linux/dcache.h) */
	void *stack;                /* lowest address of the kernel stack */
	struct thread_struct thread;
	int __user *set_child_tid;   /* CLONE_CHILD_SETTID */
	int __user *clear_child_tid; /* set_tid_address(2), CLONE_CHILD_CLEARTID */
	unsigned long robust_list, robust_list_len; /* set_robust_list(2): recorded */
	sigset_t blocked, saved_sigmask;
	struct sigpending pending;  /* signals for this thread only */
	unsigned long sas_ss_sp, sas_ss_size; /* sigaltstack */
	int sas_ss_flags;
	struct completion *vfork_done; /* the vfork parent waits until we exec or exit */
	u64 utime, stime;           /* ticks in user and kernel mode */
	u64 start_time;             /* jiffies at fork */
};

static inline struct pt_regs *task_pt_regs(struct task_struct *t)
{
	return (struct pt_regs *)t->thread.sp0 - 1;
}
static inline struct thread_info *task_thread_info(struct task_struct *t)
{
	return &t->thread_info;
}
#define current_thread_info() task_thread_info(current)

static inline void set_tsk_thread_flag(struct task_struct *t, int flag)
{
	set_ti_thread_flag(task_thread_info(t), flag);
}
static inline void clear_tsk_thread_flag(struct task_struct *t, int flag)
{
	clear_ti_thread_flag(task_thread_info(t), flag);
}
static inline bool test_tsk_thread_flag(struct task_struct *t, int flag)
{
	return test_ti_thread_flag(task_thread_info(t), flag);
}
#define set_thread_flag(flag)   set_tsk_thread_flag(current, flag)
#define clear_thread_flag(flag) clear_tsk_thread_flag(current, flag)
#define test_thread_flag(flag)  test_tsk_thread_flag(current, flag)

static inline void set_tsk_need_resched(struct task_struct *t)
{
	set_tsk_thread_flag(t, TIF_NEED_RESCHED);
}
static inline void clear_tsk_need_resched(struct task_struct *t)
{
	clear_tsk_thread_flag(t, TIF_NEED_RESCHED);
}
static inline bool need_resched(void)
{
	return test_thread_flag(TIF_NEED_RESCHED);
}

static inline bool thread_group_leader(struct task_struct *t) { return t->group_leader == t; }
static inline pid_t task_pid_vnr(struct task_struct *t) { return t->pid; }
static inline pid_t task_tgid_vnr(struct task_struct *t) { return t->tgid; }
static inline u64 rlimit(unsigned int r) { return current->signal->rlim[r].rlim_cur; }

#define for_each_thread(leader, t) \
	list_for_each_entry(t, &(leader)->signal->thread_head, thread_node)

extern struct list_head task_list_head; /* every task but the idle task (kernel/fork.c) */
#define for_each_process_thread(t) list_for_each_entry(t, &task_list_head, tasks)

/* kernel/fork.c */
struct task_struct *create_init_task(void);
void set_task_comm(struct task_struct *t, const char *path);
struct task_struct *find_task_by_vpid(pid_t pid);  /* a thread by its tid */
struct task_struct *find_process(pid_t tgid);      /* a live or zombie process by pid */
void free_task(struct task_struct *t);
long _do_fork(unsigned long clone_flags, unsigned long newsp, int __user *parent_tidptr,
	      int __user *child_tidptr, unsigned long tls);
extern unsigned int nr_threads;

/* The clone(2) flags. */
#define CSIGNAL              0x000000ff
#define CLONE_VM             0x00000100
#define CLONE_FS             0x00000200
#define CLONE_FILES          0x00000400
#define CLONE_SIGHAND        0x00000800
#define CLONE_PTRACE         0x00002000
#define CLONE_VFORK          0x00004000
#define CLONE_PARENT         0x00008000
#define CLONE_THREAD         0x00010000
#define CLONE_NEWNS          0x00020000
#define CLONE_SYSVSEM        0x00040000
#define CLONE_SETTLS         0x00080000
#define CLONE_PARENT_SETTID  0x00100000
#define CLONE_CHILD_CLEARTID 0x00200000
#define CLONE_DETACHED       0x00400000
#define CLONE_UNTRACED       0x00800000
#define CLONE_CHILD_SETTID   0x01000000
#define CLONE_NEWCGROUP      0x02000000
#define CLONE_NEWUTS         0x04000000
#define CLONE_NEWIPC         0x08000000
#define CLONE_NEWUSER        0x10000000
#define CLONE_NEWPID         0x20000000
#define CLONE_NEWNET         0x40000000
#define CLONE_IO             0x80000000UL

/* fs/exec.c, kernel/exit.c: the vfork parent may go on. */
void mm_release(struct task_struct *tsk);

/* kernel/exit.c: `code` is a wait status (exit code << 8, or a signal number). */
void do_exit(long code) __noreturn;
void do_group_exit(int exit_code) __noreturn;
void release_task(struct task_struct *p);

/* kernel/sched/core.c */
void sched_init(struct task_struct *init);
void wake_up_new_task(struct task_struct *p);
bool wake_up_process(struct task_struct *p);
bool wake_up_state(struct task_struct *p, long state);
void scheduler_tick(bool user);
void schedule_tail(struct task_struct *prev);
extern struct task_struct *idle_task;
static inline void set_current_state(long state) { current->state = state; }
#define __set_current_state set_current_state
#define MAX_SCHEDULE_TIMEOUT (~0UL >> 1)
long schedule_timeout(long timeout);               /* kernel/time/timer.c: in jiffies */
long schedule_timeout_interruptible(long timeout);

/* kernel/itimer.c */
void it_real_fn(struct timer_list *t);

/* kernel/signal.c */
void zap_other_threads(struct task_struct *p);
void flush_sigqueue(struct sigpending *q);
void signal_wake_up(struct task_struct *t, bool fatal);
bool recalc_sigpending_tsk(struct task_struct *t);
void recalc_sigpending(void);
void set_restore_sigmask(void);
void exit_signals(struct task_struct *tsk);

/* kernel/futex.c */
int futex_wake(u32 __user *uaddr, unsigned int flags, int nr_wake, u32 bitset);

/* arch/x86/kernel/process_64.c */
void start_thread(struct pt_regs *regs, unsigned long ip, unsigned long sp, bool ia32);
int copy_thread_tls(unsigned long clone_flags, unsigned long sp, struct task_struct *p,
		    unsigned long tls);
struct task_struct *__switch_to(struct task_struct *prev, struct task_struct *next);
void fpu_init_state(struct task_struct *t);

/* arch/x86/entry/entry_64.S */
struct task_struct *__switch_to_asm(struct task_struct *prev, struct task_struct *next,
				    unsigned long *prev_sp, unsigned long next_sp);
void ret_from_fork(void);

#endif
