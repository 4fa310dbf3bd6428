/* core.c - the scheduler: preemptive round robin over one run queue.
 *
 * Every runnable task except the idle task is on runqueue, in turn order. The task at the head
 * runs; schedule() moves a still-runnable current task to the tail and switches to the new
 * head, or to the idle task (pid 0, HLT in a loop) when the queue is empty. The PIT tick
 * (HZ = 100, linux/time.h) sets TIF_NEED_RESCHED when it interrupts user mode and another task is
 * waiting, so a CPU-bound task gives up the CPU every tick; the kernel itself is never
 * preempted (it runs with interrupts off except in HLT), so it switches only where it calls
 * schedule(): in a wait, or on the way back to user mode (arch/x86/entry/common.c). */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>
#include <asm/processor.h>

static LIST_HEAD(runqueue);
struct task_struct *idle_task;

static void enqueue_task(struct task_struct *p)
{
	if (p->on_rq || p == idle_task)
		return;
	list_add_tail(&p->run_list, &runqueue);
	p->on_rq = true;
}

static void dequeue_task(struct task_struct *p)
{
	if (!p->on_rq)
		return;
	list_del_init(&p->run_list);
	p->on_rq = false;
}

/* The running task should give up the CPU: prepare_exit_to_usermode sees TIF_NEED_RESCHED and
 * calls schedule() before the return to user mode. */
static void resched_curr(void)
{
	set_tsk_need_resched(current);
}

/* Makes p runnable if its state is one of `state`; true if it was asleep. */
bool wake_up_state(struct task_struct *p, long state)
{
	if (!(p->state & state))
		return false;
	p->state = TASK_RUNNING;
	enqueue_task(p);
	if (current == idle_task)
		resched_curr();
	return true;
}

bool wake_up_process(struct task_struct *p)
{
	return wake_up_state(p, TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE);
}

void wake_up_new_task(struct task_struct *p)
{
	p->state = TASK_RUNNING;
	enqueue_task(p);
}

/* From the timer interrupt: account the tick, and end the time slice of a task interrupted in
 * user mode when another one is waiting (the kernel is not preempted). */
void scheduler_tick(bool user)
{
	struct task_struct *curr = current;
	if (curr == idle_task)
		return;
	if (user)
		curr->utime++;
	else
		curr->stime++;
	if (user && !list_empty(&runqueue) &&
	    (runqueue.next != &curr->run_list || runqueue.prev != &curr->run_list))
		resched_curr();
}

/* The second half of a switch, on the new task's stack: a dead task's stack is free now. */
static void finish_task_switch(struct task_struct *prev)
{
	if (prev->state == TASK_DEAD && prev->exit_state == EXIT_DEAD)
		release_task(prev);
}

/* The first thing a new task runs (ret_from_fork), after switch_to landed on its stack. */
void schedule_tail(struct task_struct *prev)
{
	finish_task_switch(prev);
	struct task_struct *p = current;
	if (p->set_child_tid)
		put_user(p->pid, p->set_child_tid); /* CLONE_CHILD_SETTID; a fault is ignored */
}

static struct task_struct *pick_next_task(void)
{
	if (list_empty(&runqueue))
		return idle_task;
	return list_first_entry(&runqueue, struct task_struct, run_list);
}

static void context_switch(struct task_struct *prev, struct task_struct *next)
{
	prev = __switch_to_asm(prev, next, &prev->thread.sp, next->thread.sp);
	finish_task_switch(prev);
}

void schedule(void)
{
	struct task_struct *prev = current;

	if (prev->state != TASK_RUNNING) {
		/* An interruptible sleep with a signal already pending does not start. */
		if (prev->state == TASK_INTERRUPTIBLE && signal_pending(prev))
			prev->state = TASK_RUNNING;
		else
			dequeue_task(prev);
	}
	if (prev->on_rq) { /* round robin: to the back of the queue */
		list_del_init(&prev->run_list);
		list_add_tail(&prev->run_list, &runqueue);
	}
	clear_tsk_need_resched(prev);
	struct task_struct *next = pick_next_task();
	if (next != prev)
		context_switch(prev, next);
}

/* The idle task: pid 0, on the boot stack's successor, HLT until an interrupt makes something
 * runnable. */
static void __noreturn cpu_idle_loop(void)
{
	for (;;) {
		while (!need_resched())
			safe_halt();
		schedule();
	}
}

static struct task_struct *create_idle_task(void)
{
	struct task_struct *t = kzalloc(sizeof(*t));
	if (!t)
		return NULL;
	t->stack = vmalloc_stack(THREAD_SIZE);
	if (!t->stack)
		return NULL;
	t->pid = t->tgid = 0;
	t->flags = PF_KTHREAD;
	t->group_leader = t;
	t->thread.sp0 = (unsigned long)t->stack + THREAD_SIZE;
	INIT_LIST_HEAD(&t->run_list);
	strlcpy(t->comm, "swapper", sizeof(t->comm));
	/* The frame __switch_to_asm pops: six callee-saved registers, then ret_from_fork, which
	 * calls rbx(r12) for a kernel thread. */
	unsigned long *sp = (unsigned long *)task_pt_regs(t);
	*--sp = (unsigned long)ret_from_fork;
	*--sp = 0;                             /* rbp */
	*--sp = (unsigned long)cpu_idle_loop;  /* rbx */
	*--sp = 0;                             /* r12 */
	*--sp = 0;                             /* r13 */
	*--sp = 0;                             /* r14 */
	*--sp = 0;                             /* r15 */
	t->thread.sp = (unsigned long)sp;
	return t;
}

void sched_init(struct task_struct *init)
{
	idle_task = create_idle_task();
	if (!idle_task)
		panic("out of memory for the idle task");
	enqueue_task(init);
}

SYSCALL_DEFINE0(sched_yield)
{
	resched_curr();
	return 0;
}

/* One CPU: the affinity mask is CPU 0. */
SYSCALL_DEFINE3(sched_getaffinity, pid_t, pid, unsigned int, len, unsigned long __user *, mask)
{
	if ((len * 8) < 1 || (len & (sizeof(unsigned long) - 1)))
		return -EINVAL;
	if (pid && !find_task_by_vpid(pid))
		return -ESRCH;
	unsigned long m = 1;
	if (copy_to_user(mask, &m, sizeof(m)))
		return -EFAULT;
	return sizeof(m);
}

SYSCALL_DEFINE3(sched_setaffinity, pid_t, pid, unsigned int, len, unsigned long __user *, mask)
{
	unsigned long m = 0;
	if (pid && !find_task_by_vpid(pid))
		return -ESRCH;
	if (copy_from_user(&m, mask, min(len, (unsigned int)sizeof(m))))
		return -EFAULT;
	return (m & 1) ? 0 : -EINVAL;
}
