/* signal.c - sending, queueing and taking signals.
 *
 * A signal goes to one thread (tkill, tgkill, a fault, SIGPIPE: task->pending) or to a whole
 * process (kill: signal->shared_pending), where any thread that does not block it may take
 * it. Standard signals (1-31) are pending at most once; real-time ones queue. A thread takes
 * its signals on the way back to user mode (arch/x86/entry/common.c -> do_signal ->
 * get_signal): an ignored one is dropped, a handler gets a frame (arch/x86/kernel/signal.c),
 * and the default action stops the process, continues it, ignores the signal or ends the
 * process (with 0x80, "core dumped", in the status when RLIMIT_CORE is not 0; no core file is
 * written). Unlike Linux, init gets no protection from signals it has no handler for: as a
 * program run by `lstar run`, it should die where it would die on the host. */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/syscalls.h>
#include <linux/time.h>
#include <linux/timer.h>
#include <linux/uaccess.h>

#define SYNCHRONOUS_MASK (sigmask(SIGSEGV) | sigmask(SIGBUS) | sigmask(SIGILL) | \
			  sigmask(SIGTRAP) | sigmask(SIGFPE) | sigmask(SIGSYS))
#define UNBLOCKABLE (sigmask(SIGKILL) | sigmask(SIGSTOP))

static bool sig_kernel_ignore(int sig)
{
	return sig == SIGCONT || sig == SIGCHLD || sig == SIGWINCH || sig == SIGURG;
}
static bool sig_kernel_stop(int sig)
{
	return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}
static bool sig_kernel_coredump(int sig)
{
	return sig < SIGRTMIN && (sigmask(sig) & (sigmask(SIGQUIT) | sigmask(SIGILL) |
		sigmask(SIGTRAP) | sigmask(SIGABRT) | sigmask(SIGBUS) | sigmask(SIGFPE) |
		sigmask(SIGSEGV) | sigmask(SIGXCPU) | sigmask(SIGXFSZ) | sigmask(SIGSYS)));
}
static bool valid_signal(int sig) { return sig >= 0 && sig <= _NSIG; }

/* Whether t has something to take on its way to user mode: an unblocked signal, for it or for
 * its process, or a group stop or exit to join. */
static bool task_has_pending_signals(struct task_struct *t)
{
	if (!t->signal)
		return false;
	if ((t->pending.signal | t->signal->shared_pending.signal) & ~t->blocked)
		return true;
	return t->signal->flags & (SIGNAL_STOP_STOPPED | SIGNAL_GROUP_EXIT);
}

/*
 * TIF_SIGPENDING is set whenever t may have a signal to take: by signal_wake_up() when a signal
 * is queued for t (or its process picks t), and by recalc_sigpending() when a new mask unblocks
 * one. Only t itself clears it, in recalc_sigpending(), when nothing is left. So the bit can be
 * stale (another thread took a process-wide signal; SIGCONT cancelled a pending stop), never
 * missing: signal_pending() tests the bit, as Linux's does, and then confirms, so that a stale
 * bit does not turn a wait into a spurious EINTR.
 */
bool signal_pending(struct task_struct *t)
{
	return test_tsk_thread_flag(t, TIF_SIGPENDING) && task_has_pending_signals(t);
}

/* Sets TIF_SIGPENDING when t has a signal to take; true if so. Never clears it: only t may. */
bool recalc_sigpending_tsk(struct task_struct *t)
{
	if (!task_has_pending_signals(t))
		return false;
	set_tsk_thread_flag(t, TIF_SIGPENDING);
	return true;
}

/* After current's mask or queue changed: TIF_SIGPENDING says exactly whether a signal waits. */
void recalc_sigpending(void)
{
	if (!recalc_sigpending_tsk(current))
		clear_thread_flag(TIF_SIGPENDING);
}

/* rt_sigsuspend: the old mask comes back on the way out, after a handler's frame saved the
 * temporary one or in do_signal() when no handler runs. TIF_SIGPENDING guarantees do_signal()
 * is reached, as Linux's WARN_ON in set_restore_sigmask() demands. */
void set_restore_sigmask(void)
{
	current->restore_sigmask = true;
	set_thread_flag(TIF_SIGPENDING);
}

bool fatal_signal_pending(struct task_struct *t)
{
	return (t->pending.signal & sigmask(SIGKILL)) ||
	       (t->signal && (t->signal->flags & SIGNAL_GROUP_EXIT));
}

bool sig_handler_default(struct task_struct *t, int sig)
{
	return t->sighand->action[sig - 1].sa_handler == SIG_DFL;
}

/* A fault signal that no handler will see (Linux's unhandled_signal()): the console gets the
 * one-line message. */
bool sig_unhandled(struct task_struct *t, int sig)
{
	unsigned long h = t->sighand->action[sig - 1].sa_handler;
	return h == SIG_DFL || h == SIG_IGN || (t->blocked & sigmask(sig));
}

/* Wakes t so that it looks at its signals: from an interruptible sleep, or, for a fatal
 * signal or SIGCONT, from a stop. */
void signal_wake_up(struct task_struct *t, bool fatal)
{
	set_tsk_thread_flag(t, TIF_SIGPENDING);
	wake_up_state(t, TASK_INTERRUPTIBLE | (fatal ? __TASK_STOPPED : 0));
}

void flush_sigqueue(struct sigpending *q)
{
	struct sigqueue *s, *n;
	list_for_each_entry_safe(s, n, &q->list, list) {
		list_del(&s->list);
		kfree(s);
	}
	q->signal = 0;
}

/* Drops the signals in `mask` from q. */
static void flush_sigqueue_mask(sigset_t mask, struct sigpending *q)
{
	struct sigqueue *s, *n;
	if (!(q->signal & mask))
		return;
	q->signal &= ~mask;
	list_for_each_entry_safe(s, n, &q->list, list) {
		if (mask & sigmask(s->info.si_signo)) {
			list_del(&s->list);
			kfree(s);
		}
	}
}

static void flush_group_mask(struct task_struct *p, sigset_t mask)
{
	struct task_struct *t;
	flush_sigqueue_mask(mask, &p->signal->shared_pending);
	for_each_thread(p, t)
		flush_sigqueue_mask(mask, &t->pending);
}

void flush_signals(struct task_struct *t)
{
	flush_sigqueue(&t->pending);
	flush_sigqueue(&t->signal->shared_pending);
}

/* exec: handlers go back to SIG_DFL, SIG_IGN stays. */
void flush_signal_handlers(struct task_struct *t)
{
	for (int i = 0; i < _NSIG; i++) {
		struct k_sigaction *ka = &t->sighand->action[i];
		if (ka->sa_handler != SIG_IGN)
			ka->sa_handler = SIG_DFL;
		ka->sa_flags = 0;
		ka->sa_restorer = 0;
		ka->sa_mask = 0;
	}
}

static bool sig_ignored(struct task_struct *t, int sig)
{
	if (t->blocked & sigmask(sig))
		return false; /* it stays pending: the handler may change before it is unblocked */
	unsigned long h = t->sighand->action[sig - 1].sa_handler;
	return h == SIG_IGN || (h == SIG_DFL && sig_kernel_ignore(sig));
}

static void do_notify_parent_cldstop(struct task_struct *tsk, int why);

/* What a signal does before it is queued: stop signals cancel a pending SIGCONT and the other
 * way round; SIGCONT resumes a stopped process. false: the signal is dropped. */
static bool prepare_signal(int sig, struct task_struct *p)
{
	struct signal_struct *signal = p->signal;
	struct task_struct *t;
	if (signal->flags & SIGNAL_GROUP_EXIT)
		return sig == SIGKILL;
	if (sig_kernel_stop(sig)) {
		flush_group_mask(p, sigmask(SIGCONT));
	} else if (sig == SIGCONT) {
		flush_group_mask(p, sigmask(SIGSTOP) | sigmask(SIGTSTP) | sigmask(SIGTTIN) |
				    sigmask(SIGTTOU));
		if (signal->flags & SIGNAL_STOP_STOPPED) {
			signal->flags = SIGNAL_STOP_CONTINUED;
			signal->group_exit_code = 0;
			for_each_thread(p, t)
				wake_up_state(t, __TASK_STOPPED);
			do_notify_parent_cldstop(p->group_leader, CLD_CONTINUED);
		}
	}
	return !sig_ignored(p, sig);
}

static bool wants_signal(int sig, struct task_struct *t)
{
	return !(t->blocked & sigmask(sig)) && !(t->flags & PF_EXITING);
}

/* Picks the thread to wake. A fatal signal ends the whole process at once. */
static void complete_signal(int sig, struct task_struct *p, bool group)
{
	struct signal_struct *signal = p->signal;
	struct task_struct *t = NULL, *i;
	if (wants_signal(sig, p)) {
		t = p;
	} else if (group) {
		for_each_thread(p, i)
			if (wants_signal(sig, i)) {
				t = i;
				break;
			}
	}
	if (!t)
		return; /* blocked everywhere: it waits */
	unsigned long h = p->sighand->action[sig - 1].sa_handler;
	if (sig == SIGKILL || (h == SIG_DFL && !sig_kernel_ignore(sig) && !sig_kernel_stop(sig) &&
			       !sig_kernel_coredump(sig))) {
		signal->flags = SIGNAL_GROUP_EXIT;
		signal->group_exit_code = sig;
		for_each_thread(p, i) {
			i->pending.signal |= sigmask(SIGKILL);
			signal_wake_up(i, true);
		}
		return;
	}
	signal_wake_up(t, sig == SIGKILL);
}

static int __send_signal(int sig, siginfo_t *info, struct task_struct *t, bool group)
{
	if (!t->sighand || (t->flags & PF_EXITING && !group))
		return 0;
	if (!prepare_signal(sig, t))
		return 0;
	struct sigpending *pending = group ? &t->signal->shared_pending : &t->pending;
	if (sig < SIGRTMIN && (pending->signal & sigmask(sig)))
		return 0; /* a standard signal is pending once */
	struct sigqueue *q = kmalloc(sizeof(*q));
	if (q) {
		q->info = *info;
		list_add_tail(&q->list, &pending->list);
	}
	pending->signal |= sigmask(sig);
	complete_signal(sig, t, group);
	return 0;
}

static void info_user(siginfo_t *info, int sig, int code)
{
	memset(info, 0, sizeof(*info));
	info->si_signo = sig;
	info->si_code = code;
	if (code <= 0) { /* SI_USER, SI_TKILL: from the current process */
		info->kill.pid = current->tgid;
		info->kill.uid = 0;
	}
}

int send_sig_info(int sig, siginfo_t *info, struct task_struct *p)
{
	return __send_signal(sig, info, p, false);
}

int group_send_sig_info(int sig, siginfo_t *info, struct task_struct *p)
{
	if (!sig)
		return 0;
	/* A process whose threads have all exited takes no signals (but exists). */
	if (list_empty(&p->signal->thread_head))
		return 0;
	struct task_struct *t = list_first_entry(&p->signal->thread_head, struct task_struct,
						 thread_node);
	return __send_signal(sig, info, t, true);
}

/* For the rest of the kernel: e.g. send_sig(SIGPIPE, current, 0) from a write to a pipe or
 * socket with no reader. */
int send_sig(int sig, struct task_struct *p, int priv)
{
	siginfo_t info;
	if (!valid_signal(sig) || !sig)
		return -EINVAL;
	info_user(&info, sig, priv ? SI_KERNEL : SI_USER);
	return send_sig_info(sig, &info, p);
}

/* A signal the current thread cannot refuse (a CPU fault): unblocked, and back to the default
 * action if it was ignored, as Linux's force_sig_info. */
static void force_sig_info(int sig, siginfo_t *info)
{
	struct task_struct *t = current;
	struct k_sigaction *ka = &t->sighand->action[sig - 1];
	if (ka->sa_handler == SIG_IGN || (t->blocked & sigmask(sig))) {
		t->blocked &= ~sigmask(sig);
		if (ka->sa_handler == SIG_IGN)
			ka->sa_handler = SIG_DFL;
		recalc_sigpending(); /* it may be pending already, and is no longer blocked */
	}
	__send_signal(sig, info, t, false);
}

void force_sig_fault(int sig, int code, unsigned long addr)
{
	siginfo_t info = {0};
	info.si_signo = sig;
	info.si_code = code;
	info.fault.addr = addr;
	force_sig_info(sig, &info);
}

void force_sig(int sig)
{
	siginfo_t info;
	info_user(&info, sig, SI_KERNEL);
	force_sig_info(sig, &info);
}

void zap_other_threads(struct task_struct *p)
{
	struct task_struct *t;
	for_each_thread(p, t) {
		if (t == p)
			continue;
		t->pending.signal |= sigmask(SIGKILL);
		signal_wake_up(t, true);
	}
}

/* SIGCHLD (or the exit signal of clone) to the parent of a process that has ended. */
void do_notify_parent(struct task_struct *tsk, int sig)
{
	struct task_struct *parent = tsk->real_parent;
	siginfo_t info = {0};
	int status = (tsk->signal->flags & SIGNAL_GROUP_EXIT) ? tsk->signal->group_exit_code :
							       tsk->exit_code;
	info.si_signo = sig;
	info.chld.pid = tsk->tgid;
	info.chld.uid = 0;
	info.chld.utime = (long)tsk->signal->utime;
	info.chld.stime = (long)tsk->signal->stime;
	if (status & 0x7f) {
		info.si_code = (status & 0x80) ? CLD_DUMPED : CLD_KILLED;
		info.chld.status = status & 0x7f;
	} else {
		info.si_code = CLD_EXITED;
		info.chld.status = (status >> 8) & 0xff;
	}
	if (parent && parent->sighand && valid_signal(sig) && sig)
		group_send_sig_info(sig, &info, parent);
}

/* A child stopped or continued: SIGCHLD unless the parent asked for SA_NOCLDSTOP. */
static void do_notify_parent_cldstop(struct task_struct *tsk, int why)
{
	struct task_struct *parent = tsk->group_leader->real_parent;
	if (!parent || !parent->sighand)
		return;
	wake_up(&parent->signal->wait_chldexit);
	if (parent->sighand->action[SIGCHLD - 1].sa_flags & SA_NOCLDSTOP)
		return;
	siginfo_t info = {0};
	info.si_signo = SIGCHLD;
	info.si_code = why;
	info.chld.pid = tsk->tgid;
	info.chld.status = why == CLD_CONTINUED ? SIGCONT : tsk->signal->group_exit_code;
	group_send_sig_info(SIGCHLD, &info, parent);
}

/* The group stops: every thread parks in TASK_STOPPED until SIGCONT or SIGKILL. */
static void do_signal_stop(int sig)
{
	struct task_struct *t, *cur = current;
	struct signal_struct *signal = cur->signal;
	signal->flags = SIGNAL_STOP_STOPPED;
	signal->group_exit_code = sig;
	for_each_thread(cur, t)
		if (t != cur)
			signal_wake_up(t, false);
	do_notify_parent_cldstop(cur->group_leader, CLD_STOPPED);
}

/* Takes the next signal, preferring the synchronous ones (faults), then the lowest. */
static int dequeue_signal(struct task_struct *t, siginfo_t *info)
{
	struct sigpending *q = &t->pending;
	sigset_t set = q->signal & ~t->blocked;
	if (!set) {
		q = &t->signal->shared_pending;
		set = q->signal & ~t->blocked;
	}
	if (!set)
		return 0;
	if (set & SYNCHRONOUS_MASK)
		set &= SYNCHRONOUS_MASK;
	int sig = __builtin_ctzll(set) + 1;
	struct sigqueue *s, *first = NULL;
	bool more = false;
	list_for_each_entry(s, &q->list, list) {
		if (s->info.si_signo != sig)
			continue;
		if (first) {
			more = true;
			break;
		}
		first = s;
	}
	if (!more)
		q->signal &= ~sigmask(sig);
	if (first) {
		*info = first->info;
		list_del(&first->list);
		kfree(first);
	} else {
		info_user(info, sig, SI_USER);
		info->kill.pid = 0;
	}
	return sig;
}

/* The heart of signal delivery, on the way to user mode: true with a handler to run in ksig;
 * false when nothing is left. Default actions happen here (and may not return). */
bool get_signal(struct ksignal *ksig)
{
	struct task_struct *t = current;
	struct signal_struct *signal = t->signal;
	for (;;) {
		if (signal->flags & SIGNAL_GROUP_EXIT)
			do_exit(signal->group_exit_code);
		if ((signal->flags & SIGNAL_STOP_STOPPED) && !(t->pending.signal & sigmask(SIGKILL))) {
			set_current_state(__TASK_STOPPED);
			schedule();
			continue;
		}
		int sig = dequeue_signal(t, &ksig->info);
		if (!sig) {
			recalc_sigpending(); /* nothing left: the exit path stops calling us */
			return false;
		}
		struct k_sigaction *ka = &t->sighand->action[sig - 1];
		if (sig == SIGKILL) /* a group exit was caught above: this is exec's de_thread */
			do_exit(SIGKILL);
		if (ka->sa_handler == SIG_IGN)
			continue;
		if (ka->sa_handler != SIG_DFL) {
			ksig->ka = *ka;
			ksig->sig = sig;
			if (ka->sa_flags & SA_RESETHAND)
				ka->sa_handler = SIG_DFL;
			return true;
		}
		if (sig_kernel_ignore(sig))
			continue;
		if (sig_kernel_stop(sig)) {
			do_signal_stop(sig);
			continue;
		}
		int code = sig;
		if (sig_kernel_coredump(sig) && rlimit(RLIMIT_CORE) > 0)
			code |= 0x80;
		do_group_exit(code);
	}
}

void set_current_blocked(sigset_t newset)
{
	current->blocked = newset & ~UNBLOCKABLE;
	recalc_sigpending();
}

static sigset_t sigmask_to_save(void)
{
	return current->restore_sigmask ? current->saved_sigmask : current->blocked;
}

/* After a handler's frame is built (or building it failed). */
void signal_setup_done(int failed, struct ksignal *ksig, int stepping)
{
	(void)stepping;
	if (failed) {
		/* The frame could not be written (a bad stack, no restorer). If that was SIGSEGV's
		 * own handler, the next try would fail the same way: SIGSEGV kills, as Linux's
		 * force_sigsegv(). */
		if (ksig->sig == SIGSEGV)
			current->sighand->action[SIGSEGV - 1].sa_handler = SIG_DFL;
		force_sig(SIGSEGV);
		return;
	}
	current->restore_sigmask = false;
	sigset_t blocked = current->blocked | ksig->ka.sa_mask;
	if (!(ksig->ka.sa_flags & SA_NODEFER))
		blocked |= sigmask(ksig->sig);
	set_current_blocked(blocked);
}

/* sigsuspend without a handler run: the old mask comes back. */
void restore_saved_sigmask(void)
{
	if (current->restore_sigmask) {
		current->restore_sigmask = false;
		set_current_blocked(current->saved_sigmask);
	}
}

sigset_t signal_frame_mask(void)
{
	return sigmask_to_save();
}

/* kill(2) and friends. */
static int kill_pid_info(int sig, siginfo_t *info, pid_t pid)
{
	struct task_struct *p = find_process(pid);
	if (!p)
		return -ESRCH;
	return group_send_sig_info(sig, info, p);
}

static int __kill_pgrp_info(int sig, siginfo_t *info, pid_t pgrp)
{
	struct task_struct *p;
	int ret = -ESRCH;
	for_each_process_thread(p) {
		if (!thread_group_leader(p) || p->signal->pgrp != pgrp)
			continue;
		group_send_sig_info(sig, info, p);
		ret = 0;
	}
	return ret;
}

int kill_pgrp(pid_t pgrp, int sig, int priv)
{
	siginfo_t info;
	info_user(&info, sig, priv ? SI_KERNEL : SI_USER);
	return __kill_pgrp_info(sig, &info, pgrp);
}

static int kill_something_info(int sig, siginfo_t *info, pid_t pid)
{
	if (pid > 0)
		return kill_pid_info(sig, info, pid);
	if (pid == 0)
		return __kill_pgrp_info(sig, info, current->signal->pgrp);
	if (pid != -1)
		return pid == -2147483647 - 1 ? -ESRCH : __kill_pgrp_info(sig, info, -pid);
	/* -1: every process but init and ourselves. */
	struct task_struct *p;
	int ret = -ESRCH;
	for_each_process_thread(p) {
		if (!thread_group_leader(p) || p->tgid == 1 || p->tgid == current->tgid)
			continue;
		group_send_sig_info(sig, info, p);
		ret = 0;
	}
	return ret;
}

SYSCALL_DEFINE2(kill, pid_t, pid, int, sig)
{
	siginfo_t info;
	if (!valid_signal(sig))
		return -EINVAL;
	info_user(&info, sig, SI_USER);
	return kill_something_info(sig, &info, pid);
}

static int do_tkill(pid_t tgid, pid_t pid, int sig)
{
	siginfo_t info;
	if (pid <= 0 || !valid_signal(sig))
		return -EINVAL;
	struct task_struct *p = find_task_by_vpid(pid);
	if (!p || (tgid > 0 && p->tgid != tgid) || p->exit_state)
		return -ESRCH;
	if (!sig)
		return 0;
	info_user(&info, sig, SI_TKILL);
	return send_sig_info(sig, &info, p);
}

SYSCALL_DEFINE3(tgkill, pid_t, tgid, pid_t, pid, int, sig)
{
	if (tgid <= 0)
		return -EINVAL;
	return do_tkill(tgid, pid, sig);
}

SYSCALL_DEFINE2(tkill, pid_t, pid, int, sig)
{
	return do_tkill(0, pid, sig);
}

/* Setting SIG_IGN (or SIG_DFL for a signal whose default is to ignore) drops what is pending. */
static void discard_ignored(int sig)
{
	struct task_struct *t = current;
	unsigned long h = t->sighand->action[sig - 1].sa_handler;
	if (h == SIG_IGN || (h == SIG_DFL && sig_kernel_ignore(sig)))
		flush_group_mask(t, sigmask(sig));
}

/* The order of the checks is Linux's: size, then reading act, then the signal number; the old
 * action is written last. */
SYSCALL_DEFINE4(rt_sigaction, int, sig, const struct k_sigaction __user *, act,
		struct k_sigaction __user *, oact, size_t, sigsetsize)
{
	struct k_sigaction new_ka, old_ka, *k;
	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (act && copy_from_user(&new_ka, act, sizeof(new_ka)))
		return -EFAULT;
	if (sig < 1 || sig > _NSIG || (act && (sig == SIGKILL || sig == SIGSTOP)))
		return -EINVAL;
	k = &current->sighand->action[sig - 1];
	old_ka = *k;
	if (act) {
		new_ka.sa_mask &= ~UNBLOCKABLE;
		*k = new_ka;
		discard_ignored(sig);
	}
	if (oact && copy_to_user(oact, &old_ka, sizeof(old_ka)))
		return -EFAULT;
	return 0;
}

/* The i386 struct sigaction: 32-bit handler, flags and restorer, then the 64-bit mask. */
struct compat_sigaction {
	u32 sa_handler, sa_flags, sa_restorer;
	u32 sa_mask[2];
};

COMPAT_SYSCALL_DEFINE4(rt_sigaction, int, sig, const struct compat_sigaction __user *, act,
		       struct compat_sigaction __user *, oact, compat_size_t, sigsetsize)
{
	struct compat_sigaction c;
	struct k_sigaction *k, old_ka;
	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (act && copy_from_user(&c, act, sizeof(c)))
		return -EFAULT;
	if (sig < 1 || sig > _NSIG || (act && (sig == SIGKILL || sig == SIGSTOP)))
		return -EINVAL;
	k = &current->sighand->action[sig - 1];
	old_ka = *k;
	if (act) {
		*k = (struct k_sigaction){c.sa_handler, c.sa_flags, c.sa_restorer,
					  ((u64)c.sa_mask[1] << 32 | c.sa_mask[0]) & ~UNBLOCKABLE};
		discard_ignored(sig);
	}
	if (oact) {
		struct compat_sigaction o = {(u32)old_ka.sa_handler, (u32)old_ka.sa_flags,
					     (u32)old_ka.sa_restorer,
					     {(u32)old_ka.sa_mask, (u32)(old_ka.sa_mask >> 32)}};
		if (copy_to_user(oact, &o, sizeof(o)))
			return -EFAULT;
	}
	return 0;
}

SYSCALL_DEFINE4(rt_sigprocmask, int, how, sigset_t __user *, nset, sigset_t __user *, oset,
		size_t, sigsetsize)
{
	sigset_t new_set, old_set = current->blocked;
	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (nset) {
		if (copy_from_user(&new_set, nset, sizeof(new_set)))
			return -EFAULT;
		switch (how) {
		case SIG_BLOCK: set_current_blocked(old_set | new_set); break;
		case SIG_UNBLOCK: set_current_blocked(old_set & ~new_set); break;
		case SIG_SETMASK: set_current_blocked(new_set); break;
		default: return -EINVAL;
		}
	}
	if (oset && copy_to_user(oset, &old_set, sizeof(old_set)))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE2(rt_sigpending, sigset_t __user *, uset, size_t, sigsetsize)
{
	if (sigsetsize > sizeof(sigset_t))
		return -EINVAL;
	struct task_struct *t = current;
	sigset_t set = (t->pending.signal | t->signal->shared_pending.signal) & t->blocked;
	return copy_to_user(uset, &set, sigsetsize) ? -EFAULT : 0;
}

/* Sleeps with a temporary mask until a signal is taken; the handler's frame saves the old
 * mask, or restore_saved_sigmask() puts it back. */
SYSCALL_DEFINE2(rt_sigsuspend, sigset_t __user *, unewset, size_t, sigsetsize)
{
	sigset_t newset;
	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (copy_from_user(&newset, unewset, sizeof(newset)))
		return -EFAULT;
	struct task_struct *t = current;
	t->saved_sigmask = t->blocked;
	set_current_blocked(newset);
	while (!signal_pending(t)) {
		set_current_state(TASK_INTERRUPTIBLE);
		schedule();
	}
	set_restore_sigmask();
	return -ERESTARTNOHAND;
}

SYSCALL_DEFINE0(pause)
{
	while (!signal_pending(current)) {
		set_current_state(TASK_INTERRUPTIBLE);
		schedule();
	}
	return -ERESTARTNOHAND;
}

/* Waits for one of `uthese` (which the caller blocks) and takes it without a handler. */
SYSCALL_DEFINE4(rt_sigtimedwait, const sigset_t __user *, uthese, siginfo_t __user *, uinfo,
		const struct timespec64 __user *, uts, size_t, sigsetsize)
{
	sigset_t these;
	struct timespec64 ts;
	long timeout = MAX_SCHEDULE_TIMEOUT;
	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (copy_from_user(&these, uthese, sizeof(these)))
		return -EFAULT;
	if (uts) {
		if (copy_from_user(&ts, uts, sizeof(ts)))
			return -EFAULT;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= NSEC_PER_SEC)
			return -EINVAL;
		timeout = (long)nsecs_to_jiffies_ceil((u64)ts.tv_sec * NSEC_PER_SEC + (u64)ts.tv_nsec);
	}
	struct task_struct *t = current;
	these &= ~UNBLOCKABLE;
	sigset_t saved = t->blocked;
	siginfo_t info;
	for (;;) {
		/* Take only signals in `these`: block everything else for the dequeue. */
		t->blocked = ~these;
		int sig = dequeue_signal(t, &info);
		t->blocked = saved;
		if (sig) {
			if (uinfo && copy_to_user(uinfo, &info, sizeof(info)))
				return -EFAULT;
			return sig;
		}
		if (signal_pending(t))
			return -EINTR;
		if (!timeout)
			return -EAGAIN;
		t->blocked = saved & ~these; /* a signal in `these` wakes us */
		set_current_state(TASK_INTERRUPTIBLE);
		timeout = schedule_timeout(timeout);
		t->blocked = saved;
	}
}

static bool on_sig_stack(unsigned long sp)
{
	struct task_struct *t = current;
	return t->sas_ss_size && sp > t->sas_ss_sp && sp - t->sas_ss_sp <= t->sas_ss_size;
}

int sas_ss_flags(unsigned long sp)
{
	if (!current->sas_ss_size)
		return SS_DISABLE;
	return on_sig_stack(sp) ? SS_ONSTACK : 0;
}

/* stack_t in the caller's layout (i386: three 32-bit fields). */
static int get_stack_t(stack_t *ss, const void __user *u)
{
	if (in_ia32_syscall()) {
		struct { u32 ss_sp; s32 ss_flags; u32 ss_size; } c;
		if (copy_from_user(&c, u, sizeof(c)))
			return -EFAULT;
		*ss = (stack_t){c.ss_sp, c.ss_flags, c.ss_size};
		return 0;
	}
	return copy_from_user(ss, u, sizeof(*ss)) ? -EFAULT : 0;
}

static int put_stack_t(void __user *u, const stack_t *ss)
{
	if (in_ia32_syscall()) {
		struct { u32 ss_sp; s32 ss_flags; u32 ss_size; } c = {(u32)ss->ss_sp, ss->ss_flags,
								     (u32)ss->ss_size};
		return copy_to_user(u, &c, sizeof(c)) ? -EFAULT : 0;
	}
	return copy_to_user(u, ss, sizeof(*ss)) ? -EFAULT : 0;
}

SYSCALL_DEFINE2(sigaltstack, const stack_t __user *, uss, stack_t __user *, uoss)
{
	struct task_struct *t = current;
	unsigned long sp = task_pt_regs(t)->sp;
	stack_t old = {t->sas_ss_sp, sas_ss_flags(sp), t->sas_ss_size};
	if (uss) {
		stack_t ss;
		if (get_stack_t(&ss, uss))
			return -EFAULT;
		if (on_sig_stack(sp))
			return -EPERM;
		if (ss.ss_flags != SS_DISABLE && ss.ss_flags != SS_ONSTACK && ss.ss_flags != 0)
			return -EINVAL;
		if (ss.ss_flags == SS_DISABLE) {
			ss.ss_size = 0;
			ss.ss_sp = 0;
		} else if (ss.ss_size < MINSIGSTKSZ) {
			return -ENOMEM;
		}
		t->sas_ss_sp = ss.ss_sp;
		t->sas_ss_size = ss.ss_size;
	}
	if (uoss && put_stack_t(uoss, &old))
		return -EFAULT;
	return 0;
}
