/* exit.c - the end of a task and the reaping of processes: exit(2), exit_group(2), wait4(2),
 * waitid(2). A process becomes a zombie when its last thread has exited; its parent learns of
 * it by SIGCHLD and collects the status with wait4/waitid, which frees it. Children of a
 * process that ends go to init. When init's last thread exits, the machine ends, and init's
 * status leaves through the debug-exit port (README: "Exit status"). */
#include <linux/file.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/syscalls.h>
#include <linux/time.h>
#include <linux/uaccess.h>
#include <asm/bootparam.h>
#include <asm/io.h>
#include <asm/processor.h>

void machine_exit(u32 value)
{
	local_irq_disable();
	outl(value, DEBUG_EXIT_PORT);
	for (;;)
		__asm__ volatile("hlt");
}

/* The status a shell would report: the exit code, or 128 + the signal. */
static u32 shell_status(long code)
{
	if (code & 0x7f)
		return 128 + (code & 0x7f);
	return (code >> 8) & 0xff;
}

/* The wait status of a dead process: the group's if it ended as a group, else the leader's. */
static int task_exit_status(struct task_struct *p)
{
	return (p->signal->flags & SIGNAL_GROUP_EXIT) ? p->signal->group_exit_code : p->exit_code;
}

static void exit_sighand(struct task_struct *tsk)
{
	struct sighand_struct *sh = tsk->sighand;
	tsk->sighand = NULL;
	if (sh && --sh->count == 0)
		kfree(sh);
}

/* Frees a task that will never run again: its pid, its place in the lists, its stack. */
void release_task(struct task_struct *p)
{
	list_del_init(&p->tasks);
	list_del_init(&p->thread_node);
	list_del_init(&p->sibling);
	nr_threads--;
	struct signal_struct *sig = p->signal;
	if (--sig->count == 0) {
		del_timer(&sig->real_timer);
		flush_sigqueue(&sig->shared_pending);
		kfree(sig);
	}
	flush_sigqueue(&p->pending);
	exit_sighand(p);
	free_task(p);
}

/* The vfork parent waits for this: the child has its own mm now, or none. */
void mm_release(struct task_struct *tsk)
{
	struct completion *vfork = tsk->vfork_done;
	if (vfork) {
		tsk->vfork_done = NULL;
		vfork->done = true;
		wake_up(&vfork->wait);
	}
	/* CLONE_CHILD_CLEARTID: zero the tid word and wake a joiner waiting on it. */
	if (tsk->clear_child_tid && tsk->mm && tsk->mm->mm_users > 1) {
		int __user *tidptr = tsk->clear_child_tid;
		tsk->clear_child_tid = NULL;
		if (!put_user(0, tidptr))
			futex_wake((u32 __user *)tidptr, 0, 1, ~0U);
	}
}

static void exit_mm(struct task_struct *tsk)
{
	struct mm_struct *mm = tsk->mm;
	mm_release(tsk);
	if (!mm)
		return;
	tsk->mm = NULL;
	switch_mm(NULL); /* off the page tables that may be freed now */
	mmput(mm);
}

static void exit_files(struct task_struct *tsk)
{
	struct files_struct *files = tsk->files;
	tsk->files = NULL;
	if (files)
		put_files_struct(files);
}

/* Our children go to init; zombies among them are announced to it. */
static void forget_original_parent(struct task_struct *father)
{
	struct task_struct *reaper = find_process(1), *p, *n;
	if (!reaper || reaper == father)
		return;
	list_for_each_entry_safe(p, n, &father->children, sibling) {
		list_del(&p->sibling);
		p->real_parent = reaper;
		list_add_tail(&p->sibling, &reaper->children);
		if (p->exit_state == EXIT_ZOMBIE && list_empty(&p->signal->thread_head))
			do_notify_parent(p, p->exit_signal);
	}
}

/* The process `leader` has no live thread left: it is a zombie for its parent to reap, or,
 * when the parent does not want it (SIGCHLD ignored, SA_NOCLDWAIT), gone at once. */
static void group_dead(struct task_struct *leader)
{
	struct task_struct *parent = leader->real_parent;
	del_timer(&leader->signal->real_timer);
	if (leader->tgid == 1) {
		u32 status = shell_status(task_exit_status(leader));
		pr_info("init (%s) exited with status %u\n", leader->comm, status);
		machine_exit(status);
	}
	forget_original_parent(leader);
	struct k_sigaction *ka = &parent->sighand->action[SIGCHLD - 1];
	bool autoreap = leader->exit_signal == SIGCHLD &&
			(ka->sa_handler == SIG_IGN || (ka->sa_flags & SA_NOCLDWAIT));
	if (leader->exit_signal > 0)
		do_notify_parent(leader, leader->exit_signal);
	wake_up(&parent->signal->wait_chldexit);
	if (autoreap) {
		leader->exit_state = EXIT_DEAD;
		if (leader != current)
			release_task(leader); /* current is released after its last switch */
	}
}

static void exit_notify(struct task_struct *tsk)
{
	struct signal_struct *sig = tsk->signal;
	struct task_struct *leader = tsk->group_leader;
	bool last = --sig->live == 0;

	list_del_init(&tsk->thread_node); /* thread_head: the live threads */
	sig->utime += tsk->utime;
	sig->stime += tsk->stime;
	if (thread_group_leader(tsk)) {
		tsk->exit_state = EXIT_ZOMBIE;
	} else {
		tsk->exit_state = EXIT_DEAD; /* threads reap themselves */
	}
	if (last)
		group_dead(leader);
}

void __noreturn do_exit(long code)
{
	struct task_struct *tsk = current;
	if (tsk->flags & PF_EXITING)
		panic("recursive do_exit in pid %d", tsk->pid);
	tsk->flags |= PF_EXITING;
	tsk->exit_code = (int)code;
	exit_mm(tsk);
	exit_files(tsk);
	exit_notify(tsk);
	tsk->state = TASK_DEAD;
	schedule();
	panic("pid %d ran after its exit", tsk->pid);
}

/* Ends every thread of the process with `exit_code` (a wait status). */
void __noreturn do_group_exit(int exit_code)
{
	struct signal_struct *sig = current->signal;
	if (sig->flags & SIGNAL_GROUP_EXIT) {
		exit_code = sig->group_exit_code;
	} else {
		sig->group_exit_code = exit_code;
		sig->flags = SIGNAL_GROUP_EXIT;
		zap_other_threads(current);
	}
	do_exit(exit_code);
}

SYSCALL_DEFINE1(exit, int, error_code)
{
	do_exit((error_code & 0xff) << 8);
}

SYSCALL_DEFINE1(exit_group, int, error_code)
{
	do_group_exit((error_code & 0xff) << 8);
}

/* wait options */
#define WNOHANG    0x00000001
#define WUNTRACED  0x00000002
#define WSTOPPED   WUNTRACED
#define WEXITED    0x00000004
#define WCONTINUED 0x00000008
#define WNOWAIT    0x01000000
#define __WNOTHREAD 0x20000000
#define __WALL     0x40000000
#define __WCLONE   0x80000000
#define P_ALL  0
#define P_PID  1
#define P_PGID 2

struct rusage {
	struct { long tv_sec, tv_usec; } ru_utime, ru_stime;
	long ru_maxrss, ru_ixrss, ru_idrss, ru_isrss, ru_minflt, ru_majflt, ru_nswap, ru_inblock,
	     ru_oublock, ru_msgsnd, ru_msgrcv, ru_nsignals, ru_nvcsw, ru_nivcsw;
};

struct wait_opts {
	int type;       /* P_ALL, P_PID, P_PGID */
	pid_t pid;
	int options;
	siginfo_t __user *infop;
	int __user *stat_addr;
	struct rusage __user *ru;
	bool notask_error_set;
};

static bool eligible_child(struct wait_opts *wo, struct task_struct *p)
{
	if (wo->type == P_PID && p->tgid != wo->pid)
		return false;
	if (wo->type == P_PGID && p->signal->pgrp != wo->pid)
		return false;
	/* __WCLONE: only children that do not send SIGCHLD; __WALL: any. */
	if (!(wo->options & __WALL) && ((p->exit_signal != SIGCHLD) ^ !!(wo->options & __WCLONE)))
		return false;
	return true;
}

static void ticks_to_timeval(u64 ticks, long *sec, long *usec)
{
	*sec = (long)(ticks / HZ);
	*usec = (long)(ticks % HZ) * (1000000 / HZ);
}

int fill_rusage(struct rusage __user *ru, u64 utime, u64 stime)
{
	struct rusage r = {0};
	ticks_to_timeval(utime, &r.ru_utime.tv_sec, &r.ru_utime.tv_usec);
	ticks_to_timeval(stime, &r.ru_stime.tv_sec, &r.ru_stime.tv_usec);
	return copy_to_user(ru, &r, sizeof(r)) ? -EFAULT : 0;
}

/* The ticks of a process: its exited threads' (in signal_struct) and its live ones'. */
static u64 group_utime(struct task_struct *p, bool stime)
{
	u64 sum = stime ? p->signal->stime : p->signal->utime;
	struct task_struct *t;
	for_each_thread(p, t)
		sum += stime ? t->stime : t->utime;
	return sum;
}

/* Reports what happened to p: the status word, the siginfo of waitid, the rusage. */
static int wait_report(struct wait_opts *wo, struct task_struct *p, int why, int status)
{
	int err = 0;
	if (wo->ru)
		err = fill_rusage(wo->ru, group_utime(p, false), group_utime(p, true));
	if (!err && wo->stat_addr && put_user(status, wo->stat_addr))
		err = -EFAULT;
	if (!err && wo->infop) {
		siginfo_t info = {0};
		info.si_signo = SIGCHLD;
		info.si_code = why;
		info.chld.pid = p->tgid;
		info.chld.status = why == CLD_EXITED ? (status >> 8) & 0xff :
				   why == CLD_CONTINUED ? SIGCONT : status & 0x7f;
		if (why == CLD_STOPPED)
			info.chld.status = (status >> 8) & 0xff;
		if (copy_to_user(wo->infop, &info, sizeof(info)))
			err = -EFAULT;
	}
	return err ? err : p->tgid;
}

static int wait_task_zombie(struct wait_opts *wo, struct task_struct *p)
{
	int status = task_exit_status(p);
	int why = (status & 0x7f) ? ((status & 0x80) ? CLD_DUMPED : CLD_KILLED) : CLD_EXITED;
	int ret = wait_report(wo, p, why, status);
	if (ret < 0 || (wo->options & WNOWAIT))
		return ret;
	struct signal_struct *psig = current->signal;
	psig->cutime += group_utime(p, false) + p->signal->cutime;
	psig->cstime += group_utime(p, true) + p->signal->cstime;
	p->exit_state = EXIT_DEAD;
	release_task(p);
	return ret;
}

static int wait_task_stopped(struct wait_opts *wo, struct task_struct *p)
{
	struct signal_struct *sig = p->signal;
	if (!(sig->flags & SIGNAL_STOP_STOPPED) || !sig->group_exit_code)
		return 0;
	int status = (sig->group_exit_code << 8) | 0x7f;
	if (!(wo->options & WNOWAIT))
		sig->group_exit_code = 0;
	return wait_report(wo, p, CLD_STOPPED, status);
}

static int wait_task_continued(struct wait_opts *wo, struct task_struct *p)
{
	struct signal_struct *sig = p->signal;
	if (!(sig->flags & SIGNAL_STOP_CONTINUED))
		return 0;
	if (!(wo->options & WNOWAIT))
		sig->flags &= ~SIGNAL_STOP_CONTINUED;
	return wait_report(wo, p, CLD_CONTINUED, 0xffff);
}

/* One pass over our children: a pid, 0 if there is a child to wait for but nothing to report,
 * -ECHILD if there is none. */
static int do_wait_thread(struct wait_opts *wo)
{
	struct task_struct *p, *n;
	int ret = -ECHILD;
	list_for_each_entry_safe(p, n, &current->group_leader->children, sibling) {
		if (!eligible_child(wo, p))
			continue;
		ret = 0;
		bool dead = p->exit_state == EXIT_ZOMBIE && p->signal->live == 0;
		int r = 0;
		if (dead && (wo->options & WEXITED))
			r = wait_task_zombie(wo, p);
		else if (!dead && (wo->options & WSTOPPED))
			r = wait_task_stopped(wo, p);
		if (!r && !dead && (wo->options & WCONTINUED))
			r = wait_task_continued(wo, p);
		if (r)
			return r;
	}
	return ret;
}

static long do_wait(struct wait_opts *wo)
{
	DEFINE_WAIT(wait);
	long ret;
	for (;;) {
		prepare_to_wait(&current->signal->wait_chldexit, &wait, TASK_INTERRUPTIBLE);
		ret = do_wait_thread(wo);
		if (ret)
			break;
		if (wo->options & WNOHANG)
			break;
		if (signal_pending(current)) {
			ret = -ERESTARTSYS;
			break;
		}
		schedule();
	}
	finish_wait(&current->signal->wait_chldexit, &wait);
	return ret;
}

long kernel_wait4(pid_t upid, int __user *stat_addr, int options, struct rusage __user *ru)
{
	struct wait_opts wo = {.stat_addr = stat_addr, .ru = ru};
	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL))
		return -EINVAL;
	if (upid == -1) {
		wo.type = P_ALL;
	} else if (upid < 0) {
		wo.type = P_PGID;
		wo.pid = -upid;
	} else if (upid == 0) {
		wo.type = P_PGID;
		wo.pid = current->signal->pgrp;
	} else {
		wo.type = P_PID;
		wo.pid = upid;
	}
	wo.options = options | WEXITED;
	return do_wait(&wo);
}

SYSCALL_DEFINE4(wait4, pid_t, upid, int __user *, stat_addr, int, options,
		struct rusage __user *, ru)
{
	return kernel_wait4(upid, stat_addr, options, ru);
}

SYSCALL_DEFINE3(waitpid, pid_t, pid, int __user *, stat_addr, int, options)
{
	return kernel_wait4(pid, stat_addr, options, NULL);
}

SYSCALL_DEFINE5(waitid, int, which, pid_t, upid, siginfo_t __user *, infop, int, options,
		struct rusage __user *, ru)
{
	struct wait_opts wo = {.infop = infop, .ru = ru, .pid = upid, .options = options};
	if (options & ~(WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED | __WNOTHREAD |
			__WCLONE | __WALL))
		return -EINVAL;
	if (!(options & (WEXITED | WSTOPPED | WCONTINUED)))
		return -EINVAL;
	switch (which) {
	case P_ALL:
		wo.type = P_ALL;
		break;
	case P_PID:
		if (upid <= 0)
			return -EINVAL;
		wo.type = P_PID;
		break;
	case P_PGID:
		if (upid < 0)
			return -EINVAL;
		wo.type = P_PGID;
		if (!upid)
			wo.pid = current->signal->pgrp;
		break;
	default:
		return -EINVAL;
	}
	long ret = do_wait(&wo);
	if (ret > 0)
		return 0;
	/* WNOHANG with nothing to report: siginfo is zeroed (si_pid 0), as Linux does. */
	if (ret == 0 && infop && clear_user(infop, sizeof(*infop)))
		return -EFAULT;
	return ret;
}
