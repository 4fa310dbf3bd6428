/* fork.c - making tasks: init (pid 1) at boot, and fork(2), vfork(2) and clone(2) later. A new
 * process gets a copy of the address space (mm/mmap.c dup_mm: an eager copy, no copy-on-write),
 * of the descriptor table and of the handlers; a new thread (CLONE_VM | CLONE_SIGHAND |
 * CLONE_THREAD, as pthread_create asks) shares them and its process's signal_struct. */
#include <linux/dcache.h>
#include <linux/file.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/syscalls.h>
#include <linux/time.h>
#include <linux/uaccess.h>

#define PID_MAX 32768

LIST_HEAD(task_list_head);
unsigned int nr_threads;
static pid_t last_pid;

struct task_struct *find_task_by_vpid(pid_t pid)
{
	struct task_struct *t;
	if (pid <= 0)
		return NULL;
	for_each_process_thread(t)
		if (t->pid == pid)
			return t;
	return NULL;
}

/* The leader of process `tgid`, zombie or not. */
struct task_struct *find_process(pid_t tgid)
{
	struct task_struct *t = find_task_by_vpid(tgid);
	return t && thread_group_leader(t) ? t : NULL;
}

/* A pid no task, process group or session uses, counting up from the last one as Linux does. */
static bool pid_in_use(pid_t pid)
{
	struct task_struct *t;
	for_each_process_thread(t)
		if (t->pid == pid || t->signal->pgrp == pid || t->signal->session == pid)
			return true;
	return false;
}

static pid_t alloc_pid(void)
{
	for (int tries = 0; tries < PID_MAX; tries++) {
		last_pid = last_pid + 1 >= PID_MAX ? 300 : last_pid + 1; /* wrap past the daemons */
		if (!pid_in_use(last_pid))
			return last_pid;
	}
	return -EAGAIN;
}

static struct signal_struct *alloc_signal(void)
{
	struct signal_struct *sig = kzalloc(sizeof(*sig));
	if (!sig)
		return NULL;
	sig->count = 1;
	sig->live = 1;
	INIT_LIST_HEAD(&sig->thread_head);
	init_waitqueue_head(&sig->wait_chldexit);
	INIT_LIST_HEAD(&sig->shared_pending.list);
	timer_setup(&sig->real_timer, it_real_fn);
	return sig;
}

static void init_rlimits(struct signal_struct *sig)
{
	for (int i = 0; i < RLIM_NLIMITS; i++)
		sig->rlim[i] = (struct rlimit64){RLIM_INFINITY, RLIM_INFINITY};
	sig->rlim[RLIMIT_STACK] = (struct rlimit64){8UL << 20, RLIM_INFINITY};
	sig->rlim[RLIMIT_CORE] = (struct rlimit64){0, RLIM_INFINITY};
	sig->rlim[RLIMIT_NOFILE] = (struct rlimit64){NR_OPEN_DEFAULT, NR_OPEN_DEFAULT};
}

/* What every task starts with: empty lists, a kernel stack with a guard page. */
static struct task_struct *alloc_task_struct(void)
{
	struct task_struct *t = kzalloc(sizeof(*t));
	if (!t)
		return NULL;
	t->stack = vmalloc_stack(THREAD_SIZE);
	if (!t->stack) {
		kfree(t);
		return NULL;
	}
	t->thread.sp0 = (unsigned long)t->stack + THREAD_SIZE;
	INIT_LIST_HEAD(&t->run_list);
	INIT_LIST_HEAD(&t->tasks);
	INIT_LIST_HEAD(&t->children);
	INIT_LIST_HEAD(&t->sibling);
	INIT_LIST_HEAD(&t->thread_node);
	INIT_LIST_HEAD(&t->pending.list);
	t->start_time = jiffies;
	return t;
}

void free_task(struct task_struct *t)
{
	vfree_stack(t->stack, THREAD_SIZE);
	kfree(t);
}

/* init, pid 1: a process of its own, in its own session and process group, with an empty
 * descriptor table that init/main.c fills with the console. */
struct task_struct *create_init_task(void)
{
	struct task_struct *t = alloc_task_struct();
	if (!t)
		return NULL;
	t->files = files_alloc();
	t->signal = alloc_signal();
	t->sighand = kzalloc(sizeof(*t->sighand));
	if (!t->files || !t->signal || !t->sighand)
		return NULL;
	t->sighand->count = 1;
	t->pid = t->tgid = 1;
	last_pid = 1;
	t->group_leader = t;
	t->exit_signal = SIGCHLD;
	t->signal->pgrp = t->signal->session = 1;
	init_rlimits(t->signal);
	list_add_tail(&t->thread_node, &t->signal->thread_head);
	list_add_tail(&t->tasks, &task_list_head);
	nr_threads = 1;
	strlcpy(t->comm, "swapper", sizeof(t->comm));
	return t;
}

/* comm is the last component of the path, cut to 15 characters, as Linux's __set_task_comm. */
void set_task_comm(struct task_struct *t, const char *path)
{
	const char *base = path;
	for (const char *p = path; *p; p++)
		if (*p == '/' && p[1])
			base = p + 1;
	strlcpy(t->comm, base, sizeof(t->comm));
	char *slash = strchr(t->comm, '/');
	if (slash)
		*slash = 0;
}

static int copy_mm(unsigned long clone_flags, struct task_struct *p)
{
	struct mm_struct *mm = current->mm;
	if (!mm)
		return 0;
	if (clone_flags & CLONE_VM) {
		mm->mm_users++;
		p->mm = mm;
		return 0;
	}
	p->mm = dup_mm(mm);
	return p->mm ? 0 : -ENOMEM;
}

static int copy_files(unsigned long clone_flags, struct task_struct *p)
{
	struct files_struct *files = current->files;
	if (!files)
		return 0;
	if (clone_flags & CLONE_FILES) {
		files->count++;
		p->files = files;
		return 0;
	}
	p->files = dup_fd(files);
	return p->files ? 0 : -ENOMEM;
}

/* The root, working directory and umask: shared with CLONE_FS, else the child's own copy. */
static int copy_fs(unsigned long clone_flags, struct task_struct *p)
{
	struct fs_struct *fs = current_fs();
	if (clone_flags & CLONE_FS) {
		fs->users++;
		p->fs = fs;
		return 0;
	}
	p->fs = copy_fs_struct(fs);
	return p->fs ? 0 : -ENOMEM;
}

static int copy_sighand(unsigned long clone_flags, struct task_struct *p)
{
	if (clone_flags & CLONE_SIGHAND) {
		current->sighand->count++;
		p->sighand = current->sighand;
		return 0;
	}
	p->sighand = kmalloc(sizeof(*p->sighand));
	if (!p->sighand)
		return -ENOMEM;
	*p->sighand = *current->sighand;
	p->sighand->count = 1;
	return 0;
}

static int copy_signal(unsigned long clone_flags, struct task_struct *p)
{
	struct signal_struct *cur = current->signal;
	if (clone_flags & CLONE_THREAD) {
		cur->count++;
		cur->live++;
		p->signal = cur;
		return 0;
	}
	struct signal_struct *sig = alloc_signal();
	if (!sig)
		return -ENOMEM;
	sig->pgrp = cur->pgrp;
	sig->session = cur->session;
	memcpy(sig->rlim, cur->rlim, sizeof(sig->rlim));
	p->signal = sig;
	return 0;
}

/* Undoes what copy_process() set up before it failed. */
static void undo_copy(struct task_struct *p)
{
	if (p->mm)
		mmput(p->mm);
	if (p->files)
		put_files_struct(p->files);
	put_fs_struct(p->fs);
	if (p->sighand && --p->sighand->count == 0)
		kfree(p->sighand);
	if (p->signal) {
		if (p->signal == current->signal) {
			p->signal->count--;
			p->signal->live--;
		} else {
			kfree(p->signal);
		}
	}
	free_task(p);
}

static struct task_struct *copy_process(unsigned long clone_flags, unsigned long stack_start,
					int __user *child_tidptr, unsigned long tls)
{
	struct task_struct *cur = current;
	/* The combinations Linux refuses. */
	if ((clone_flags & (CLONE_NEWNS | CLONE_FS)) == (CLONE_NEWNS | CLONE_FS))
		return ERR_PTR(-EINVAL);
	if ((clone_flags & CLONE_THREAD) && !(clone_flags & CLONE_SIGHAND))
		return ERR_PTR(-EINVAL);
	if ((clone_flags & CLONE_SIGHAND) && !(clone_flags & CLONE_VM))
		return ERR_PTR(-EINVAL);
	if (clone_flags & (CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC |
			   CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET))
		return ERR_PTR(-EINVAL); /* no namespaces */
	if ((clone_flags & CLONE_PARENT) && cur->pid == 1)
		return ERR_PTR(-EINVAL);

	struct task_struct *p = alloc_task_struct();
	if (!p)
		return ERR_PTR(-ENOMEM);
	pid_t pid = alloc_pid();
	if (pid < 0) {
		free_task(p);
		return ERR_PTR(pid);
	}
	p->pid = pid;
	p->state = TASK_RUNNING;
	p->thread.sp0 = (unsigned long)p->stack + THREAD_SIZE;
	memcpy(p->comm, cur->comm, sizeof(p->comm));
	p->blocked = cur->blocked;
	if (!(clone_flags & CLONE_VM) || (clone_flags & CLONE_VFORK)) {
		p->sas_ss_sp = cur->sas_ss_sp; /* a thread gets no alternate stack */
		p->sas_ss_size = cur->sas_ss_size;
		p->sas_ss_flags = cur->sas_ss_flags;
	}
	p->set_child_tid = clone_flags & CLONE_CHILD_SETTID ? child_tidptr : NULL;
	p->clear_child_tid = clone_flags & CLONE_CHILD_CLEARTID ? child_tidptr : NULL;

	int err = copy_mm(clone_flags, p);
	if (!err)
		err = copy_files(clone_flags, p);
	if (!err)
		err = copy_fs(clone_flags, p);
	if (!err)
		err = copy_sighand(clone_flags, p);
	if (!err)
		err = copy_signal(clone_flags, p);
	if (!err)
		err = copy_thread_tls(clone_flags, stack_start, p, tls);
	if (err) {
		undo_copy(p);
		return ERR_PTR(err);
	}
	recalc_sigpending_tsk(p); /* a thread may find process-wide signals it does not block */

	if (clone_flags & CLONE_THREAD) {
		p->tgid = cur->tgid;
		p->group_leader = cur->group_leader;
		p->exit_signal = -1;
	} else {
		p->tgid = p->pid;
		p->group_leader = p;
		p->exit_signal = (int)(clone_flags & CSIGNAL);
	}
	if (clone_flags & (CLONE_PARENT | CLONE_THREAD))
		p->real_parent = cur->group_leader->real_parent;
	else
		p->real_parent = cur->group_leader;
	if (thread_group_leader(p))
		list_add_tail(&p->sibling, &p->real_parent->children);
	list_add_tail(&p->thread_node, &p->signal->thread_head);
	list_add_tail(&p->tasks, &task_list_head);
	nr_threads++;
	return p;
}

long _do_fork(unsigned long clone_flags, unsigned long newsp, int __user *parent_tidptr,
	      int __user *child_tidptr, unsigned long tls)
{
	struct completion vfork = {false, __WAIT_QUEUE_HEAD_INITIALIZER(vfork.wait)};
	struct task_struct *p = copy_process(clone_flags, newsp, child_tidptr, tls);
	if (IS_ERR(p))
		return PTR_ERR(p);
	pid_t nr = p->pid;
	if (clone_flags & CLONE_PARENT_SETTID)
		put_user(nr, parent_tidptr); /* a fault is ignored, as in Linux */
	if (clone_flags & CLONE_VFORK)
		p->vfork_done = &vfork;
	wake_up_new_task(p);
	if (clone_flags & CLONE_VFORK)
		wait_event(vfork.wait, vfork.done); /* until the child execs or exits */
	return nr;
}

SYSCALL_DEFINE0(fork)
{
	return _do_fork(SIGCHLD, 0, NULL, NULL, 0);
}

SYSCALL_DEFINE0(vfork)
{
	return _do_fork(CLONE_VFORK | CLONE_VM | SIGCHLD, 0, NULL, NULL, 0);
}

/* x86-64 order: flags, stack, parent_tid, child_tid, tls. */
SYSCALL_DEFINE5(clone, unsigned long, clone_flags, unsigned long, newsp,
		int __user *, parent_tidptr, int __user *, child_tidptr, unsigned long, tls)
{
	return _do_fork(clone_flags, newsp, parent_tidptr, child_tidptr, tls);
}

/* i386 order (CONFIG_CLONE_BACKWARDS): flags, stack, parent_tid, tls, child_tid. */
COMPAT_SYSCALL_DEFINE5(x86_clone, unsigned long, clone_flags, unsigned long, newsp,
		       int __user *, parent_tidptr, unsigned long, tls, int __user *, child_tidptr)
{
	return _do_fork(clone_flags, newsp, parent_tidptr, child_tidptr, tls);
}
